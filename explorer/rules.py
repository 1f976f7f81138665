"""The failure rule the project finds, checked on every trial.

The PF's answer to SET_MULTICAST decides the fate of the message the VF sends next, by
where the PF's reply lands against the VF's next lock and REQ (tb/scenarios/margins.py; the
same-edge rules of hardware.md section 4 decide the ties):
- erased       iff the PF's reply lock request lands at least one edge after the VF's next
                   REQ (P - R >= 1): its flush clears the unread VFREQ;
- reply dropped iff it lands after the VF's lock request and no later than its REQ
                   (P - V >= 1 and P - R <= 0), that lock request outside the PF's hold
                   (one in [H, S] fails: upstream igb holds from its ACK, so a VF whose
                   lock comes before P, as the sleep workaround's past 5 ms, is never
                   sent): the VF holds VFU, the PF's lock fails (on the REQ's edge too:
                   a same-edge release), and a one-try PF drops its reply;
- never sent   iff every lock request the VF makes for the next message lands while the PF
                   holds its lock, from H to its STS inclusive (H <= V <= S): the VF's lock
                   fails (a tie at H goes to the PF, at S meets a same-edge release);
- clear        otherwise: the next message is delivered and the reply was not dropped.
"""

RULE_LINES = [
    "erased iff the PF's reply lock request lands >= 1 edge after the VF's next REQ",
    "reply dropped iff it lands >= 1 edge after the VF's next lock request and <= 0 edges "
    "after its REQ, that lock request taken (it landed outside the PF's hold)",
    "never sent (lock failed) iff every lock request of the VF's next message lands while "
    "the PF holds its lock (from its hold's start to its STS, both inclusive)",
    "clear otherwise (next message delivered, reply not dropped)",
]
ERASE_MIN_EDGES = 1       # P - R at and above which the next request is erased
REGIONS = ("erased", "reply dropped", "never sent", "clear")


def predicted(row: dict):
    """The region the margins of a trial predict, or None when the SET_MULTICAST exchange
    did not happen (no ACK, or no message asked after it)."""
    p_r = row["reply_lock_to_req_edges"]
    p_v = row["reply_lock_to_vf_lock_edges"]
    if row["ack_to_poll_edges"] is None or (p_r is None and not row["next_vf_locks"]):
        return None
    if p_r is not None and p_r >= ERASE_MIN_EDGES:
        return "erased"
    locks = row["next_vf_locks"]
    # the VF holds VFU against P only if its lock request missed the PF's hold
    vf_took_lock = row["next_vf_locks_in_pf_hold"] == 0
    if p_r is not None and p_v is not None and p_v >= 1 and vf_took_lock:
        return "reply dropped"
    if locks and row["next_vf_locks_in_pf_hold"] == locks:
        return "never sent"
    return "clear"


def observed(row: dict, next_fate: str) -> str:
    """The region a trial's outcome columns show, for the message after SET_MULTICAST."""
    dropped = "SET_MULTICAST" in row["replies_dropped"].split()
    if next_fate == "erased":
        return "erased"
    if next_fate == "never sent: lock failed":
        return "never sent"
    if next_fate == "delivered":
        return "reply dropped" if dropped else "clear"
    return f"other ({next_fate}{', reply dropped' if dropped else ''})"


def next_fate(row: dict) -> str:
    from explorer.columns import MESSAGES
    asked = [name for name in MESSAGES if row[f"fate_{name}"] != "-"]
    i = asked.index("SET_MULTICAST") + 1 if "SET_MULTICAST" in asked else len(asked)
    return row[f"fate_{asked[i]}"] if i < len(asked) else "-"


def check(rows) -> tuple:
    """({region: trials the rule predicted in it}, trials it did not apply to,
    contradictions); each contradiction is (row, predicted region, observed region)."""
    right, not_applicable, wrong = dict.fromkeys(REGIONS, 0), 0, []
    for row in rows:
        want = predicted(row)
        if want is None:
            not_applicable += 1
            continue
        got = observed(row, next_fate(row))
        if got == want:
            right[want] += 1
        else:
            wrong.append((row, want, got))
    return right, not_applicable, wrong
