"""Faults during the 10 GbE bring-up (tb.scenarios.ixgbe_bringup's `events`): a VF's
function-level reset, a PF reset with its VFs up, a hostile VF beside the drivers. Each runs
`at_us` after the scenario's start (the first edge the bring-up counts from), so that a test
can aim it at a time a plain run of the same pair showed (tb.scenarios.ixgbe_hunt's
request_times), and logs itself on the scenario's timeline.
"""

from dataclasses import dataclass

import cocotb
from cocotb.triggers import Event, Timer

from tb.bus.clock import now_ps
from tb.scenarios.hostile_vf import HostileVf


async def _until(start_ps: int, at_us: float):
    wait = start_ps + round(at_us * 1e6) - now_ps()
    if wait > 0:
        await Timer(wait, "ps")


@dataclass
class VfFlr:
    """vf_flr[vf] high for one edge: the VF's function-level reset (its VM reset by the
    hypervisor) while its driver runs. The hardware clears VFU, PFSTS, PFACK, RSTD and keeps
    VFREQ, VFACK and the words (docs/hardware-ixgbe.md section 5); the PF sees the VFLR bit
    on its next interrupt (EICR.MAILBOX is raised with it)."""

    at_us: float
    vf: int = 0

    async def run(self, tb, pf, drivers, start_ps: int):
        await _until(start_ps, self.at_us)
        pf.log("vf-flr", f"vf_flr[{self.vf}]: VF{self.vf}'s function-level reset", self.vf)
        await tb.flr(1 << self.vf)


@dataclass
class PfReset:
    """The PF resets with its VFs up, as ixgbe_reinit_locked does it on the service task's
    CPU: ixgbe_down (every VF not clear-to-send, then ixgbe_ping_all_vfs: a ping without
    CTS), the device reset (rst_n: RSTI set, the mailbox bits cleared), ixgbe_up_complete
    (EIMS, PFRSTD: RSTD to every VF)."""

    at_us: float

    async def run(self, tb, pf, drivers, start_ps: int):
        await _until(start_ps, self.at_us)
        await pf.down()
        await pf.ping_all_vfs(pf.watchdog_host)
        await pf.watchdog_host.drain()
        pf.log("pf-reset", "PF reset: rst_n low for 2 edges")
        await tb.reset()
        await pf.bring_up()
        await pf.host.drain()


@dataclass
class HostileVfStorm:
    """VF `vf` (enabled by the PF, running no driver) takes its lock and never releases it,
    writes REQ every `period_us` and one access outside its window after each
    (tb.scenarios.hostile_vf), from `at_us` for `for_us`: every REQ raises the PF's mailbox
    interrupt, and msg_task tries to read a message it cannot lock."""

    vf: int
    at_us: float = 0.0
    for_us: float = 20_000.0
    period_us: float = 20.0

    def __post_init__(self):
        self.hostile = None

    async def run(self, tb, pf, drivers, start_ps: int):
        await _until(start_ps, self.at_us)
        self.hostile = HostileVf(tb.vf(self.vf), tb.num_vfs, tb.family.hostile_catalogue())
        stop = Event()
        pf.log("hostile", f"VF{self.vf} turns hostile: VFU held, REQ every {self.period_us:g} us",
               self.vf)

        async def stopper():
            await Timer(round(self.for_us * 1e6), "ps")
            stop.set()
        timer = cocotb.start_soon(stopper())
        await self.hostile.run(stop, self.period_us)
        timer.cancel()
