"""Records the register-access trace of the race scenario (igbvf 1.1.5 + igb 3.2.10) on the
pins: one line per transfer, "time_ps port address data". Run by tests/test_race_suites.py
under both clock modes to show that skipping idle edges changes nothing.

RACE_TRACE_FILE: where to write; RACE_TRACE_UNTIL_US: stop after this much simulated time
(a free-running clock costs the simulator every edge; the race is over after ~16 ms).
"""

import os

import cocotb
from cocotb.triggers import Timer

from tb.scenarios.race import DEFAULT_PROFILE, run_race_scenario
from tb.options import option
from tb.testbench import MailboxTB
from tb.drivers.host import profile


@cocotb.test()
async def race_trace(dut):
    tb = MailboxTB(dut)
    until_us = option("RACE_TRACE_UNTIL_US", 20_000)
    lines = []

    def record(sample):
        for t in sample.transfers:
            lines.append(f"{sample.time_ps} {t.port}{t.func if t.port == 'vf' else ''} "
                         f"{'W' if t.write else 'R'} {t.addr:#06x} {t.data:#010x}")
        if sample.reset:
            lines.append(f"{sample.time_ps} reset")

    tb.observers.append(record)
    cocotb.start_soon(run_race_scenario(tb, "igbvf-1.1.5", "igb-3.2.10", profile(DEFAULT_PROFILE)))
    await Timer(until_us, "us")
    tb.observers.remove(record)
    with open(os.environ["RACE_TRACE_FILE"], "w") as f:
        f.write("\n".join(lines) + "\n")
    tb.log.info("clock %s: %d transfers in the first %d us", tb.clock.mode, len(lines), until_us)
    assert len(lines) > 200
