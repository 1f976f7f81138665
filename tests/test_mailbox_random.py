"""pytest entry point of the constrained-random regression (mailbox_random_tests.py): several
seeds and sizes, 6 runs x 4000 accesses."""

import pytest


@pytest.mark.parametrize("num_vfs,seed", [(8, 1), (8, 2), (1, 3), (1, 4), (3, 5), (5, 6)])
def test_random_regression(sim, num_vfs, seed):
    sim("mailbox_random_tests", num_vfs, env={"MAILBOX_SEED": str(seed), "MAILBOX_ACCESSES": "4000"})
