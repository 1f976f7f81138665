"""The 10 GbE scenario: the ixgbe PF and ixgbevf VFs brought up as Linux 6.1 does it
(docs/drivers-ixgbe.md 2.3), with the link_up pin flapping while they come up.

PF: bring-up (EICR, EIMS, CTRL_EXT.PFRSTD), the mailbox interrupt path on one CPU and the
watchdog on another: every link change, after `pf_link_change_us`, pings every VF (not
under vfs_lock). Each VF: probe (VF_RESET, API negotiation, GET_QUEUES) and open
(GET_QUEUES, UPDATE_XCAST_MODE, SET_MULTICAST, SET_MACVLAN, SET_VLAN, SET_LPE, SET_MAC_ADDR,
GET_LINK_STATE), then its watchdog's link checks: one at once, then on every VF interrupt
(a PF message) and every 2 s. A VF's operations hold its `mbx_lock` as the C does.

The verdict comes from the pins and the scenario's intent (tb.scenarios.verdict), plus what
the VF read as each reply (its word-0 read after the request, on the pins) and what each
operation returned: a VF that went on after a wrong reply is an outcome of its own.
"""

import random
from dataclasses import dataclass, field
from typing import Optional

import cocotb
from cocotb.triggers import Event, First, Timer

from tb import messages_ixgbe as M
from tb import regmap as R
from tb.bus.clock import now_ps
from tb.checkers.protocol_monitor import ProtocolMonitor
from tb.checkers.timeline import Timeline
from tb.drivers.catalog import pf_factory, vf_factory
from tb.drivers.host import Host, TimingProfile
from tb.drivers.ixgbevf import IXGBEVF_XCAST_MODE_MULTI, VF_MBX_TIMEOUT_PS
from tb.scenarios.race import align_to_microsecond
from tb.scenarios.verdict import Intents, Verdict, verdict

MC_ADDR = bytes([0x01, 0x00, 0x5E, 0x00, 0x00, 0x01])
VLAN_ID = 100
MTU = 1500
VF_WATCHDOG_PERIOD_US = 2_000_000    # ixgbevf service timer
WATCHDOG_RUNS = 2                    # the first link check, then one more period
PF_SETTLE_US = 20_000


def vf_mac(vf: int) -> bytes:
    return bytes([0x02, 0x1B, 0x21, 0x00, vf >> 8 & 0xFF, vf & 0xFF])


@dataclass
class Flap:
    """The link_up pin goes low `at_us` after the scenario's start, high `down_us` later."""

    at_us: float
    down_us: float = 100.0


@dataclass
class Outcome:
    """One operation the scenario asked for: the message, what the VF read back as its
    reply (on the pins), and what the operation returned."""

    name: str
    err: Optional[int]
    reply_word0: Optional[int] = None

    @property
    def wrong_reply(self) -> bool:
        return self.reply_word0 is not None and M.msg_name(self.reply_word0) != self.name


@dataclass
class IxgbeVerdict:
    """Per VF: the pins' verdict and the outcomes; for the scenario: pings and PF view."""

    vf_driver: str
    pf_driver: str
    profile: str
    verdicts: dict                      # vf -> Verdict
    outcomes: dict                      # vf -> [Outcome]
    api: dict                           # vf -> (VF's api name, PF's vf_api name, ops)
    pings: list = field(default_factory=list)
    shared_pf_locks: list = field(default_factory=list)   # (edge, time_ps, vf): hypothesis 2
    pf_received: list = field(default_factory=list)       # what the PF driver says it read
    messages_to_vf: object = field(default=None, repr=False)
    flap: Optional[Flap] = None
    start_ps: int = 0
    start_edge: int = 0
    timeline: object = field(default=None, repr=False)
    monitor: object = field(default=None, repr=False)
    drivers: dict = field(default=None, repr=False)         # vf -> the VF driver object

    def of(self, vf: int) -> Verdict:
        return self.verdicts[vf]

    def lost(self, vf: int = None) -> list:
        """Messages erased, overwritten or lost on the pins (names)."""
        vfs = [vf] if vf is not None else list(self.verdicts)
        return [m.name for n in vfs for m in self.verdicts[n].messages
                if m.fate in ("erased", "overwritten", "lost")]

    def wrong_replies(self, vf: int = None) -> list:
        vfs = [vf] if vf is not None else list(self.outcomes)
        return [o for n in vfs for o in self.outcomes[n] if o.wrong_reply]

    def silent(self, vf: int = None) -> list:
        """Operations that returned success although their request never reached the PF:
        the VF runs with a setting the PF never made."""
        vfs = [vf] if vf is not None else list(self.outcomes)
        found = []
        for n in vfs:
            for o, m in zip(self.outcomes[n], self.verdicts[n].messages):
                if o.err == 0 and m.fate in ("erased", "overwritten", "lost"):
                    found.append(o)
        return found

    def pf_messages_lost(self, vf: int = None) -> list:
        """PF->VF messages (replies, pings, NACKs) overwritten before the VF read them."""
        vfs = [vf] if vf is not None else list(self.verdicts)
        return [name for n in vfs for name in self.verdicts[n].pf_messages_lost]

    def api_mismatch(self) -> list:
        return [vf for vf, (vf_api, pf_api, _) in self.api.items() if vf_api != pf_api]


