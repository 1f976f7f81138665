"""cocotb side of bench/bench_register_throughput.py: times register transfers through the
agents with the pin monitor, reference model and scoreboard on."""

import json
import os
import time

import cocotb
from cocotb.triggers import gather

from tb import regmap as R
from tb.scenarios.random_traffic import RandomTraffic
from tb.testbench import MailboxTB


async def timed(coro_factory):
    start = time.perf_counter()
    await coro_factory()
    return time.perf_counter() - start


@cocotb.test()
async def register_throughput(dut):
    accesses = int(os.environ["BENCH_ACCESSES"])
    tb = MailboxTB(dut)
    await tb.reset()
    results = {"clock_mode": tb.clock.mode, "num_vfs": tb.num_vfs}

    traffic = RandomTraffic(tb, seed=1)
    before = tb.scoreboard.transfers
    wall = await timed(lambda: gather(traffic.run_pf(accesses // 2), traffic.run_vf(accesses // 2)))
    results["both_ports_random"] = {"transfers": tb.scoreboard.transfers - before, "wall_s": wall}

    async def pf_only():
        for i in range(accesses):
            if i % 2:
                await tb.pf.read(R.pf_vmbmem(0, i % R.MBX_WORDS))
            else:
                await tb.pf.write(R.pf_vmbmem(0, i % R.MBX_WORDS), i)

    before = tb.scoreboard.transfers
    if os.environ.get("BENCH_PROFILE"):
        import cProfile, pstats
        prof = cProfile.Profile(); prof.enable()
    wall = await timed(pf_only)
    if os.environ.get("BENCH_PROFILE"):
        prof.disable(); pstats.Stats(prof).sort_stats("cumulative").print_stats("tb/|cocotb/task|_gpi_trig|handle", 40)
    results["pf_port_back_to_back"] = {"transfers": tb.scoreboard.transfers - before, "wall_s": wall}
    await tb.finish()
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump(results, f, indent=1)
