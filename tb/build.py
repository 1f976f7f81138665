"""The one build definition of the simulation: RTL sources, top level, parameters, timescale,
build directories and dump plumbing. `make SIM=icarus` (through `python -m tb.build`), the
pytest entry points, the benchmarks and the explorer all build and run through here.

    build(build_dir, num_vfs)                      compile pf_vf_mailbox once
    run(modules, build_dir, ...)                   run cocotb test modules on a build
    simulate(modules, name, num_vfs, ...)          both, in sim_build/<name>/<sim>-vfsN-wavesW
run() raises SimulationFailed naming the cocotb tests that failed.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

from cocotb_tools.runner import get_runner

from tb.waves.views import DUMP_PLUSARG, dump_stem

ROOT = Path(__file__).resolve().parents[1]
RTL = ROOT / "rtl"
TOPLEVEL = "pf_vf_mailbox"
TIMESCALE = ("1ns", "1ps")
SIM_BUILD = ROOT / "sim_build"
# Packages that hold cocotb test modules: a bare module name is looked up in them. cocotb's
# runner gives the simulator the caller's sys.path, which holds the repository root when
# the caller is `python -m ...` from it or pytest (tests/ is a package).
TEST_PACKAGES = ("tests", "bench")
SUPPORTED_SIMS = ("icarus",)
NUM_VFS_RANGE = (1, 8)
# VFs built into the RTL, and enabled by the PF, unless told otherwise: the same for `make
# SIM=icarus`, pytest, the race scenario and the explorer. 8: the i350 has eight VF
# mailboxes per port and the PF of the spec (drivers.md section 2) unmasks all eight
# (MBVFIMR = 0xFF); the seed report does not say how many VFs it enabled. The count
# matters: igb_msg_task visits every enabled VF on each interrupt (3 register reads each).
DEFAULT_NUM_VFS = 8


class SimulationFailed(AssertionError):
    """A simulation that failed, ran no test, or did not finish; the message names which
    cocotb tests failed and their first line of failure."""


def sources():
    return sorted(RTL.glob("*.v"))


def build_dir_for(name: str, num_vfs: int, waves: bool, sim: str = "icarus") -> Path:
    """sim_build/<name>/<sim>-vfs<N>-waves<0|1>: one directory per parameter set, since a
    build ignores parameter and dump changes in an existing directory."""
    return SIM_BUILD / name / f"{sim}-vfs{num_vfs}-waves{int(waves)}"


def slug(text: str) -> str:
    """A file name from a test id: pytest's `tests/test_x.py::test_y[8]` -> `test_x-test_y-8`."""
    text = text.split("/")[-1].replace(".py::", "-")
    return re.sub(r"[^A-Za-z0-9_.+-]+", "-", text).strip("-")


def build(build_dir: Path, num_vfs: int = DEFAULT_NUM_VFS, waves: bool = False,
          sim: str = "icarus", log_file: Path = None):
    """Compile pf_vf_mailbox with NUM_VFS=num_vfs into `build_dir`."""
    get_runner(sim).build(
        sources=sources(), includes=[RTL], hdl_toplevel=TOPLEVEL,
        parameters={"NUM_VFS": num_vfs}, build_dir=build_dir, timescale=TIMESCALE,
        waves=waves, always=True, log_file=log_file)


def dump_file(build_dir: Path, test_modules: str, testcase=None, race_pairs=None) -> Path:
    """The FST dump of a run with waves: named after what it ran (tb.waves.views.dump_stem)."""
    testcase = ",".join(testcase) if isinstance(testcase, (list, tuple)) else testcase
    return Path(build_dir) / (dump_stem(test_modules, testcase, race_pairs) + ".fst")


