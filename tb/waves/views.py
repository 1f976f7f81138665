"""Waveforms: how dumps are named, the GTKWave views (the committed ones in waves/, and one
per race scenario with named markers on the race's events, opening on the race window),
and finding the latest view of a scenario.

Icarus writes one dump per simulator run, so a dump is named after what the run simulated
(`dump_stem`): `race_tests.igbvf-1.1.5_igb-3.2.10.fst` holds that one scenario; a run of
several scenarios has one view per scenario into its dump: `<dump stem>--<scenario>.gtkw`.

    python -m tb.waves.views templates         rewrite waves/*.gtkw (committed, path-free)
    python -m tb.waves.views check SCENARIO    exit 2 with one line if SCENARIO (vf:pf) is no pair
    python -m tb.waves.views latest SCENARIO   print its latest view's path (exit 1: none yet)
    python -m tb.waves.views open SCENARIO     GTKWave on that view, or the command without a display
"""

import math
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from tb import regmap as R
from tb import regmap_ixgbe as X

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "waves"
SIM_BUILD = ROOT / "sim_build"
TOP = "pf_vf_mailbox"
DUMP_PLUSARG = "dumpfile_path"   # read by the dump module cocotb's runner writes
DUMP_UNIT_PS = 1                 # the dump's time unit: the testbench runs at 1 ps (tb/bus/clock.py)

# The race's events that get a named marker: protocol monitor flags, then driver events.
MONITOR_MARKER_KINDS = ("erased", "overwritten", "timeout")     # the monitor's flags
LOCK_MARKER_KINDS = ("vf-lock-failed", "pf-lock-failed")       # the monitor's timeline events
DRIVER_MARKER_KINDS = ("mbx-timeout",)
MARKER_NAMES = {"erased": "REQ erased", "overwritten": "message overwritten",
                "timeout": "no ACK in time", "mbx-timeout": "VF{vf} mbx timeout",
                "vf-lock-failed": "VF{vf} lock refused", "pf-lock-failed": "PF lock refused"}
CLOSEUP_SPAN_PS = 20 * 10**6   # a close-up on one marker: 20 us on each side
MARKER_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"   # GTKWave's 26 named markers

# The window a view opens on, and the geometry its zoom is computed for.
WINDOW_MARGIN = 0.15        # of the race window's span, on each side
CLOSEUP_MARGIN = 1.0        # a close-up shows as much again on each side
VIEW_SIZE = (1600, 1500)    # GTKWave window, pixels: tall enough for a view's 64 rows
SIGNALS_WIDTH = 300         # the signal-name pane
WAVE_PIXELS = VIEW_SIZE[0] - SIGNALS_WIDTH - 40   # the wave pane, less borders and scrollbar
GTKWAVE_PIXELS_PER_FRAME = 200   # GTKWave's zoom z shows 2**-z time units per 200 pixels
LABEL_CHAR_PIXELS = 6       # GTKWave's marker-label font measures about 5.4 pixels a character
LABEL_GAP_PIXELS = 10       # between two marker labels
SCENARIO_START = "scenario start: "   # a view's header line: where the 9 steps' time 0 is

# GTKWave trace flags (analyzer.h) and colours ([color] index)
TR_HEX, TR_DEC, TR_BIN, TR_RJUSTIFY, TR_BLANK = 0x2, 0x4, 0x8, 0x20, 0x200
TR_CLOSED, TR_GRP_BEGIN, TR_GRP_END, TR_COLLAPSED = 0x400000, 0x800000, 0x1000000, 0x1000
FORMATS = {"hex": TR_RJUSTIFY | TR_HEX, "bin": TR_RJUSTIFY | TR_BIN, "dec": TR_RJUSTIFY | TR_DEC}
BIT_RANGE = re.compile(r"\[\d+:\d+\]$")
COLORS = {"red": 1, "orange": 2, "yellow": 3, "green": 4, "blue": 5, "indigo": 6, "violet": 7}


# ---------------------------------------------------------------------------- names
def scenario_slug(scenario: str) -> str:
    """'igbvf-1.1.5:igb-3.2.10' -> 'igbvf-1.1.5_igb-3.2.10' (a file-name part)."""
    return scenario.replace(":", "_")


