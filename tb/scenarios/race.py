"""The seed report's scenario: PF and one VF brought up as in the report, every VF x PF
driver version pair, a verdict per pair, and the report's 9 steps as they happened.

Bring-up (docs/drivers.md section 3): PF up; VF reset_hw (VF_RESET); SET_MAC_ADDR;
SET_MULTICAST with one address (0x00010003); SET_PROMISC with no flags (0x00000006);
SET_VLAN; SET_LPE; then the watchdog's link check. Each pair runs to the end: the VF's
real 1 s ACK timeout included.
"""

import random

import cocotb
from cocotb.triggers import Event, First, Timer

from tb import messages as M
from tb.bus.clock import now_ps
from tb.checkers.protocol_monitor import ProtocolMonitor
from tb.checkers.timeline import Timeline
from tb.drivers.catalog import pf_factory, vf_factory
from tb.drivers.host import TimingProfile, TrialDecided
from tb.drivers.igb import IGB_VERSIONS
from tb.drivers.igbvf import IGBVF_VERSIONS, VF_MBX_TIMEOUT_PS
from tb.scenarios.verdict import Intents, Verdict, verdict

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
# The Linux kernel's own C code (tb/cdriver, built from Debian's linux-source-6.1): its VF
# variants against every PF, and every Python VF model against its PF primitives.
REAL_CODE_VFS = ("linux-igbvf", "linux-igbvf-writeonly", "linux-igbvf-writeonly-1try")
REAL_CODE_PAIRS = [(vf, pf) for vf in REAL_CODE_VFS for pf in (*IGB_VERSIONS, "linux-igb")] + \
    [(vf, "linux-igb") for vf in IGBVF_VERSIONS]


async def align_to_microsecond():
    """Start on a whole microsecond: host costs are multiples of 0.1 us, so every scenario
    then meets the clock grid in the same phase, wherever it starts (explorer batches)."""
    await Timer(SCENARIO_ALIGN_PS - now_ps() % SCENARIO_ALIGN_PS, "ps")


async def run_race_scenario(tb, vf_driver, pf_driver, timing: TimingProfile,
                            seed: int = 0, vf: int = 0, stop_on_loss: bool = False,
                            num_vfs: int = None) -> Verdict:
    """Reset the device, bring up the PF and VF `vf` with these drivers (registered names,
    e.g. "igbvf-1.1.5" and "igb-3.2.10", or factories: tb.drivers.catalog), and return
    the verdict from the pins. The testbench's scoreboard keeps checking every access.
    `num_vfs`: VFs the PF enables (MBVFIMR, and the VFs igb_msg_task visits on every
    interrupt); default: all the RTL has (NUM_VFS).
    `stop_on_loss`: end as soon as the protocol monitor sees a request erased; the rest of
    the verdict then follows by rule (`complete_after_erasure`; `decided_early` is set)."""
    num_vfs = tb.num_vfs if num_vfs is None else num_vfs
    if not 1 <= num_vfs <= tb.num_vfs or not 0 <= vf < num_vfs:
        raise ValueError(f"num_vfs={num_vfs}, vf={vf}: the RTL has NUM_VFS={tb.num_vfs}; "
                         f"allowed 1 <= vf + 1 <= num_vfs <= {tb.num_vfs}")
    make_vf, make_pf = vf_factory(vf_driver), pf_factory(pf_driver)
    await tb.clear_memory([vf])   # its words as after power-up, whatever ran before
    await align_to_microsecond()
    await tb.reset()
    await tb.set_link(True)
    timeline = Timeline()
    monitor = ProtocolMonitor(tb.model, timeline, VF_MBX_TIMEOUT_PS)
    tb.observers.append(monitor.observe)
    stop = Event() if stop_on_loss else None
    if stop is not None:
        monitor.on_flag = lambda event: event.kind == "erased" and stop.set()
    rng = random.Random(seed)
    start_ps = now_ps()
    pf = make_pf(tb.pf_host(timing, rng, stop=stop), num_vfs, timeline, {vf: VF_MAC})
    driver = make_vf(tb.vf_host(vf, timing, rng, stop=stop), vf, timeline)
    intents = Intents()

    await pf.bring_up()
    interrupts = cocotb.start_soon(_until_decided(pf.igb_intr()))
    decided_early = False
    try:
        link_up = await bring_up_vf(driver, intents)
        await pf.host.udelay(PF_SETTLE_US)
        await pf.idle()
        interrupts.cancel()   # it waits for an interrupt: no transfer is cut
    except TrialDecided:
        decided_early, link_up = True, False
        # The PF stops at its next host call, or is found waiting for an interrupt.
        await First(interrupts.complete, pf.waiting_for_interrupt())
        interrupts.cancel()
    await pf.host.drain()
    await driver.host.drain()
    monitor.finish()
    tb.observers.remove(monitor.observe)
    v = verdict(driver.name, pf.name, timing.name, link_up, intents, monitor, vf, start_ps)
    v.num_vfs = num_vfs
    if decided_early:
        complete_after_erasure(v, planned_messages(driver))
    v.start_edge = tb.clock.edge_index(start_ps)
    v.pslverrs = list(getattr(driver, "pslverrs", [])) + list(getattr(pf.mbx, "pslverrs", []))
    return v


