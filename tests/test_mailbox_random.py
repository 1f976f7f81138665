"""pytest entry point of the constrained-random regression (mailbox_random_tests.py): fixed
seeds and sizes (6 runs x 4000 accesses), the seeds that once failed, and one fresh seed per
`make test` (printed at the end of the run; FRESH_SEED=<n> replays it), so that every run of
the suite, and CI, samples a seed nobody has tried."""

import pytest

from tb.build import SimulationFailed

ACCESSES = "4000"
# Seeds that found a bug, with the NUM_VFS they found it at: kept so it stays fixed.
FOUND = [
    (8, 2849838036),   # the idle-skip clock asked cocotb for a 0 ps wait (tb/bus/clock.py)
    (3, 3693365669),   # the same
]


def replay(num_vfs: int, seed: int) -> str:
    return (f"make SIM=icarus COCOTB_TEST_MODULES=mailbox_random_tests NUM_VFS={num_vfs} "
            f"MAILBOX_SEED={seed} MAILBOX_ACCESSES={ACCESSES}")


def run(sim, num_vfs: int, seed: int):
    try:
        sim("mailbox_random_tests", num_vfs, env={"MAILBOX_SEED": str(seed), "MAILBOX_ACCESSES": ACCESSES})
    except SimulationFailed as e:
        pytest.fail(f"{e}\nreplay: {replay(num_vfs, seed)}", pytrace=False)


@pytest.mark.parametrize("num_vfs,seed", [(8, 1), (8, 2), (1, 3), (1, 4), (3, 5), (5, 6)])
def test_random_regression(sim, num_vfs, seed):
    run(sim, num_vfs, seed)


@pytest.mark.parametrize("num_vfs,seed", FOUND)
def test_random_regression_seeds_that_found_bugs(sim, num_vfs, seed):
    run(sim, num_vfs, seed)


def test_random_regression_fresh_seed(sim, fresh_seed):
    """The seed also picks NUM_VFS, so that fresh runs sample every size."""
    run(sim, 1 + fresh_seed % 8, fresh_seed)