def dump_stem(test_modules: str, testcase: str = None, race_pairs: str = None,
              test_filter: str = None) -> str:
    """The name of a run's dump: its test modules, testcase, test filter and race pairs, so
    that runs of different content never write the same file, and a dump of one scenario is
    named after it."""
    parts = ["+".join(m.strip() for m in test_modules.split(",") if m.strip())]
    if testcase:
        parts.append("+".join(testcase.split(",")))
    if test_filter:
        parts.append("filter-" + re.sub(r"[^A-Za-z0-9_+-]+", "_", test_filter).strip("_"))
    if race_pairs:
        parts.append(scenario_slug("+".join(race_pairs.split(","))))
    return ".".join(parts)


def dump_path() -> Optional[Path]:
    """The dump this simulator run writes, or None when WAVES is off."""
    import cocotb
    path = cocotb.plusargs.get(DUMP_PLUSARG)
    return Path(path).resolve() if path else None


def view_path(dump: Path, scenario: str) -> Path:
    slug = scenario_slug(scenario)
    name = dump.stem if dump.stem.endswith(slug) else f"{dump.stem}--{slug}"
    return dump.with_name(name + ".gtkw")


# ---------------------------------------------------------------------------- traces
@dataclass(frozen=True)
class Trace:
    label: str         # no '.': GTKWave would show only what follows the last one
    path: str          # below the top module
    width: int = 1
    fmt: str = "hex"
    top: str = TOP     # the top module (pf_vf_mailbox_ixgbe for the ixgbe family)

    @property
    def full_name(self) -> str:
        """The name as the dump has it (pywellen's full_name)."""
        return f"{self.top}.{self.path}"

    @property
    def gtkwave_name(self) -> str:
        return self.full_name + (f"[{self.width - 1}:0]" if self.width > 1 else "")


@dataclass(frozen=True)
class Group:
    name: str
    color: str
    traces: tuple
    closed: bool = False


@dataclass(frozen=True)
class FamilyWaves:
    """What differs between the families' views: the top, the pins' widths, the PF's cause
    and mask registers (tb.family names the family; this is the waves room's one place)."""

    top: str
    pf_paddr_bits: int
    pfunc_bits: int
    max_vfs: int
    causes: Callable   # num_vfs -> the traces of the cause and mask registers
    show_flr: bool     # vf_flr in the clock group (an ixgbe FLR clears mailbox bits)


def _igb_causes(num_vfs: int) -> tuple:
    return (Trace("MBVFICR VFREQ[7:0]", "vfreq", R.MAX_VFS, "bin"),
            Trace("MBVFICR VFACK[7:0]", "vfack", R.MAX_VFS, "bin"),
            Trace("MBVFIMR", "mbvfimr", num_vfs, "bin"),
            Trace("ICR VMMB  mailbox cause", "icr_vmmb"),
            Trace("IMS VMMB  mailbox enable", "ims_vmmb"),
            Trace("VFLRE", "vflre", num_vfs, "bin"))


def _ixgbe_causes(num_vfs: int) -> tuple:
    top = "pf_vf_mailbox_ixgbe"
    return (Trace("PFMBICR VFREQ[63:0]  (16 VFs per PFMBICR(i))", "vfreq", X.IXGBE_MAX_VFS, "hex", top),
            Trace("PFMBICR VFACK[63:0]", "vfack", X.IXGBE_MAX_VFS, "hex", top),
            Trace("PFMBIMR  (reset all ones)", "pfmbimr", num_vfs, "hex", top),
            Trace("EICR MAILBOX  cause (not read-to-clear)", "eicr_mailbox", 1, "hex", top),
            Trace("EIMS MAILBOX  enable", "eims_mailbox", 1, "hex", top),
            Trace("VFLRE-VFLREC  VF reset events", "vflr", num_vfs, "hex", top),
            Trace("CTRL_EXT  (PFRSTD reads 0)", "ctrl_ext", 32, "hex", top))


WAVES = {"igb": FamilyWaves(TOP, 16, 3, R.MAX_VFS, _igb_causes, False),
         "ixgbe": FamilyWaves("pf_vf_mailbox_ixgbe", 17, 6, X.IXGBE_MAX_VFS, _ixgbe_causes, True)}


def port_group(side: str, color: str, fw: FamilyWaves = WAVES["igb"]) -> Group:
    p, who, top = f"{side}_", side.upper(), fw.top
    traces = [Trace(f"{who} psel", p + "psel", top=top),
              Trace(f"{who} penable", p + "penable", top=top),
              Trace(f"{who} pwrite", p + "pwrite", top=top)]
    if side == "vf":
        traces.append(Trace("VF pfunc (VF number)", "vf_pfunc", fw.pfunc_bits, "dec", top))
    paddr_bits = fw.pf_paddr_bits if side == "pf" else 16
    traces += [Trace(f"{who} paddr", p + "paddr", paddr_bits, top=top),
               Trace(f"{who} pwdata", p + "pwdata", 32, top=top),
               Trace(f"{who} prdata", p + "prdata", 32, top=top),
               Trace(f"{who} pslverr", p + "pslverr", top=top)]
    return Group(f"{who} port (APB)", color, tuple(traces))


