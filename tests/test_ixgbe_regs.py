"""pytest entry points of the ixgbe register rules (ixgbe_regs_tests.py) on
pf_vf_mailbox_ixgbe: every rule test at NUM_VFS = 64 (the default), 1, 17 and 33 (a single
VF, and one past a PFMBICR and a 32-VF word boundary); the tests whose outcome depends on
where NUM_VFS falls against the index registers' boundaries also at 15, 16, 31, 32, 47, 48
and 63; the every-offset sweeps (~50 000 transfers) at the two ends, 1 and 64 (in
between only the slots past NUM_VFS change, which s6_pf_slots_past_num_vfs tries at every
size). (tests/test_ixgbe_family.py checks that NUM_VFS 0 and 65 are refused.)"""

import pytest

from tb.family import IXGBE

BOUNDARY_TESTS = "s2_index_registers|s2_pfmbimr_is|s5_reset_values|s6_pf_slots"
SWEEPS = r"\.s6_every_"
WITHOUT_SWEEPS = r"^(?!.*\.s6_every_)"


@pytest.mark.parametrize("num_vfs", [1])
def test_ixgbe_register_rules(sim, num_vfs):
    sim("ixgbe_regs_tests", num_vfs, family=IXGBE)


@pytest.mark.parametrize("num_vfs", [64, 17, 33])
def test_ixgbe_register_rules_but_the_sweeps(sim, num_vfs):
    sim("ixgbe_regs_tests", num_vfs, family=IXGBE, test_filter=WITHOUT_SWEEPS)


@pytest.mark.parametrize("num_vfs", [64])
def test_ixgbe_every_offset(sim, num_vfs):
    sim("ixgbe_regs_tests", num_vfs, family=IXGBE, test_filter=SWEEPS)


@pytest.mark.parametrize("num_vfs", [15, 16, 31, 32, 47, 48, 63])
def test_ixgbe_index_registers_at_each_boundary(sim, num_vfs):
    sim("ixgbe_regs_tests", num_vfs, family=IXGBE, test_filter=BOUNDARY_TESTS)
