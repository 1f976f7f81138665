"""Waveforms: the committed GTKWave views are current and path-free; a recorded race
scenario's FST dump has every signal the views show under the names they use, and its
view's named markers sit on the protocol monitor's events, on the edges that made them."""

import json
import os
from pathlib import Path

import pywellen
import pytest

from tb import build as sim_build
from tb import regmap as R
from tb.waves.views import (MARKER_NAMES, closeup_window, TEMPLATE_DIR, TEMPLATES, all_traces, read_view,
                      template_text, view_groups, view_path)

LEGACY, NEVER_SENT = "igbvf-1.1.5:igb-3.2.10", "igbvf-1.1.5:igb-upstream"
LOCK_AND_STATUS_BITS = ("vfu", "pfu", "pfsts", "pfack", "rsti", "rstd", "vfreq", "vfack")
REGISTERS = ("vfreq", "vfack", "mbvfimr", "icr_vmmb", "ims_vmmb", "vflre", "pf_irq", "vf_irq")


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_committed_views_are_current_and_path_free(name):
    groups, comment = TEMPLATES[name]
    text = (TEMPLATE_DIR / name).read_text()
    assert text == template_text(groups, comment), "run: python -m tb.waves.views templates"
    assert "[dumpfile]" not in text and "[savefile]" not in text and "/work" not in text


@pytest.fixture(scope="module")
def race(tmp_path_factory, simulator):
    if sim_build.waves_unavailable(simulator):
        pytest.skip(sim_build.waves_unavailable(simulator))
    events_file = tmp_path_factory.mktemp("waves") / "events.json"
    # each pytest-xdist worker that gets one of this module's tests runs this fixture: one
    # directory each, or two simulators write one dump at once
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    build = sim_build.simulate("waves_race_tests", f"pytest/test_waves-race-{worker}",
                               waves=True, sim=simulator,
                               env={"WAVES_EVENTS_FILE": str(events_file)})
    recorded = json.loads(events_file.read_text())
    dump = sim_build.dump_file(build, "waves_race_tests")
    for scenario, r in recorded.items():
        assert r["view"] == str(view_path(dump, scenario))
    assert dump.is_file()
    wave = pywellen.Waveform(str(dump))
    legacy = recorded[LEGACY]
    return (wave, {v.full_name: v for v in wave.all_vars()}, legacy,
            read_view(Path(legacy["view"])), recorded)


def test_dump_has_every_word_bit_register_and_interrupt(race):
    wave, variables, _, _, _ = race
    assert (wave.timescale.factor, str(wave.timescale.unit)) == (1, "ps")
    top = "pf_vf_mailbox"
    for n in range(R.MAX_VFS):
        for i in range(R.MBX_WORDS):
            assert variables[f"{top}.vf[{n}].mbx.word[{i}].data"].bitwidth == 32
        for bit in LOCK_AND_STATUS_BITS:
            assert f"{top}.vf[{n}].mbx.{bit}" in variables
    for reg in REGISTERS:
        assert f"{top}.{reg}" in variables


def test_every_trace_of_the_views_is_in_the_dump_with_its_width(race):
    _, variables, _, view, _ = race
    traces = all_traces(view_groups(R.MAX_VFS, range(R.MAX_VFS)))
    for t in traces:
        assert t.full_name in variables, t.full_name
        assert variables[t.full_name].bitwidth == t.width, t.full_name
    assert set(view["traces"]) <= {t.full_name for t in traces}
    assert "pf_vf_mailbox.vf[0].mbx.word[15].data" in view["traces"]


def test_markers_are_the_monitors_events(race):
    _, _, recorded, view, _ = race
    expected = {MARKER_NAMES[e["kind"]].format(vf=0): e["time_ps"] for e in recorded["events"]}
    assert set(expected) == {"REQ erased", "message overwritten", "no ACK in time",
                             "VF0 mbx timeout"}
    assert view["markers"] == expected
    # the view opens on the race: the erased REQ and the overwrite are in its window
    assert view["timestart"] < expected["REQ erased"] < expected["message overwritten"]


def test_a_never_sent_scenario_has_its_markers_and_opens_on_them(race):
    """igbvf 1.1.5 + upstream igb loses nothing to an erasure: its messages are never sent,
    its lock refused by the PF's held lock. The view marks each refusal and opens on them,
    and a close-up of it can be taken."""
    *_, recorded = race
    never = recorded[NEVER_SENT]
    view = read_view(Path(never["view"]))
    refusals = [e["time_ps"] for e in never["events"] if e["kind"] == "vf-lock-failed"]
    assert refusals and sorted(view["markers"].values())[:len(refusals)] == refusals
    assert all(name.startswith("VF0 lock refused") for name in view["markers"])
    assert never["start_ps"] < view["timestart"] < refusals[0] < refusals[-1]
    assert refusals[0] - view["timestart"] < 5 * 10**9, "the view opens on the whole scenario"
    start, end = closeup_window(view)
    assert start < refusals[0] < end


def value(variables, name, time_ps):
    """The dumped value at a time; an edge's own updates show at its time, what it sampled
    1 ps before."""
    return variables[f"pf_vf_mailbox.{name}"].signal.value_at(time_ps)


def test_markers_sit_on_the_edges_that_made_the_events(race):
    _, variables, _, view, _ = race
    erased, overwritten = view["markers"]["REQ erased"], view["markers"]["message overwritten"]
    for marker in (erased, overwritten):
        assert (value(variables, "clk", marker - 1), value(variables, "clk", marker)) == (0, 1)
    # the pins the erased marker's edge samples: the PF's W1C of VFREQ[0] in MBVFICR; VFREQ falls
    sampled = erased - 1
    assert value(variables, "pf_psel", sampled) == value(variables, "pf_penable", sampled) == 1
    assert value(variables, "pf_pwrite", sampled) == 1
    assert value(variables, "pf_paddr", sampled) == R.PF_MBVFICR
    assert value(variables, "pf_pwdata", sampled) & R.vfreq(0)
    assert (value(variables, "vf[0].mbx.vfreq", sampled), value(variables, "vf[0].mbx.vfreq",
                                                                   erased)) == (1, 0)
    # the overwritten marker's edge: the PF's write of VMBMEM(0)[0] replaces the VF's message
    sampled = overwritten - 1
    assert value(variables, "pf_paddr", sampled) == R.pf_vmbmem(0, 0)
    assert value(variables, "pf_pwrite", sampled) == value(variables, "pf_penable", sampled) == 1
    before = value(variables, "vf[0].mbx.word[0].data", sampled)
    after = value(variables, "vf[0].mbx.word[0].data", overwritten)
    assert after == value(variables, "pf_pwdata", sampled) != before
