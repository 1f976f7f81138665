"""pytest entry points of the multi-VF stress (stress_tests.py; `make soak` runs hundreds of
seeds): fixed pairs lose nothing, the 2011 pair's every loss is explained; the ixgbe family's
Linux pair at 17 VFs."""

import pytest


@pytest.mark.parametrize("pairs", ["igbvf-upstream:igb-upstream,igbvf-1.1.5-patch:igb-3.2.10",
                                   "igbvf-1.1.5:igb-3.2.10"])
def test_every_vf_under_random_reconfiguration(sim, pairs):
    sim("stress_tests", env={"STRESS_SEEDS": "1..2", "STRESS_PAIRS": pairs},
        test_filter="every_vf_under_random_reconfiguration")


def test_a_driver_account_that_differs_from_the_pins_is_a_problem(sim):
    sim("stress_tests", test_filter="a_driver_account_that_differs_from_the_pins")


def test_ixgbe_every_vf_under_random_reconfiguration(sim):
    """FAMILY=ixgbe: 17 VFs (VF 16 in the second PFMBICR register) bring up and
    reconfigure through ixgbevf's operation set; the Linux 6.1 pair loses nothing and both
    drivers' accounts agree with the pins (README "The 10 GbE drivers", faults and stress)."""
    from tb.family import IXGBE
    sim("stress_tests", 17, family=IXGBE, env={"STRESS_SEEDS": "1..2"},
        test_filter="every_vf_under_random_reconfiguration")


def test_ixgbe_a_driver_account_that_differs_from_the_pins_is_a_problem(sim):
    from tb.family import IXGBE
    sim("stress_tests", 4, family=IXGBE, test_filter="a_driver_account_that_differs_from_the_pins")
