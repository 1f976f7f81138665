"""pytest entry points of the multi-VF stress (stress_tests.py; `make soak` runs hundreds of
seeds): fixed pairs lose nothing, the 2011 pair's every loss is explained."""

import pytest


@pytest.mark.parametrize("pairs", ["igbvf-upstream:igb-upstream,igbvf-1.1.5-patch:igb-3.2.10",
                                   "igbvf-1.1.5:igb-3.2.10"])
def test_every_vf_under_random_reconfiguration(sim, pairs):
    sim("stress_tests", env={"STRESS_SEEDS": "1..2", "STRESS_PAIRS": pairs},
        test_filter="every_vf_under_random_reconfiguration")


def test_a_driver_account_that_differs_from_the_pins_is_a_problem(sim):
    sim("stress_tests", test_filter="a_driver_account_that_differs_from_the_pins")
