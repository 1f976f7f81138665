#!/usr/bin/env python3
"""Wall time of the whole mutant catalogue (`make mutants`): every mutant through the fast
stages, the whole regression for those they let through (the equivalent ones), two at a time.

    .venv/bin/python -m bench.bench_mutants [--jobs 1|2]

Opt-in (about five minutes on 2 cores, not part of `make bench`). Prints the wall time, the
mean per mutant, the kill rate, and the load average before and after: the machine is shared.
"""

import argparse
import os
import time

from tb.build import SIM_BUILD
from tb.mutation.catalogue import CATALOGUE
from tb.mutation.report import kill_rate
from tb.mutation.runner import MAX_JOBS, run_mutants


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, choices=range(1, MAX_JOBS + 1), default=MAX_JOBS,
                    help=f"mutants at a time (default {MAX_JOBS})")
    args = ap.parse_args()
    load_before = os.getloadavg()
    start = time.perf_counter()
    results = run_mutants(CATALOGUE, SIM_BUILD / "bench" / "mutants", jobs=args.jobs,
                          progress=lambda line: None)
    wall = time.perf_counter() - start
    killed, relevant = kill_rate(results)
    full = sum("full" in r.stages for r in results)
    print(f"mutant catalogue: {len(results)} mutants, {args.jobs} at a time: {wall:.0f} s wall "
          f"({wall / len(results):.1f} s per mutant; {full} also ran the whole regression)")
    print(f"kill rate {killed}/{relevant}; load average before "
          f"{' '.join(f'{x:.2f}' for x in load_before)}, after "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
