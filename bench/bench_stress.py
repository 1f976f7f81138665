#!/usr/bin/env python3
"""Multi-VF stress: seeds per minute on one core (one simulator process), for a fixed pair.

    .venv/bin/python -m bench.bench_stress [--seeds N] [--pair VF:PF]
"""

import argparse
import json

from tb.build import ROOT, simulate


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20, help="seeds to run (default 20)")
    ap.add_argument("--pair", default="igbvf-upstream:igb-upstream")
    args = ap.parse_args()
    if args.seeds < 1:
        ap.error("--seeds must be >= 1")
    report = ROOT / "sim_build" / "bench" / "stress.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    simulate("stress_tests", "bench/stress",
             env={"STRESS_SEEDS": f"1..{args.seeds}", "STRESS_PAIRS": args.pair,
                  "STRESS_REPORT": str(report)})
    r = json.loads(report.read_text())[0]
    print(f"8-VF stress, {r['pair']}: {r['seeds']} seeds, {r['messages']} messages in "
          f"{r['wall_s']:.1f} s = {r['seeds'] / r['wall_s'] * 60:.1f} seeds/min on one core; "
          f"failing seeds: {r['failing_seeds'] or 'none'}")


if __name__ == "__main__":
    main()
