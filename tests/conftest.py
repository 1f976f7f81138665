"""pytest fixtures: `sim` builds the RTL and runs cocotb test modules in a build directory
named after the calling test's own id, so `pytest -n auto` never shares one."""

import pytest

from tb import build


class Simulation:
    def __init__(self, request):
        self.name = build.slug(request.node.nodeid)

    def __call__(self, test_module: str, num_vfs: int = 8, *, waves: bool = False,
                 **kwargs):
        """Build with NUM_VFS=num_vfs and run `test_module`; returns the build directory.
        A failing or empty run raises build.SimulationFailed naming the cocotb tests."""
        return build.simulate(test_module, f"pytest/{self.name}", num_vfs, waves=waves, **kwargs)


@pytest.fixture
def sim(request):
    return Simulation(request)
