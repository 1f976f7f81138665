#!/usr/bin/env python3
"""Register transactions per second through the APB agents with the pin monitor,
reference model and scoreboard on (one core: the simulator is one process), on Icarus,
Verilator, or both with their ratio; then the floor: the same PF transfers as bare cocotb
does them on the same RTL (plain handle writes and RisingEdge waits, nothing checked) against
the checked path, alternating in one run, with their ratio per CPU second (the figure to
compare across machines: another process's load does not inflate a CPU second).

    .venv/bin/python -m bench.bench_register_throughput [--accesses N] [--clock-mode M]
                                                        [--sim icarus|verilator|both]
                                                        [--rounds R] [--floor-only]

On Icarus the floor comparison ends with the ceiling of BUS_PATH=hdl: the same transfers
through the same shell and top with no Python at all (bench/hdl_only_loop.v), which is what
Icarus alone costs.

Targets: at least 15,000 transfers per second (issue 2); the checked path at 1.5x the floor
or more on Icarus (issue 21).
"""

import argparse
import json
import statistics
import subprocess

from bench import children_cpu, target
from bench.simulators import add_sim_option, print_ratio, selected
from tb.build import BUS_PATHS, ROOT, SHELL, shell_defines, simulate, sources
from tb.family import IGB
from tb.bus.clock import CLOCK_MODES

TARGET = 15000
FLOOR_TARGET = 1.5   # checked / floor on Icarus (issue 21)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accesses", type=int, default=20000, help="transfers per measurement")
    ap.add_argument("--clock-mode", choices=CLOCK_MODES, default="idle-skip")
    ap.add_argument("--rounds", type=int, default=3,
                    help="alternating floor/checked rounds per simulator (default %(default)s)")
    ap.add_argument("--floor-only", action="store_true", help="only the floor comparison")
    add_sim_option(ap)
    args = ap.parse_args()
    if args.accesses < 100:
        ap.error(f"--accesses {args.accesses} is too small: use 100 or more")
    if args.rounds < 1:
        ap.error(f"--rounds {args.rounds} is too small: use 1 or more")
    if not args.floor_only:
        agents(args)
    for sim in selected(args):
        floor(sim, args.accesses, args.rounds, args.clock_mode)


def agents(args):
    rates = {name: {} for name in ("both_ports_random", "pf_port_back_to_back")}
    for sim in selected(args):
        out = ROOT / "sim_build" / "bench" / f"throughput-{sim}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        simulate("throughput_cocotb", f"bench/throughput-{args.clock_mode}", 8, sim=sim,
                 env={"BENCH_ACCESSES": str(args.accesses), "BENCH_OUT": str(out),
                      "CLOCK_MODE": args.clock_mode})
        results = json.loads(out.read_text())
        print(f"\nregister throughput on {sim}, clock {results['clock_mode']}, "
              f"NUM_VFS={results['num_vfs']} (monitor + model + scoreboard on):")
        for name, by_sim in rates.items():
            r = results[name]
            by_sim[sim] = rate = r["transfers"] / r["wall_s"]
            print(f"  {name:22s} {r['transfers']:7d} transfers in {r['wall_s']:6.2f} s = "
                  f"{rate:8.0f} transfers/s  (target {TARGET}: "
                  f"{target(rate >= TARGET)})", flush=True)
    for name, by_sim in rates.items():
        print_ratio(f"register throughput, {name}", by_sim, higher_is_faster=True,
                    unit="transfers/s")


def measure(sim: str, test: str, bus_path: str, accesses: int, clock_mode: str) -> dict:
    """One simulator process running one test of bench/floor_cocotb.py."""
    out = ROOT / "sim_build" / "bench" / f"floor-{sim}-{test}-{bus_path}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    simulate("floor_cocotb", "bench/floor", 8, sim=sim, testcase=test, bus_path=bus_path,
             env={"BENCH_ACCESSES": str(accesses), "BENCH_OUT": str(out),
                  "CLOCK_MODE": clock_mode},
             log_file=out.with_suffix(".log"))
    return json.loads(out.read_text())


