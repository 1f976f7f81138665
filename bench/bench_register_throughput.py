#!/usr/bin/env python3
"""Register transactions per second through the APB agents with the pin monitor,
reference model and scoreboard on, on Icarus (one core: the simulator is one process).

    .venv/bin/python -m bench.bench_register_throughput [--accesses N] [--clock-mode M]

Target (issue 2): at least 15,000 transfers per second.
"""

import argparse
import json

from tb.build import ROOT, simulate
from tb.bus.clock import CLOCK_MODES

TARGET = 15000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accesses", type=int, default=20000, help="transfers per measurement")
    ap.add_argument("--clock-mode", choices=CLOCK_MODES, default="idle-skip")
    args = ap.parse_args()
    if args.accesses < 100:
        ap.error(f"--accesses {args.accesses} is too small: use 100 or more")
    out = ROOT / "sim_build" / "bench" / "throughput.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    simulate("throughput_cocotb", f"bench/throughput-{args.clock_mode}", 8,
               env={"BENCH_ACCESSES": str(args.accesses), "BENCH_OUT": str(out),
                    "CLOCK_MODE": args.clock_mode})
    results = json.loads(out.read_text())
    print(f"\nregister throughput, clock {results['clock_mode']}, NUM_VFS={results['num_vfs']}"
          f" (monitor + model + scoreboard on):")
    for name in ("both_ports_random", "pf_port_back_to_back"):
        r = results[name]
        rate = r["transfers"] / r["wall_s"]
        print(f"  {name:22s} {r['transfers']:7d} transfers in {r['wall_s']:6.2f} s = "
              f"{rate:8.0f} transfers/s  (target {TARGET}: {'met' if rate >= TARGET else 'MISSED'})")


if __name__ == "__main__":
    main()
