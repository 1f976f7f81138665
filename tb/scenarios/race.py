"""The seed report's scenario: PF and one VF brought up as in the report, every VF x PF
driver version pair, a verdict per pair, and the report's 9 steps as they happened.

Bring-up (shared/spec/drivers.md section 3): PF up; VF reset_hw (VF_RESET); SET_MAC_ADDR;
SET_MULTICAST with one address (0x00010003); SET_PROMISC with no flags (0x00000006);
SET_VLAN; SET_LPE; then the watchdog's link check. Each pair runs to the end: the VF's
real 1 s ACK timeout included.
"""

import random
from dataclasses import dataclass, field
from typing import Optional

import cocotb
from cocotb.triggers import Event, First, Timer

from tb.bus.clock import now_ps
from tb.checkers.timeline import Timeline
from tb.drivers.igb import IGB_VERSIONS, Igb, igb_version
from tb.drivers.igbvf import IGBVF_VERSIONS, VF_MBX_TIMEOUT_PS, Igbvf, igbvf_version
from tb.checkers.protocol_monitor import ProtocolMonitor
from tb.drivers.host import Host, TimingProfile, TrialDecided

DEFAULT_PROFILE = "xen-dom0"
VF_MAC = bytes([0x02, 0x1B, 0x21, 0x00, 0x00, 0x01])
MC_ADDR = bytes([0x01, 0x00, 0x5E, 0x00, 0x00, 0x01])
VLAN_ID = 100
MAX_FRAME = 1522
PF_SETTLE_US = 20_000    # after the last link check: time for the PF to finish what it does
WATCHDOG_RUNS = 2        # igbvf_up's first watchdog run, then one more 2 s later
WATCHDOG_PERIOD_US = 2_000_000
SCENARIO_ALIGN_PS = 10**6

ALL_PAIRS = [(vf, pf) for vf in IGBVF_VERSIONS for pf in IGB_VERSIONS]


@dataclass
class MessageFate:
    name: str
    word0: int
    fate: str            # delivered | erased | never sent | lost
    time_ps: int = 0


@dataclass
class Verdict:
    vf_version: str
    pf_version: str
    profile: str
    link_up: bool
    messages: list
    erased: int
    overwritten: int
    replies_discarded: int
    lockless: int
    timeouts: int
    first_loss_ps: Optional[int]     # from the start of the scenario (reset)
    timeline: Timeline = field(repr=False)
    monitor: ProtocolMonitor = field(repr=False)
    decided_early: bool = False   # stopped at the loss; link down follows (not simulated)
    start_edge: int = 0           # clock edge of the scenario's start (after its reset)

    def count(self, fate: str) -> int:
        return sum(m.fate == fate for m in self.messages)

    @property
    def all_delivered(self) -> bool:
        return all(m.fate == "delivered" for m in self.messages)

    def fate_of(self, name: str) -> str:
        return next(m.fate for m in self.messages if m.name == name)


