#!/usr/bin/env python3
"""The Linux kernel's C driver against the Python model: wall time of the same race scenario
(a bring-up; a run that reaches the VF's 1 s timeout), best of R runs, one core.

    .venv/bin/python -m bench.bench_cdriver [--repeat R]

Target (issue 13): the C driver within 1.5x of the Python model. Needs the kernel sources
(`make cdriver`).
"""

import argparse
import json

from bench import target
from tb.build import ROOT, simulate

TARGET = 1.5


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of each, best counts (default 5)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")
    out = ROOT / "sim_build" / "bench" / "cdriver.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    simulate("cdriver_cocotb", "bench/cdriver", num_vfs=1,
             env={"BENCH_REPEAT": str(args.repeat), "BENCH_OUT": str(out)})
    print(f"\nC driver against the Python model, best of {args.repeat}, one core:")
    for r in json.loads(out.read_text()):
        ratio = r["c_s"] / r["py_s"]
        print(f"  {r['what']:12s} {r['c_vf']} {r['c_s'] * 1e3:7.1f} ms, {r['py_vf']} "
              f"{r['py_s'] * 1e3:7.1f} ms (PF {r['pf']}, {r['timing']}): {ratio:.2f}x "
              f"(target {TARGET}x: {target(ratio <= TARGET)})")


if __name__ == "__main__":
    main()
