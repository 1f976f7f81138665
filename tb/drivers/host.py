"""Host timing: what each driver step costs in simulated time (docs/timing.md).

Every register access of a driver model goes through its `Host`: an MMIO read stalls the
CPU for the round trip and reaches the device only after every posted write that host
issued before it; a posted write costs the CPU its issue time and lands a flight time
later, in order; `udelay()` waits. PF and VF hosts are independent, so their accesses
interleave only at the device. Every cost can get a seeded random jitter.
"""

import dataclasses
import random
from collections import deque
from dataclasses import dataclass, field

import cocotb
from cocotb.triggers import Event, RisingEdge, Timer

from tb import messages as M
from tb.bus.clock import now_ps
from tb.options import choose


def _handler_defaults():
    return {"VF_RESET": 50.0, "SET_MULTICAST": 100.0, "default": 10.0}


@dataclass(frozen=True)
class TimingProfile:
    """Named host timing. Figures in microseconds; sources in docs/timing.md."""

    name: str = "bare-metal"
    description: str = "bare-metal host: hard IRQ latency, short handlers"
    clock_period_ns: float = 8.0          # register clock (modelling choice)
    mmio_read_us: float = 1.0             # CPU stall for a read round trip (pcie-bench)
    posted_write_issue_us: float = 0.1    # CPU cost of an uncached posted write
    posted_write_flight_us: float = 0.5   # posted write: issue to arrival at the device
    pf_irq_latency_us: float = 5.0        # pf_irq to igb_msg_task (hard IRQ on bare metal)
    handler_us: dict = field(default_factory=_handler_defaults)  # PF work per message type
    # ixgbe: link_up pin change to ixgbe_ping_all_vfs (LSC interrupt, service task
    # scheduling, watchdog_update_link); README "Timing"
    pf_link_change_us: float = 50.0
    jitter: float = 0.0                   # every host cost x (1 +- jitter), seeded

    def handler_time_us(self, msg_type: int) -> float:
        name = M.NAMES.get(msg_type, "default")
        return self.handler_us.get(name, self.handler_us["default"])

    def with_changes(self, **changes) -> "TimingProfile":
        """A copy with some parameters changed; an unknown name or a bad value is refused
        with one line naming what is allowed."""
        allowed = [f.name for f in dataclasses.fields(self) if f.name not in ("name", "description")]
        for key, value in changes.items():
            if key not in allowed:
                raise ValueError(f"timing parameter {key!r} is unknown: allowed {', '.join(allowed)}")
            if key == "handler_us":
                bad = set(value) - set(M.NAMES.values()) - {"default"}
                if bad:
                    raise ValueError(f"handler_us has unknown message types {sorted(bad)}: allowed "
                                     f"{', '.join(sorted(M.NAMES.values()))}, default")
                value = {**self.handler_us, **value}
            elif not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"timing parameter {key}={value!r} must be a number >= 0")
            changes[key] = value
        if changes.get("jitter", 0) >= 1:
            raise ValueError(f"jitter={changes['jitter']} must be below 1 (a fraction of each cost)")
        return dataclasses.replace(self, **changes)


PROFILES = {
    "bare-metal": TimingProfile(),
    # The seed's system: igb in XenServer 6.0's dom0. The PF's mailbox interrupt reaches
    # igb_msg_task only when dom0's vCPU runs, and the handler's MTA rewrite runs under
    # dom0 scheduling too. Chosen within timing.md's ranges (IRQ latency 2 us - 10 ms,
    # SET_MULTICAST work 0 - 2000 us) so that the 2011 drivers lose the race: see README.
    "xen-dom0": TimingProfile(
        name="xen-dom0",
        description="dom0 PF under a hypervisor: long IRQ latency and handler time",
        pf_irq_latency_us=1450.0,
        handler_us={"VF_RESET": 200.0, "SET_MULTICAST": 450.0, "default": 50.0},
    ),
}


def profile(name: str, **changes) -> TimingProfile:
    """A named profile, optionally with changed parameters."""
    chosen = choose("timing profile", name, PROFILES)
    return chosen.with_changes(**changes) if changes else chosen


class TrialDecided(Exception):
    """Raised in a driver's host once its scenario's verdict is certain (the explorer's
    early stop): the driver stops at its next host call or after its current delay, never
    in the middle of a transfer."""


class Host:
    """One CPU's view of its register window: the PF host or one VF guest."""

    def __init__(self, name: str, port, timing: TimingProfile, rng: random.Random,
                 irq=None, stop: Event = None):
        self.name = name
        self.port = port            # an ApbMaster or an ApbFunction view
        self.timing = timing
        self.rng = rng
        self.irq = irq              # the interrupt pin this CPU takes, if any
        self._posted = deque()      # (land_ps, addr, data) in issue order
        self._last_land_ps = 0
        self._writer = None
        self._drained = Event()
        self._drained.set()
        self.stop = stop            # set: the scenario's verdict is known, stop here

    # ------------------------------------------------------------------ costs
    def cost_ps(self, us: float) -> int:
        j = self.timing.jitter
        if j:
            us *= 1 + j * (2 * self.rng.random() - 1)
        return round(us * 1e6)

    def _check_stop(self):
        if self.stop is not None and self.stop.is_set():
            raise TrialDecided(self.name)

    async def _until(self, time_ps: int):
        wait = time_ps - now_ps()
        if wait > 0:
            await Timer(wait, "ps")

    async def udelay(self, us: float):
        self._check_stop()
        wait = self.cost_ps(us)
        if wait > 0:
            await Timer(wait, "ps")
            self._check_stop()

    # ------------------------------------------------------------------ accesses
    async def read(self, addr: int) -> int:
        """MMIO read: the CPU stalls for the round trip; the read reaches the device half
        way, and never before this host's earlier posted writes have landed."""
        self._check_stop()
        half = self.cost_ps(self.timing.mmio_read_us) // 2
        arrive = now_ps() + half
        if not self._drained.is_set():   # awaiting a set Event still costs a scheduler pass
            await self._drained.wait()
        await self._until(arrive)
        value = await self.port.read(addr)
        await Timer(max(half, 1), "ps")
        return value

    async def write(self, addr: int, data: int):
        """Posted write: costs the CPU its issue time; lands later, in issue order."""
        self._check_stop()
        land = max(now_ps() + self.cost_ps(self.timing.posted_write_flight_us), self._last_land_ps)
        self._last_land_ps = land
        self._posted.append((land, addr, data))
        self._drained.clear()
        if self._writer is None:
            self._writer = cocotb.start_soon(self._land_posted_writes())
        await self.udelay(self.timing.posted_write_issue_us)

    async def _land_posted_writes(self):
        while self._posted:
            land, addr, data = self._posted[0]
            await self._until(land)
            if self.stop is not None and self.stop.is_set():
                self._posted.clear()     # a stopped scenario's writes never land
                break
            await self.port.write(addr, data)
            self._posted.popleft()
        self._writer = None
        self._drained.set()

    async def drain(self):
        """Wait until every posted write of this host has landed."""
        await self._drained.wait()

    async def wait_for_irq(self):
        """Block until this CPU's (level) interrupt line is high."""
        while self.irq.value != 1:
            await RisingEdge(self.irq)
