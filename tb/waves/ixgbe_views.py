"""GTKWave views of the 10 GbE hunt's scenarios (pf_vf_mailbox_ixgbe): the VF's lock and
status bits, the cause and mask registers, the link pin and the words, with named markers on
the hunt's events (link changes, a request erased, a PF message overwritten unread, a PF
lock taken twice, the VF reading a wrong reply), opening on the window around them.
Written next to the dump when WAVES=1 (tb/waves/views.py names dumps and views)."""

from dataclasses import dataclass
from pathlib import Path

from tb import messages_ixgbe as M
from tb import regmap as R
from tb.waves import views as W

TOP = "pf_vf_mailbox_ixgbe"


@dataclass(frozen=True)
class IxgbeTrace(W.Trace):
    @property
    def full_name(self) -> str:
        return f"{TOP}.{self.path}"


def _group(name, color, traces, closed=False) -> W.Group:
    return W.Group(name, color, tuple(IxgbeTrace(*t) for t in traces), closed)


def hunt_groups(num_vfs: int, vf: int = 0) -> list:
    port = lambda side, who: [(f"{who} psel", f"{side}_psel"), (f"{who} penable", f"{side}_penable"),
                              (f"{who} pwrite", f"{side}_pwrite")]
    pf = port("pf", "PF") + [("PF paddr", "pf_paddr", 17), ("PF pwdata", "pf_pwdata", 32),
                             ("PF prdata", "pf_prdata", 32)]
    vfp = port("vf", "VF") + [("VF pfunc (VF number)", "vf_pfunc", 6, "dec"),
                              ("VF paddr", "vf_paddr", 16), ("VF pwdata", "vf_pwdata", 32),
                              ("VF prdata", "vf_prdata", 32)]
    bits = [("vfu", "VFU"), ("pfu", "PFU"), ("vfreq", "VFREQ"), ("vfack", "VFACK"),
            ("pfsts", "PFSTS"), ("pfack", "PFACK"), ("rsti", "RSTI"), ("rstd", "RSTD")]
    return [
        _group("Clock, reset, link", "blue", [("clk", "clk"), ("rst_n", "rst_n"),
                                              ("link_up", "link_up")]),
        _group("PF port (APB)", "blue", pf),
        _group("VF port (APB)", "green", vfp),
        _group(f"VF{vf} lock and status bits", "yellow",
               [(f"VF{vf} {label}", f"vf[{vf}].mbx.{bit}") for bit, label in bits]),
        _group("Cause and mask", "orange", [("EICR MAILBOX", "eicr_mailbox"),
                                            ("EIMS MAILBOX", "eims_mailbox"),
                                            ("PFMBIMR", "pfmbimr", num_vfs, "bin")]),
        _group("Interrupts", "red", [("pf_irq", "pf_irq"), ("vf_irq", "vf_irq", num_vfs, "bin")]),
        _group(f"VF{vf} mailbox words", "violet",
               [(f"VF{vf} word {i:2d}", f"vf[{vf}].mbx.word[{i}].data", 32)
                for i in range(R.MBX_WORDS)]),
    ]


def hunt_markers(v, vf: int = 0) -> list:
    """Named markers on what the hunt looks for, in time order (GTKWave has 26)."""
    marks = [(e.time_ps, "link " + ("up" if "Up" in e.text else "down") + ": ping all VFs")
             for e in v.timeline.of_kind("link-change")]
    marks += [(e.time_ps, f"{e.message} erased") for e in v.monitor.flags
              if e.kind == "erased" and e.vf == vf]
    marks += [(t, f"{M.msg_name(lost or 0)} overwritten by {M.msg_name(by or 0)}")
              for _, t, n, lost, by in v.messages_to_vf.overwritten if n == vf]
    marks += [(t, "PF lock taken twice") for _, t, n in v.shared_pf_locks if n == vf]
    marks += [(e.time_ps, "VF reads a wrong reply") for e in v.timeline.of_kind("reply")
              if e.vf == vf and "PF_CONTROL_MSG" in e.text]
    marks = sorted(marks)[:len(W.MARKER_LETTERS)]
    return [W.Marker(name, t) for t, name in marks]


def write_hunt_view(v, dump: Path, num_vfs: int, scenario: str, vf: int = 0) -> Path:
    markers = hunt_markers(v, vf)
    if markers:
        start, end = markers[0].time_ps, markers[-1].time_ps
        margin = max((end - start) // 5, W.CLOSEUP_SPAN_PS)
        window = (start - margin, end + margin)
    else:
        window = (v.start_ps, v.start_ps + 20 * 10**9)
    comment = f"ixgbe hunt {scenario}: " + (", ".join(
        f"{W.MARKER_LETTERS[i]} {m.name} {(m.time_ps - v.start_ps) / 1e9:.6f} ms"
        for i, m in enumerate(markers)) or "no events")
    path = W.view_path(dump, scenario)
    path.write_text(W.view_text(dump, hunt_groups(num_vfs, vf), markers, window, comment,
                                v.start_ps))
    return path


def write_hunt_view_if_waves(tb, v, scenario: str, vf: int = 0):
    dump = W.dump_path()
    if dump is None:
        return None
    path = write_hunt_view(v, dump, tb.num_vfs, scenario, vf)
    tb.log.info("waves: %s", " ".join(W.open_command(path)))
    return path
