#!/usr/bin/env python3
"""Scale of the ixgbe family (NUM_VFS up to 64), on Icarus: the build time of
pf_vf_mailbox_ixgbe, register transfers per second at each NUM_VFS asked for (same run, the
random mix of both ports and back-to-back PF transfers, with the pin monitor, reference model
and scoreboard on) and their ratio to the smallest, and the wall time of the whole ixgbe
regression as `make SIM=icarus FAMILY=ixgbe` runs it.

    .venv/bin/python -m bench.bench_ixgbe_scale [--vfs 8,64] [--accesses N] [--no-regression]

What grows with NUM_VFS is the simulator's work per edge (one channel per VF); the Python
side touches only the VFs an edge names (coverage, model) and reads vf_irq as one vector.
"""

import argparse
import json
import os
import subprocess
import sys
import time

from tb.build import ROOT, SimulationFailed, build, simulate
from tb.family import IXGBE


def vf_counts(text: str) -> list:
    try:
        counts = sorted({int(x) for x in text.split(",")})
    except ValueError:
        counts = []
    lo, hi = IXGBE.vfs_range
    if not counts or not all(lo <= n <= hi for n in counts):
        raise argparse.ArgumentTypeError(f"{text!r}: use NUM_VFS values {lo}..{hi}, e.g. 8,64")
    return counts


def build_seconds(num_vfs: int) -> float:
    directory = ROOT / "sim_build" / "bench" / f"ixgbe-build-vfs{num_vfs}"
    start = time.perf_counter()
    build(directory, num_vfs, family=IXGBE)
    return time.perf_counter() - start


MEASUREMENTS = ("both_ports_random", "pf_port_back_to_back")


def throughput(num_vfs: int, accesses: int) -> dict:
    """{measurement: (transfers per wall second, transfers per CPU second)}."""
    out = ROOT / "sim_build" / "bench" / f"ixgbe-throughput-vfs{num_vfs}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    simulate("throughput_cocotb", "bench/ixgbe-throughput", num_vfs, family=IXGBE,
             env={"BENCH_ACCESSES": str(accesses), "BENCH_OUT": str(out)},
             log_file=out.with_suffix(".log"))
    results = json.loads(out.read_text())
    return {name: (results[name]["transfers"] / results[name]["wall_s"],
                   results[name]["transfers"] / results[name]["cpu_s"]) for name in MEASUREMENTS}


def regression_seconds() -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COCOTB_", "MAILBOX_"))}
    env.update(SIM="icarus", FAMILY="ixgbe")
    env.pop("NUM_VFS", None)
    start = time.perf_counter()
    done = subprocess.run(["make", "--no-print-directory", "SIM=icarus", "FAMILY=ixgbe"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SimulationFailed("make SIM=icarus FAMILY=ixgbe failed:\n" + done.stderr[-2000:])
    return seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vfs", type=vf_counts, default=[8, 64], help="NUM_VFS values (default 8,64)")
    ap.add_argument("--accesses", type=int, default=20000, help="transfers per measurement")
    ap.add_argument("--no-regression", action="store_true",
                    help="skip timing make SIM=icarus FAMILY=ixgbe")
    args = ap.parse_args()
    if args.accesses < 100:
        ap.error(f"--accesses {args.accesses} is too small: use 100 or more")
    print(f"pf_vf_mailbox_ixgbe on Icarus (monitor + model + scoreboard on), {args.accesses} "
          f"transfers per measurement, load average {os.getloadavg()[0]:.1f}; transfers per "
          "wall second (per CPU second of the simulator process):", flush=True)
    rates = {}
    for n in args.vfs:
        seconds = build_seconds(n)
        rates[n] = throughput(n, args.accesses)
        print(f"  NUM_VFS={n:2d}: build {seconds:5.2f} s; "
              + "; ".join(f"{name} {wall:6.0f}/s ({cpu:6.0f}/CPU s)"
                          for name, (wall, cpu) in rates[n].items()), flush=True)
    base = args.vfs[0]
    for n in args.vfs[1:]:
        print(f"  NUM_VFS={n} / NUM_VFS={base} ({n / base:g}x the VFs), per CPU second: "
              + "; ".join(f"{name} {rates[n][name][1] / rates[base][name][1]:.2f}x the rate"
                          for name in MEASUREMENTS), flush=True)
    if not args.no_regression:
        print(f"  make SIM=icarus FAMILY=ixgbe (NUM_VFS={IXGBE.default_num_vfs}, "
              f"{IXGBE.regression}): {regression_seconds():.0f} s wall", flush=True)


if __name__ == "__main__":
    sys.exit(main())
