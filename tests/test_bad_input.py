"""The surface a user touches: every bad input stops once, before any simulation, with one
line naming the variable the user set and what is allowed; nothing is built or overwritten;
a run that ran no test fails; a failing simulation names the cocotb test that failed."""

import json
import os
import subprocess
import sys

import pytest

from tb import build
from tb.build import ROOT
from tb.waves.views import dump_stem

PYTHON = sys.executable


def run(cmd, env=None, cwd=ROOT, timeout=600):
    full_env = {k: v for k, v in os.environ.items()
                if not k.startswith(("COCOTB_", "RACE_", "STRESS_", "MAILBOX_"))}
    full_env.update(env or {})
    return subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout)


def one_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if not line.startswith("make")]
    assert len(lines) == 1, text
    return lines[0]


def copy_makefiles(to):
    """The Makefile and what it reads, alone in a directory (make runs there, not here)."""
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        (to / name).write_bytes((ROOT / name).read_bytes())
    (to / "mk").mkdir()
    for part in (ROOT / "mk").glob("*.mk"):   # the Makefile includes each
        (to / "mk" / part.name).write_bytes(part.read_bytes())


# ---------------------------------------------------------------------- 1. Python
def test_an_old_python_is_refused_in_one_line_and_nothing_is_made(tmp_path):
    copy_makefiles(tmp_path)
    old = tmp_path / "python3.10"      # a Python that says it is 3.10
    old.write_text(f"#!/bin/sh\nexec {PYTHON} -c 'import sys; sys.version_info = (3, 10, 0); "
                   f"sys.version = \"3.10.0\"; code = sys.argv[2]; exec(code)' \"$@\"\n")
    old.chmod(0o755)
    result = run(["make", "--no-print-directory", "venv", f"PYTHON3={old}"], cwd=tmp_path)
    assert result.returncode != 0
    line = one_line(result.stderr)
    assert "PYTHON3=" in line and "3.10.0" in line and "3.11" in line
    assert not (tmp_path / ".venv").exists()


# ---------------------------------------------------------------------- 2, 3. options
@pytest.mark.parametrize("variable,value,allowed", [
    ("NUM_VFS", "abc", "an integer from 1 to 8"),
    ("NUM_VFS", "9", "an integer from 1 to 8"),
    ("CLOCK_MODE", "bogus", "idle-skip, free"),
    ("MAILBOX_SEED", "abc", "an integer from 0"),
    ("RACE_PAIRS", "igbvf-9:igb-3.2.10", "allowed igbvf-1.1.5"),
    ("RACE_PROFILE", "kvm", "bare-metal, xen-dom0"),
    ("STRESS_SEEDS", "5..1", "a..b with 0 <= a <= b"),
    ("WAVES", "yes", "0, 1"),
    ("RTL_DIR", "/no/such/dir", "module pf_vf_mailbox"),
    ("RTL_DIR", "tests", "module pf_vf_mailbox"),
    ("FAMILY", "e1000", "igb, ixgbe"),
    ("RACE_EXPECT", "igbvf-1.1.5:igb-3.2.10=gone", "vf:pf=down|up"),
    ("RACE_EXPECT", "igbvf-9:igb-3.2.10=down", "allowed igbvf-1.1.5"),
    ("DRIVER_ROLE", "both", "vf, pf"),
    ("DRIVER_OPS", "set_vfta", "op=function"),
])
def test_a_bad_option_stops_the_make_flow_once_before_building(variable, value, allowed):
    result = run([PYTHON, "-m", "tb.build"], env={variable: value})
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith(f"{variable}={value!r}") and allowed in line, line
    assert result.stdout == "", "something was built or run"
    assert not list((ROOT / "sim_build").glob(f"make/*vfs{value}*")), "a build directory was made"


def test_a_real_code_pair_without_its_sources_is_refused_before_the_simulator(tmp_path):
    """One line, before any build: not the simulator's traceback with the reason at its end."""
    result = run([PYTHON, "-m", "tb.build"], env={
        "RACE_PAIRS": "linux-igbvf:igb-3.2.10", "COCOTB_TEST_MODULES": "race_tests",
        "LINUX_SRC": str(tmp_path)})   # a tree without the igb/igbvf files
    assert result.returncode == 2 and result.stdout == "", result.stdout[-2000:]
    line = one_line(result.stderr)
    assert line.startswith("RACE_PAIRS='linux-igbvf:igb-3.2.10' is not allowed: linux-igbvf") \
        and "make cdriver" in line and "LINUX_SRC" in line, line