async def _until_decided(coro):
    try:
        await coro
    except TrialDecided:
        pass


def complete_after_erasure(v: Verdict, planned: list):
    """The columns a trial stopped at an erasure did not simulate, by rule. The erased
    request's VFREQ is clear, so the PF never reads it and never ACKs it (it reads a message
    only after seeing VFREQ): the VF polls until its 1 s mailbox timeout, sets
    mbx->timeout = 0, and every later posted message fails before any register access
    (never sent: VF timed out); its link checks then see mbx->timeout == 0: link down. Those
    later messages fail after the erasure, so the first loss is already known; the VF sends
    nothing more, so no later PF reply exists to be dropped. The stop itself can cut off the
    erasing reply's STS write, which changes no column (replies_dropped needs a failed lock).
    tests/test_explorer.py runs trials both ways and compares every column."""
    from tb.scenarios.verdict import MessageFate
    v.decided_early = True
    v.link_up = False
    v.timeouts = sum(r.timed_out or r.erased for r in v.monitor.requests if r.vf == v.vf)
    if v.messages[0].fate == "erased":   # no VF_RESET reply: igbvf probe gives up
        planned = planned[:1]
    v.messages += [MessageFate(name, "never sent", why="VF timed out")
                   for name in planned[len(v.messages):]]


def planned_messages(driver) -> list:
    """The messages bring_up_vf asks this driver to send, in order."""
    return [M.NAMES[message] for message, _ in bring_up_steps(driver)]


def bring_up_steps(driver) -> list:
    """(message, operation) of igbvf probe and igbvf_up, as in the report; an optional
    operation the driver does not offer (SET_PROMISC) is left out. An operation takes no
    arguments: the MAC address comes from the VF_RESET reply, once it has run."""
    steps = [(M.E1000_VF_RESET, driver.reset_hw_vf),
             (M.E1000_VF_SET_MAC_ADDR, lambda: driver.rar_set_vf(driver.mac)),
             (M.E1000_VF_SET_MULTICAST, lambda: driver.update_mc_addr_list_vf([MC_ADDR]))]
    if getattr(driver, "promisc_set_vf", None) is not None:
        steps.append((M.E1000_VF_SET_PROMISC, lambda: driver.promisc_set_vf(0)))
    return steps + [(M.E1000_VF_SET_VLAN, lambda: driver.vfta_set_vf(VLAN_ID, True)),
                    (M.E1000_VF_SET_LPE, lambda: driver.rlpml_set_vf(MAX_FRAME))]


async def bring_up_vf(driver, intents: Intents = None) -> bool:
    """igbvf probe and igbvf_up as in the report; returns the link state the VF shows.
    Every message it asks for is recorded in `intents` (the verdict's other half)."""
    intents = intents or Intents()
    for i, (message, operation) in enumerate(bring_up_steps(driver)):
        result = await intents.ask(driver.vf, message, operation)
        if i == 0 and not result:   # reset_hw failed: igbvf probe gives up
            return False
    driver.get_link_status = True   # igbvf_up: the watchdog's first run re-checks the link
    link_up = await driver.check_for_link_vf()
    for _ in range(WATCHDOG_RUNS - 1):
        await driver.host.udelay(WATCHDOG_PERIOD_US)
        link_up = await driver.check_for_link_vf()
    return link_up