def run(test_modules: str, build_dir: Path, *, testcase=None, test_filter: str = None,
        env: dict = None, waves: bool = False, test_dir: Path = None, sim: str = "icarus",
        log_file: Path = None) -> Path:
    """Run cocotb test modules (comma-separated) on a build; returns the results file.
    Raises SimulationFailed when a test failed, none ran, or the simulator died."""
    build_dir = Path(build_dir)
    test_dir = Path(test_dir or build_dir)
    results = test_dir / "results.xml"
    env = dict(env or {})
    plusargs = []
    if waves:
        dump = dump_file(build_dir, test_modules, testcase, env.get("RACE_PAIRS"))
        plusargs.append(f"+{DUMP_PLUSARG}={dump}")
    try:
        get_runner(sim).test(
            hdl_toplevel=TOPLEVEL, hdl_toplevel_lang="verilog",
            test_module=[qualified(m) for m in test_modules.split(",") if m.strip()],
            testcase=testcase, test_filter=test_filter, build_dir=build_dir,
            test_dir=test_dir, results_xml=str(results), timescale=TIMESCALE, waves=waves,
            plusargs=plusargs, log_file=log_file,
            extra_env=env)
    except (SystemExit, subprocess.CalledProcessError):
        pass   # the results file says what happened; check_results explains it
    check_results(results, log_file)
    return results


def qualified(module: str) -> str:
    """`race_tests` -> `tests.race_tests` when tests/race_tests.py exists."""
    module = module.strip()
    for package in TEST_PACKAGES:
        if "." not in module and (ROOT / package / f"{module}.py").is_file():
            return f"{package}.{module}"
    return module


def check_results(results: Path, log_file: Path = None):
    """Raise SimulationFailed unless `results` holds at least one test and no failure."""
    where = f" (log: {log_file})" if log_file else ""
    if not Path(results).is_file():
        raise SimulationFailed(f"the simulator wrote no results file {results}{where}")
    cases = ElementTree.parse(results).getroot().iter("testcase")
    ran, failed = 0, []
    for case in cases:
        if case.find("skipped") is not None:
            continue
        ran += 1
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        if failure is not None:
            first = (failure.get("message") or failure.text or "").strip().splitlines()
            failed.append(f"{case.get('name')}: {first[0] if first else 'failed'}")
    if failed:
        raise SimulationFailed(f"{len(failed)} of {ran} cocotb tests failed{where}:\n  "
                               + "\n  ".join(failed))
    if ran == 0:
        raise SimulationFailed(f"no cocotb test ran{where}: check the test filter")


def simulate(test_modules: str, name: str, num_vfs: int = DEFAULT_NUM_VFS, *,
             waves: bool = False,
             sim: str = "icarus", **kwargs) -> Path:
    """Build into sim_build/<name>/..., then run there; returns the build directory."""
    build_dir = build_dir_for(name, num_vfs, waves, sim)
    build(build_dir, num_vfs, waves, sim)
    run(test_modules, build_dir, waves=waves, sim=sim, **kwargs)
    return build_dir


# ---------------------------------------------------------------------- make SIM=icarus
REGRESSION = ("mailbox_regs_tests,mailbox_random_tests,drivers_tests,faults_tests,"
              "hostile_vf_tests,stress_tests,coverage_tests,race_tests")


def main(argv=None) -> int:
    """`make SIM=icarus`: the whole cocotb regression on one build; the options come from
    the environment, as cocotb's own make flow takes them."""
    from tb.options import env_choice, env_int
    try:
        sim = env_choice("SIM", "icarus", SUPPORTED_SIMS)
        num_vfs = env_int("NUM_VFS", DEFAULT_NUM_VFS, *NUM_VFS_RANGE)
        env_int("RACE_NUM_VFS", num_vfs, 1, num_vfs)   # checked before any simulation
        waves = env_choice("WAVES", "0", ("0", "1")) == "1"
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    modules = os.environ.get("COCOTB_TEST_MODULES") or REGRESSION
    testcase = os.environ.get("COCOTB_TESTCASE") or None
    build_dir = build_dir_for("make", num_vfs, waves, sim)
    build(build_dir, num_vfs, waves, sim)
    try:
        results = run(modules, build_dir, testcase=testcase,
                      test_filter=os.environ.get("COCOTB_TEST_FILTER") or None, waves=waves,
                      sim=sim, env={"RACE_PAIRS": os.environ["RACE_PAIRS"]}
                      if os.environ.get("RACE_PAIRS") else None)
    except SimulationFailed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    print(f"results: {results.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
