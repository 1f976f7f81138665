"""The race's timing margins in one scenario, from the pins: where the PF's answer to
SET_MULTICAST (its ACK, then its reply) falls against the VF's next poll, lock and REQ.

Edges of the VF judged, all after A, the PF's ACK of SET_MULTICAST:
    poll  the VF's first VFMailbox read that shows PFACK (its next poll landing)
    P     the PF's first lock request (PFU write) after A: the start of its reply
    S     the PF's first STS write after A: the end of its reply (it drops PFU)
    H     where the PF's hold of the lock before S began: A when the ACK write kept PFU
          (upstream igb), else P when P's read-back showed PFU, else none
    V     the first lock request (VFU write) of the message the scenario asked for next
    R     the VF's first REQ write after A
Every difference is "later minus earlier" in clock edges (and in ps where the issue asks
for time), so that its sign says which landed first; None when an edge did not happen.
explorer/rules.py turns them into the outcome they predict.
"""

from dataclasses import asdict, dataclass
from typing import Optional

RACE_MESSAGE = "SET_MULTICAST"


@dataclass
class Margins:
    ack_to_poll_edges: Optional[int] = None     # poll - A
    ack_to_poll_ns: Optional[float] = None
    reply_lock_to_req_edges: Optional[int] = None   # P - R: >= 1, the reply comes after the REQ
    reply_lock_to_req_ns: Optional[float] = None
    reply_lock_to_vf_lock_edges: Optional[int] = None   # P - V
    pf_hold_to_vf_lock_edges: Optional[int] = None      # V - H
    vf_lock_to_pf_release_edges: Optional[int] = None   # S - V, when H <= V
    next_vf_locks: int = 0              # lock requests of the next message
    next_vf_locks_in_pf_hold: int = 0   # of them, those that landed in [H, S]

    def columns(self) -> dict:
        return asdict(self)


def race_margins(v) -> Margins:
    """The margins of verdict `v`'s SET_MULTICAST exchange (empty when the PF never ACKed it)."""
    m = Margins()
    request = next((r for r in v.monitor.requests if r.vf == v.vf and r.name == RACE_MESSAGE
                    and r.ack_edge is not None), None)
    if request is None:
        return m
    a = request.ack_edge
    on_pins = [e for e in v.timeline.in_order() if e.source == "monitor" and e.vf == v.vf
               and e.edge is not None]

    def first(kind, after=a):
        return next((e for e in on_pins if e.kind == kind and e.edge > after), None)

    ack = next(e for e in on_pins if e.kind == "pf-ack" and e.edge == a)
    poll = first("vf-sees-ack")
    p, s, r = first("pf-lock-request"), first("pf-sts"), first("req")
    if poll:
        m.ack_to_poll_edges = poll.edge - a
        m.ack_to_poll_ns = (poll.time_ps - ack.time_ps) / 1000
    if p and r:
        m.reply_lock_to_req_edges = p.edge - r.edge
        m.reply_lock_to_req_ns = (p.time_ps - r.time_ps) / 1000
    hold_start = a if any(e.kind == "pf-lock-request" and e.edge == a for e in on_pins) else \
        p.edge if p and not _failed(on_pins, p) else None
    names = [i.name for i in v.intents]
    if RACE_MESSAGE not in names or names.index(RACE_MESSAGE) + 1 == len(names):
        return m
    nxt = v.intents[names.index(RACE_MESSAGE) + 1]
    locks = [e.edge for e in on_pins if e.kind == "vf-lock-request" and e.time_ps >= nxt.asked_ps
             and (nxt.returned_ps is None or e.time_ps <= nxt.returned_ps)]
    m.next_vf_locks = len(locks)
    if not locks:
        return m
    vf_lock = locks[0]
    if p:
        m.reply_lock_to_vf_lock_edges = p.edge - vf_lock
    if hold_start is not None:
        m.pf_hold_to_vf_lock_edges = vf_lock - hold_start
        if s and hold_start <= vf_lock:
            m.vf_lock_to_pf_release_edges = s.edge - vf_lock
        m.next_vf_locks_in_pf_hold = sum(hold_start <= e <= s.edge for e in locks) if s else 0
    return m


def _failed(on_pins, request) -> bool:
    """Did this lock request read back without the lock (before the side asked again)?"""
    later = (e.kind for e in on_pins if e.edge > request.edge
             and e.kind in ("pf-lock-failed", "pf-lock-request"))
    return next(later, None) == "pf-lock-failed"
