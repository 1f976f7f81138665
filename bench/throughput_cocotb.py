"""cocotb side of bench/bench_register_throughput.py and bench/bench_ixgbe_scale.py: times
register transfers through the agents with the pin monitor, reference model and scoreboard
on, on either family (its random traffic and mailbox window)."""

import json
import os
import time

import cocotb
from cocotb.triggers import gather

from tb import regmap as R
from tb.testbench import MailboxTB


CPU = {}   # measurement name -> CPU seconds of this process (simulator and Python alike)


async def timed(coro_factory, name: str = None):
    """Wall seconds of a measurement; its CPU seconds go into CPU[name] (on a shared machine
    the CPU time is what another process's load does not inflate)."""
    start, cpu = time.perf_counter(), time.process_time()
    await coro_factory()
    if name:
        CPU[name] = time.process_time() - cpu
    return time.perf_counter() - start


@cocotb.test()
async def register_throughput(dut):
    accesses = int(os.environ["BENCH_ACCESSES"])
    tb = MailboxTB(dut)
    await tb.reset()
    results = {"clock_mode": tb.clock.mode, "num_vfs": tb.num_vfs}

    traffic = tb.family.traffic(tb, seed=1)
    before = tb.scoreboard.transfers
    wall = await timed(lambda: gather(traffic.run_pf(accesses // 2), traffic.run_vf(accesses // 2)),
                       "both_ports_random")
    results["both_ports_random"] = {"transfers": tb.scoreboard.transfers - before, "wall_s": wall,
                                    "cpu_s": CPU["both_ports_random"]}

    pf_mem = tb.family.windows.pf_mem

    async def pf_only():
        for i in range(accesses):
            if i % 2:
                await tb.pf.read(pf_mem(0, i % R.MBX_WORDS))
            else:
                await tb.pf.write(pf_mem(0, i % R.MBX_WORDS), i)

    before = tb.scoreboard.transfers
    if os.environ.get("BENCH_PROFILE"):
        import cProfile, pstats
        prof = cProfile.Profile(); prof.enable()
    wall = await timed(pf_only, "pf_port_back_to_back")
    if os.environ.get("BENCH_PROFILE"):
        prof.disable(); pstats.Stats(prof).sort_stats("cumulative").print_stats("tb/|cocotb/task|_gpi_trig|handle", 40)
    results["pf_port_back_to_back"] = {"transfers": tb.scoreboard.transfers - before, "wall_s": wall,
                                       "cpu_s": CPU["pf_port_back_to_back"]}
    await tb.finish()
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump(results, f, indent=1)