class MessagesToVf:
    """PF->VF messages on the pins: each PF STS with the word 0 the PF last wrote, and each
    VF read of word 0 (what the VF took as a message). A PF message is overwritten when
    another STS comes before the VF read word 0: the VF never saw it (a reply or ping lost)."""

    def __init__(self, tb, num_vfs: int):
        w = tb.family.windows
        self.vf_mem0 = w.vf_mem(0)
        self.pf_mem0 = {w.pf_mem(n, 0): n for n in range(num_vfs)}
        self.pf_mailbox = {w.pf_mailbox(n): n for n in range(num_vfs)}
        self.word0 = {}                    # vf -> word 0 the PF wrote last
        self.unread = {}                   # vf -> (edge, word0) of a PF message not yet read
        self.reads = []                    # (edge, time_ps, vf, word0)
        self.overwritten = []              # (edge, time_ps, vf, lost word0, by word0)

    def observe(self, s):
        t = s.pf
        if t is not None and t.write and not t.slverr:
            if t.addr in self.pf_mem0:
                self.word0[self.pf_mem0[t.addr]] = t.data
            elif t.addr in self.pf_mailbox and t.data & R.PFMAILBOX_STS:
                n = self.pf_mailbox[t.addr]
                word0 = self.word0.get(n)
                if n in self.unread:
                    self.overwritten.append((s.edge, s.time_ps, n, self.unread[n][1], word0))
                self.unread[n] = (s.edge, word0)
        t = s.vf
        if t is not None and not t.write and not t.slverr and t.addr == self.vf_mem0:
            self.reads.append((s.edge, s.time_ps, t.func, t.data))
            self.unread.pop(t.func, None)

    def lost(self, vf: int) -> list:
        """Names of the PF messages to `vf` overwritten unread."""
        return [M.msg_name(w) if w is not None else "message"
                for _, _, n, w, _ in self.overwritten if n == vf]


class SharedPfLock:
    """PF lock requests (a PFMAILBOX write of PFU without STS or ACK) while PFU is already
    set: no PF context re-requests a lock it holds, so this is a second PF context taking
    the lock the first holds (hypothesis 2). `model` is the reference model, whose state is
    the state before the edge when the observer runs."""

    def __init__(self, tb, num_vfs: int):
        self.model = tb.model
        self.pf_mailbox = {tb.family.windows.pf_mailbox(n): n for n in range(num_vfs)}
        self.shared = []                   # (edge, time_ps, vf)

    def observe(self, s):
        t = s.pf
        if t is not None and t.write and not t.slverr and t.addr in self.pf_mailbox:
            n = self.pf_mailbox[t.addr]
            if t.data & R.PFMAILBOX_PFU and not t.data & (R.PFMAILBOX_STS | R.PFMAILBOX_ACK) \
                    and self.model.vfs[n].pfu:
                self.shared.append((s.edge, s.time_ps, n))


class VfIrqs:
    """Wakes a VF's watchdog on its vf_irq pulse (ixgbevf_msix_other schedules it)."""

    def __init__(self):
        self.events = {}

    def event(self, vf: int) -> Event:
        return self.events.setdefault(vf, Event())

    def observe(self, s):
        if s.vf_irq:
            for vf, event in self.events.items():
                if s.vf_irq >> vf & 1:
                    event.set()


def probe_steps(d) -> list:
    """(message type, operation, lock) of ixgbevf_sw_init after a good reset (2.3)."""
    return [(M.IXGBE_VF_API_NEGOTIATE, d.negotiate_api, False),     # takes mbx_lock itself
            (M.IXGBE_VF_GET_QUEUES, d.get_queues, True)]            # set_num_queues


