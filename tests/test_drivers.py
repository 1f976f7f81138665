"""pytest entry point of the driver-model tests against the RTL (drivers_tests.py)."""


def test_driver_models_against_the_rtl(sim):
    sim("drivers_tests")
