"""cocotb side of bench/bench_cdriver.py: wall time of the same scenario with the Linux
kernel's C drivers and with the Python models they are compared with, best of BENCH_REPEAT;
the cases of the simulated family (igb: the race scenario; ixgbe: the bring-up)."""

import json
import os
import time

import cocotb

from tb.drivers.host import profile
from tb.scenarios.ixgbe_bringup import run_ixgbe_scenario
from tb.scenarios.race import run_race_scenario
from tb.testbench import MailboxTB

# family -> (scenario, [(what, C VF:PF, Python VF:PF, timing)])
CASES = {
    "igb": (run_race_scenario, [
        ("bring-up", "linux-igbvf:igb-upstream", "igbvf-upstream:igb-upstream", "bare-metal"),
        ("1 s timeout", "linux-igbvf-writeonly:igb-3.2.10", "igbvf-1.1.5:igb-3.2.10",
         "xen-dom0")]),
    "ixgbe": (run_ixgbe_scenario, [
        ("bring-up", "linux-ixgbevf:linux-ixgbe", "ixgbevf-6.1:ixgbe-6.1", "bare-metal"),
        ("1 s timeouts", "linux-ixgbevf:linux-ixgbe-mixed", "ixgbevf-6.1:ixgbe-mixed",
         "bare-metal")]),
}


@cocotb.test()
async def c_driver_against_the_python_model(dut):
    tb = MailboxTB(dut)
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    scenario, cases = CASES[tb.family.name]
    results = []
    for what, c_pair, py_pair, timing in cases:
        best = {}
        for pair in (c_pair, py_pair) * repeat:
            started = time.perf_counter()
            await scenario(tb, *pair.split(":"), profile(timing))
            wall = time.perf_counter() - started
            best[pair] = min(best.get(pair, wall), wall)
        results.append({"what": what, "timing": timing, "c": c_pair, "py": py_pair,
                        "c_s": best[c_pair], "py_s": best[py_pair]})
    await tb.finish()
    with open(os.environ["BENCH_OUT"], "w") as f:
        json.dump(results, f)
