"""Integration check in the real simulator: the seed scenario (tb/race.py run_race_scenario)
with the Python VF model, then with a compiled C VF in its place, on Icarus; prints each run's
wall time, transfers and message fates.

    .venv/bin/python -m tb.cdriver.cosim_check [--c-vf linux-igbvf-writeonly-1try]
        [--py-vf igbvf-1.1.5] [--pf igb-3.2.10] [--profile xen-dom0] [--reps 2]

NOTE for the integrator: unlike the rest of tb/cdriver this file imports the testbench
(tb.race, tb.testbench, tb.timing.profile, tests/sim_runner.py) at their pre-restructure
paths; nothing imports it. The scenario calls promisc_set_vf, which kernel igbvf lacks: here
it is a no-op, so the C run sends one message fewer.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

try:
    import cocotb
except ImportError:      # pragma: no cover
    cocotb = None

if cocotb is not None and os.environ.get("CDRIVER_COSIM") == "1":
    from tb.cdriver.adapters import CIgbvf

    class _ScenarioCIgbvf(CIgbvf):
        async def promisc_set_vf(self, flags):
            return None

    @cocotb.test()
    async def bring_up_python_vs_c(dut):
        import tb.race as race
        from tb.testbench import MailboxTB
        from tb.timing import profile
        env = os.environ
        tb = MailboxTB(dut)
        timing = profile(env["COSIM_PROFILE"])
        python_vf = race.Igbvf
        out = {}
        try:
            for _ in range(int(env["COSIM_REPS"])):
                for label in ("python", "c"):
                    if label == "c":
                        race.Igbvf = (lambda host, ver, vf, tl:
                                      _ScenarioCIgbvf(host, vf, tl, library=env["COSIM_C_VF"]))
                    else:
                        race.Igbvf = python_vf
                    before = tb.scoreboard.transfers
                    t0 = time.perf_counter()
                    v = await race.run_race_scenario(tb, env["COSIM_PY_VF"], env["COSIM_PF"],
                                                     timing)
                    out.setdefault(label, []).append({
                        "wall_s": time.perf_counter() - t0,
                        "transfers": tb.scoreboard.transfers - before, "link_up": v.link_up,
                        "fates": [f"{m.name}:{m.fate}" for m in v.messages]})
        finally:
            race.Igbvf = python_vf
        await tb.finish()
        Path(env["COSIM_OUT"]).write_text(json.dumps(out, indent=1))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--c-vf", default="linux-igbvf")
    ap.add_argument("--py-vf", default="igbvf-upstream")
    ap.add_argument("--pf", default="igb-upstream")
    ap.add_argument("--profile", default="bare-metal")
    ap.add_argument("--reps", type=int, default=2)
    args = ap.parse_args(argv)
    from tb.cdriver.build import library_path
    library_path(args.c_vf)                      # build it (or fail in one line) first
    sys.path[:0] = [str(ROOT / "tests")]
    from sim_runner import run_cocotb
    out = ROOT / "sim_build" / "cdriver" / "cosim_check.json"
    run_cocotb("tb.cdriver.cosim_check", "cdriver-cosim-check", 8, env={
        "CDRIVER_COSIM": "1", "COSIM_OUT": str(out), "COSIM_REPS": str(args.reps),
        "COSIM_C_VF": args.c_vf, "COSIM_PY_VF": args.py_vf, "COSIM_PF": args.pf,
        "COSIM_PROFILE": args.profile})
    results = json.loads(out.read_text())
    print(f"\nseed scenario, PF {args.pf}, profile {args.profile}:")
    for label, name in (("python", args.py_vf), ("c", args.c_vf)):
        for r in results[label]:
            print(f"  {label:6} VF {name:28} {r['wall_s'] * 1e3:8.1f} ms  {r['transfers']:5} "
                  f"transfers  link {'up' if r['link_up'] else 'down'}  {' '.join(r['fates'])}")
    py = min(r["wall_s"] for r in results["python"])
    c = min(r["wall_s"] for r in results["c"])
    print(f"  C / Python wall time (best of {args.reps}): {c / py:.2f}x")


if __name__ == "__main__":
    main()
