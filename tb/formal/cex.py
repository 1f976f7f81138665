"""A counterexample, readable: the steps of its VCD as a short text table (the APB transfers
that complete, FLRs, resets and the VF state bits that changed) and a GTKWave view of it
(the layout of waves/mailbox.gtkw, under the harness's instance name)."""

import re
from pathlib import Path

import pywellen

from tb.waves.views import (Group, Trace, header_lines, geometry_lines, trace_lines,
                            view_groups)

STEP = 10   # yosys-smtbmc's VCD: one step every 10 time units, the clock rises at each
# Each VF's flops (dut.vf<n>.mbx.<flop>), as the table names them.
BITS = {"vfu": "VFU", "pfu": "PFU", "vfreq": "VFREQ", "vfack": "VFACK", "pfsts": "PFSTS",
        "pfack": "PFACK", "rsti": "RSTI", "rstd": "RSTD", "vf_irq": "vf_irq"}


class HarnessTrace(Trace):
    """A trace of the DUT inside a formal harness (the VCD's scope is <harness>.dut)."""
    harness = ""

    @property
    def full_name(self) -> str:
        # yosys-smtbmc names a generate scope vf<0> where the simulators say vf[0]
        return f"{self.harness}.dut." + re.sub(r"\[(\d+)\]\.", r"<\1>.", self.path)


def _signals(vcd: Path):
    wave = pywellen.Waveform(str(vcd))
    return {v.full_name: v for v in wave.all_vars()}


def _value(variables, name, t):
    var = variables.get(name)
    if var is None:
        return None
    v = var.signal.value_at(t)
    return v if isinstance(v, int) else None


def rows(vcd: Path, harness: str, num_vfs: int, steps: int) -> list:
    """One row per step: step, rst_n, PF transfer, VF transfer, FLR, VF bits set after it."""
    sig = _signals(vcd)
    h = harness + "."
    out = []
    for s in range(steps + 1):
        t = s * STEP
        get = lambda n: _value(sig, h + n, t)
        pf = vf = ""
        if get("pf_psel") and get("pf_penable"):
            pf = (f"W {get('pf_paddr'):04X} {get('pf_pwdata'):08X}" if get("pf_pwrite")
                  else f"R {get('pf_paddr'):04X} -> {get('pf_prdata') or 0:08X}")
            pf += " ERR" if get("pf_pslverr") else ""
        if get("vf_psel") and get("vf_penable"):
            vf = f"VF{get('vf_pfunc')} " + (f"W {get('vf_paddr'):04X} {get('vf_pwdata'):08X}"
                                             if get("vf_pwrite") else
                                             f"R {get('vf_paddr'):04X} -> {get('vf_prdata') or 0:08X}")
            vf += " ERR" if get("vf_pslverr") else ""
        flr = get("vf_flr") or 0
        state = []
        for n in range(num_vfs):
            on = [label for flop, label in BITS.items() if get(f"dut.vf<{n}>.mbx.{flop}")]
            if on:
                state.append(f"VF{n}:" + ",".join(on))
        out.append((s, get("rst_n"), pf, vf, f"{flr:b}" if flr else "", " ".join(state)))
    return out


def table(result, harness: str) -> str:
    """The counterexample as text: the steps up to the failing one."""
    b = result.check.build
    lines = [f"{result.check.name}: {result.failed} fails at step {result.step}",
             f"{'step':>4}  {'rst_n':5}  {'PF transfer completing':28}  {'VF transfer completing':30}"
             f"  {'FLR':4}  state after the previous edge (bits that are 1)"]
    for s, rst, pf, vf, flr, state in rows(result.vcd, harness, b.num_vfs, result.step):
        lines.append(f"{s:>4}  {rst if rst is not None else '-':<5}  {pf:28}  {vf:30}  {flr:4}  {state}")
    return "\n".join(lines) + "\n"


def view(result, harness: str) -> str:
    """A .gtkw on the counterexample's VCD: the project's mailbox layout, every VF open."""
    b = result.check.build
    HarnessTrace.harness = harness
    groups = [Group(g.name, g.color, tuple(HarnessTrace(**vars(t)) for t in g.traces), g.closed)
              for g in view_groups(b.num_vfs, range(b.num_vfs))]
    lines = header_lines(f"{result.check.name}: counterexample, {result.failed} fails at "
                         f"step {result.step}") + [f'[dumpfile] "{result.vcd}"', "[timestart] 0"]
    return "\n".join(lines + geometry_lines() + trace_lines(groups)) + "\n"
