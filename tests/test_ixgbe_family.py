"""pytest entry points of the ixgbe family (FAMILY=ixgbe, tb/family.py) other than its rule
tests: the random differential regression at NUM_VFS 64 and at sizes that end inside a
PFMBICR or a 32-VF word, the coverage regression (every reachable bin), the hostile-VF and
fault tests, the faults with the drivers running; the family's option checks, build
directories and out-of-range NUM_VFS."""

import pytest

from tb import build
from tb.family import FAMILIES, IGB, IXGBE, named
from tb.options import check_environment


@pytest.mark.parametrize("num_vfs,seed", [(64, 1), (64, 2), (1, 3), (17, 4), (33, 5)])
def test_ixgbe_random_regression(sim, num_vfs, seed):
    sim("mailbox_random_tests", num_vfs, family=IXGBE,
        env={"MAILBOX_SEED": str(seed), "MAILBOX_ACCESSES": "4000"})


FULL = "(100.0 % of reachable bins)"


@pytest.mark.parametrize("switch", ["PFU_WAITS_FOR_REQ", "PROTECT_VF_REQUEST"])
def test_ixgbe_random_regression_with_a_mitigation(sim, switch):
    """The mitigation parameters are offered on the ixgbe top too: the family's model follows
    them (docs/mitigations.md) as it does igb's."""
    sim("mailbox_random_tests", 33, family=IXGBE, parameters={switch: 1},
        env={"MAILBOX_SEED": "6", "MAILBOX_ACCESSES": "4000"})


@pytest.mark.parametrize("num_vfs", [64, 20])
def test_ixgbe_functional_coverage_reaches_every_reachable_bin(sim, num_vfs):
    text = (sim("ixgbe_coverage_tests", num_vfs, family=IXGBE) / "coverage.txt").read_text()
    assert FULL in text.splitlines()[0] and "MISSED" not in text, text.splitlines()[0]


@pytest.mark.parametrize("num_vfs", [64, 3])
def test_ixgbe_hostile_vf_and_faults(sim, num_vfs):
    sim("ixgbe_hostile_vf_tests", num_vfs, family=IXGBE)


def test_ixgbe_faults_with_the_drivers(sim):
    """ixgbe_events_tests.py: a VF FLR mid-message (before the PF's look, before the VF reads
    its reply), a PF reset with two VFs up, a hostile VF beside a VF coming up."""
    sim("ixgbe_events_tests", 3, family=IXGBE)


@pytest.mark.parametrize("num_vfs", [0, 65])
def test_ixgbe_num_vfs_out_of_range_is_refused(simulator, num_vfs, tmp_path):
    log = tmp_path / "build.log"
    with pytest.raises(build.SimulationFailed):
        build.build(tmp_path / "build", num_vfs, sim=simulator, log_file=log, family=IXGBE)
    assert "NUM_VFS_must_be_1_to_64" in log.read_text()


@pytest.mark.parametrize("env,line", [
    ({"FAMILY": "e1000"}, "FAMILY='e1000' is not allowed: use one of igb, ixgbe"),
    ({"FAMILY": "ixgbe", "NUM_VFS": "65"},
     "NUM_VFS='65' is not allowed: use an integer from 1 to 64 (FAMILY=ixgbe)"),
    ({"NUM_VFS": "64"}, "NUM_VFS='64' is not allowed: use an integer from 1 to 8 (FAMILY=igb)"),
])
def test_family_options_are_checked_in_one_line(env, line):
    assert check_environment(env) == [line]


def test_each_family_has_its_own_build_directories():
    igb = build.build_dir_for("make", 8, False, "icarus")
    ixgbe = build.build_dir_for("make", 8, False, "icarus", family=IXGBE)
    assert igb.name == "icarus-vfs8-waves0", "igb's directories must stay where they were"
    assert ixgbe.name == "ixgbe-icarus-vfs8-waves0"


def test_the_families_name_their_tops_and_ranges():
    assert named("igb") is IGB and set(FAMILIES) == {"igb", "ixgbe"}
    assert (IGB.toplevel, IGB.vfs_range, IGB.default_num_vfs) == ("pf_vf_mailbox", (1, 8), 8)
    assert (IXGBE.toplevel, IXGBE.vfs_range, IXGBE.default_num_vfs) == \
        ("pf_vf_mailbox_ixgbe", (1, 64), 64)
    assert build.REGRESSION == IGB.regression


def test_ixgbe_dump_has_every_trace_of_its_view(sim):
    """waves/mailbox_ixgbe.gtkw names only signals an ixgbe dump has (a wrong path would show
    as an empty row in GTKWave, not as an error)."""
    import pywellen
    from tb.waves.views import TEMPLATES, all_traces
    run_dir = sim("mailbox_random_tests", 64, family=IXGBE, waves=True,
                  env={"MAILBOX_SEED": "1", "MAILBOX_ACCESSES": "200"})
    wave = pywellen.Waveform(str(build.dump_file(run_dir, "mailbox_random_tests")))
    names = {v.full_name for v in wave.all_vars()}
    groups, _ = TEMPLATES["mailbox_ixgbe.gtkw"]
    assert [t.full_name for t in all_traces(groups) if t.full_name not in names] == []
