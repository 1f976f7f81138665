"""What one trial reports: its outcome columns, all from the pins and the scenario's intent
(tb/scenarios/verdict.py), and its timing margins (tb/scenarios/margins.py).

A message's column holds its fate: delivered, erased, overwritten, lost, "never sent: <why>"
(lock failed, VF timed out, not attempted), or "-" when the scenario did not ask for it
(a driver without SET_PROMISC; the rest after a failed VF reset).
"""

from tb.scenarios.margins import Margins, race_margins

MESSAGES = ("VF_RESET", "SET_MAC_ADDR", "SET_MULTICAST", "SET_PROMISC", "SET_VLAN", "SET_LPE")
FATE_COLUMNS = [f"fate_{name}" for name in MESSAGES]
# Every outcome a trial reports: an early-stopped run and a run to the end must agree on all.
OUTCOME_COLUMNS = ["link_up", *FATE_COLUMNS, "replies_dropped", "vf_timeouts",
                   "first_loss_ps", *Margins().columns()]


def fate_text(m) -> str:
    return f"never sent: {m.why}" if m.fate == "never sent" else m.fate


def outcome(v) -> dict:
    """The outcome columns of a verdict."""
    fates = {f"fate_{m.name}": fate_text(m) for m in v.messages}
    row = {"link_up": v.link_up, **{c: fates.get(c, "-") for c in FATE_COLUMNS},
           "replies_dropped": " ".join(v.replies_dropped), "vf_timeouts": v.timeouts,
           "first_loss_ps": v.first_loss_ps}
    row.update(race_margins(v).columns())
    return row


def differences(early: dict, full: dict) -> list:
    """The outcome columns on which two runs of one trial disagree, as 'column: a / b'."""
    return [f"{c}: {early.get(c)!r} / {full.get(c)!r}" for c in OUTCOME_COLUMNS
            if early.get(c) != full.get(c)]


def fates(row: dict) -> list:
    return [row[c] for c in FATE_COLUMNS]


def never_sent(row: dict) -> list:
    return [name for name, c in zip(MESSAGES, FATE_COLUMNS) if row[c].startswith("never sent")]
