"""Tests with teeth, checked in CI: a fixed sample of RTL mutants from different rule
families (tb/mutation/catalogue.py CI_SAMPLE), each of which the fast subset of the
regression must kill; the catalogue still applies to the RTL; bad input stops at once.
The whole catalogue runs with `make mutants`."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tb import build
from tb.family import FAMILIES as FAMILIES_BY_NAME
from tb.mutation.catalogue import BY_NAME, CATALOGUE, CHANNEL, CI_SAMPLE, FAMILIES, Edit, Mutant
from tb.mutation.mutate import StaleMutant, mutated_source, write_mutant
from tb.mutation.runner import run_mutant


@pytest.mark.parametrize("name", CI_SAMPLE)
def test_sampled_mutant_is_killed_by_the_fast_subset(sim, name):
    result = run_mutant(BY_NAME[name], build.SIM_BUILD / "pytest" / sim.name, seed=1, full=False)
    assert result.verdict == "killed", (
        f"mutant {name} ({BY_NAME[name].rule}) {result.verdict}: a test lost its teeth; "
        f"replay with `make mutants MUTANTS={name}` (logs in {result.work_dir})")


def test_ci_sample_spans_different_rule_families():
    families = {BY_NAME[n].family for n in CI_SAMPLE}
    assert len(families) == len(CI_SAMPLE) and "vf-reset" in families


def test_catalogue_applies_to_the_rtl_and_covers_every_family():
    for mutant in CATALOGUE:
        mutated_source(mutant)   # raises StaleMutant unless every target occurs exactly once
    assert len(CATALOGUE) >= 30
    assert {m.family for m in CATALOGUE} == set(FAMILIES)


def test_both_tops_have_mutants_and_each_ixgbe_only_rule_its_own():
    """The ixgbe-only rule families have mutants of the ixgbe top; the shared channel's
    mutants run against both tops."""
    assert {m.top for m in CATALOGUE} == set(FAMILIES_BY_NAME)
    ixgbe_only = {f for f in FAMILIES if f.startswith("ixgbe-")}
    assert ixgbe_only and {m.family for m in CATALOGUE if m.top == "ixgbe"} >= ixgbe_only
    assert not [m.name for m in CATALOGUE if m.family in ixgbe_only and m.top != "ixgbe"]
    igb_channel = [m for m in CATALOGUE if m.top == "igb" and all(e.file == CHANNEL for e in m.edits)]
    ixgbe_edits = {m.edits for m in CATALOGUE if m.top == "ixgbe"}
    assert igb_channel and all(m.edits in ixgbe_edits for m in igb_channel)


@pytest.mark.parametrize("find,count", [("no such text", 0), ("1'b0", "many")])
def test_a_stale_mutant_is_refused_and_writes_nothing(tmp_path, find, count):
    mutant = Mutant("stale", "state-bit", "none", (Edit("pf_vf_mailbox_channel.v", find, "x"),))
    with pytest.raises(StaleMutant, match="must be exactly once"):
        write_mutant(mutant, tmp_path / "rtl")
    assert not (tmp_path / "rtl").exists()


@pytest.mark.parametrize("var,value,allowed", [
    ("MUTANTS", "foo", "vf_flr_acts_on_first_edge_only"),
    ("MUTANTS", "pfsts_never_set,foo", "vf_flr_acts_on_first_edge_only"),
    ("MUTANT_JOBS", "3", "from 1 to 2"),
    ("MUTANT_FULL", "yes", "0, 1"),
])
def test_bad_option_gets_one_line_before_any_simulation(var, value, allowed):
    env = {**os.environ, var: value}
    before = mutant_dirs()
    proc = subprocess.run([sys.executable, "-m", "tb.mutation"], env=env, cwd=build.ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{var}={value!r}" in lines[0] and allowed in lines[0], proc.stderr
    assert mutant_dirs() == before, "it wrote something"


def mutant_dirs() -> set:
    """sim_build/mutants/*, but for the Ctrl-C test's own selection (it may run meanwhile)."""
    return {p for p in (build.SIM_BUILD / "mutants").glob("*") if p.name != CTRL_C_SELECTION}


CTRL_C_MUTANTS = ("imc_ignored", "reset_ims_one")
CTRL_C_SELECTION = "+".join(sorted(CTRL_C_MUTANTS))   # its directory: sim_build/mutants/<this>


def test_ctrl_c_ends_every_job_and_says_how_far_it_got():
    names = CTRL_C_MUTANTS
    work = build.SIM_BUILD / "mutants" / CTRL_C_SELECTION
    shutil.rmtree(work, ignore_errors=True)
    # Started as a non-interactive shell's background job (`make mutants &`) starts it: with
    # SIGINT ignored, which it must not inherit (its Ctrl-C would then do nothing).
    proc = subprocess.Popen([sys.executable, "-m", "tb.mutation"], cwd=build.ROOT, text=True,
                            env={**os.environ, "MUTANTS": ",".join(names)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert "2 mutants" in proc.stdout.readline()   # the run has begun
    deadline = time.monotonic() + 60
    while not list(work.glob("*/*.log")) and time.monotonic() < deadline:
        time.sleep(0.05)   # until a job has started
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1].startswith("interrupted after 0 of 2 mutants"), err
    assert not (work / "report.json").exists()
    assert not [p for p in running_command_lines() if str(work) in p], "a job outlived Ctrl-C"


def running_command_lines():
    """Every process's command line (to look for leftovers, not to signal them)."""
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass
    return lines
