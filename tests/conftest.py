"""pytest fixtures: `sim` builds the RTL and runs cocotb test modules in a build directory
named after the calling test's own id, so `pytest -n auto` never shares one."""

import pytest

from tb import build


class Simulation:
    def __init__(self, request):
        self.name = build.slug(request.node.nodeid)

    def __call__(self, test_module: str, num_vfs: int = build.DEFAULT_NUM_VFS, *, waves: bool = False,
                 **kwargs):
        """Build with NUM_VFS=num_vfs and run `test_module`; returns the build directory.
        A failing or empty run raises build.SimulationFailed naming the cocotb tests."""
        return build.simulate(test_module, f"pytest/{self.name}", num_vfs, waves=waves, **kwargs)


@pytest.fixture
def sim(request):
    return Simulation(request)


@pytest.fixture(scope="session")
def kernel():
    """The Linux 6.1 igb/igbvf tree: cached, $LINUX_SRC, or fetched now (as root, from
    Debian; CDRIVER_FETCH=0 forbids). Without it, the test skips with the one-line reason."""
    from tb.cdriver import sources
    tree, reason = sources.ensure()
    if tree is None:
        pytest.skip(f"Linux 6.1 igb/igbvf sources neither cached nor fetchable "
                    f"(make cdriver fetches them): {reason}")
    return tree
