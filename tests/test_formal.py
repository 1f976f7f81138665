"""make formal's proofs have teeth: each property fails on every RTL mutant catalogued as
breaking its rule (tb/formal/catalogue.py: tb/mutation's mutants and a few of its own,
applied to a copy of rtl/), the race's root fails on the default build with the seed
report's mechanism and is proven with mitigation B. The proofs themselves run in
`make formal`; the solver-backed tests here need its tools (requirements-formal.txt) and
are skipped, with the reason, in a .venv without them."""

import pytest

from tb.formal import catalogue as C, sby
from tb.formal.__main__ import seed_mechanism
from tb.mutation.mutate import mutated_source, write_mutant
from tb.options import check_environment

needs_tools = pytest.mark.skipif(bool(sby.missing_tools()), reason=sby.missing_tools() or "-")
MUTANT_CASES = [(p.name, m) for p in C.PROPERTIES for m in p.mutants]


@needs_tools
@pytest.mark.parametrize("prop,mutant", MUTANT_CASES, ids=[f"{p}-{m}" for p, m in MUTANT_CASES])
def test_property_fails_on_a_mutant_that_breaks_its_rule(prop, mutant):
    check = C.mutant_check(C.BY_NAME[prop], mutant)
    where = sby.WORK / "mutants" / mutant / prop
    rtl = write_mutant(C.mutant(mutant), where / "rtl")
    result = sby.run(check, rtl_dir=rtl, where=where)
    assert result.verdict == C.COUNTEREXAMPLE, (
        f"{prop} on mutant {mutant} ({C.mutant(mutant).rule}): {result.verdict}, not a "
        f"counterexample; the job is in {result.workdir.parent}")


@needs_tools
def test_race_root_fails_with_the_seed_mechanism_and_holds_with_b():
    default, protected = (c for c in C.checks() if c.prop.name == C.RACE_ROOT and
                          c.build.name in ("igb-vfs2", "igb-vfs8-PROTECT_VF_REQUEST"))
    found = sby.run(default, where=sby.WORK / "pytest")
    assert found.verdict == C.COUNTEREXAMPLE and seed_mechanism(found), found
    assert sby.run(protected, where=sby.WORK / "pytest").verdict == C.PROVEN


def test_every_property_has_mutants_that_still_apply_to_the_rtl():
    for prop in C.PROPERTIES:
        assert prop.mutants, prop.name
        for name in prop.mutants:
            mutated_source(C.mutant(name))   # raises StaleMutant when the RTL moved on


def test_every_property_is_checked_at_both_sizes_of_its_tops_or_with_its_mitigation():
    names = {c.name for c in C.checks()}
    for prop in C.PROPERTIES:
        if prop.name in C.MITIGATION_ONLY:
            assert f"{prop.name}@igb-vfs8-PFU_WAITS_FOR_REQ" in names
            continue
        for top, num_vfs in C.IGB_SIZES + C.IXGBE_SIZES:
            if top == "ixgbe" and prop.largest:
                num_vfs = min(num_vfs, prop.largest)
            assert (f"{prop.name}@{top}-vfs{num_vfs}" in names) == (top in prop.tops), (prop.name, top)


def test_each_harness_states_every_property_of_its_top():
    shared = (sby.HARNESS_DIR / "rules.svh").read_text()
    for top, spec in sby.TOPS.items():
        text = shared + (sby.HARNESS_DIR / f"{spec['harness']}.sv").read_text()
        for prop in C.PROPERTIES:
            if top in prop.tops:
                assert f"`ifdef {prop.macro}" in text, (top, prop.macro)


def test_formal_checks_refuses_an_unknown_name_in_one_line():
    problems = check_environment({"FORMAL_CHECKS": "lock_exclusion,no_such_rule"})
    assert problems == ["FORMAL_CHECKS='lock_exclusion,no_such_rule' is not allowed: "
                        "no_such_rule is no property or check (python -m tb.formal --list shows them)"]
