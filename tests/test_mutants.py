"""Tests with teeth, checked in CI: a fixed sample of RTL mutants from different rule
families (tb/mutation/catalogue.py CI_SAMPLE), each of which the fast subset of the
regression must kill; the catalogue still applies to the RTL; bad input stops at once.
The whole catalogue runs with `make mutants`."""

import os
import subprocess
import sys

import pytest

from tb import build
from tb.mutation.catalogue import BY_NAME, CATALOGUE, CI_SAMPLE, FAMILIES, Edit, Mutant
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
    before = set((build.SIM_BUILD / "mutants").glob("*"))
    proc = subprocess.run([sys.executable, "-m", "tb.mutation"], env=env, cwd=build.ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{var}={value!r}" in lines[0] and allowed in lines[0], proc.stderr
    assert set((build.SIM_BUILD / "mutants").glob("*")) == before, "it wrote something"