def open_steps(d) -> list:
    """ixgbevf_open: configure (dcb, rx_mode, restore_vlan, rx), then up_complete."""
    return [
        (M.IXGBE_VF_GET_QUEUES, d.get_queues, True),                # configure_dcb
        (M.IXGBE_VF_UPDATE_XCAST_MODE, lambda: d.update_xcast_mode(IXGBEVF_XCAST_MODE_MULTI),
         True),
        (M.IXGBE_VF_SET_MULTICAST, lambda: d.update_mc_addr_list_vf([MC_ADDR]), True),
        (M.IXGBE_VF_SET_MACVLAN, lambda: d.set_uc_addr_vf(0, None), True),
        (M.IXGBE_VF_SET_VLAN, lambda: d.set_vfta_vf(VLAN_ID, True), True),
        (M.IXGBE_VF_SET_LPE, lambda: d.set_rlpml_vf(MTU + 14 + 4), True),
        (M.IXGBE_VF_SET_MAC_ADDR, lambda: d.set_rar_vf(d.mac or vf_mac(d.vf)), True),
        (M.IXGBE_VF_GET_LINK_STATE, d.get_link_state_vf, False),    # called after the unlock
    ]


def sends(d, message: int) -> bool:
    """Whether the VF sends `message` at its negotiated API (vf.c skips some below 1.1/1.2)."""
    if message == M.IXGBE_VF_GET_QUEUES:
        return d.api_version not in (M.ixgbe_mbox_api_10, M.API["2.0"])
    if message == M.IXGBE_VF_UPDATE_XCAST_MODE:
        return d.api_version >= M.ixgbe_mbox_api_12 and d.api_version != M.API["2.0"]
    return True


async def _run_op(d, intents, outcomes, message, operation, locked):
    async def call():
        result = await operation()
        return result[0] if isinstance(result, tuple) else result
    if not sends(d, message):
        return 0
    if locked:
        async with d.mbx_lock:
            err = await intents.ask(d.vf, message, call)
    else:
        err = await intents.ask(d.vf, message, call)
    outcomes.append(Outcome(M.NAMES[message], err))
    return err


async def bring_up_vf(d, intents, outcomes, irq_event: Event, watchdog_runs=WATCHDOG_RUNS):
    """ixgbevf probe + open, then the watchdog; returns the link state it shows. A failed
    reset at probe skips negotiation (sw_init); open then resets again (adapter_stopped)
    and gives up if that fails too ("Unable to start - perhaps the PF Driver isn't up")."""
    async def reset():
        ok = not await _run_op(d, intents, outcomes, M.IXGBE_VF_RESET, d.reset_hw_vf, False)
        if ok:
            for step in probe_steps(d)[:1]:
                await _run_op(d, intents, outcomes, *step)
        return ok

    reset_ok = await reset()
    await _run_op(d, intents, outcomes, *probe_steps(d)[1])
    if not reset_ok and not await reset():          # ixgbevf_open: adapter_stopped
        d.log("open-failed", "ixgbevf_open: Unable to start - perhaps the PF Driver isn't up yet")
        return False
    irq_event.clear()                               # open: request_irq before up_complete
    for step in open_steps(d):
        await _run_op(d, intents, outcomes, *step)
    link_up = False
    for run in range(watchdog_runs):
        if run:
            await First(Timer(VF_WATCHDOG_PERIOD_US, "us"), irq_event.wait())
        irq_event.clear()
        async with d.mbx_lock:
            _, link_up = await d.check_mac_link_vf()
    return link_up


