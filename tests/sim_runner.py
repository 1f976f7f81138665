"""Builds and runs the cocotb test modules through cocotb's Python runner, one build
directory per test and parameter set (so that `pytest -n auto` never shares one)."""

import os
from pathlib import Path

from cocotb_tools.runner import get_runner

from tb.waves import DUMP_PLUSARG, dump_stem

ROOT = Path(__file__).resolve().parents[1]
RTL = ROOT / "rtl"
TOPLEVEL = "pf_vf_mailbox"


def run_cocotb(test_module: str, build_name: str, num_vfs: int = 8, env: dict = None,
               testcase=None, waves: bool = None) -> Path:
    """Build pf_vf_mailbox with NUM_VFS=num_vfs and run `test_module` on it; returns the
    build directory. `waves` (default: WAVES=1 in the environment) records an FST dump."""
    sim = os.environ.get("SIM", "icarus")
    if waves is None:
        waves = os.environ.get("WAVES", "0") == "1"
    build_dir = ROOT / "sim_build" / "pytest" / f"{build_name}-waves{int(waves)}"
    runner = get_runner(sim)
    runner.build(
        sources=sorted(RTL.glob("*.v")),
        includes=[RTL],
        hdl_toplevel=TOPLEVEL,
        parameters={"NUM_VFS": num_vfs},
        build_dir=build_dir,
        timescale=("1ns", "1ps"),
        waves=waves,
        always=True,
    )
    runner.test(
        hdl_toplevel=TOPLEVEL,
        test_module=test_module,
        testcase=testcase,
        build_dir=build_dir,
        test_dir=build_dir,
        extra_env={"PYTHONPATH": os.pathsep.join(str(ROOT / d) for d in ("", "tests", "bench")),
                   **(env or {})},
        waves=waves,
        plusargs=[f"+{DUMP_PLUSARG}={dump_file(build_dir, test_module, testcase, env)}"]
        if waves else [],
    )
    return build_dir


def dump_file(build_dir: Path, test_module: str, testcase=None, env: dict = None) -> Path:
    """The FST dump of a run with WAVES: named after what it ran (tb/waves.py dump_stem)."""
    testcase = ",".join(testcase) if isinstance(testcase, (list, tuple)) else testcase
    return build_dir / (dump_stem(test_module, testcase, (env or {}).get("RACE_PAIRS")) + ".fst")
