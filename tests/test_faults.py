"""pytest entry point of the faults at exact points of the drivers' sequences (faults_tests.py)."""


def test_faults_mid_exchange(sim):
    sim("faults_tests", num_vfs=8)
