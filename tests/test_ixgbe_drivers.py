"""pytest entry points of the 10 GbE drivers (README "The 10 GbE drivers"): the ixgbe verdict
table of every Python model pair (ixgbe_race_tests), and one test per hypothesis of
docs/drivers-ixgbe.md section 5 (ixgbe_hypotheses_tests), on pf_vf_mailbox_ixgbe."""

from tb.family import IXGBE


def test_ixgbe_verdict_table(sim):
    """Plain bring-up clean for the Linux pair and the 1.5 pair, every request after the
    1.5 switch lost with the mixed PF, and the aimed pings' outcomes in the table (the
    real-code pairs: tests/test_cdriver_ixgbe.py)."""
    from tests.ixgbe_race_tests import PAIRS
    from tests.test_race import pair_list
    sim("ixgbe_race_tests", 1, family=IXGBE,
        env={"FAMILY": "ixgbe", "RACE_PAIRS": pair_list(PAIRS)})


def test_ixgbe_hypotheses(sim):
    sim("ixgbe_hypotheses_tests", 1, family=IXGBE)


def test_ixgbe_verdict_table_64_vfs(sim):
    """At NUM_VFS=64 with the PF enabling all 64: msg_task and ping_all_vfs visit every VF."""
    sim("ixgbe_race_tests", 64, family=IXGBE,
        env={"FAMILY": "ixgbe", "RACE_PAIRS": "ixgbevf-6.1:ixgbe-6.1", "HUNT_NUM_VFS": "64"})


def test_ixgbe_hunt_sweep_writes_its_trials(sim, tmp_path):
    """The hunt's sweep module: two flaps inside the VF's 10 ms wait after VF_RESET, one JSON
    line each, both losing the reset reply to the ping; the report groups them into one region."""
    import json
    from tb.scenarios.ixgbe_hunt_report import regions
    out = tmp_path / "hunt.jsonl"
    sim("ixgbe_hunt_tests", 1, family=IXGBE,
        env={"FAMILY": "ixgbe", "HUNT_FLAP_US": "2000:4000:2000", "HUNT_OUT": str(out)})
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["flap_us"] for r in rows] == [2000.0, 4000.0]
    for r in rows:
        assert "VF_RESET" in r["pf_messages_lost"] and r["class"] == "reply-lost", r
        assert {"op": "VF_RESET", "read": "0x20000100", "as": "PF_CONTROL_MSG", "err": -1} \
            in r["wrong_replies"]
    assert len(regions(rows)) == 1