def test_num_vfs_beyond_the_familys_range_stops_make_before_building():
    result = run([PYTHON, "-m", "tb.build"], env={"FAMILY": "ixgbe", "NUM_VFS": "65"})
    assert result.returncode == 2 and result.stdout == ""
    assert one_line(result.stderr) == \
        "NUM_VFS='65' is not allowed: use an integer from 1 to 64 (FAMILY=ixgbe)"
    assert not list((ROOT / "sim_build").glob("make/ixgbe-*vfs65*"))


def test_make_soak_names_the_variable_the_user_typed():
    result = run(["make", "--no-print-directory", "soak", "STRESS_SEEDS=5..1"])
    assert result.returncode != 0
    line = one_line(result.stderr)
    assert line.startswith("STRESS_SEEDS='5..1'"), line


@pytest.mark.parametrize("old,new", [("SEEDS", "STRESS_SEEDS"), ("STRESS_PAIR", "STRESS_PAIRS")])
def test_make_soak_refuses_its_old_option_names(old, new):
    """make soak reads the regression's names; an old name typed would be silently ignored."""
    result = run(["make", "--no-print-directory", "soak", f"{old}=1..1"])
    assert result.returncode != 0 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"{old}=1..1 is not read by make soak") and f"use {new}=" in line, line


def test_make_test_names_a_bad_option_in_one_line():
    # --collect-only: were the check missing, the nested pytest would only collect
    result = run(["make", "--no-print-directory", "test", "CLOCK_MODE=bogus"],
                 env={"PYTEST_ADDOPTS": "--collect-only"}, timeout=120)
    assert result.returncode != 0
    assert one_line(result.stderr) == "CLOCK_MODE='bogus' is not allowed: use one of idle-skip, free"


def test_a_bad_option_stops_pytest_once():
    result = run([PYTHON, "-m", "pytest", "-q", "-p", "no:xdist", "tests/test_regmap.py"],
                 env={"CLOCK_MODE": "bogus"})
    assert result.returncode == 2
    assert result.stdout.count("CLOCK_MODE='bogus'") == 1, result.stdout


# ---------------------------------------------------------------------- 4. test filters
def test_a_filter_with_a_bar_runs_exactly_the_tests_it_names():
    result = run(["make", "--no-print-directory", "SIM=icarus", "NUM_VFS=3",
                  "COCOTB_TEST_MODULES=mailbox_regs_tests",
                  "COCOTB_TEST_FILTER=s4_rule2|s4_rule4"])
    assert result.returncode == 0, result.stderr[-2000:]
    assert "TESTS=2 PASS=2 FAIL=0" in result.stdout


def test_a_run_that_ran_no_test_fails():
    result = run(["make", "--no-print-directory", "SIM=icarus", "NUM_VFS=2",
                  "COCOTB_TEST_MODULES=mailbox_regs_tests", "COCOTB_TEST_FILTER=no_such_test"])
    assert result.returncode != 0
    assert "no cocotb test ran" in result.stderr


# ---------------------------------------------------------------------- 5. dumps
def test_runs_of_different_content_never_share_a_dump_name():
    full = dump_stem(build.REGRESSION)
    one = dump_stem(build.REGRESSION, test_filter="s5_reset_values")
    other = dump_stem(build.REGRESSION, test_filter="s4_rule1|s4_rule2")
    assert len({full, one, other}) == 3
    assert dump_stem("race_tests", race_pairs="igbvf-1.1.5:igb-3.2.10") == \
        "race_tests.igbvf-1.1.5_igb-3.2.10"


def test_runs_of_different_content_never_share_a_results_file(tmp_path):
    """A filtered, one-test, one-pair or soak run writes its own cocotb results file; only
    the whole regression writes results.xml."""
    names = [build.results_file(tmp_path, build.REGRESSION),
             build.results_file(tmp_path, build.REGRESSION, test_filter="s4_rule1"),
             build.results_file(tmp_path, build.REGRESSION, testcase="s5_reset_values"),
             build.results_file(tmp_path, "race_tests", race_pairs="igbvf-1.1.5:igb-3.2.10"),
             build.results_file(tmp_path, "stress_tests"),
             build.results_file(tmp_path, "race_tests", race_pairs=",".join(f"vf{i}:pf" for i in range(60)))]
    assert names[0].name == "results.xml" and len(set(names)) == len(names), names
    assert max(len(n.name) for n in names) < 128, "a file name the file system refuses"


