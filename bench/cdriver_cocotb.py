"""cocotb side of bench/bench_cdriver.py: wall time of the same race scenario with the Linux
kernel's C driver and with the Python model it is compared with, best of BENCH_REPEAT."""

import json
import os
import time

import cocotb

from tb.drivers.host import profile
from tb.scenarios.race import run_race_scenario
from tb.testbench import MailboxTB

# (what, C VF, Python VF, PF, timing)
CASES = [
    ("bring-up", "linux-igbvf", "igbvf-upstream", "igb-upstream", "bare-metal"),
    ("1 s timeout", "linux-igbvf-writeonly", "igbvf-1.1.5", "igb-3.2.10", "xen-dom0"),
]


@cocotb.test()
async def c_driver_against_the_python_model(dut):
    tb = MailboxTB(dut)
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    results = []
    for what, c_vf, py_vf, pf, timing in CASES:
        best = {}
        for vf in (c_vf, py_vf) * repeat:
            started = time.perf_counter()
            await run_race_scenario(tb, vf, pf, profile(timing))
            wall = time.perf_counter() - started
            best[vf] = min(best.get(vf, wall), wall)
        results.append({"what": what, "pf": pf, "timing": timing, "c_vf": c_vf, "py_vf": py_vf,
                        "c_s": best[c_vf], "py_s": best[py_vf]})
    await tb.finish()
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump(results, f)
