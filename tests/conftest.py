"""pytest fixtures: `sim` builds the RTL and runs cocotb test modules in a build directory
named after the calling test's own id, so `pytest -n auto` never shares one; on the
simulator $SIM names (`simulator`: icarus by default, or verilator)."""

import os
import random

import pytest

from tb import build
from tb.options import check_environment


def pytest_sessionstart(session):
    """A bad option value stops the whole run once, with one line per value, before any
    simulation (not once per test)."""
    problems = check_environment()
    if problems:
        pytest.exit("\n".join(problems), returncode=2)


def pytest_configure(config):
    from tb.options import option
    try:
        config.simulator = option("SIM", "icarus")
        # Drawn once, here in the controlling process: pytest-xdist's workers start after
        # this and inherit it through the environment, so all of them see the same seed.
        os.environ["FRESH_SEED"] = str(option("FRESH_SEED", random.SystemRandom().randrange(2**32)))
        # The C drivers the suite builds from examples live apart from the user's own.
        os.environ["CDRIVER_USER_DIR"] = str(build.SIM_BUILD / "pytest" / "cdriver-user")
    except ValueError as e:   # one line, before any build
        raise pytest.UsageError(str(e)) from None


def pytest_terminal_summary(terminalreporter, config):
    if not hasattr(config, "workerinput"):
        terminalreporter.write_line(f"fresh seed of the random regression: {os.environ['FRESH_SEED']} "
                                    f"(make test FRESH_SEED={os.environ['FRESH_SEED']} replays it)")


class Simulation:
    def __init__(self, request, simulator: str):
        self.name = build.slug(request.node.nodeid)
        self.simulator = simulator

    def __call__(self, test_module: str, num_vfs: int = build.DEFAULT_NUM_VFS, *,
                 waves: bool = False,
                 parameters: dict = None, sim: str = None, **kwargs):
        """Build with NUM_VFS=num_vfs and the mitigation switches `parameters` ({NAME: 1},
        tb.rtl_options) and run `test_module` on `sim` (default: $SIM); returns the run's
        directory. A failing or empty run raises build.SimulationFailed naming the cocotb
        tests."""
        problems = check_environment(kwargs.get("env") or {})
        assert not problems, problems
        sim = sim or self.simulator
        refusal = build.waves_unavailable(sim) if waves else ""
        if refusal:
            pytest.skip(refusal)
        return build.simulate(test_module, f"pytest/{self.name}", num_vfs, waves=waves,
                              sim=sim, parameters=parameters, **kwargs)


@pytest.fixture(scope="session")
def simulator(pytestconfig) -> str:
    return pytestconfig.simulator


@pytest.fixture(scope="session")
def fresh_seed() -> int:
    return int(os.environ["FRESH_SEED"])


@pytest.fixture
def sim(request, simulator):
    return Simulation(request, simulator)


def _kernel_tree(family: str):
    from tb.cdriver import sources
    tree, reason = sources.ensure(family=family)
    if tree is None:
        dirs = sources.DIRS[family].replace(" and ", "/")
        pytest.skip(f"Linux 6.1 {dirs} sources not cached (make cdriver fetches them, or set "
                    f"LINUX_SRC): {reason}")
    return tree


@pytest.fixture(scope="session")
def kernel():
    """The Linux 6.1 igb/igbvf tree: cached or $LINUX_SRC (the suite never downloads it:
    `make cdriver` does). Without it, the test skips with the one-line reason."""
    return _kernel_tree("igb")


@pytest.fixture(scope="session")
def ixgbe_kernel():
    """The Linux 6.1 ixgbe/ixgbevf tree, as `kernel` finds the igb one."""
    return _kernel_tree("ixgbe")
