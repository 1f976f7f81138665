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
from tb.waves import png as waves_png
from tb.waves.views import (LABEL_CHAR_PIXELS, MARKER_NAMES, ROOT, WAVE_PIXELS, closeup_window,
                            TEMPLATE_DIR, TEMPLATES, all_traces, labels_fit, marker_labels, read_view, template_text,
                            view_groups, view_path)


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


# ---------------------------------------------------------------------- the README's pictures
def marked_view(markers_ps) -> str:
    """The marker part of a view's text: named markers at these times (ps)."""
    times = [str(t) for t in markers_ps] + ["-1"] * (26 - len(markers_ps))
    return "\n".join([f"*-26.0 {times[0]} " + " ".join(times)]
                     + [f"[markername] {'ABCD'[i]}{n}" for i, n in enumerate(
                         ["REQ erased", "message overwritten", "no ACK in time", "VF0 mbx timeout"])])


# the legacy scenario's markers and the window its view opens on (make waves-png's dump)
RACE_MARKERS_PS = [15_460_732_000, 15_461_940_000, 1_015_077_756_000, 1_017_081_304_000]
RACE_WINDOW_PS = (14_987_882_400, 15_523_773_579)


def test_marker_labels_do_not_print_over_each_other():
    """A and B are 1.2 us apart in a 536 us window (3 pixels): B's label is blank and A's
    names both; C and D, outside the window, keep theirs."""
    labels = marker_labels(marked_view(RACE_MARKERS_PS), RACE_WINDOW_PS)
    assert labels == {"A": "A: REQ erased, B: message overwritten 1.2 us later", "B": " ",
                      "C": "no ACK in time", "D": "VF0 mbx timeout"}
    # far apart (the close-up), each keeps its own
    closeup = (RACE_MARKERS_PS[0] - 1_208_000, RACE_MARKERS_PS[1] + 1_208_000)
    labels = marker_labels(marked_view(RACE_MARKERS_PS), closeup)
    assert (labels["A"], labels["B"]) == ("REQ erased", "message overwritten")


def test_marker_labels_fit_in_the_wave_pane():
    """A's joint label, centred on a marker 15 % from the right edge, would be cut off: the
    window is widened until it fits, and the labels are laid out again for it."""
    text = marked_view(RACE_MARKERS_PS)
    start, end = labels_fit(text, RACE_WINDOW_PS)
    assert start <= RACE_WINDOW_PS[0] and end > RACE_WINDOW_PS[1]
    label = marker_labels(text, (start, end))["A"]
    x = (RACE_MARKERS_PS[0] - start) / (end - start) * WAVE_PIXELS
    assert x + len(label) * LABEL_CHAR_PIXELS / 2 <= WAVE_PIXELS


@pytest.fixture(scope="module")
def pictures(tmp_path_factory, simulator):
    """make waves-png's pictures, made again from a run of their own into a temporary folder."""
    problem = waves_png.missing_tools() or sim_build.waves_unavailable(simulator)
    if problem or simulator != "icarus":
        pytest.skip(problem or "the committed pictures are Icarus dumps")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    build = sim_build.simulate("race_tests", f"pytest/test_waves-png-{worker}", waves=True,
                               env={"RACE_PAIRS": LEGACY})
    view = view_path(sim_build.dump_file(build, "race_tests", race_pairs=LEGACY), LEGACY)
    out = tmp_path_factory.mktemp("png")
    waves_png.render(view, out / "race-window.png", LEGACY)
    waves_png.render(view, out / "race-closeup.png", LEGACY, closeup_window(read_view(view)))
    return out, read_view(view)


@pytest.mark.parametrize("name", ["race-window.png", "race-closeup.png"])
def test_waves_png_gives_the_committed_pictures(pictures, name):
    """make waves-png in a fresh clone leaves git clean: the same pixels, byte for byte,
    whatever the build directory or test module (the title names the scenario). The render
    itself fails unless all 64 rows of the view, VF0's 16 words included, fit the window."""
    out, _ = pictures
    assert waves_png.same_picture(ROOT / "docs" / name, out / name), \
        f"docs/{name} is stale: make waves-png"


def test_marker_times_show_the_dump_and_the_nine_steps_clock(pictures):
    """The 9 steps count from the scenario's start; the dump from the simulation's. make
    waves-png prints both for every marker, and the README's table of them is that output."""
    _, view = pictures
    lines = waves_png.marker_times(view)
    offset = view["scenario_start_ps"]
    assert 0 < offset < 10**7   # the testbench's reset before the scenario: about 1 us
    erased = next(line for line in lines if "REQ erased" in line).split()
    assert erased[0] == "A"
    dump_ms, step_ms = float(erased[3]), float(erased[5])
    assert round((dump_ms - step_ms) * 1e9) == offset
    readme = (ROOT / "README.md").read_text()
    assert "\n".join(lines) in readme, "README's marker table differs from make waves-png's"


# ---------------------------------------------------------------------- the ixgbe hunt's picture
def waves_mk(name: str) -> str:
    """A variable of mk/waves.mk: the test renders what make waves-png-ixgbe renders."""
    for line in (ROOT / "mk" / "waves.mk").read_text().splitlines():
        if line.split(":=")[0].strip() == name:
            return line.split(":=", 1)[1].strip()
    raise KeyError(name)


@pytest.fixture(scope="module")
def ixgbe_picture(tmp_path_factory, simulator):
    """make waves-png-ixgbe's picture, made again from a run of its own."""
    from tb.family import IXGBE
    problem = waves_png.missing_tools() or sim_build.waves_unavailable(simulator)
    if problem or simulator != "icarus":
        pytest.skip(problem or "the committed picture is an Icarus dump")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    test = "h1_ping_erases_request"
    build = sim_build.simulate("ixgbe_hypotheses_tests", f"pytest/test_waves-ixgbe-{worker}", 1,
                               waves=True, family=IXGBE, test_filter=test)
    scenario = waves_mk("IXGBE_PNG_SCENARIO")
    view = view_path(sim_build.dump_file(build, "ixgbe_hypotheses_tests", test_filter=test),
                     scenario)
    out = tmp_path_factory.mktemp("png") / "ixgbe.png"
    window = waves_png.around(read_view(view), waves_mk("IXGBE_PNG_MARKER"),
                              float(waves_mk("IXGBE_PNG_SPAN_US")))
    waves_png.render(view, out, scenario, window)
    return out


def test_waves_png_ixgbe_gives_the_committed_picture(ixgbe_picture):
    """make waves-png-ixgbe in a fresh clone leaves git clean: its title names the scenario
    (not the build path), and the render fails unless all 16 words of VF 0 fit."""
    committed = ROOT / waves_mk("IXGBE_PNG")
    assert waves_png.same_picture(committed, ixgbe_picture), \
        f"{committed.name} is stale: make waves-png-ixgbe"


@pytest.mark.parametrize("span", ["-3", "0", "wide", "inf"])
def test_a_bad_closeup_span_is_one_line(span, capsys):
    """python -m tb.waves.png SCENARIO OUT --around MARKER SPAN_US: the span is checked
    before any view is looked for or picture written."""
    assert waves_png.main(["no:such", "/nonexistent/x.png", "--around", "A", span]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"SPAN_US={span!r} is not allowed: use a positive number of microseconds"]
