"""Protocol monitor: follows every VF request on the pins, from its REQ write to the PF's
read, ACK and reply, and flags what the mailbox protocol must never do.

Passive: it sees the EdgeSamples of the pin monitor, and the lock and VFREQ state from
the reference model as it was before each edge (the model is fed by the same pins).
Flags, each with clock edge and simulated time:
- erased:      a request whose VFREQ bit a PF write-1-to-clear (or RVFU) cleared before
               the PF read the message, which the PF then overwrote or never read;
- overwritten: a mailbox word written by one side and overwritten by the other before it
               read it (the PF overwriting a pending request; the VF discarding a reply);
- lockless:    a mailbox memory write by a side that does not hold the lock;
- timeout:     a request not acknowledged within the VF's mailbox timeout.
- reply dropped (counted, not flagged): a request the PF read that no PF STS answered
  before the PF read the VF's next one (or the scenario ended).
Lock requests of both sides, and those whose read-back shows the lock not granted
("pf-lock-failed", "vf-lock-failed"), go into the timeline too: any driver's lock failures
are seen on the pins, whether or not the driver logs them.
Everything it sees of the mailbox goes into the scenario's Timeline. It follows the RTL's
mitigation switches through the model (docs/mitigations.md): with PROTECT_VF_REQUEST a W1C
clears no request, and each direction has its own words.
"""

from dataclasses import dataclass, field
from typing import Callable, Optional

from tb import messages as M
from tb import regmap as R
from tb.checkers.timeline import Timeline
from tb.checkers.register_model import MailboxModel
from tb.bus.samples import EdgeSample, Transfer

PF_SIDE, VF_SIDE = "PF", "VF"


@dataclass
class Request:
    vf: int
    word0: Optional[int]
    req_time_ps: int
    req_edge: int
    read_edge: Optional[int] = None       # PF read word 0 of it
    read_word0: Optional[int] = None      # and saw this there
    ack_edge: Optional[int] = None
    ack_time_ps: Optional[int] = None
    reply_edge: Optional[int] = None      # the PF's STS that answered it
    reply_time_ps: Optional[int] = None
    cleared: Optional[tuple] = None       # (time_ps, edge, transfer) of the unread clear
    erased: bool = False
    overwritten: bool = False
    timed_out: bool = False
    namer: Callable = field(default=M.msg_name, repr=False)   # the family's message names

    @property
    def name(self) -> str:
        return self.namer(self.word0) if self.word0 is not None else "message"

    @property
    def label(self) -> str:
        """Its name and word 0 (a REQ with no word written before it has only a name)."""
        return f"{self.name} {self.word0:#010x}" if self.word0 is not None else self.name