async def run_race_scenario(tb, vf_version: str, pf_version: str, timing: TimingProfile,
                            seed: int = 0, vf: int = 0, stop_on_loss: bool = False) -> Verdict:
    """Reset the device, bring up the PF and VF `vf` with these driver versions, and
    return the verdict. The testbench's scoreboard keeps checking every register access.
    `stop_on_loss`: end as soon as the protocol monitor sees a request erased, from which
    the VF's timeout and link-down follow (the verdict is then `decided_early`)."""
    vf_ver, pf_ver = igbvf_version(vf_version), igb_version(pf_version)
    # Start on a whole microsecond: host costs are multiples of 0.1 us, so every scenario then
    # meets the clock grid in the same phase, wherever it starts (explorer batches).
    await Timer(SCENARIO_ALIGN_PS - now_ps() % SCENARIO_ALIGN_PS, "ps")
    await tb.reset()
    tb.set_link(True)
    timeline = Timeline()
    monitor = ProtocolMonitor(tb.model, timeline, VF_MBX_TIMEOUT_PS)
    tb.observers.append(monitor.observe)
    stop = Event() if stop_on_loss else None
    if stop is not None:
        monitor.on_flag = lambda event: event.kind == "erased" and stop.set()
    rng = random.Random(seed)
    start_ps = now_ps()
    pf = Igb(Host("PF", tb.pf, timing, rng, irq=tb.dut.pf_irq, stop=stop), pf_ver, tb.num_vfs,
             timeline, vf_macs={vf: VF_MAC})
    igbvf = Igbvf(Host(f"VF{vf}", tb.vf(vf), timing, rng, stop=stop), vf_ver, vf, timeline)

    await pf.bring_up()
    interrupts = cocotb.start_soon(_until_decided(pf.igb_intr()))
    decided_early = False
    try:
        link_up = await bring_up_vf(igbvf)
        await pf.host.udelay(PF_SETTLE_US)
        await pf.idle()
        interrupts.cancel()   # it waits for an interrupt: no transfer is cut
    except TrialDecided:
        decided_early, link_up = True, False
        # The PF stops at its next host call, or is found waiting for an interrupt.
        await First(interrupts.complete, pf.waiting_for_interrupt())
        interrupts.cancel()
    await pf.host.drain()
    await igbvf.host.drain()
    monitor.finish()
    tb.observers.remove(monitor.observe)
    v = _verdict(vf_version, pf_version, timing.name, link_up, igbvf, pf, monitor, timeline,
                 start_ps)
    v.decided_early = decided_early
    v.start_edge = tb.clock.edge_index(start_ps)
    return v


async def _until_decided(coro):
    try:
        await coro
    except TrialDecided:
        pass


async def bring_up_vf(igbvf: Igbvf) -> bool:
    """igbvf probe and igbvf_up as in the report; returns the link state the VF shows."""
    if not await igbvf.reset_hw_vf():
        return False
    await igbvf.rar_set_vf(igbvf.mac)
    await igbvf.update_mc_addr_list_vf([MC_ADDR])
    await igbvf.promisc_set_vf(0)
    await igbvf.vfta_set_vf(VLAN_ID, add=True)
    await igbvf.rlpml_set_vf(MAX_FRAME)
    igbvf.get_link_status = True   # igbvf_up: the watchdog's first run re-checks the link
    link_up = await igbvf.check_for_link_vf()
    for _ in range(WATCHDOG_RUNS - 1):
        await igbvf.host.udelay(WATCHDOG_PERIOD_US)
        link_up = await igbvf.check_for_link_vf()
    return link_up


def _verdict(vf_version, pf_version, profile, link_up, igbvf, pf, monitor, timeline,
             start_ps) -> Verdict:
    received = [r.words[0] for r in pf.received if r.vf == igbvf.vf]
    erased = [r.word0 for r in monitor.requests if r.erased]
    fates = []
    for sent in igbvf.sent:
        if sent.word0 in received:
            received.remove(sent.word0)
            fate = "delivered"
        elif sent.word0 in erased:
            erased.remove(sent.word0)
            fate = "erased"
        elif not sent.written:
            fate = "never sent"
        else:
            fate = "lost"
        fates.append(MessageFate(sent.name, sent.word0, fate))
    losses = [e.time_ps for e in monitor.flags if e.kind == "erased"
              or (e.kind == "overwritten" and "pending message" in e.text)]
    losses += [e.time_ps for e in timeline.of_kind("not-sent")]
    first = min(losses) - start_ps if losses else None
    return Verdict(
        vf_version, pf_version, profile, link_up, fates,
        erased=sum(r.erased for r in monitor.requests),
        overwritten=sum(r.overwritten for r in monitor.requests),
        replies_discarded=sum("the PF's reply" in e.text for e in monitor.of_kind("overwritten")),
        lockless=len(monitor.of_kind("lockless")),
        timeouts=len(timeline.of_kind("mbx-timeout")),
        first_loss_ps=first, timeline=timeline, monitor=monitor)


