"""pytest entry point of the plug points (plug_points_tests.py): a driver that is none of the
project's models gets a verdict from the pins alone."""


def test_scripted_vf_gets_a_verdict_from_the_pins(sim):
    sim("plug_points_tests", num_vfs=1)
