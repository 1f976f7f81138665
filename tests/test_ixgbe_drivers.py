"""pytest entry points of the 10 GbE drivers (README "The 10 GbE drivers"): the ixgbe verdict
table of every Python model pair (ixgbe_race_tests), and one test per hypothesis of
docs/drivers-ixgbe.md section 5 (ixgbe_hypotheses_tests), on pf_vf_mailbox_ixgbe."""

from tb.family import IXGBE


def test_ixgbe_verdict_table(sim):
    """Plain bring-up clean for the Linux pair and the 1.5 pair, every request after the
    1.5 switch lost with the mixed PF, and the aimed pings' outcomes in the table."""
    sim("ixgbe_race_tests", 1, family=IXGBE)


def test_ixgbe_hypotheses(sim):
    sim("ixgbe_hypotheses_tests", 1, family=IXGBE)


def test_ixgbe_verdict_table_64_vfs(sim):
    """At NUM_VFS=64 with the PF enabling all 64: msg_task and ping_all_vfs visit every VF."""
    sim("ixgbe_race_tests", 64, family=IXGBE,
        env={"FAMILY": "ixgbe", "RACE_PAIRS": "ixgbevf-6.1:ixgbe-6.1", "HUNT_NUM_VFS": "64"})
