"""cocotb side of the floor in bench/bench_register_throughput.py: the same PF transfers
(write, read, write, ... over one VF's mailbox words) once as bare cocotb does them (plain
handle writes and RisingEdge waits on a free-running clock, nothing checked) and once through
the project's checked path (agents, pin monitor, reference model, scoreboard). The bench
runs one test per simulator process and alternates them, so that the machine's load falls
on both alike; each writes {transfers, wall_s, cpu_s} to $BENCH_OUT."""

import json
import os
import time

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import RisingEdge

from tb import family as families
from tb import regmap as R
from tb.testbench import MailboxTB


def pattern(family, i: int):
    """Transfer i of the measurement: (write, address, data); each odd transfer reads back
    the word the one before it wrote (data i - 1)."""
    return i % 2 == 0, family.windows.pf_mem(0, i // 2 % R.MBX_WORDS), i


def report(transfers: int, start_wall: float, start_cpu: float):
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump({"transfers": transfers, "wall_s": time.perf_counter() - start_wall,
                   "cpu_s": time.process_time() - start_cpu}, f)


def profiler():
    """BENCH_PROFILE=1: where the Python time of the checked path goes (cProfile, printed
    to the simulator's log by tottime); the simulator's own time is the rest."""
    if not os.environ.get("BENCH_PROFILE"):
        return None
    import cProfile
    profile = cProfile.Profile()
    profile.enable()
    return profile


@cocotb.test()
async def bare_floor(dut):
    """What plain cocotb costs per transfer on this RTL: SETUP, edge, ACCESS, edge."""
    accesses = int(os.environ["BENCH_ACCESSES"])
    family = families.of_dut(dut)
    clock = Clock(dut.clk, 8, unit="ns", impl="gpi")
    for name in ("pf_psel", "pf_penable", "pf_pwrite", "pf_paddr", "pf_pwdata",
                 "vf_psel", "vf_penable", "vf_pwrite", "vf_paddr", "vf_pwdata", "vf_pfunc"):
        getattr(dut, name).value = 0
    dut.vf_flr.value = 0
    dut.link_up.value = 0
    dut.rst_n.value = 0
    clock.start(start_high=False)
    for _ in range(2):
        await RisingEdge(dut.clk)
    dut.rst_n.value = 1
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    seen = 0
    for i in range(accesses):
        write, addr, data = pattern(family, i)
        dut.pf_psel.value = 1
        dut.pf_pwrite.value = int(write)
        dut.pf_paddr.value = addr
        if write:
            dut.pf_pwdata.value = data
        await RisingEdge(dut.clk)
        dut.pf_penable.value = 1
        await RisingEdge(dut.clk)
        if not write:
            seen += int(dut.pf_prdata.value) == data - 1   # the word written just before
        dut.pf_psel.value = 0
        dut.pf_penable.value = 0
    report(accesses, start_wall, start_cpu)
    clock.stop()
    assert seen == accesses // 2, "the floor's reads did not return what it wrote"


@cocotb.test()
async def checked_path(dut):
    """The same transfers through MailboxTB (whichever BUS_PATH the build has)."""
    accesses = int(os.environ["BENCH_ACCESSES"])
    tb = MailboxTB(dut)
    await tb.reset()
    before = tb.scoreboard.transfers
    profile = profiler()
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    for i in range(accesses):
        write, addr, data = pattern(tb.family, i)
        if write:
            await tb.pf.write(addr, data)
        else:
            assert await tb.pf.read(addr) == data - 1
    report(accesses, start_wall, start_cpu)
    if profile:
        import pstats
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    await tb.finish()
    assert tb.scoreboard.transfers - before == accesses
