"""Records the register-access trace of race scenarios on the pins: one line per transfer,
"time_ps port address data", then each pair's verdict. Run by tests/test_race.py under both
clock modes, to show that skipping idle edges changes nothing, and by
tests/test_simulators.py on Icarus and on Verilator, to show that they agree.

RACE_TRACE_FILE: where to write. RACE_PAIRS: vf:pf,... (default: the report's pair).
RACE_TRACE_UNTIL_US: stop the one pair after this much simulated time (a free-running clock
costs the simulator every edge; the race is over after ~16 ms); 0, the default, runs every
pair to its end and writes its verdict and the verdict table.
"""

import os

import cocotb
from cocotb.triggers import Timer

from tb.drivers.host import profile
from tb.options import option
from tb.scenarios.race import DEFAULT_PROFILE, run_race_scenario
from tb.scenarios.report import fates_line, verdict_table
from tb.testbench import MailboxTB

REPORT_PAIR = ("igbvf-1.1.5", "igb-3.2.10")


@cocotb.test()
async def race_trace(dut):
    tb = MailboxTB(dut)
    pairs = option("RACE_PAIRS", [REPORT_PAIR])
    until_us = option("RACE_TRACE_UNTIL_US", 0)
    assert not until_us or len(pairs) == 1, "RACE_TRACE_UNTIL_US stops one pair, not several"
    lines, verdicts = [], []

    def record(sample):
        for t in sample.transfers:
            lines.append(f"{sample.time_ps} {t.port}{t.func if t.port == 'vf' else ''} "
                         f"{'W' if t.write else 'R'} {t.addr:#06x} {t.data:#010x}")
        if sample.reset:
            lines.append(f"{sample.time_ps} reset")

    tb.observers.append(record)
    for vf, pf in pairs:
        scenario = run_race_scenario(tb, vf, pf, profile(DEFAULT_PROFILE))
        if until_us:
            cocotb.start_soon(scenario)
            await Timer(until_us, "us")
        else:
            verdicts.append(await scenario)
            lines.append(fates_line(verdicts[-1]))
    tb.observers.remove(record)
    if verdicts:
        lines.append(verdict_table(verdicts))
        await tb.finish()
    with open(os.environ["RACE_TRACE_FILE"], "w") as f:
        f.write("\n".join(lines) + "\n")
    tb.log.info("clock %s: %d lines of trace", tb.clock.mode, len(lines))
    assert len(lines) > 200