# ---------------------------------------------------------------------- reports
def verdict_table(verdicts) -> str:
    head = (f"{'VF driver':19s} {'PF driver':13s} {'link':5s} {'delivered':>9s} {'erased':>6s} "
            f"{'overwritten':>11s} {'never sent':>10s} {'VF timeouts':>11s}  first loss*")
    lines = [head, "-" * len(head)]
    for v in verdicts:
        first = f"{v.first_loss_ps / 1e9:.3f} ms" if v.first_loss_ps is not None else "-"
        lines.append(
            f"{v.vf_version:19s} {v.pf_version:13s} {'up' if v.link_up else 'DOWN':5s} "
            f"{v.count('delivered'):>4d} of {len(v.messages):<2d} {v.erased:>6d} "
            f"{v.overwritten:>11d} {v.count('never sent'):>10d} {v.timeouts:>11d}  {first}")
    lines.append("* simulated time from the scenario's reset to the first message lost or not sent")
    return "\n".join(lines)


def nine_steps(v: Verdict) -> list:
    """The report's 9 steps, found in the timeline of a pair that lost a message; each line
    has simulated time, clock edge, the register access and its values."""
    erased = next((r for r in v.monitor.requests if r.erased), None)
    if erased is None:
        return []
    events = v.timeline.in_order()
    earlier = [r for r in v.monitor.requests if r.vf == erased.vf and r.req_edge < erased.req_edge]
    first = earlier[-1]
    t_first = first.req_time_ps
    on_pins = [e for e in events if e.source == "monitor"]

    def find(kind, after, where=lambda e: True):
        return next((e for e in on_pins if e.kind == kind and e.time_ps > after and where(e)), None)

    def shows_vfreq(e):   # an MBVFICR read, as seen for the erased request's VF, with VFREQ set
        return e.vf == erased.vf and bool(e.value & (1 << erased.vf))

    req1 = find("req", t_first - 1, lambda e: e.edge == first.req_edge)
    seen = find("pf-reads-mbvficr", t_first, shows_vfreq)
    read1 = find("pf-reads-msg", t_first)
    ack1 = find("pf-ack", read1.time_ps if read1 else t_first)
    work = next((e for e in events if e.kind == "handler" and e.time_ps >= t_first), None)
    vf_ack = find("vf-sees-ack", ack1.time_ps if ack1 else t_first)
    req2 = find("req", t_first, lambda e: e.edge == erased.req_edge)
    cleared_time, cleared_edge, cleared_xfer = erased.cleared
    overwrite = find("overwritten", cleared_time - 1, lambda e: "pending message" in e.text)
    sts = find("pf-sts", cleared_time)
    handled = find("pf-reads-mbvficr", sts.time_ps if sts else cleared_time,
                   lambda e: e.vf == erased.vf and not shows_vfreq(e))
    timeout = next((e for e in events if e.kind == "mbx-timeout"
                    and e.time_ps > erased.req_time_ps), None)

    def at(e):
        return e.line() if e else "   (not seen)"

    clear_line = (f"{cleared_time / 1e9:12.6f} ms  edge {cleared_edge:>9d}  monitor "
                  f"PF clears VFREQ: the VF's new REQ is erased  [{cleared_xfer}]")
    return [
        f"1. VF sends {first.name} {first.word0:#010x}: VFU, buffer, REQ; waits for ACK",
        "   " + at(req1),
        "2. PF igb_msg_task reads MBVFICR and finds REQ set",
        "   " + at(seen),
        "3. PF igb_rcv_msg_from_vf reads the message and ACKs it",
        "   " + at(read1), "   " + at(ack1),
        "4. PF deals with the message (handler work)",
        "   " + at(work),
        "5. VF receives the ACK",
        "   " + at(vf_ack),
        f"6. VF sends its next message {erased.name} {erased.word0:#010x}, waits for ACK",
        "   " + at(req2),
        "7. PF sends its reply: clears REQ/ACK in MBVFICR (erasing the new REQ), overwrites "
        "the VF's pending message, signals STS",
        "   " + clear_line, "   " + at(overwrite), "   " + at(sts),
        "8. PF igb_msg_task runs again, but REQ is zero: the message is not handled",
        "   " + at(handled),
        "9. VF times out waiting for the ACK of its second message",
        "   " + at(timeout),
    ]
