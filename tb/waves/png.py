"""Renders a GTKWave view to PNG headless: GTKWave under Xvfb, grabbing its own window
(File > Grab To File) from a Tcl script.

    python -m tb.waves.png VF:PF OUT.png [CLOSEUP.png]
        the latest view of that race scenario; CLOSEUP: zoomed on its first two markers.
        Prints each marker's time in the dump and from the scenario's start (the 9 steps').
    python -m tb.waves.png SCENARIO OUT.png --around MARKER SPAN_US
        the latest view of any scenario (the ixgbe hunt's too), on SPAN_US microseconds
        centred on the marker named MARKER
    python -m tb.waves.png --check
        exit 1 with one line when GTKWave or Xvfb is missing (make waves-png asks first)

A picture depends only on the scenario's dump and view: GTKWave opens a copy of the dump
named after the scenario (its window title names that, not the build directory or the test
module), the marker labels are laid out not to overlap (`views.marker_labels`), and the
render fails unless every row of the view fits in the window (GTKWave's own count).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tb.waves.views import (DUMP_UNIT_PS, GTKWAVE_PIXELS_PER_FRAME, MARKER_LETTERS, VIEW_SIZE,
                            WAVE_PIXELS, closeup_window, labels_fit, latest_view, read_view,
                            scenario_slug, with_readable_labels, with_window)

TOOLS = ("xvfb-run", "gtkwave")
RENDER_TIMEOUT_S = 120
# GTKWave's wave pane does not redraw to the same pixels every time (seen: two renders of one
# view differ in 0.45 % of their pixels, a few pixels of the traces, nothing a reader sees).
# Two pictures are the same when they differ only there, in under 1 % of their pixels: the
# title, the toolbar and the signal names and values must match exactly.
SAME_PICTURE_PIXELS = 0.01
WAVE_PANE_CORNER = (351, 100)   # x, y of the wave pane's top left corner in the window
# GTK's overlay scrollbars fade in and out: a grab caught them at random
GTK_ENV = {**os.environ, "GTK_OVERLAY_SCROLLING": "0"}
# Grab the window, then ask GTKWave how many rows the view has, how tall a row is and how
# tall its wave pane is (the Time row takes one row of the pane).
GRAB_SCRIPT = """gtkwave::/File/Grab_To_File {png}
set f [open {rows} w]
puts $f "[gtkwave::getTotalNumTraces] [gtkwave::getFontHeight] [gtkwave::getWaveHeight]"
close $f
gtkwave::/File/Quit
"""


def missing_tools() -> str:
    """One line naming the missing tools, or '' when everything is there."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    return (f"{', '.join(missing)} not found: install the Debian packages gtkwave and xvfb "
            "(apt-get install gtkwave xvfb)") if missing else ""


def render(view: Path, png: Path, scenario: str, window=None):
    """GTKWave opens `view` of race `scenario` (on `window`, if given, else on its own,
    widened if a marker label needs it) on a virtual screen of the view's size and saves its
    window, without the PNG's time stamp. A picture already at `png` that shows the same
    (`same_picture`) is left as it is, so re-rendering leaves git clean."""
    if missing_tools():
        raise SystemExit(missing_tools())
    png = png.resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    parsed = read_view(view)
    window = labels_fit(view.read_text(), window or view_window(parsed))
    text = with_readable_labels(with_window(view.read_text(), window), window)
    with tempfile.TemporaryDirectory() as tmp:
        pixels = _grab(parsed["dumpfile"], text, Path(tmp) / "grab.png", scenario, view.name)
    if png.is_file() and same_picture(png, pixels):
        return   # the picture there already shows this: keep its bytes (git stays clean)
    pixels.save(png, optimize=False)   # pixels only: no tIME or text chunks


def same_picture(png: Path, pixels) -> bool:
    """Whether the picture in `png` shows what `pixels` (a PNG path or RGB image) shows: same
    size, and under SAME_PICTURE_PIXELS of the pixels differ."""
    from PIL import Image, ImageChops
    with Image.open(png) as old:
        old = old.convert("RGB")
    if not hasattr(pixels, "size"):
        with Image.open(pixels) as new:
            pixels = new.convert("RGB")
    if old.size != pixels.size:
        return False
    difference = ImageChops.difference(old, pixels).convert("L")
    box = difference.getbbox()
    if box is None:
        return True
    differing = sum(1 for value in difference.getdata() if value)
    return (box[0] >= WAVE_PANE_CORNER[0] and box[1] >= WAVE_PANE_CORNER[1]
            and differing < SAME_PICTURE_PIXELS * old.size[0] * old.size[1])


