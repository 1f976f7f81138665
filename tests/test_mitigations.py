"""pytest entry points of the hardware mitigations (docs/mitigations.md, tests/mitigation_tests.py):
each switch's addendum rule tests and addendum coverage, and each switch's race verdicts for
every VF x PF pair under both timing profiles (the legacy pair keeps its link and loses
nothing; the fixed pairs still lose nothing; a one-try VF lock against upstream igb still
silently never sends)."""

import pytest

from tb.scenarios.race import ALL_PAIRS, REAL_CODE_PAIRS
from tests.test_race import pair_list

# switch -> the prefix of its rule tests (a cocotb filter runs the tests it names even when
# they are marked skipped, so each build selects its own)
SWITCHES = {"PFU_WAITS_FOR_REQ": "a", "PROTECT_VF_REQUEST": "b"}


@pytest.mark.parametrize("switch", SWITCHES)
def test_addendum_rules(sim, switch):
    sim("mitigation_tests", parameters={switch: 1},
        test_filter=rf"(^|\.)({SWITCHES[switch]}[0-9]|addendum)_")


@pytest.mark.parametrize("profile", ["xen-dom0", "bare-metal"])
@pytest.mark.parametrize("switch", SWITCHES)
def test_mitigation_verdicts(sim, switch, profile):
    sim("mitigation_tests", parameters={switch: 1}, test_filter="mitigation_verdict_table",
        env={"RACE_PROFILE": profile, "RACE_PAIRS": pair_list(ALL_PAIRS)})


@pytest.mark.parametrize("switch", SWITCHES)
def test_mitigation_verdicts_of_the_real_code(sim, kernel, switch):
    """The kernel's writeonly igbvf variants lose the race under xen-dom0 on today's RTL;
    with either switch they keep their link and lose nothing to it."""
    sim("mitigation_tests", parameters={switch: 1}, test_filter="mitigation_verdict_table",
        env={"RACE_PROFILE": "xen-dom0", "RACE_PAIRS": pair_list(REAL_CODE_PAIRS)})


@pytest.mark.parametrize("switch", SWITCHES)
def test_the_2011_pair_under_stress_loses_nothing(sim, switch):
    """Every VF at once, xen-dom0: on today's RTL the 2011 pair loses messages to the race;
    with either switch every message it signals is delivered."""
    sim("stress_tests", parameters={switch: 1}, test_filter="every_vf_under_random_reconfiguration",
        env={"STRESS_SEEDS": "1..2", "STRESS_PAIRS": "igbvf-1.1.5:igb-3.2.10"})


@pytest.mark.parametrize("switch", [None, *SWITCHES])
def test_a_vf_keeping_req_set(sim, switch):
    sim("mitigation_tests", parameters={switch: 1} if switch else None,
        test_filter="a_vf_keeping_req_set_beside_a_well_behaved_vf")


@pytest.mark.parametrize("text", ["FOO=1", "PFU_WAITS_FOR_REQ=2", "PROTECT_VF_REQUEST"])
def test_bad_rtl_option_names_what_is_allowed(text):
    from tb.rtl_options import parse
    with pytest.raises(ValueError) as err:
        parse(text, "RTL_OPTIONS")
    message = str(err.value)
    assert message.startswith("RTL_OPTIONS=") and "PFU_WAITS_FOR_REQ, PROTECT_VF_REQUEST" in message
    assert "\n" not in message


def test_each_parameter_set_has_its_own_build_directory():
    from tb.build import build_dir_for
    dirs = {build_dir_for("x", 8, False, parameters=p) for p in
            (None, {"PFU_WAITS_FOR_REQ": 1}, {"PROTECT_VF_REQUEST": 1},
             {"PFU_WAITS_FOR_REQ": 1, "PROTECT_VF_REQUEST": 1})}
    assert len(dirs) == 4
    assert build_dir_for("x", 8, False) == build_dir_for("x", 8, False, parameters={})
