#!/usr/bin/env python3
"""Race explorer throughput: trials per second on one core for the legacy pair
(igbvf 1.1.5 + igb 3.2.10, xen-dom0 timing, IRQ latency drawn from 5~2000 us, early stop
at the loss as in a sweep), in one simulator process, build excluded, on each bus path
(BUS_PATH=python and hdl, alternating); on Icarus, Verilator, or both with their ratio.

    .venv/bin/python -m bench.bench_explorer_trials [--trials N] [--repeat R]
                                                    [--sim icarus|verilator|both]

Targets: at least 20 trials per second per core (issue 4); 40 (issue 21).
"""

import argparse
import tempfile
import time
from pathlib import Path

from bench import children_cpu, target
from bench.simulators import add_sim_option, print_ratio, selected
from explorer.simulate import build, run_batch
from tb.build import BUS_PATHS
from explorer.trials import Point, plan_trials

TARGET = 20.0
FAST_TARGET = 40.0   # issue 21


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100, help="trials per measurement")
    ap.add_argument("--repeat", type=int, default=3, help="measurements (the best is kept)")
    add_sim_option(ap)
    args = ap.parse_args()
    if args.trials < 1 or args.repeat < 1:
        ap.error("--trials and --repeat must be >= 1")
    point = Point(0, "igbvf-1.1.5", "igb-3.2.10", "xen-dom0", 450.0, 5.0, 2000.0, 1.0, 0.0)
    trials = [t.to_json() for t in plan_trials([point], args.trials, 1, 0)]
    best = {}
    for sim in selected(args):
        work = Path(tempfile.mkdtemp(prefix=f"bench-explorer-{sim}-"))
        rates = {path: [] for path in BUS_PATHS}
        cpu_rates = {path: [] for path in BUS_PATHS}
        digests = {}   # the trials' register traces, per bus path
        for path in BUS_PATHS:
            build(work / f"build-{path}", sim=sim, bus_path=path)
        for _ in range(args.repeat):
            for path in BUS_PATHS:   # alternating: the machine's load falls on both alike
                start, cpu = time.perf_counter(), children_cpu()
                results = run_batch(trials, str(work / f"build-{path}"), str(work), sim=sim,
                                    bus_path=path)
                rates[path].append(len(results) / (time.perf_counter() - start))
                cpu_rates[path].append(len(results) / (children_cpu() - cpu))
                digests[path] = [r["trace_sha1"] for r in results]
        for path in BUS_PATHS:
            rate = max(rates[path])
            best[sim] = max(best.get(sim, 0), rate)
            print(f"legacy pair on {sim}, BUS_PATH={path}: {args.trials} trials per process, "
                  f"best of {args.repeat}: {rate:.1f} trials/s on one core (all: "
                  f"{', '.join(f'{r:.1f}' for r in rates[path])}); per CPU second of the "
                  f"simulator process (what another process's load does not inflate): "
                  f"{max(cpu_rates[path]):.1f} trials/s; target {TARGET:g}: "
                  f"{target(rate >= TARGET)}, {FAST_TARGET:g}: {target(rate >= FAST_TARGET)}",
                  flush=True)
        same = len(set(map(tuple, digests.values()))) == 1
        print(f"  the {args.trials} trials' register traces on both bus paths: "
              f"{'the same' if same else 'DIFFERENT'}", flush=True)
        if not same:
            raise SystemExit("the bus paths disagree: run tests/test_bus_path.py")
    print_ratio("explorer trials/s", best, higher_is_faster=True, unit="trials/s")


if __name__ == "__main__":
    main()