def lock_group(vf: int, closed: bool = False, top: str = TOP) -> Group:
    bits = [("vfu", "VFU  VF holds the lock"), ("pfu", "PFU  PF holds the lock"),
            ("vfreq", "VFREQ  VF request"), ("vfack", "VFACK  VF ack"),
            ("pfsts", "PFSTS  PF message"), ("pfack", "PFACK  PF ack"),
            ("rsti", "RSTI  reset in progress"), ("rstd", "RSTD  reset done")]
    return Group(f"VF{vf} lock and status bits", "yellow",
                 tuple(Trace(f"VF{vf} {label}", f"vf[{vf}].mbx.{bit}", top=top)
                       for bit, label in bits), closed)


def words_group(vf: int, closed: bool = False, top: str = TOP) -> Group:
    return Group(f"VF{vf} mailbox words (VMBMEM)", "violet",
                 tuple(Trace(f"VF{vf} word {i:2d}", f"vf[{vf}].mbx.word[{i}].data", 32, top=top)
                       for i in range(R.MBX_WORDS)), closed)


def view_groups(num_vfs: int, vfs, open_vfs=None, family: str = "igb") -> list:
    """The groups of a view of a device of `family` with `num_vfs` VFs, showing VFs `vfs`;
    of those, `open_vfs` (default: all) open, the others closed."""
    fw = WAVES[family]
    open_vfs = vfs if open_vfs is None else open_vfs
    causes = Group("Cause and mask registers", "orange", fw.causes(num_vfs))
    interrupts = Group("Interrupts", "red", (
        Trace("pf_irq", "pf_irq", top=fw.top), Trace("vf_irq", "vf_irq", num_vfs, "bin", fw.top)))
    clock = Group("Clock and reset", "blue", tuple(
        [Trace(name, name, top=fw.top) for name in ("clk", "rst_n", "link_up")]
        + ([Trace("vf_flr", "vf_flr", num_vfs, "hex", fw.top)] if fw.show_flr else [])))
    groups = [clock, port_group("pf", "blue", fw), port_group("vf", "green", fw)]
    groups += [lock_group(n, closed=n not in open_vfs, top=fw.top) for n in vfs]
    groups += [causes, interrupts]
    groups += [words_group(n, closed=n not in open_vfs, top=fw.top) for n in vfs]
    return groups


def all_traces(groups) -> list:
    return [t for g in groups for t in g.traces]


def trace_lines(groups) -> list:
    """The trace section of a .gtkw: one group per Group, aliased, coloured, formatted."""
    lines = []
    for g in groups:
        closed = TR_CLOSED if g.closed else 0
        lines += [f"@{TR_BLANK | TR_GRP_BEGIN | closed:x}", f"-{g.name}"]
        for t in g.traces:
            lines += [f"@{FORMATS[t.fmt]:x}", f"[color] {COLORS[g.color]}",
                      f"+{{{t.label}}} {t.gtkwave_name}"]
        end = TR_BLANK | TR_GRP_END | (TR_CLOSED | TR_COLLAPSED if g.closed else 0)
        lines += [f"@{end:x}", f"-{g.name}"]
    return lines


def header_lines(comment: str) -> list:
    return ["[*]", f"[*] {comment}", "[*]"]


def geometry_lines() -> list:
    return [f"[size] {VIEW_SIZE[0]} {VIEW_SIZE[1]}", f"[signals_width] {SIGNALS_WIDTH}",
            "[sst_expanded] 0"]


def template_text(groups, comment: str) -> str:
    lines = header_lines(comment) + ["[timestart] 0"] + geometry_lines()
    return "\n".join(lines + trace_lines(groups)) + "\n"


