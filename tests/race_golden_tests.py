"""Writes the race scenario's full account for every VF x PF pair, to compare with the golden
copy in tests/fixtures/ (test_race.py): per pair, every register transfer on the pins with
time and clock edge relative to the scenario's start, and the verdict; then the verdict
table and the report's 9 steps. RACE_REPORT_FILE: where to write."""

import os

import cocotb

from tb.drivers.host import profile
from tb.scenarios.race import ALL_PAIRS, DEFAULT_PROFILE, run_race_scenario
from tb.scenarios.report import fates_line, nine_steps, verdict_table
from tb.testbench import MailboxTB


@cocotb.test()
async def race_report(dut):
    tb = MailboxTB(dut)
    lines, trace, verdicts = [], [], []

    def record(sample):
        for t in sample.transfers:
            trace.append((sample.time_ps, sample.edge, str(t)))

    tb.observers.append(record)
    for vf_version, pf_version in ALL_PAIRS:
        trace.clear()
        v = await run_race_scenario(tb, vf_version, pf_version, profile(DEFAULT_PROFILE))
        lines.append(fates_line(v))
        lines += [f"{edge - v.start_edge:>10d} {t}" for _, edge, t in trace
                  if edge >= v.start_edge]
        verdicts.append(v)
    lines.append(verdict_table(verdicts))
    lines += nine_steps(verdicts[0])
    with open(os.environ["RACE_REPORT_FILE"], "w") as f:
        f.write("\n".join(lines) + "\n")
    await tb.finish()