def _grab(dumpfile, view_text: str, png: Path, scenario: str, view_name: str):
    """One GTKWave run under Xvfb on `view_text`: the window's pixels (RGB), checked to show
    every row of the view."""
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        dump = tmp / f"{scenario_slug(scenario)}.fst"   # the window title names this file only
        shutil.copyfile(dumpfile, dump)
        (tmp / "view.gtkw").write_text(view_text)
        (tmp / "grab.tcl").write_text(GRAB_SCRIPT.format(png=png, rows=tmp / "rows"))
        screen = f"-screen 0 {VIEW_SIZE[0]}x{VIEW_SIZE[1]}x24"
        run = subprocess.run(["xvfb-run", "-a", "-s", screen, "gtkwave", "-S", "grab.tcl",
                              dump.name, "view.gtkw"], capture_output=True, text=True,
                             timeout=RENDER_TIMEOUT_S, cwd=tmp, env=GTK_ENV)
        rows = (tmp / "rows").read_text().split() if (tmp / "rows").is_file() else []
    if not png.is_file() or len(rows) != 3:
        raise SystemExit(f"GTKWave wrote no {png}:\n{run.stdout}{run.stderr}")
    traces, row_px, pane_px = map(int, rows)
    if (traces + 1) * row_px > pane_px:
        png.unlink()
        raise SystemExit(f"{view_name}: its {traces} rows need {(traces + 1) * row_px} pixels, the "
                         f"wave pane has {pane_px}: raise VIEW_SIZE in tb/waves/views.py")
    from PIL import Image
    with Image.open(png) as grabbed:
        pixels = grabbed.convert("RGB")
    return pixels


def view_window(view: dict) -> tuple:
    """The (start, end) in ps a view opens on: its start and the span its zoom shows."""
    span = 2 ** -view["zoom"] * WAVE_PIXELS / GTKWAVE_PIXELS_PER_FRAME * DUMP_UNIT_PS
    start = view["timestart"] * DUMP_UNIT_PS
    return start, start + int(span)


def marker_times(view: dict) -> list:
    """One line per marker: its time in the dump (GTKWave's axis) and from the scenario's
    start (the 9 steps' clock)."""
    origin = view["scenario_start_ps"]
    lines = [f"scenario start at {origin / 1e9:.6f} ms of the dump; marker, dump time, "
             "time from the scenario start:"]
    markers = sorted(view["markers"].items(), key=lambda m: m[1])   # lettered in time order
    for letter, (name, t) in zip(MARKER_LETTERS, markers):
        t *= DUMP_UNIT_PS
        lines.append(f"  {letter} {name:22s} {t / 1e9:12.6f} ms {(t - origin) / 1e9:12.6f} ms")
    return lines


def around(view: dict, marker: str, span_us: float) -> tuple:
    """The (start, end) in ps of `span_us` centred on the view's marker named `marker`."""
    if marker not in view["markers"]:
        raise SystemExit(f"--around {marker!r}: the view's markers are "
                         f"{', '.join(sorted(view['markers']))}")
    centre, half = view["markers"][marker] * DUMP_UNIT_PS, int(span_us * 1e6) // 2
    return centre - half, centre + half


def main(argv) -> int:
    if argv == ["--check"]:
        problem = missing_tools()
        if problem:
            print(problem, file=sys.stderr)
        return 1 if problem else 0
    closeup = argv[2:3] == ["--around"] and len(argv) == 5
    if len(argv) not in (2, 3) and not closeup:
        print("usage: python -m tb.waves.png SCENARIO OUT.png [CLOSEUP.png | --around MARKER "
              "SPAN_US]")
        return 2
    if closeup:
        try:
            span_us = float(argv[4])
        except ValueError:
            span_us = 0
        if not 0 < span_us < float("inf"):
            print(f"SPAN_US={argv[4]!r} is not allowed: use a positive number of microseconds")
            return 2
    view = latest_view(argv[0])
    if view is None:
        print(f"no view of {argv[0]} yet: record it with WAVES=1 (make waves-png does)")
        return 1
    if closeup:
        render(view, Path(argv[1]), argv[0], around(read_view(view), argv[3], span_us))
        print(f"{argv[1]}: {view.name}, {span_us:g} us around {argv[3]}")
        print("\n".join(marker_times(read_view(view))))
        return 0
    render(view, Path(argv[1]), argv[0])
    print(f"{argv[1]}: {view.name}")
    print("\n".join(marker_times(read_view(view))))
    if len(argv) == 3:
        render(view, Path(argv[2]), argv[0], closeup_window(read_view(view)))
        print(f"{argv[2]}: {view.name}, a close-up on its first markers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