ALL_VFS = range(R.MAX_VFS)
IXGBE_VIEW_VFS = (0, 31, 32, 63)
TEMPLATES = {
    # file: (groups for NUM_VFS=8, what it is for)
    "mailbox.gtkw": (view_groups(R.MAX_VFS, ALL_VFS, open_vfs=(0,)),
                     "pf_vf_mailbox, NUM_VFS=8, every VF (VF1-7 closed): "
                     "gtkwave <dump>.fst waves/mailbox.gtkw"),
    "race.gtkw": (view_groups(R.MAX_VFS, (0,)),
                  "pf_vf_mailbox, NUM_VFS=8, the race's VF0: gtkwave <dump>.fst waves/race.gtkw"),
    # 64 VFs x 24 traces would bury the registers: the first and last VF of each 32-VF word
    "mailbox_ixgbe.gtkw": (view_groups(X.IXGBE_MAX_VFS, IXGBE_VIEW_VFS, open_vfs=(0,),
                                       family="ixgbe"),
                           "pf_vf_mailbox_ixgbe, NUM_VFS=64, VFs 0, 31, 32, 63 (31-63 closed): "
                           "gtkwave <dump>.fst waves/mailbox_ixgbe.gtkw"),
}


def write_templates(directory: Path = TEMPLATE_DIR):
    directory.mkdir(exist_ok=True)
    for name, (groups, comment) in TEMPLATES.items():
        (directory / name).write_text(template_text(groups, comment))


# ---------------------------------------------------------------------------- race views
@dataclass(frozen=True)
class Marker:
    name: str
    time_ps: int


def race_markers(verdict, vf: int = 0) -> list:
    """Named markers on the race's events: the monitor's erased / overwritten / timeout flags,
    the locks it saw refused (a message never sent, a reply dropped) and the VF driver's
    mailbox timeouts, in time order."""
    events = [e for e in verdict.monitor.flags if e.kind in MONITOR_MARKER_KINDS and e.vf == vf]
    events += lock_refusals(verdict, vf)
    events += verdict.timeline.of_kind(*DRIVER_MARKER_KINDS, source=f"VF{vf}")
    events = sorted(events, key=lambda e: e.time_ps)[:len(MARKER_LETTERS)]
    names = [MARKER_NAMES[e.kind].format(vf=vf) for e in events]
    seen = {}
    for i, name in enumerate(names):   # a name that repeats is numbered: every marker its own
        if names.count(name) > 1:
            seen[name] = seen.get(name, 0) + 1
            names[i] = f"{name} {seen[name]}"
    return [Marker(name, e.time_ps) for name, e in zip(names, events)]


def lock_refusals(verdict, vf: int) -> list:
    """The monitor's events of a lock request read back as not granted, for VF `vf`."""
    return [e for e in verdict.timeline.of_kind(*LOCK_MARKER_KINDS, source="monitor") if e.vf == vf]


def race_window(verdict, scenario_end_ps: int, vf: int = 0) -> tuple:
    """(start, end) in ps, with a margin: from the REQ of the first erased or overwritten
    request to its loss; else from the REQ before the first refused lock (a message never
    sent, a reply dropped) to the last one; the whole scenario when nothing went wrong."""
    lost = [e.time_ps for e in verdict.monitor.flags if e.kind in ("erased", "overwritten")]
    refused = [e.time_ps for e in lock_refusals(verdict, vf)]
    if lost:
        first_lost = min(lost)
        reqs = [r.req_time_ps for r in verdict.monitor.requests
                if (r.erased or r.overwritten) and r.req_time_ps <= first_lost]
        start, end = min(reqs + [first_lost]), max(lost)
    elif refused:
        before = [r.req_time_ps for r in verdict.monitor.requests if r.req_time_ps <= min(refused)]
        start, end = max(before, default=min(refused)), max(refused)
    else:
        return verdict_start_ps(verdict), scenario_end_ps
    margin = max(int((end - start) * WINDOW_MARGIN), 1)
    return start - margin, end + margin


def verdict_start_ps(verdict) -> int:
    return min((e.time_ps for e in verdict.timeline.events), default=0)


def zoom_for(span_ps: int) -> float:
    """GTKWave's zoom that shows `span_ps` across the wave pane."""
    units_per_frame = span_ps / DUMP_UNIT_PS * GTKWAVE_PIXELS_PER_FRAME / WAVE_PIXELS
    return -math.log2(units_per_frame)


