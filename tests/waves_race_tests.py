"""Race scenarios recorded for the waveform test (tests/test_waves.py): the legacy pair
(igbvf 1.1.5 + igb 3.2.10, a request erased) and the old VF against upstream igb (messages
never sent: its lock refused). Writes each one's GTKWave view, and the protocol monitor's
and the VF driver's events that the views' markers must sit on, as JSON to
WAVES_EVENTS_FILE."""

import json
import os

import cocotb

from tb.scenarios.race import DEFAULT_PROFILE, run_race_scenario
from tb.testbench import MailboxTB
from tb.drivers.host import profile
from tb.waves.views import (DRIVER_MARKER_KINDS, MONITOR_MARKER_KINDS, lock_refusals,
                            write_race_view_if_waves)

PAIRS = [("igbvf-1.1.5", "igb-3.2.10"), ("igbvf-1.1.5", "igb-upstream")]


@cocotb.test()
async def race_with_view(dut):
    tb = MailboxTB(dut)
    recorded = {}
    for vf, pf in PAIRS:
        v = await run_race_scenario(tb, vf, pf, profile(DEFAULT_PROFILE))
        view = write_race_view_if_waves(tb, v)
        assert view is not None, "run with WAVES=1: there is no dump to write a view for"
        events = [e for e in v.monitor.flags if e.kind in MONITOR_MARKER_KINDS]
        events += lock_refusals(v, 0) + v.timeline.of_kind(*DRIVER_MARKER_KINDS, source="VF0")
        recorded[f"{vf}:{pf}"] = {
            "view": str(view), "start_ps": v.start_ps,
            "events": [{"source": e.source, "kind": e.kind, "time_ps": e.time_ps, "edge": e.edge}
                       for e in events]}
    with open(os.environ["WAVES_EVENTS_FILE"], "w") as f:
        json.dump(recorded, f, indent=1)
    await tb.finish()
