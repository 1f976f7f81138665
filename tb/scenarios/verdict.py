"""A scenario's verdict from what the pins show and what the scenario asked for.

The scenario records its intent (`Intents`: each message it asked the VF driver to send,
and when that operation started and returned); the protocol monitor follows every request
on the pins. Nothing here asks a driver what it did, so any driver can be judged:
- sent:        a REQ for a message of that type appeared after the operation started;
- delivered:   the PF read the request's word 0 before anything erased it;
- erased:      its VFREQ was cleared before the PF read it, and the PF overwrote it or
               never read it (the race);
- overwritten: the PF wrote over its word 0 before reading it, its VFREQ left set;
- lost:        sent, neither read nor erased (e.g. still pending at the end);
- never sent:  no REQ for it ever appeared; its loss time is when the operation returned.
               Why, from the pins: "lock failed" (a VF lock request during the operation
               read back without VFU), "VF timed out" (no lock request at all, and an
               earlier request of this VF was never ACKed: its mailbox gave up), or
               "not attempted" (neither);
- PF replies dropped: a request the PF read and ACKed, after which a PF lock request for
               that VF read back without PFU (up to the VF's next REQ) and no STS came
               before the PF read the VF's next message (igb 3.2.10's one-try reply lock);
- VF timeouts: requests the PF never acknowledged within the VF's mailbox timeout, as the
               pins show it (the VF giving up is its own business: the pins show the silence).
"""

from dataclasses import dataclass, field
from typing import Optional

from tb import messages as M
from tb.bus.clock import now_ps


@dataclass
class Intent:
    """One message the scenario asked the VF driver to send."""

    name: str
    vf: int
    asked_ps: int
    returned_ps: Optional[int] = None


class Intents:
    """The scenario's side of the verdict: which messages it asked for, and when."""

    def __init__(self, names: dict = None):
        """`names`: message type -> name, the driver family's (default igb's)."""
        self.asked = []
        self.names = names or M.NAMES

    async def ask(self, vf: int, message: int, operation, *args):
        """Run a driver operation that sends `message` (a type, e.g. E1000_VF_SET_LPE) and
        record it; returns what the operation returned."""
        intent = Intent(self.names[message], vf, now_ps())
        self.asked.append(intent)
        result = await operation(*args)
        intent.returned_ps = now_ps()
        return result


@dataclass
class MessageFate:
    name: str
    fate: str            # delivered | erased | overwritten | lost | never sent
    word0: Optional[int] = None   # as the pins showed it (None: never sent)
    why: str = ""        # never sent: lock failed | VF timed out | not attempted


@dataclass
class Verdict:
    vf_version: str
    pf_version: str
    profile: str
    link_up: bool
    messages: list
    erased: int
    overwritten: int
    replies_discarded: int
    lockless: int
    timeouts: int
    replies_dropped: list            # names of the requests whose PF reply was dropped
    first_loss_ps: Optional[int]     # from the start of the scenario (reset)
    timeline: object = field(repr=False)
    monitor: object = field(repr=False)
    decided_early: bool = False   # stopped at the loss; link down follows (not simulated)
    start_ps: int = 0             # simulated time of the scenario's start (its reset)
    start_edge: int = 0           # clock edge of that time
    pslverrs: list = field(default_factory=list)   # error accesses a driver made (C drivers)
    vf: int = 0                   # the VF judged
    intents: list = field(default_factory=list, repr=False)   # what the scenario asked for
    num_vfs: int = 0              # VFs the PF had enabled
    pf_messages_lost: list = field(default_factory=list)   # PF->VF messages overwritten unread

    def count(self, fate: str) -> int:
        return sum(m.fate == fate for m in self.messages)

    @property
    def all_delivered(self) -> bool:
        return all(m.fate == "delivered" for m in self.messages)

    def fate_of(self, name: str) -> str:
        return next(m.fate for m in self.messages if m.name == name)