async def run_ixgbe_scenario(tb, vf_driver, pf_driver, timing: TimingProfile, seed: int = 0,
                             vfs=(0,), num_vfs: int = None, flap: Flap = None,
                             stagger_us: float = 0.0, watchdog_runs: int = WATCHDOG_RUNS,
                             events=(), after_up=None, start_us: dict = None
                             ) -> IxgbeVerdict:
    """Reset the device, bring up the PF and VFs `vfs` with these drivers (names or
    factories, tb.drivers.catalog), flap the link if asked, and judge from the pins.
    `num_vfs`: VFs the PF enables (msg_task and ping_all_vfs visit them all); default all
    the RTL has. `stagger_us`: VF n starts n x stagger_us after VF 0; `start_us`: {vf: us}
    instead. `events`: faults
    during the run, each with `async run(tb, pf, drivers, start_ps)` (tb.scenarios.ixgbe_events).
    `after_up(d, run_op)`: what VF driver `d` does once up; `run_op(message, operation,
    locked)` asks for one operation as the bring-up does (tb.scenarios.ixgbe_stress)."""
    num_vfs = tb.num_vfs if num_vfs is None else num_vfs
    vfs = list(vfs)
    if not 1 <= num_vfs <= tb.num_vfs or not vfs or not all(0 <= v < num_vfs for v in vfs):
        raise ValueError(f"num_vfs={num_vfs}, vfs={vfs}: the RTL has NUM_VFS={tb.num_vfs}; "
                         f"allowed 0 <= vf < num_vfs <= {tb.num_vfs}")
    make_vf, make_pf = vf_factory(vf_driver), pf_factory(pf_driver)
    await tb.clear_memory(vfs)
    await align_to_microsecond()
    await tb.reset()
    await tb.set_link(True)
    timeline = Timeline()
    monitor = ProtocolMonitor(tb.model, timeline, VF_MBX_TIMEOUT_PS, msg_name=M.msg_name)
    reads, irqs, shared = MessagesToVf(tb, num_vfs), VfIrqs(), SharedPfLock(tb, num_vfs)
    observers = [monitor.observe, reads.observe, irqs.observe, shared.observe]
    tb.observers.extend(observers)
    rng = random.Random(seed)
    start_ps = now_ps()
    pf = make_pf(tb.pf_host(timing, rng), num_vfs, timeline, {n: vf_mac(n) for n in vfs})
    drivers = {n: make_vf(tb.vf_host(n, timing, rng), n, timeline) for n in vfs}
    intents = {n: Intents(M.NAMES) for n in vfs}
    outcomes = {n: [] for n in vfs}
    links = {}

    await pf.bring_up()
    await pf.host.drain()
    interrupts = cocotb.start_soon(pf.msix_other())
    watchdog = pf.start_watchdog(tb.dut.link_up, Host("PF-wd", tb.pf, timing, rng))
    flapper = cocotb.start_soon(_flap(tb, flap)) if flap else None
    faults = [cocotb.start_soon(e.run(tb, pf, drivers, start_ps)) for e in events]

    async def one_vf(n, d):
        delay = start_us[n] if start_us else stagger_us * vfs.index(n)
        if delay:
            await d.host.udelay(delay)
        links[n] = await bring_up_vf(d, intents[n], outcomes[n], irqs.event(n), watchdog_runs)
        if after_up is not None:
            await after_up(d, lambda *step: _run_op(d, intents[n], outcomes[n], *step))

    tasks = [cocotb.start_soon(one_vf(n, d)) for n, d in drivers.items()]
    for task in tasks:
        await task
    if flapper is not None:
        await flapper
    for fault in faults:
        await fault
    await pf.host.udelay(PF_SETTLE_US)
    await pf.idle()
    await pf.watchdog_host.drain()
    interrupts.cancel()
    watchdog.cancel()
    await pf.host.drain()
    for d in drivers.values():
        await d.host.drain()
    monitor.finish()
    for observe in observers:
        tb.observers.remove(observe)

    verdicts = {}
    for n, d in drivers.items():
        v = verdict(d.name, pf.name, timing.name, links[n], intents[n], monitor, n, start_ps)
        v.num_vfs = num_vfs
        v.start_edge = tb.clock.edge_index(start_ps)
        verdicts[n] = v
        _attach_replies(outcomes[n], intents[n], monitor, reads.reads, n)
        v.pf_messages_lost = reads.lost(n)
    api = {n: (M.API_NAMES.get(d.api_version), M.API_NAMES.get(pf.vfinfo[n].vf_api),
               d.protocol) for n, d in drivers.items()}
    return IxgbeVerdict(next(iter(drivers.values())).name, pf.name, timing.name, verdicts,
                        outcomes, api, list(pf.pings), shared.shared, list(pf.received), reads,
                        flap, start_ps,
                        tb.clock.edge_index(start_ps), timeline, monitor, drivers)


async def _flap(tb, flap: Flap):
    if flap.at_us > 0:
        await Timer(round(flap.at_us * 1e6), "ps")
    await tb.set_link(False)
    await Timer(max(round(flap.down_us * 1e6), 1), "ps")
    await tb.set_link(True)


def _attach_replies(outcomes, intents, monitor, reads, vf):
    """Each outcome's reply: the VF's first word-0 read after the operation's last REQ
    (within the operation), from the pins."""
    requests = [r for r in monitor.requests if r.vf == vf]
    for outcome, intent in zip(outcomes, intents.asked):
        end = intent.returned_ps if intent.returned_ps is not None else float("inf")
        mine = [r for r in requests if intent.asked_ps <= r.req_time_ps <= end]
        if not mine:
            continue
        after = mine[-1].req_time_ps
        word0 = next((w for _, t, n, w in reads if n == vf and after < t <= end), None)
        outcome.reply_word0 = word0
