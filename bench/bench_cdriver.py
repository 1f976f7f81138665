#!/usr/bin/env python3
"""The Linux kernel's C drivers against the Python models: wall time of the same scenario
(a bring-up; a run that reaches the VF's 1 s timeout), best of R runs, one core.

    .venv/bin/python -m bench.bench_cdriver [--repeat R] [--family igb|ixgbe]

Target (issue 13): the C driver within 1.5x of the Python model. Needs the kernel sources
(`make cdriver`).
"""

import argparse
import json

from bench import target
from tb.build import ROOT, simulate
from tb.family import FAMILIES

TARGET = 1.5


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of each, best counts (default 5)")
    ap.add_argument("--family", choices=sorted(FAMILIES), default="igb",
                    help="the driver family (default igb)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")
    out = ROOT / "sim_build" / "bench" / f"cdriver-{args.family}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    simulate("cdriver_cocotb", "bench/cdriver", num_vfs=1, family=FAMILIES[args.family],
             env={"BENCH_REPEAT": str(args.repeat), "BENCH_OUT": str(out)})
    print(f"\nC drivers against the Python models, best of {args.repeat}, one core:")
    for r in json.loads(out.read_text()):
        ratio = r["c_s"] / r["py_s"]
        print(f"  {r['what']:12s} {r['c']:32s} {r['c_s'] * 1e3:7.1f} ms, {r['py']:28s} "
              f"{r['py_s'] * 1e3:7.1f} ms ({r['timing']}): {ratio:.2f}x "
              f"(target {TARGET}x: {target(ratio <= TARGET)})")


if __name__ == "__main__":
    main()