def message_fates(intents, requests, events=()) -> list:
    """Each intent matched, in order, with the first later request of its type on the pins;
    `events`: the timeline, for why a message was never sent."""
    unmatched = list(requests)
    fates = []
    for intent in intents:
        req = next((r for r in unmatched if r.vf == intent.vf and r.word0 is not None
                    and r.name == intent.name and r.req_time_ps >= intent.asked_ps),
                   None)
        if req is None:
            fates.append(MessageFate(intent.name, "never sent",
                                     why=never_sent_why(intent, requests, events)))
            continue
        unmatched.remove(req)
        fate = "erased" if req.erased else "overwritten" if req.overwritten else \
            "delivered" if req.read_edge is not None else "lost"
        fates.append(MessageFate(intent.name, fate, req.word0))
    return fates


def during(intent, e) -> bool:
    return e.vf == intent.vf and e.time_ps >= intent.asked_ps and \
        (intent.returned_ps is None or e.time_ps <= intent.returned_ps)


def never_sent_why(intent, requests, events) -> str:
    on_pins = [e for e in events if e.source == "monitor" and during(intent, e)]
    if any(e.kind == "vf-lock-failed" for e in on_pins):
        return "lock failed"
    if not any(e.kind == "vf-lock-request" for e in on_pins) and \
            any(r.ack_edge is None for r in requests if r.req_time_ps < intent.asked_ps):
        return "VF timed out"
    return "not attempted"


def replies_dropped(requests, events) -> list:
    """Names of the requests whose PF reply was dropped (module docstring), from the pins."""
    on_pins = sorted((e for e in events if e.source == "monitor" and e.edge is not None),
                     key=lambda e: e.edge)
    failed_locks = []   # (vf, edge of the PF's lock request whose read-back failed)
    for i, e in enumerate(on_pins):
        if e.kind == "pf-lock-failed":
            asked = [a.edge for a in on_pins[:i] if a.kind == "pf-lock-request" and a.vf == e.vf]
            failed_locks.append((e.vf, asked[-1] if asked else e.edge))
    dropped = []
    for i, req in enumerate(requests):
        if req.ack_edge is None:
            continue
        later = requests[i + 1:]
        next_req = later[0].req_edge if later else None
        next_read = next((r.read_edge for r in later if r.read_edge is not None), None)
        failed = any(vf == req.vf and edge > req.ack_edge and (next_req is None or edge <= next_req)
                     for vf, edge in failed_locks)
        replied = any(e.kind == "pf-sts" and e.vf == req.vf and e.edge > req.ack_edge
                      and (next_read is None or e.edge < next_read) for e in on_pins)
        if failed and not replied:
            dropped.append(req.name)
    return dropped


def verdict(vf_name: str, pf_name: str, profile: str, link_up: bool, intents: Intents,
            monitor, vf: int, start_ps: int) -> Verdict:
    """The verdict of one VF's scenario, from the protocol monitor and the intents."""
    requests = [r for r in monitor.requests if r.vf == vf]
    events = monitor.timeline.events
    fates = message_fates(intents.asked, requests, events)
    flags = [e for e in monitor.flags if e.vf == vf]
    losses = [e.time_ps for e in flags if e.kind == "erased"
              or (e.kind == "overwritten" and e.by == "PF")]
    losses += [i.returned_ps for i, f in zip(intents.asked, fates) if f.fate == "never sent"]
    return Verdict(
        vf_name, pf_name, profile, link_up, fates,
        erased=sum(r.erased for r in requests),
        overwritten=sum(r.overwritten for r in requests),
        replies_discarded=sum(e.kind == "overwritten" and e.by == "VF" for e in flags),
        lockless=sum(e.kind == "lockless" for e in flags),
        timeouts=sum(r.timed_out for r in requests),
        replies_dropped=replies_dropped(requests, events),
        first_loss_ps=min(losses) - start_ps if losses else None,
        timeline=monitor.timeline, monitor=monitor, start_ps=start_ps, vf=vf,
        intents=list(intents.asked))
