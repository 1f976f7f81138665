"""Constrained-random regression: thousands of mixed PF/VF accesses, checked by the scoreboard.

Runs on either family (tb.family): the random traffic is the family's.
Seed: MAILBOX_SEED (default: cocotb's random seed, printed at start). Replay a run with
`make SIM=icarus COCOTB_TEST_MODULES=mailbox_random_tests MAILBOX_SEED=<seed>` (add
FAMILY=ixgbe for the ixgbe top).
Size: MAILBOX_ACCESSES accesses in all (default 4000), half on each port.
"""

import cocotb
from cocotb.triggers import gather

from tb.options import option
from tb.testbench import MailboxTB


@cocotb.test()
async def random_mixed_pf_vf_accesses(dut):
    """Random PF and VF traffic at once: same-edge collisions, lock races, errors, FLRs."""
    tb = MailboxTB(dut)
    seed = option("MAILBOX_SEED", cocotb.RANDOM_SEED % 2**32)
    accesses = option("MAILBOX_ACCESSES", 4000)
    tb.log.info("random traffic: seed %d, %d accesses, NUM_VFS=%d (replay with MAILBOX_SEED=%d)",
                seed, accesses, tb.num_vfs, seed)
    traffic = tb.family.traffic(tb, seed)
    await tb.reset()
    await gather(traffic.run_pf(accesses // 2), traffic.run_vf(accesses - accesses // 2),
                 traffic.run_events(max(1, accesses // 200)))
    await tb.finish()
    sb = tb.scoreboard
    assert sb.transfers >= accesses, f"monitor saw {sb.transfers} of {accesses} transfers"
    assert sb.errors_seen > 0, "the mix produced no error access"
    same_edge = tb.monitor.same_edge
    tb.log.info("same-edge PF+VF transfers: %d", same_edge)
    assert same_edge > accesses // 20, f"only {same_edge} same-edge collisions"
