"""pytest entry points for the fault and hostile-VF cocotb suites (tests/test_faults.py,
tests/test_hostile_vf.py). The hostile VF runs at NUM_VFS=4, where vf_pfunc values of
VFs that do not exist (4..7) can be driven, and at NUM_VFS=8, where they cannot."""

import pytest

from sim_runner import run_cocotb


def test_faults_mid_exchange():
    run_cocotb("test_faults", "faults-vfs8", num_vfs=8)


@pytest.mark.parametrize("num_vfs", [4, 8])
def test_hostile_vf(num_vfs):
    run_cocotb("test_hostile_vf", f"hostile-vf-vfs{num_vfs}", num_vfs=num_vfs)