def view_text(dump: Path, groups, markers, window, comment: str, scenario_start_ps: int = 0) -> str:
    start, end = window
    named = [str(m.time_ps // DUMP_UNIT_PS) for m in markers]
    named += ["-1"] * (len(MARKER_LETTERS) - len(named))
    primary = named[0]
    lines = header_lines(comment) + [f"[*] {SCENARIO_START}{scenario_start_ps} ps"]
    lines += [f'[dumpfile] "{dump}"', f"[timestart] {start // DUMP_UNIT_PS}"]
    lines += geometry_lines()
    lines.append(f"*{zoom_for(end - start):.6f} {primary} " + " ".join(named))
    lines += [f"[markername] {MARKER_LETTERS[i]}{m.name}" for i, m in enumerate(markers)]
    return "\n".join(lines + trace_lines(groups)) + "\n"


def write_race_view_if_waves(tb, verdict, vf: int = 0) -> Optional[Path]:
    """After a race scenario: with WAVES on, write its view next to the dump."""
    from tb.bus.clock import now_ps
    dump = dump_path()
    if dump is None:
        return None
    path = write_race_view(verdict, dump, tb.num_vfs, now_ps(), vf)
    tb.log.info("waves: %s", " ".join(open_command(path)))
    return path


def write_race_view(verdict, dump: Path, num_vfs: int, end_ps: int, vf: int = 0) -> Path:
    """Write the view of one race scenario next to its dump; returns its path."""
    scenario = f"{verdict.vf_version}:{verdict.pf_version}"
    markers = race_markers(verdict, vf)
    window = race_window(verdict, end_ps, vf)
    comment = (f"race {verdict.vf_version} + {verdict.pf_version} ({verdict.profile}), VF{vf}: "
               + (", ".join(f"{MARKER_LETTERS[i]} {m.name} {m.time_ps / 1e9:.6f} ms"
                            for i, m in enumerate(markers)) or "no race events")
               + "; times are the dump's, the 9 steps' are from the scenario start below")
    path = view_path(dump, scenario)
    path.write_text(view_text(dump, view_groups(num_vfs, (vf,)), markers, window, comment,
                              verdict.start_ps))
    return path


# ---------------------------------------------------------------------------- reading views
def read_view(path: Path) -> dict:
    """The parts of a .gtkw this project writes: dumpfile, timestart, zoom, markers {name: time}
    and the traces' dump names (without bit ranges)."""
    view = {"dumpfile": None, "timestart": 0, "zoom": None, "markers": {}, "traces": [],
            "scenario_start_ps": 0}
    times = []
    for line in path.read_text().splitlines():
        if line.startswith(f"[*] {SCENARIO_START}"):
            view["scenario_start_ps"] = int(line[len(f"[*] {SCENARIO_START}"):].split()[0])
        elif line.startswith("[dumpfile] "):
            view["dumpfile"] = line.split('"')[1]
        elif line.startswith("[timestart] "):
            view["timestart"] = int(line.split()[1])
        elif line.startswith("*"):
            fields = line[1:].split()
            view["zoom"], times = float(fields[0]), [int(f) for f in fields[2:]]
        elif line.startswith("[markername] "):
            text = line[len("[markername] "):]
            view["markers"][text[1:]] = times[MARKER_LETTERS.index(text[0])]
        elif line.startswith("+{"):
            view["traces"].append(BIT_RANGE.sub("", line.split("} ", 1)[1]))
    return view


def with_window(text: str, window) -> str:
    """The same view opening on another window (start, end) in ps."""
    start, end = window
    lines = []
    for line in text.splitlines():
        if line.startswith("[timestart] "):
            line = f"[timestart] {start // DUMP_UNIT_PS}"
        elif line.startswith("*"):
            line = f"*{zoom_for(end - start):.6f} " + line.split(" ", 1)[1]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _marker_lines(text: str) -> list:
    """(time in ps, letter, name) of each named marker of a view's text, in time order."""
    times, names = [], {}
    for line in text.splitlines():
        if line.startswith("*"):
            times = [int(f) * DUMP_UNIT_PS for f in line[1:].split()[2:]]
        elif line.startswith("[markername] "):
            names[line[13]] = line[14:]
    return sorted((times[MARKER_LETTERS.index(k)], k, name) for k, name in names.items())


def marker_labels(text: str, window) -> dict:
    """{letter: label} so that no two labels print over each other at `window` (start, end)
    in ps. GTKWave centres each label on its marker, all on one line, so a marker whose label
    would touch the one before it gets a blank label, and that one names both ("A: REQ
    erased, B: message overwritten 1.2 us later"). Markers outside the window keep theirs."""
    start, end = window
    pixel = lambda t: (t - start) / (end - start) * WAVE_PIXELS   # noqa: E731
    labels, head = {}, None   # head: the letter, time and right edge of the last label drawn
    for t, letter, name in _marker_lines(text):
        labels[letter] = name
        if not start <= t <= end:
            continue
        if head is not None and pixel(t) - len(name) * LABEL_CHAR_PIXELS / 2 < head[2]:
            first, first_t, _ = head
            if not labels[first].startswith(f"{first}: "):
                labels[first] = f"{first}: {labels[first]}"
            labels[first] += f", {letter}: {name} {(t - first_t) / 1e6:.1f} us later"
            labels[letter] = " "   # blank: with no name at all GTKWave prints the letter
            letter, t = first, first_t
        head = (letter, t, pixel(t) + len(labels[letter]) * LABEL_CHAR_PIXELS / 2
                + LABEL_GAP_PIXELS)
    return labels


def with_readable_labels(text: str, window) -> str:
    """The same view with `marker_labels` at `window`."""
    labels = marker_labels(text, window)
    return "\n".join(f"[markername] {line[13]}{labels[line[13]]}"
                     if line.startswith("[markername] ") else line
                     for line in text.splitlines()) + "\n"


def labels_fit(text: str, window) -> tuple:
    """`window` (start, end) in ps, widened if need be so that every label of
    `marker_labels` lies inside the wave pane (one near an edge would be cut off)."""
    start, end = window
    for _ in range(4):   # widening moves the labels: a few rounds settle it
        labels = marker_labels(text, (start, end))
        ps_per_pixel = (end - start) / WAVE_PIXELS
        left = right = 0.0   # pixels missing on each side
        for t, letter, _ in _marker_lines(text):
            if start <= t <= end and labels[letter].strip():
                x, half = (t - start) / ps_per_pixel, len(labels[letter]) * LABEL_CHAR_PIXELS / 2
                left, right = max(left, half - x), max(right, x + half - WAVE_PIXELS)
        if left <= 0 and right <= 0:
            break
        start, end = start - int(2 * left * ps_per_pixel), end + int(2 * right * ps_per_pixel)
    return start, end


def closeup_window(view: dict) -> Optional[tuple]:
    """A window on the view's first two markers (the erased REQ and the overwrite), or on its
    only one; None when it has none (the view's own window is the close-up)."""
    times = sorted(view["markers"].values())[:2]
    if not times:
        return None
    if len(times) == 1:
        span = CLOSEUP_SPAN_PS // DUMP_UNIT_PS
        return (times[0] - span) * DUMP_UNIT_PS, (times[0] + span) * DUMP_UNIT_PS
    first, second = times
    margin = max(int((second - first) * CLOSEUP_MARGIN), 1)
    return (first - margin) * DUMP_UNIT_PS, (second + margin) * DUMP_UNIT_PS


MAKE_FLOW_BUILDS = SIM_BUILD / "make"   # where make SIM=icarus / make waves-record dump


def latest_view(scenario: str, under: Path = MAKE_FLOW_BUILDS) -> Optional[Path]:
    """The newest view of `scenario` that the make flow wrote (pytest's are its own)."""
    views = list(under.glob(f"**/*{scenario_slug(scenario)}.gtkw")) if under.is_dir() else []
    return max(views, key=lambda p: p.stat().st_mtime, default=None)


def open_command(view: Path) -> list:
    return ["gtkwave", str(read_view(view)["dumpfile"]), str(view)]


def main(argv) -> int:
    usage = "usage: python -m tb.waves.views templates | check VF:PF | latest VF:PF | open VF:PF"
    if argv[:1] == ["templates"]:
        write_templates()
        return 0
    if len(argv) != 2 or argv[0] not in ("check", "latest", "open"):
        print(usage)
        return 2
    from tb.drivers.catalog import known_pair
    try:
        known_pair(argv[1])
    except ValueError as e:
        print(f"SCENARIO={argv[1]!r}: {e}")
        return 2
    if argv[0] == "check":
        return 0
    view = latest_view(argv[1])
    if view is None:
        print(f"no view of {argv[1]} under {SIM_BUILD.relative_to(ROOT)}/ yet")
        return 1
    if argv[0] == "latest":
        print(view)
        return 0
    print(f"the latest view of {argv[1]} from the make flow: {view.relative_to(ROOT)}")
    command = open_command(view)
    if os.environ.get("DISPLAY") and shutil.which("gtkwave"):
        os.execvp(command[0], command)
    reason = "no $DISPLAY" if not os.environ.get("DISPLAY") else "gtkwave is not installed"
    print(f"{reason}; to look at it: {' '.join(command)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
