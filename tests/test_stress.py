"""pytest entry points for the 8-VF stress (a few seeds; `make soak` runs hundreds)."""

import pytest


@pytest.mark.parametrize("pair", ["igbvf-upstream:igb-upstream", "igbvf-1.1.5-patch:igb-3.2.10"])
def test_eight_vfs_fixed_drivers(sim, pair):
    sim("stress_tests", testcase="eight_vfs_fixed_drivers_lose_nothing",
        env={"STRESS_SEEDS": "1..2", "STRESS_PAIR": pair})


def test_eight_vfs_legacy_drivers_losses_explained(sim):
    sim("stress_tests", testcase="eight_vfs_legacy_drivers_every_loss_explained",
        env={"STRESS_SEEDS": "1..2"})