def floor(sim: str, accesses: int, rounds: int, clock_mode: str):
    """Floor and checked path (each BUS_PATH) alternating; medians of transfers per CPU
    second. The floor runs on the top itself: bare cocotb drives its pins."""
    paths = {"bare cocotb floor": ("bare_floor", "python"),
             **{f"checked, BUS_PATH={p}": ("checked_path", p) for p in BUS_PATHS}}
    per_cpu = {name: [] for name in paths}
    per_wall = {name: [] for name in paths}
    for _ in range(rounds):
        for name, (test, bus_path) in paths.items():
            r = measure(sim, test, bus_path, accesses, clock_mode)
            per_cpu[name].append(r["transfers"] / r["cpu_s"])
            per_wall[name].append(r["transfers"] / r["wall_s"])
    print(f"\nfloor on {sim}, clock {clock_mode}, {accesses} PF transfers, {rounds} alternating "
          f"rounds (median transfers per CPU second; per wall second in brackets):")
    median = {name: statistics.median(v) for name, v in per_cpu.items()}
    for name in paths:
        print(f"  {name:24s} {median[name]:8.0f} /CPU s  ({statistics.median(per_wall[name]):8.0f} "
              "/wall s)", flush=True)
    base = median["bare cocotb floor"]
    for name in paths:
        if name != "bare cocotb floor":
            ratio = median[name] / base
            verdict = (f"  (target {FLOOR_TARGET}x on icarus: "
                       f"{target(ratio >= FLOOR_TARGET)})") if sim == "icarus" else ""
            print(f"  {name} / floor = {ratio:.2f}x{verdict}", flush=True)
    if sim == "icarus":
        alone = statistics.median(hdl_only(accesses) for _ in range(rounds))
        print(f"  Icarus alone, no Python (bench/hdl_only_loop.v): {alone:.0f} /CPU s = "
              f"{alone / base:.2f}x the floor, the ceiling of BUS_PATH=hdl", flush=True)
        print(f"  the reference model and scoreboard alone, no simulator: "
              f"{statistics.median(model_alone(accesses) for _ in range(rounds)):.1f} us "
              "per sampled edge", flush=True)


def model_alone(accesses: int) -> float:
    """Microseconds per edge of RegisterScoreboard.check (the reference model's step and the
    comparison) over the floor's transfers, as the monitor hands them over."""
    import time
    from tb.bus.samples import PF, EdgeSample, Transfer
    from tb.checkers.scoreboard import RegisterScoreboard
    from bench.floor_cocotb import pattern
    scoreboard = RegisterScoreboard(IGB.model(8))
    scoreboard.check(EdgeSample(time_ps=4000, edge=0, reset=True))
    samples = []
    for i in range(accesses):
        write, addr, data = pattern(IGB, i)
        samples.append(EdgeSample(time_ps=16000 * i + 20000, edge=2 * i + 2,
                                  pf=Transfer(PF, write, addr, data if write else data - 1)))
    start = time.process_time()
    for sample in samples:
        scoreboard.check(sample)
    spent = time.process_time() - start
    scoreboard.assert_clean()
    return spent / accesses * 1e6


def hdl_only(accesses: int) -> float:
    """Transfers per CPU second of bench/hdl_only_loop.v on Icarus (the igb shell, as the
    floor's build)."""
    out = ROOT / "sim_build" / "bench" / "hdl_only_loop.vvp"
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["iverilog", "-g2012", "-o", str(out), "-s", "hdl_only_loop",
                    f"-I{ROOT / 'rtl'}", *(f"-D{k}={v}" for k, v in shell_defines(IGB).items()),
                    str(ROOT / "bench" / "hdl_only_loop.v"), str(SHELL),
                    *map(str, sources())], check=True)
    cpu = children_cpu()
    done = subprocess.run(["vvp", "-n", str(out), f"+accesses={accesses}"], check=True,
                          capture_output=True, text=True).stdout
    cpu = children_cpu() - cpu
    words = done.split()
    transfers, reads_ok = int(words[words.index("transfers") + 1]), int(words[-1])
    if reads_ok != transfers // 2:
        raise SystemExit(f"bench/hdl_only_loop.v read back {reads_ok} of {transfers // 2} words")
    return transfers / cpu


if __name__ == "__main__":
    main()
