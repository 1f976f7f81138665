"""Renders a GTKWave view to PNG headless: GTKWave under Xvfb, grabbing its own window
(File > Grab To File) from a Tcl script.

    python -m tb.waves.png VF:PF OUT.png [CLOSEUP.png]
        the latest view of that race scenario; CLOSEUP: zoomed on its first two markers
    python -m tb.waves.png --check
        exit 1 with one line when GTKWave or Xvfb is missing (make waves-png asks first)
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tb.waves.views import (ROOT, VIEW_SIZE, closeup_window, latest_view, open_command, read_view,
                      with_window)

TOOLS = ("xvfb-run", "gtkwave")
RENDER_TIMEOUT_S = 120
GRAB_SCRIPT = "gtkwave::/File/Grab_To_File {png}\ngtkwave::/File/Quit\n"


def missing_tools() -> str:
    """One line naming the missing tools, or '' when everything is there."""
    import shutil
    missing = [t for t in TOOLS if shutil.which(t) is None]
    return (f"{', '.join(missing)} not found: install the Debian packages gtkwave and xvfb "
            "(apt-get install gtkwave xvfb)") if missing else ""


def render(view: Path, png: Path, window=None):
    """GTKWave opens `view` (on `window`, if given) on a virtual screen of the view's size
    and saves its window, without the PNG's time stamp (the same view gives the same file)."""
    if missing_tools():
        raise SystemExit(missing_tools())
    png = png.resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "grab.tcl"
        script.write_text(GRAB_SCRIPT.format(png=png))
        if window is not None:
            moved = Path(tmp) / view.name
            moved.write_text(with_window(view.read_text(), window))
            view = moved
        gtkwave = [os.path.relpath(part, ROOT) if os.path.isabs(part) else part
                   for part in open_command(view)]   # the title shows the dump's name
        screen = f"-screen 0 {VIEW_SIZE[0]}x{VIEW_SIZE[1]}x24"
        run = subprocess.run(["xvfb-run", "-a", "-s", screen, gtkwave[0], "-S", str(script)]
                             + gtkwave[1:], capture_output=True, text=True,
                             timeout=RENDER_TIMEOUT_S, cwd=ROOT)
    if not png.is_file():
        raise SystemExit(f"GTKWave wrote no {png}:\n{run.stdout}{run.stderr}")
    from PIL import Image
    with Image.open(png) as grabbed:
        pixels = grabbed.convert("RGB")
    pixels.save(png, optimize=False)   # pixels only: no tIME or text chunks


def main(argv) -> int:
    if argv == ["--check"]:
        problem = missing_tools()
        if problem:
            print(problem, file=sys.stderr)
        return 1 if problem else 0
    if len(argv) not in (2, 3):
        print("usage: python -m tb.waves.png VF:PF OUT.png [CLOSEUP.png]")
        return 2
    view = latest_view(argv[0])
    if view is None:
        print(f"no view of {argv[0]} yet: record it with WAVES=1 (make waves-png does)")
        return 1
    render(view, Path(argv[1]))
    print(f"{argv[1]}: {view.name}")
    if len(argv) == 3:
        render(view, Path(argv[2]), closeup_window(read_view(view)))
        print(f"{argv[2]}: {view.name}, a close-up on its first markers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
