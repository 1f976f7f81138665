#!/usr/bin/env python3
"""Register transactions per second through the APB agents with the pin monitor,
reference model and scoreboard on (one core: the simulator is one process), on Icarus,
Verilator, or both with their ratio.

    .venv/bin/python -m bench.bench_register_throughput [--accesses N] [--clock-mode M]
                                                        [--sim icarus|verilator|both]

Target (issue 2): at least 15,000 transfers per second.
"""

import argparse
import json

from bench import target
from bench.simulators import add_sim_option, print_ratio, selected
from tb.build import ROOT, simulate
from tb.bus.clock import CLOCK_MODES

TARGET = 15000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--accesses", type=int, default=20000, help="transfers per measurement")
    ap.add_argument("--clock-mode", choices=CLOCK_MODES, default="idle-skip")
    add_sim_option(ap)
    args = ap.parse_args()
    if args.accesses < 100:
        ap.error(f"--accesses {args.accesses} is too small: use 100 or more")
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


if __name__ == "__main__":
    main()
