#!/usr/bin/env python3
"""Race explorer throughput: trials per second on one core for the legacy pair
(igbvf 1.1.5 + igb 3.2.10, xen-dom0 timing, IRQ latency drawn from 5~2000 us, early stop
at the loss as in a sweep), in one simulator process, build excluded; on Icarus, Verilator,
or both with their ratio.

    .venv/bin/python -m bench.bench_explorer_trials [--trials N] [--repeat R]
                                                    [--sim icarus|verilator|both]

Target (issue 4): at least 20 trials per second per core.
"""

import argparse
import tempfile
import time
from pathlib import Path

from bench import target
from bench.simulators import add_sim_option, print_ratio, selected
from explorer.simulate import build, run_batch
from explorer.trials import Point, plan_trials

TARGET = 20.0


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
        build(work / "build", sim=sim)
        rates = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            results = run_batch(trials, str(work / "build"), str(work), sim=sim)
            rates.append(len(results) / (time.perf_counter() - start))
        best[sim] = max(rates)
        failed = sum(not r["link_up"] for r in results)
        print(f"legacy pair on {sim}: {args.trials} trials per process ({failed} link-down), "
              f"best of {args.repeat}: {best[sim]:.1f} trials/s on one core "
              f"(all: {', '.join(f'{r:.1f}' for r in rates)}); target {TARGET:g}: "
              f"{target(best[sim] >= TARGET)}", flush=True)
    print_ratio("explorer trials/s", best, higher_is_faster=True, unit="trials/s")


if __name__ == "__main__":
    main()
