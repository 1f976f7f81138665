"""pytest entry point of the hostile VF (hostile_vf_tests.py), at NUM_VFS=4, where vf_pfunc
values of VFs that do not exist (4..7) can be driven, and at NUM_VFS=8, where they cannot."""

import pytest


@pytest.mark.parametrize("num_vfs", [4, 8])
def test_hostile_vf(sim, num_vfs):
    sim("hostile_vf_tests", num_vfs=num_vfs)