def out_folder(target: str, args: str) -> str:
    result = run(["make", "-n", "--no-print-directory", target, f"{target.upper()}_ARGS={args}"])
    command = next(line for line in result.stdout.splitlines() if "--out " in line)
    return command.split("--out ")[1].split()[0]


@pytest.mark.parametrize("target,plain", [("sweep", "results/sweep-quick"), ("window", "results/window")])
def test_make_sweep_or_window_with_arguments_keeps_its_own_folder(target, plain):
    folders = [out_folder(target, a) for a in ("", "--trials 4", "--trials 5", "--trials 4")]
    assert folders[0] == plain and folders[1] == folders[3]
    assert len({plain, folders[1], folders[2]}) == 3 and folders[1].startswith(plain + "-"), folders


# ---------------------------------------------------------------------- 7. replays
def test_the_soak_replay_command_replays_the_seed(sim, tmp_path):
    """The command a failing seed prints runs the same pair, timing and seed: its account
    (messages, losses) is the regression's for that seed."""
    from tests.stress_tests import replay
    report = tmp_path / "stress.json"
    sim("stress_tests", env={"STRESS_SEEDS": "2..2", "STRESS_PAIRS": "igbvf-1.1.5:igb-3.2.10",
                             "STRESS_REPORT": str(report)})
    original = json.loads(report.read_text())[0]
    command = replay(2, ("igbvf-1.1.5", "igb-3.2.10"), original["profile"]).split()
    assert command[:2] == ["make", "soak"]
    result = run(command + ["--no-print-directory"])
    assert result.returncode == 0, result.stderr[-2000:]
    replayed = json.loads((ROOT / "sim_build" / "soak.json").read_text())[0]
    for key in ("pair", "profile", "seeds", "messages", "lost"):
        assert replayed[key] == original[key], key
    assert original["lost"] > 0


# ---------------------------------------------------------------------- 9. tools first
def test_waves_png_checks_its_tools_before_simulating(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run([PYTHON, "-m", "tb.waves.png", "--check"],
                 env={"PATH": f"{empty}:{os.path.dirname(PYTHON)}"})
    assert result.returncode == 1
    assert "gtkwave" in one_line(result.stderr)


# ---------------------------------------------------------------------- 10, 11, 13
def test_a_skipped_test_says_why():
    result = run([PYTHON, "-m", "tb.build"],
                 env={"NUM_VFS": "2", "COCOTB_TEST_MODULES": "hostile_vf_tests"})
    skipped = [line for line in result.stdout.splitlines() if " skipped: needs NUM_VFS >= 3" in line]
    assert len(skipped) == 2 and all("NUM_VFS=2" in line for line in skipped), result.stdout[-3000:]
    assert result.returncode == 1 and "no cocotb test ran" in result.stderr   # all skipped


def test_a_failing_simulation_names_the_cocotb_test_and_its_assertion(tmp_path):
    results = tmp_path / "results.xml"
    results.write_text(
        '<testsuites><testsuite><testcase name="passes"/><testcase name="s4_rule2_lock_tie">'
        '<failure message="assert 0 == 8&#10;more"/></testcase></testsuite></testsuites>')
    with pytest.raises(build.SimulationFailed) as failed:
        build.check_results(results)
    assert "s4_rule2_lock_tie: assert 0 == 8" in str(failed.value)
    assert "1 of 2 cocotb tests failed" in str(failed.value)


# ---------------------------------------------------------------------- make clean
def test_make_clean_keeps_results_and_the_kernel_sources(tmp_path):
    """`make clean` removes build products only, and says what it kept; the user's results
    go only with `make clean-results`, the fetched kernel sources with `make clean-kernel`."""
    copy_makefiles(tmp_path)
    made = ["results/sweep-quick/summary.csv", "sim_build/cdriver/src/linux-source-6.1/x.c",
            "sim_build/cdriver/linux-igbvf.so", "sim_build/pytest/a/results.xml", "results.xml"]
    for rel in made:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    result = run(["make", "--no-print-directory", "clean"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [rel for rel in made if (tmp_path / rel).exists()] == made[:2]
    assert "kept: results/" in result.stdout and "make clean-results" in result.stdout
    assert run(["make", "clean-results"], cwd=tmp_path).returncode == 0
    assert not (tmp_path / "results").exists() and (tmp_path / made[1]).exists()