class ProtocolMonitor:
    def __init__(self, model: MailboxModel, timeline: Timeline, vf_timeout_ps: int,
                 msg_name: Callable = M.msg_name):
        """`msg_name`: word 0 -> message name, the driver family's (tb.messages for igb)."""
        self.model = model
        self.msg_name = msg_name
        self.timeline = timeline
        self.vf_timeout_ps = vf_timeout_ps
        n = model.num_vfs
        self.requests = []
        self.pending = [None] * n                       # the VF's latest request, per VF
        self.last_read = [None] * n                     # the request the PF read last, per VF
        # Per buffer (VF->PF, PF->VF; one and the same unless PROTECT_VF_REQUEST): each
        # word as last seen, who wrote it, and whether the other side has read it since.
        split = model.options.protect_vf_request
        self.buffers = {}
        for direction in ("v2p", "p2v"):
            self.buffers[direction] = self.buffers["v2p"] if direction == "p2v" and not split \
                else ([[None] * R.MBX_WORDS for _ in range(n)],
                      [[None] * R.MBX_WORDS for _ in range(n)],
                      [[False] * R.MBX_WORDS for _ in range(n)])
        self.flags = []                                 # the Events of the four kinds above
        self.lock_asked = {PF_SIDE: [False] * n, VF_SIDE: [False] * n}   # read-back pending
        self.on_flag = None                             # optional callback(Event)

    # ------------------------------------------------------------------ output
    def _event(self, s: EdgeSample, kind: str, text: str, vf: int, t: Transfer = None,
               flag=False, **fields):
        event = self.timeline.add(s.time_ps, "monitor", kind, text, vf=vf, edge=s.edge,
                                  transfer=str(t) if t else None,
                                  value=t.data if t else None, **fields)
        if flag:
            self._flag(event)
        return event

    def _flag(self, event):
        self.flags.append(event)
        if self.on_flag:
            self.on_flag(event)

    def of_kind(self, kind: str):
        return [e for e in self.flags if e.kind == kind]

    # ------------------------------------------------------------------ input
    def observe(self, s: EdgeSample):
        """Called with each sampled edge, before the reference model applies it."""
        for t in s.transfers:
            if t.slverr:
                continue
            if t.port == "pf":
                self._pf(s, t)
            else:
                self._vf(s, t)
        for req in self.pending:
            if req and req.ack_edge is None and not req.timed_out and \
                    s.time_ps - req.req_time_ps > self.vf_timeout_ps:
                req.timed_out = True
                self._event(s, "timeout", f"VF{req.vf} {req.name}: no ACK within the VF's "
                            f"mailbox timeout since REQ at edge {req.req_edge}", req.vf, flag=True)

    def finish(self):
        """End of a scenario: a cleared request the PF never read is erased."""
        for req in self.requests:
            if req.cleared and req.read_edge is None and not req.erased:
                self._erase(req)

    @property
    def replies_dropped(self) -> list:
        """Requests the PF read and never answered with an STS."""
        return [r for r in self.requests if r.read_edge is not None and r.reply_edge is None]

    # ------------------------------------------------------------------ PF side
    def _pf(self, s: EdgeSample, t: Transfer):
        d = self.model.decode(t)   # the family's register map (igb MBVFICR, ixgbe PFMBICR(i))
        if d.reg == self.model.CAUSE_REG:
            requests, _ = self.model.cause_bits(d, t.data)
            name = self.model.register_name(d)
            if t.write and self.model.options.protect_vf_request:
                pass   # a W1C no longer clears VFREQ: only the PF's read of word 0 does
            elif t.write:
                for vf in self.model.cause_vfs(d):
                    if requests >> vf & 1 and self.model.vfs[vf].vfreq:
                        self._clear(s, t, vf, "W1C of VFREQ")
            else:
                for vf in self.model.cause_vfs(d):
                    self._event(s, "pf-reads-mbvficr", f"PF reads {name} = {t.data:#010x}: "
                                f"VFREQ[{vf}] {'set' if requests >> vf & 1 else 'clear'}", vf, t)
        elif d.reg == "PFMAILBOX":
            if t.write:
                self._pf_mailbox_write(s, t, d.vf)
            else:
                self._lock_read_back(s, t, d.vf, PF_SIDE, R.PFMAILBOX_PFU)
        elif d.reg == "VMBMEM":
            self._memory(s, t, d.vf, d.word, PF_SIDE)

    def _pf_mailbox_write(self, s: EdgeSample, t: Transfer, vf: int):
        if t.data & R.PFMAILBOX_RVFU and self.model.vfs[vf].vfreq:
            self._clear(s, t, vf, "RVFU")
        if t.data & R.PFMAILBOX_PFU:
            self.lock_asked[PF_SIDE][vf] = True
            self._event(s, "pf-lock-request", f"PF requests VF{vf}'s mailbox lock (PFU)", vf, t)
            state = self.model.vfs[vf]
            why = "the VF holds it" if state.vfu else "a VF request is pending" if \
                state.vfreq and self.model.options.pfu_waits_for_req else None
            if not state.pfu and why:
                self._event(s, "pf-lock-refused", f"PF lock of VF{vf} refused: {why}", vf, t)
        req = self.pending[vf]
        if t.data & R.PFMAILBOX_ACK:
            if req and req.read_edge is not None and req.ack_edge is None:
                req.ack_edge, req.ack_time_ps = s.edge, s.time_ps
            self._event(s, "pf-ack", f"PF ACKs VF{vf}'s message", vf, t)
        if t.data & R.PFMAILBOX_STS:
            answered = self.last_read[vf]
            if answered and answered.reply_edge is None:
                answered.reply_edge, answered.reply_time_ps = s.edge, s.time_ps
            word0 = self.buffers["p2v"][0][vf][0]
            text = f"PF signals STS: message {word0:#010x} to VF{vf}" if word0 is not None else \
                f"PF signals STS to VF{vf}"
            self._event(s, "pf-sts", text, vf, t)

    def _lock_read_back(self, s: EdgeSample, t: Transfer, vf: int, side: str, bit: int):
        """The first read of its mailbox register after a side's lock request: the driver's
        check that it got the lock."""
        if not self.lock_asked[side][vf]:
            return
        self.lock_asked[side][vf] = False
        if not t.data & bit:
            self._event(s, f"{side.lower()}-lock-failed", f"{side} reads back VF{vf}'s mailbox "
                        f"register without its lock bit: its lock request failed", vf, t, by=side)

    def _clear(self, s: EdgeSample, t: Transfer, vf: int, how: str):
        req = self.pending[vf]
        if req and req.read_edge is None and req.cleared is None:
            req.cleared = (s.time_ps, s.edge, str(t))
            self._event(s, "vfreq-cleared", f"PF {how} clears VF{vf}'s VFREQ: {req.label} "
                        f"not read yet", vf, t)
        else:
            self._event(s, "vfreq-consumed", f"PF {how} of VF{vf}'s VFREQ", vf, t)

    def _erase(self, req: Request):
        req.erased = True
        time_ps, edge, transfer = req.cleared
        event = self.timeline.add(
            time_ps, "monitor", "erased",
            f"VF{req.vf} request {req.label} (REQ at edge {req.req_edge}) "
            f"erased: its VFREQ was cleared before the PF read it", vf=req.vf, edge=edge,
            transfer=transfer, message=req.name)
        self._flag(event)

    # ------------------------------------------------------------------ VF side
    def _vf(self, s: EdgeSample, t: Transfer):
        vf = t.func
        if vf >= self.model.num_vfs:   # only a broken RTL accepts it; the scoreboard flags it
            return
        d = self.model.decode(t)
        if d.reg == "VFMAILBOX":
            if t.write and t.data & R.VFMAILBOX_VFU:
                self.lock_asked[VF_SIDE][vf] = True
                self._event(s, "vf-lock-request", f"VF{vf} requests its mailbox lock (VFU)", vf, t)
            if t.write and t.data & R.VFMAILBOX_REQ:
                self._request(s, t, vf)
            elif not t.write:
                self._lock_read_back(s, t, vf, VF_SIDE, R.VFMAILBOX_VFU)
                if t.data & R.VFMAILBOX_PFACK:
                    self._event(s, "vf-sees-ack", f"VF{vf} reads VFMailbox: PFACK set", vf, t)
                if t.data & R.VFMAILBOX_PFSTS:
                    self._event(s, "vf-sees-sts", f"VF{vf} reads VFMailbox: PFSTS set", vf, t)
        elif d.reg == "VMBMEM":
            self._memory(s, t, vf, d.word, VF_SIDE)

    def _request(self, s: EdgeSample, t: Transfer, vf: int):
        old = self.pending[vf]
        if old and old.read_edge is None and not old.erased:
            self._event(s, "superseded", f"VF{vf} posts again before the PF read its "
                        f"{old.name}", vf, t, flag=True)
        req = Request(vf, self.buffers["v2p"][0][vf][0], s.time_ps, s.edge, namer=self.msg_name)
        self.requests.append(req)
        self.pending[vf] = req
        self._event(s, "req", f"VF{vf} signals REQ: {req.name} {req.word0:#010x}"
                    if req.word0 is not None else f"VF{vf} signals REQ", vf, t)

    # ------------------------------------------------------------------ memory, both sides
    def _memory(self, s: EdgeSample, t: Transfer, vf: int, word: int, side: str):
        other = VF_SIDE if side == PF_SIDE else PF_SIDE
        to_pf = (side == VF_SIDE) == t.write   # VF writes and PF reads: VF->PF words
        words, writer, unread = (a[vf] for a in self.buffers["v2p" if to_pf else "p2v"])
        if not t.write:
            words[word] = t.data
            if writer[word] == other:
                unread[word] = False
            req = self.pending[vf]
            if side == PF_SIDE and word == 0 and req and req.read_edge is None and not req.erased:
                req.read_edge, req.read_word0 = s.edge, t.data
                self.last_read[vf] = req
                self._event(s, "pf-reads-msg", f"PF reads VF{vf}'s message: {req.name} "
                            f"{t.data:#010x}", vf, t)
            return
        state = self.model.vfs[vf]
        if not (state.pfu if side == PF_SIDE else state.vfu):
            self._event(s, "lockless", f"{side} writes VF{vf} word {word} without holding "
                        f"the lock", vf, t, flag=True)
        if writer[word] == other and unread[word]:
            what = ("the VF's pending message" if side == PF_SIDE else "the PF's reply")
            self._event(s, "overwritten", f"{side} overwrites word {word} of {what} "
                        f"({words[word]:#010x} -> {t.data:#010x}) before the "
                        f"{other} read it", vf, t, flag=True, by=side)
            req = self.pending[vf]
            if side == PF_SIDE and word == 0 and req and req.read_edge is None:
                req.overwritten = True
                if req.cleared and not req.erased:
                    self._erase(req)
        words[word] = t.data
        writer[word] = side
        unread[word] = True
