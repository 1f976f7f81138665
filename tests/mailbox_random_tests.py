"""Constrained-random regression: thousands of mixed PF/VF accesses, checked by the scoreboard.

Runs on either family (tb.family): the random traffic is the family's.
Seed: MAILBOX_SEED (default: cocotb's random seed, printed at start). Replay a run with
`make SIM=icarus COCOTB_TEST_MODULES=mailbox_random_tests MAILBOX_SEED=<seed>` (add
FAMILY=ixgbe for the ixgbe top).
Size: MAILBOX_ACCESSES accesses in all (default 4000), half on each port.
"""

import random

import cocotb
from cocotb.triggers import RisingEdge, Timer, gather

from tb.bus.clock import now_ps

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


@cocotb.test()
async def idle_skip_clock_under_random_users(dut):
    """Users of the idle-skipping clock come and go at every quarter period (on an edge, at
    the stop point, during the one extra edge) and hold it for 0-3 edges: every edge falls on
    the grid, each user's edges come one period apart, and the clock ends stopped. A stop
    time computed from a release the loop had already counted asked cocotb for a 0 ps wait
    (random traffic seeds 2849838036 and 3693365669 at NUM_VFS 8 and 3)."""
    tb = MailboxTB(dut, clock_mode="idle-skip")
    clock, period = tb.clock, tb.clock.period_ps
    seed = option("MAILBOX_SEED", cocotb.RANDOM_SEED % 2**32)
    tb.log.info("clock users: seed %d (replay with MAILBOX_SEED=%d)", seed, seed)
    rng = random.Random(seed)
    edges = []

    async def watch():
        while True:
            await RisingEdge(dut.clk)
            edges.append(now_ps())

    async def user():
        for _ in range(150):
            await Timer(rng.randrange(1, 13) * period // 4, "ps")
            await clock.acquire()
            seen = []
            for _ in range(rng.randrange(4)):
                await clock.rising_edge()
                seen.append(now_ps())
            clock.release()
            assert all(b - a == period for a, b in zip(seen, seen[1:])), f"edges {seen}"

    watcher = cocotb.start_soon(watch())
    await gather(*(user() for _ in range(3)))
    await Timer(3 * period, "ps")
    watcher.cancel()
    off_grid = [t for t in edges if t % period != clock.half_ps]
    assert not off_grid, f"edges off the grid at {off_grid[:5]} ps"
    assert not clock.running and dut.clk.value == 0, "the clock still runs with no user"
