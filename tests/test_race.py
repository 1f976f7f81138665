"""pytest entry points of the race scenario: the verdict tables of the models and of the real
C code under both timing profiles (race_tests.py), and the proof
that the idle-skipping clock gives the same register trace as a free-running one
(race_trace_tests.py); the whole race account against its golden copy (race_golden_tests.py)."""

from pathlib import Path

import pytest

from tb.build import ROOT
from tb.scenarios.race import ALL_PAIRS, REAL_CODE_PAIRS


def pair_list(pairs) -> str:
    return ",".join(f"{vf}:{pf}" for vf, pf in pairs)


@pytest.mark.parametrize("profile", ["xen-dom0", "bare-metal"])
def test_race_verdict_table(sim, profile):
    sim("race_tests", env={"RACE_PROFILE": profile, "RACE_PAIRS": pair_list(ALL_PAIRS)})


@pytest.mark.parametrize("profile", ["xen-dom0", "bare-metal"])
def test_real_code_verdict_table(sim, kernel, profile):
    """The kernel's igbvf variants and igb primitives: the writeonly ones lose the race under
    xen-dom0 like igbvf 1.1.5, linux-igbvf as shipped never does."""
    sim("race_tests", env={"RACE_PROFILE": profile, "RACE_PAIRS": pair_list(REAL_CODE_PAIRS)})


def test_clock_modes_give_identical_race_trace(sim, tmp_path):
    traces = {}
    for mode in ("idle-skip", "free"):
        out = tmp_path / f"trace-{mode}.txt"
        sim("race_trace_tests", env={"CLOCK_MODE": mode, "RACE_TRACE_FILE": str(out),
                                     "RACE_TRACE_UNTIL_US": "17000"})
        traces[mode] = out.read_text().splitlines()
    skip, free = traces["idle-skip"], traces["free"]
    assert len(skip) > 200
    # the window holds the race: the PF's reply (0xa0010003) overwrites word 0
    assert any(line.endswith("pf W 0x0800 0xa0010003") for line in skip)
    first_difference = next((i for i, (a, b) in enumerate(zip(skip, free)) if a != b), None)
    assert first_difference is None, \
        f"traces differ at line {first_difference}: {skip[first_difference]} / {free[first_difference]}"
    assert len(skip) == len(free)


GOLDEN = Path(__file__).parent / "fixtures" / "race_golden.txt"


def test_race_account_matches_the_golden_copy(sim, tmp_path):
    """Every pair's register trace (relative clock edges), verdicts, table and 9 steps are
    the same as the golden copy recorded before the testbench was reorganised (and before
    verdicts came from the pins alone)."""
    out = tmp_path / "race.txt"
    sim("race_golden_tests", env={"RACE_REPORT_FILE": str(out)})
    got, want = out.read_text().splitlines(), GOLDEN.read_text().splitlines()
    first = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), None)
    assert first is None, f"line {first + 1}: got {got[first]!r}, golden {want[first]!r}"
    assert len(got) == len(want)


def test_a_users_own_driver_runs_the_race(sim):
    """`make cdriver DRIVER_SRC=examples/shared-code-vf DRIVER_NAME=example-vf`: a VF driver
    of the project's own in Intel's shared-code style, compiled with the shim, runs wherever
    a driver name does; it reads every reply, so it loses nothing even under xen-dom0."""
    from tb.cdriver.build import build_user
    build_user(ROOT / "examples" / "shared-code-vf", "example-vf")
    sim("race_tests", env={"RACE_PAIRS": "example-vf:igb-3.2.10,example-vf:igb-upstream",
                           "RACE_EXPECT": "example-vf:igb-3.2.10=up,example-vf:igb-upstream=up"})


def test_user_drivers_get_verdicts_not_expectations(sim, tmp_path):
    """A user's VF that never reads its replies (tests/shared_code_copy.py --write-only) loses
    the race against igb 3.2.10 under xen-dom0, and a user's PF mailbox code (DRIVER_ROLE=pf)
    serves igbvf-upstream: the run passes, prints the losing pair's 9 steps, whatever its
    name; an expectation that disagrees (RACE_EXPECT) fails it in one line."""
    from tb.build import SimulationFailed
    from tb.cdriver.build import build_user
    from tests import shared_code_copy
    build_user(shared_code_copy.write(tmp_path / "vf", write_only=True), "test-copy-writeonly",
               ops="set_vfta=e1000_vfta_set_vf")
    build_user(shared_code_copy.write(tmp_path / "pf", role="pf"), "test-copy-pf", role="pf")
    pairs = "test-copy-writeonly:igb-3.2.10,igbvf-upstream:test-copy-pf"
    log = tmp_path / "reported.log"
    sim("race_tests", env={"RACE_PAIRS": pairs, "RACE_EXPECT": "igbvf-upstream:test-copy-pf=up"},
        log_file=log)
    text = log.read_text()
    assert "The report's 9 steps, test-copy-writeonly + igb-3.2.10" in text
    assert "(not seen)" not in text.split("The report's 9 steps")[1].split("Verdicts")[0]
    assert "test-copy-writeonly + igb-3.2.10: link DOWN" in text
    assert "igbvf-upstream + test-copy-pf: link up" in text
    with pytest.raises(SimulationFailed) as failed:
        sim("race_tests", env={"RACE_PAIRS": pairs, "RACE_EXPECT":
                               "test-copy-writeonly:igb-3.2.10=up"}, log_file=tmp_path / "x.log")
    assert "RACE_EXPECT not met: test-copy-writeonly:igb-3.2.10 expected up, got link down " \
        "(" in str(failed.value), str(failed.value)


def test_verdict_table_groups_rows_by_vf_driver():
    """Pairs run in any order (models first, the kernel's code after) are listed one VF
    driver after another, each VF's PFs in the order they ran."""
    from types import SimpleNamespace
    from tb.scenarios.report import verdict_table

    def verdict(vf, pf):
        return SimpleNamespace(vf_version=vf, pf_version=pf, link_up=True, messages=[],
                               count=lambda fate: 0, erased=0, overwritten=0, timeouts=0,
                               first_loss_ps=None)
    ran = [("a", "p1"), ("b", "p1"), ("a", "p2"), ("c", "p1"), ("b", "p2")]
    rows = verdict_table([verdict(*pair) for pair in ran]).splitlines()[2:-1]
    assert [tuple(row.split()[:2]) for row in rows] == \
        [("a", "p1"), ("a", "p2"), ("b", "p1"), ("b", "p2"), ("c", "p1")]
