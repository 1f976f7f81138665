"""A scenario's verdict from what the pins show and what the scenario asked for.

The scenario records its intent (`Intents`: each message it asked the VF driver to send,
and when that operation started and returned); the protocol monitor follows every request
on the pins. Nothing here asks a driver what it did, so any driver can be judged:
- sent:        a REQ for a message of that type appeared after the operation started;
- delivered:   the PF read the request's word 0 before anything erased it;
- erased:      its VFREQ was cleared before the PF read it, and the PF overwrote it or
               never read it (the race);
- lost:        sent, neither read nor erased (e.g. still pending at the end);
- never sent:  no REQ for it ever appeared (the driver's lock failed and it went on, or
               its mailbox had timed out); its loss time is when the operation returned;
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

    def __init__(self):
        self.asked = []

    async def ask(self, vf: int, message: int, operation, *args):
        """Run a driver operation that sends `message` (a type, e.g. E1000_VF_SET_LPE) and
        record it; returns what the operation returned."""
        intent = Intent(M.NAMES[message], vf, now_ps())
        self.asked.append(intent)
        result = await operation(*args)
        intent.returned_ps = now_ps()
        return result


@dataclass
class MessageFate:
    name: str
    fate: str            # delivered | erased | lost | never sent
    word0: Optional[int] = None   # as the pins showed it (None: never sent)


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
    first_loss_ps: Optional[int]     # from the start of the scenario (reset)
    timeline: object = field(repr=False)
    monitor: object = field(repr=False)
    decided_early: bool = False   # stopped at the loss; link down follows (not simulated)
    start_ps: int = 0             # simulated time of the scenario's start (its reset)
    start_edge: int = 0           # clock edge of that time
    pslverrs: list = field(default_factory=list)   # error accesses a driver made (C drivers)

    def count(self, fate: str) -> int:
        return sum(m.fate == fate for m in self.messages)

    @property
    def all_delivered(self) -> bool:
        return all(m.fate == "delivered" for m in self.messages)

    def fate_of(self, name: str) -> str:
        return next(m.fate for m in self.messages if m.name == name)


def message_fates(intents, requests) -> list:
    """Each intent matched, in order, with the first later request of its type on the pins."""
    unmatched = list(requests)
    fates = []
    for intent in intents:
        req = next((r for r in unmatched if r.vf == intent.vf and r.word0 is not None
                    and M.msg_name(r.word0) == intent.name and r.req_time_ps >= intent.asked_ps),
                   None)
        if req is None:
            fates.append(MessageFate(intent.name, "never sent"))
            continue
        unmatched.remove(req)
        fate = "delivered" if req.read_edge is not None else "erased" if req.erased else "lost"
        fates.append(MessageFate(intent.name, fate, req.word0))
    return fates


def verdict(vf_name: str, pf_name: str, profile: str, link_up: bool, intents: Intents,
            monitor, vf: int, start_ps: int) -> Verdict:
    """The verdict of one VF's scenario, from the protocol monitor and the intents."""
    requests = [r for r in monitor.requests if r.vf == vf]
    fates = message_fates(intents.asked, requests)
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
        first_loss_ps=min(losses) - start_ps if losses else None,
        timeline=monitor.timeline, monitor=monitor, start_ps=start_ps)
