"""Linux 6.1's ixgbevf and ixgbe mailbox C code (tb/cdriver: linux-ixgbevf, linux-ixgbe) on the
pf_vf_mailbox_ixgbe RTL, through the testbench: every access of the C code goes through the
bridge onto a Host of the project's timing and over the APB pins, and the scoreboard checks
each one against the family's reference model. Run with FAMILY=ixgbe
(tests/test_cdriver_ixgbe.py::test_real_code_on_the_ixgbe_rtl).

The PF's message handling is the small one of tests/test_cdriver_ixgbe.py (msg_task, one
task per VF, each on its own PF host) over the compiled primitives; with API 1.5 it switches
to Intel's shared-code primitives after its 1.5 reply, as a PF speaking 1.5 must."""

import random

import cocotb
from cocotb.triggers import Event, gather

from tb import regmap_ixgbe as X
from tb.cdriver.ixgbe import CIxgbeMailbox, CIxgbevf
from tb.drivers.host import profile
from tb.testbench import MailboxTB
from tests.test_cdriver_ixgbe import API_14, API_15, MAC, Api15Pf, bring_up, msg_task

TIMING = "bare-metal"


async def setup(dut):
    tb = MailboxTB(dut)
    assert tb.family.name == "ixgbe", "run this module with FAMILY=ixgbe"
    await tb.reset()
    await tb.set_link(True)
    rng = random.Random(0)
    timing = profile(TIMING)
    pf_host = tb.pf_host(timing, rng)
    # ixgbe_up_complete: CTRL_EXT |= PFRSTD by read-modify-write (RSTI drops, RSTD shows once)
    ctrl_ext = await pf_host.read(X.IXGBE_CTRL_EXT)
    await pf_host.write(X.IXGBE_CTRL_EXT, ctrl_ext | X.IXGBE_CTRL_EXT_PFRSTD)
    await pf_host.drain()
    return tb, timing, rng, CIxgbeMailbox(pf_host)


async def with_pf_tasks(tb, timing, rng, pf, vfs, work, **kw):
    """Run `work` while a msg_task per VF of `vfs` serves it, each on its own PF host."""
    stop, received = Event(), {n: [] for n in vfs}
    tasks = [cocotb.start_soon(msg_task(pf, n, tb.pf_host(timing, rng), stop, received[n], **kw))
             for n in vfs]
    result = await work()
    stop.set()
    for task in tasks:
        await task
    return result, received


@cocotb.test()
async def linux_pair_brings_up_two_vfs_on_the_rtl(dut):
    """Probe and open of linux-ixgbevf on VF 0 and the last VF at once, against linux-ixgbe's
    primitives: legacy mailbox, API 1.4, every operation 0, link up; no PSLVERR, no
    transfer the reference model disagrees with."""
    tb, timing, rng, pf = await setup(dut)
    vfs = [0, tb.num_vfs - 1]
    drivers = [CIxgbevf(tb.vf_host(n, timing, rng), n) for n in vfs]
    results, received = await with_pf_tasks(
        tb, timing, rng, pf, vfs, lambda: gather(*(bring_up(d) for d in drivers)))
    for d, result in zip(drivers, results):
        assert result == [0] * 9 + [(0, 1), (0, True)], (d.vf, result)
        assert (d.api_version, d.protocol, d.mac) == (API_14, "legacy", MAC), d.vf
        assert d.pslverrs == [] and not d.bridge.strays, d.vf
        assert len(received[d.vf]) == 13, d.vf        # reset, 4 negotiations, 8 more
    assert pf.pslverrs == [] and not pf.bridge.strays
    tb.log.info("linux-ixgbevf x %d on the RTL: %s accesses (VFs), %d (PF primitives)",
                len(drivers), [d.accesses for d in drivers], pf.accesses)
    await tb.finish()


@cocotb.test()
async def api15_vf_runs_its_new_mailbox_on_the_rtl(dut):
    """linux-ixgbevf negotiating API 1.5 with a PF that speaks it: the VF's read-modify-write
    lock, REQ with VFU kept, the PFACK poll while locked and the lock-free reads, against the
    RTL's level rule and its ignoring of echoed read-only bits (hardware-ixgbe.md 3)."""
    tb, timing, rng, pf = await setup(dut)
    n = min(1, tb.num_vfs - 1)
    d = CIxgbevf(tb.vf_host(n, timing, rng), n)

    async def work():
        return [await d.reset_hw_vf(), await d.negotiate_api(), await d.set_vfta_vf(100, True),
                await d.set_rlpml_vf(1522), await d.get_link_state_vf()]
    result, received = await with_pf_tasks(tb, timing, rng, pf, [n], work,
                                           accept_apis=(API_15,), api15=Api15Pf())
    assert result == [0, 0, 0, 0, (0, 1)] and (d.api_version, d.protocol) == (API_15, "1.5")
    assert [s.acked for s in d.sent[-3:]] == [True] * 3        # PFACK seen while locked
    assert d.pslverrs == [] and pf.pslverrs == []
    await tb.finish()
