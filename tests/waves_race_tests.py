"""The legacy race scenario (igbvf 1.1.5 + igb 3.2.10) recorded for the waveform test
(tests/test_waves.py): writes its GTKWave view, and the protocol monitor's and the VF
driver's events that the view's markers must sit on, as JSON to WAVES_EVENTS_FILE."""

import json
import os

import cocotb

from tb.scenarios.race import DEFAULT_PROFILE, run_race_scenario
from tb.testbench import MailboxTB
from tb.drivers.host import profile
from tb.waves.views import DRIVER_MARKER_KINDS, MONITOR_MARKER_KINDS, write_race_view_if_waves

VF, PF = "igbvf-1.1.5", "igb-3.2.10"


@cocotb.test()
async def race_with_view(dut):
    tb = MailboxTB(dut)
    v = await run_race_scenario(tb, VF, PF, profile(DEFAULT_PROFILE))
    view = write_race_view_if_waves(tb, v)
    assert view is not None, "run with WAVES=1: there is no dump to write a view for"
    events = [{"source": e.source, "kind": e.kind, "time_ps": e.time_ps, "edge": e.edge}
              for e in v.monitor.flags + v.timeline.of_kind(*DRIVER_MARKER_KINDS, source="VF0")
              if e.kind in MONITOR_MARKER_KINDS + DRIVER_MARKER_KINDS]
    with open(os.environ["WAVES_EVENTS_FILE"], "w") as f:
        json.dump({"view": str(view), "events": events}, f, indent=1)
    await tb.finish()
