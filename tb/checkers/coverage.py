"""Functional coverage of the mailbox (cocotb-coverage), sampled passively from the pins.

`MailboxCoverage(tb)` adds itself to `tb.observers`: it gets every EdgeSample of the pin
monitor before the reference model applies it, keeps the model's state before the edge and
reads the state after it when the next edge comes (or at `close()`). So a bin counts what an
edge did, not what it tried. Cover points (bins aggregated over the VFs):
- mailbox.bit.<BIT>: the set and clear paths of each state bit (hardware.md sections 2, 3,
  5): `set_by_<event>` when the event moved it 0 -> 1, `cleared_by_<event>` for 1 -> 0;
- mailbox.lock: how each lock request ended (granted, denied and why, kept, tie);
- mailbox.same_edge: every same-edge rule of hardware.md section 4;
- mailbox.msg.vf_to_pf, mailbox.msg.pf_to_vf: message types, decoded from word 0 at a VF
  REQ write (PF STS write) when the sending side wrote word 0 last.
With a mitigation switch on (docs/mitigations.md) the points gain that addendum's bins
(`points_for`): the PF lock refused by a pending request, VFREQ cleared by the PF's read,
and one same-edge bin per addendum rule. One simulator has one build, so one set of points.
Every instance feeds the one cocotb-coverage database, so the tests of a run add up;
`write_report()` writes coverage.xml (cocotb-coverage's export) and coverage.txt (every bin
with its hits, unreachable bins marked with their reason, missed bins named).
These are igb's points; the ixgbe family's class (tb/checkers/ixgbe.py, `tb.family.coverage`)
changes the hooks and class attributes of MailboxCoverage and adds its own points.
"""

from dataclasses import dataclass
from pathlib import Path

from cocotb_coverage.coverage import CoverPoint, coverage_db

from tb import messages as M
from tb import regmap as R

ROOT = "mailbox"
PF, VF = "pf", "vf"
VF_BITS = ("VFU", "PFU", "PFSTS", "PFACK", "RSTI", "RSTD", "VFREQ", "VFACK")  # VfState fields
RESET = "reset"

BIT_BINS = {
    "VFU": ["set_by_vf_lock_request", "cleared_by_vf_unlock_write", "cleared_by_vf_send_write",
            "cleared_by_rvfu", "cleared_by_reset"],
    "PFU": ["set_by_pf_lock_request", "cleared_by_pf_unlock_write", "cleared_by_pf_send_write",
            "cleared_by_reset"],
    "PFSTS": ["set_by_pf_sts_write", "cleared_by_vf_read", "cleared_by_reset"],
    "PFACK": ["set_by_pf_ack_write", "cleared_by_vf_read", "cleared_by_reset"],
    "RSTI": ["set_by_reset", "cleared_by_pfrstd"],
    "RSTD": ["set_by_pfrstd", "cleared_by_vf_read", "cleared_by_reset"],
    "VFREQ": ["set_by_vf_req_write", "cleared_by_w1c", "cleared_by_rvfu", "cleared_by_reset"],
    "VFACK": ["set_by_vf_ack_write", "cleared_by_w1c", "cleared_by_rvfu", "cleared_by_reset"],
    "ICR_VMMB": ["set_by_vf_req_write", "set_by_vf_ack_write", "set_by_flr",
                 "set_by_vf_ctrl_rst", "cleared_by_icr_read", "cleared_by_reset"],
    "IMS_VMMB": ["set_by_ims_write", "cleared_by_imc_write", "cleared_by_reset"],
    "MBVFIMR": ["set_by_write", "cleared_by_write", "cleared_by_reset"],
    "VFLRE": ["set_by_flr", "set_by_vf_ctrl_rst", "cleared_by_w1c", "cleared_by_reset"],
    "CTRL_EXT_PFRSTD": ["set_by_write", "cleared_by_write", "cleared_by_reset"],
}
LOCK_BINS = ["pf_granted", "pf_denied_vf_holds", "pf_keeps_lock",
             "vf_granted", "vf_denied_pf_holds", "vf_keeps_lock", "vf_denied_by_rvfu",
             "tie_won_by_pf"]
SAME_EDGE_BINS = [
    # rule 1: an event that sets a bit beats a same-edge clear of it
    "rule1_PFSTS_sts_beats_vf_read", "rule1_PFACK_ack_beats_vf_read",
    "rule1_RSTD_pfrstd_beats_vf_read", "rule1_VFREQ_req_beats_w1c",
    "rule1_VFREQ_req_beats_rvfu", "rule1_VFACK_ack_beats_w1c", "rule1_VFACK_ack_beats_rvfu",
    "rule1_VFLRE_reset_event_beats_w1c", "rule1_ICR_VMMB_cause_beats_icr_read",
    # conditions judged on the state before the edge
    "pf_lock_request_meets_vf_release", "vf_lock_request_meets_pf_release",
    "pfu_rvfu_while_vfu_grants_nothing",
    # interrupt causes are events, not levels
    "unmask_with_vfreq_pending_raises_nothing", "req_with_vfreq_pending_raises_vmmb",
    "ack_with_vfack_pending_raises_vmmb",
    "rule2_lock_tie_pf_wins", "rule3_rvfu_beats_vf_lock_request",
    "rule4_same_word_pf_value_stored",
    "rule5_reset_beats_pf_write", "rule5_reset_beats_vf_write",
    "rule5_reset_drops_memory_write", "rule5_reset_beats_flr",
]
CONFIG_TYPES = (M.E1000_VF_SET_MAC_ADDR, M.E1000_VF_SET_MULTICAST, M.E1000_VF_SET_VLAN,
                M.E1000_VF_SET_LPE, M.E1000_VF_SET_PROMISC)
NACK_NOT_CLEAR_TO_SEND = "NACK_not_clear_to_send"   # a bare NACK: word 0 has no type
VF_TO_PF_BINS = [M.NAMES[t] for t in (M.E1000_VF_RESET,) + CONFIG_TYPES]
PF_TO_VF_BINS = (["VF_RESET_ACK"] + [f"{M.NAMES[t]}_ACK" for t in CONFIG_TYPES]
                 + [f"{M.NAMES[t]}_NACK" for t in CONFIG_TYPES]
                 + [NACK_NOT_CLEAR_TO_SEND, M.NAMES[M.E1000_PF_CONTROL_MSG]])

POINTS = {**{f"bit.{name}": bins for name, bins in BIT_BINS.items()},
          "lock": LOCK_BINS, "same_edge": SAME_EDGE_BINS,
          "msg.vf_to_pf": VF_TO_PF_BINS, "msg.pf_to_vf": PF_TO_VF_BINS}

# The addenda's bins (docs/mitigations.md), per switch: point -> extra bins.
MITIGATION_BINS = {
    "pfu_waits_for_req": {
        "lock": ["pf_denied_vfreq_pending"],
        "same_edge": ["A1_pf_lock_refused_by_pending_req", "A2_pf_keeps_lock_with_req_pending",
                      "A3_pf_lock_meets_same_edge_req_granted", "A4_tie_with_req_pending_vf_wins"],
    },
    "protect_vf_request": {
        "bit.VFREQ": ["cleared_by_pf_read"],
        "same_edge": ["B1_w1c_leaves_vfreq", "B2_req_beats_pf_read",
                      "B4_same_word_both_stored"],
    },
}


def points_for(options) -> dict:
    """POINTS with the bins of every switch that is on in `options` (tb.rtl_options)."""
    points = {name: list(bins) for name, bins in POINTS.items()}
    for switch, extra in MITIGATION_BINS.items():
        if getattr(options, switch, False):
            for name, bins in extra.items():
                points[name] += bins
    return points


def _cover_point(name: str, bins: list):
    """A cocotb-coverage point over labels: a sample is the set of labels an edge hit."""
    @CoverPoint(f"{ROOT}.{name}", bins=bins, rel=lambda hit, label: label in hit, inj=False)
    def sample(hit):
        unknown = set(hit) - set(bins)
        assert not unknown, f"coverage point {name} has no bins {sorted(unknown)}"
    return sample


_ACTIVE = {}     # the points of this simulator's build: {name: bins}
_SAMPLERS = {}


def _activate(points: dict):
    """Create the cover points of this build (family, switches; once per simulator process)."""
    if _ACTIVE:
        assert _ACTIVE == points, "one simulator, one build: the switches cannot change"
        return
    _ACTIVE.update(points)
    _SAMPLERS.update({name: _cover_point(name, bins) for name, bins in points.items()})


@dataclass
class _State:
    """What the coverage needs of the model's state at one moment: the bits of the VFs an edge
    touches and the words of the VFs its transfers reach (copying every VF's on every edge
    would cost NUM_VFS x 16 words an edge), and the PF's registers under igb's names (the
    family's model attributes: STATE_FIELDS)."""

    vfs: dict        # VF n -> {bit name: bool}
    mem: dict        # VF n -> its 16 words (None: not known yet); PF->VF with PROTECT_VF_REQUEST
    v2p: dict        # VF n -> the VF->PF words of PROTECT_VF_REQUEST
    icr_vmmb: bool   # the PF's mailbox cause (ixgbe: EICR.MAILBOX)
    ims_vmmb: bool   # its enable (ixgbe: EIMS)
    mbvfimr: int     # the VFs whose REQ/ACK raise it (ixgbe: PFMBIMR(0..1))
    vflre: int       # the VF-reset event bits
    ctrl_ext: int

    @classmethod
    def of(cls, model, fields: dict, vfs, mem_vfs) -> "_State":
        return cls({n: {b: getattr(model.vfs[n], b.lower()) for b in VF_BITS} for n in vfs},
                   {n: list(model.vfs[n].mem) for n in mem_vfs},
                   {n: list(model.vfs[n].v2p) for n in mem_vfs},
                   **{name: getattr(model, attr) for name, attr in fields.items()})


def _moved(old: bool, new: bool, set_causes: dict, clear_causes: dict) -> set:
    """Bin labels of a bit's transition on one edge, named after the causes present. A
    transition without a cause gets the label `..._by_unexplained`, which no point has: its
    sampler then fails the test (the coverage model misses a path)."""
    if bool(old) == bool(new):
        return set()
    prefix, causes = ("set_by", set_causes) if new else ("cleared_by", clear_causes)
    return {f"{prefix}_{c}" for c, on in causes.items() if on} or {f"{prefix}_unexplained"}


class _Edge:
    """One edge's accesses that landed (no PSLVERR), decoded by the reference model."""

    def __init__(self, model, sample):
        self.sample = sample
        self.acc = {}
        for t in sample.transfers:
            d = model.decode(t)
            if d.reg is not None:
                self.acc[t.port] = (t, d)
        t, d = self.acc.get(PF, (None, None))
        # (VFREQ, VFACK) masks, bit n = VF n, of a PF write-1-to-clear of the cause register
        self.causes_cleared = model.cause_bits(d, t.data) \
            if t is not None and t.write and d.reg == model.CAUSE_REG else (0, 0)

    def vfs(self) -> set:
        """The VFs this edge's transfers name (a register index k or i is no VF)."""
        return {d.vf for t, d in self.acc.values()
                if d.reg in ("PFMAILBOX", "VFMAILBOX", "VMBMEM") or t.port == VF}

    def write(self, port: str, reg: str, vf: int = None):
        """Write data of `port`'s write to `reg` (of VF `vf`), or None."""
        t, d = self.acc.get(port, (None, None))
        if t is None or not t.write or d.reg != reg or (vf is not None and d.vf != vf):
            return None
        return t.data

    def reads(self, port: str, reg: str, vf: int = None) -> bool:
        t, d = self.acc.get(port, (None, None))
        return t is not None and not t.write and d.reg == reg and (vf is None or d.vf == vf)

    def reads_word0(self, port: str, vf: int) -> bool:
        t, d = self.acc.get(port, (None, None))
        return self.reads(port, "VMBMEM", vf) and d.word == 0

    def memory_write(self, port: str):
        """(vf, word, data) of `port`'s mailbox memory write, or None."""
        t, d = self.acc.get(port, (None, None))
        return (d.vf, d.word, t.data) if t is not None and t.write and d.reg == "VMBMEM" else None


class _VfEdge:
    """What one edge does to VF n's mailbox: every event of sections 3 and 5, as flags."""

    def __init__(self, e: _Edge, n: int, cov: "MailboxCoverage"):
        pf_mbx, vf_mbx = e.write(PF, "PFMAILBOX", n), e.write(VF, "VFMAILBOX", n)
        self.protect = cov.options.protect_vf_request
        pf, vf = pf_mbx or 0, vf_mbx or 0
        w1c_req, w1c_ack = e.causes_cleared
        self.sts, self.pf_ack = bool(pf & R.PFMAILBOX_STS), bool(pf & R.PFMAILBOX_ACK)
        self.pf_lock, self.rvfu = bool(pf & R.PFMAILBOX_PFU), bool(pf & R.PFMAILBOX_RVFU)
        self.pf_unlock = pf_mbx is not None and not self.pf_lock
        self.req, self.vf_ack = bool(vf & R.VFMAILBOX_REQ), bool(vf & R.VFMAILBOX_ACK)
        self.vf_lock = bool(vf & R.VFMAILBOX_VFU)
        self.vf_unlock = vf_mbx is not None and not self.vf_lock
        self.vf_read = e.reads(VF, "VFMAILBOX", n)
        self.w1c_req, self.w1c_ack = bool(w1c_req >> n & 1), bool(w1c_ack >> n & 1)
        self.req_read = self.protect and e.reads_word0(PF, n)   # consumes the request
        self.pfrstd = cov.pfrstd(e)
        self.flr = bool(e.sample.flr >> n & 1)
        self.reset_events = cov.reset_events(e, n)
        self.vflre_w1c = cov.event_w1c(e, n)
        mask = cov.mask_write(e, n)   # VF n's bit of a mask register write, or None
        self.unmask = mask is not None and bool(mask)
        self.mask_write = mask is not None and not self.unmask
        # a clear cause only where the family's FLR clears the VF's bits (ixgbe)
        self.flr_clears = {"flr": self.flr} if cov.FLR_CLEARS_VF_BITS else {}

    def causes(self) -> dict:
        """Per state bit: ({set cause: present}, {clear cause: present})."""
        vf_sends, pf_sends = self.req or self.vf_ack, self.sts or self.pf_ack
        return {
            "VFU": ({"vf_lock_request": self.vf_lock},
                    {"vf_unlock_write": self.vf_unlock and not vf_sends,
                     "vf_send_write": self.vf_unlock and vf_sends, "rvfu": self.rvfu,
                     **self.flr_clears}),
            "PFU": ({"pf_lock_request": self.pf_lock},
                    {"pf_unlock_write": self.pf_unlock and not pf_sends,
                     "pf_send_write": self.pf_unlock and pf_sends}),
            "PFSTS": ({"pf_sts_write": self.sts}, {"vf_read": self.vf_read, **self.flr_clears}),
            "PFACK": ({"pf_ack_write": self.pf_ack}, {"vf_read": self.vf_read, **self.flr_clears}),
            "RSTI": ({}, {"pfrstd": self.pfrstd}),
            "RSTD": ({"pfrstd": self.pfrstd}, {"vf_read": self.vf_read, **self.flr_clears}),
            "VFREQ": ({"vf_req_write": self.req},
                      {"w1c": self.w1c_req and not self.protect, "rvfu": self.rvfu,
                       "pf_read": self.req_read}),
            "VFACK": ({"vf_ack_write": self.vf_ack}, {"w1c": self.w1c_ack, "rvfu": self.rvfu}),
        }


class MailboxCoverage:
    """igb's coverage (hardware.md); tb/checkers/ixgbe.py's IxgbeCoverage is ixgbe's. The class
    attributes and the hooks below are what a family changes."""

    # what the model's attributes are called under _State's (igb's) names
    STATE_FIELDS = {"icr_vmmb": "icr_vmmb", "ims_vmmb": "ims_vmmb", "mbvfimr": "mbvfimr",
                    "vflre": "vflre", "ctrl_ext": "ctrl_ext"}
    FLR_CLEARS_VF_BITS = False   # an FLR leaves the VF's mailbox bits (igb)
    MESSAGES = True              # the message points (a driver model of the family exists)

    def __init__(self, tb):
        self.tb = tb
        self.model = tb.model
        self.options = tb.model.options
        _activate(self.points(self.options))
        self.num_vfs = tb.num_vfs
        self.edges = 0
        self._open = None                        # (sample, state before it, VFs, words' VFs)
        self._word0_writer = [None] * self.num_vfs
        tb.observers.append(self.observe)

    @classmethod
    def points(cls, options=None) -> dict:
        """The cover points of a build with the switches `options`: {name: bins}."""
        return points_for(options)

    # ------------------------------------------------------------------ family hooks (igb)
    def pfrstd(self, e: _Edge) -> bool:
        return bool((e.write(PF, "CTRL_EXT") or 0) & R.CTRL_EXT_PFRSTD)

    def reset_events(self, e: _Edge, n: int) -> dict:
        """The events of this edge that set VF n's reset-event bit, {cause: present}."""
        ctrl = e.write(VF, "CTRL", n) or 0
        return {"flr": bool(e.sample.flr >> n & 1), "vf_ctrl_rst": bool(ctrl & R.CTRL_RST)}

    def event_w1c(self, e: _Edge, n: int) -> bool:
        """A PF write-1-to-clear of VF n's reset-event bit."""
        return bool((e.write(PF, "VFLRE") or 0) >> n & 1)

    def mask_write(self, e: _Edge, n: int):
        """VF n's bit of a PF write of the interrupt mask register, or None."""
        mask = e.write(PF, "MBVFIMR")
        return None if mask is None else mask >> n & 1

    def _pf_registers(self, e: _Edge, old: _State, new: _State, hits: dict, cause_sets: dict):
        """The PF's own interrupt and control registers on a non-reset edge."""
        icr_read = e.reads(PF, "ICR")
        hits["bit.ICR_VMMB"] |= _moved(old.icr_vmmb, new.icr_vmmb, cause_sets,
                                       {"icr_read": icr_read})
        if icr_read and any(cause_sets.values()) and new.icr_vmmb:
            hits["same_edge"].add("rule1_ICR_VMMB_cause_beats_icr_read")
        hits["bit.IMS_VMMB"] |= _moved(
            old.ims_vmmb, new.ims_vmmb,
            {"ims_write": bool((e.write(PF, "IMS") or 0) & R.ICR_VMMB)},
            {"imc_write": bool((e.write(PF, "IMC") or 0) & R.ICR_VMMB)})
        ctrl_ext_written = e.write(PF, "CTRL_EXT") is not None
        hits["bit.CTRL_EXT_PFRSTD"] |= _moved(
            old.ctrl_ext & R.CTRL_EXT_PFRSTD, new.ctrl_ext & R.CTRL_EXT_PFRSTD,
            {"write": ctrl_ext_written}, {"write": ctrl_ext_written})

    def _pf_registers_reset(self, old: _State, new: _State, hits: dict):
        reset = {RESET: True}
        hits["bit.ICR_VMMB"] |= _moved(old.icr_vmmb, new.icr_vmmb, reset, reset)
        hits["bit.IMS_VMMB"] |= _moved(old.ims_vmmb, new.ims_vmmb, reset, reset)
        hits["bit.CTRL_EXT_PFRSTD"] |= _moved(old.ctrl_ext & R.CTRL_EXT_PFRSTD,
                                              new.ctrl_ext & R.CTRL_EXT_PFRSTD, reset, reset)

    def _family_edge(self, e: _Edge, old: _State, new: _State, hits: dict, touched):
        """Bins only the family has (none for igb)."""

    # ------------------------------------------------------------------ plumbing
    def observe(self, sample):
        """tb.observers hook: called with each EdgeSample before the model applies it."""
        self._close_edge()
        e = _Edge(self.model, sample)
        words = e.vfs()
        touched = self._touched(e, words)
        self._open = (e, _State.of(self.model, self.STATE_FIELDS, touched, words), touched, words)

    def _touched(self, e: _Edge, words: set):
        """The VFs whose state this edge may change: those its transfers and FLRs name, or
        every VF on a reset edge and on a PF write of a register with bits of many VFs.
        An untouched VF moves no bit, so it hits no bin."""
        t, d = e.acc.get(PF, (None, None))
        if e.sample.reset or (t is not None and t.write and d.reg not in ("PFMAILBOX", "VMBMEM")):
            return range(self.num_vfs)
        flr = e.sample.flr
        return sorted(words | {n for n in range(self.num_vfs) if flr >> n & 1} if flr else words)

    def _close_edge(self):
        if self._open is None:
            return
        e, old, touched, words = self._open
        self._open = None
        self.edges += 1
        hits = {name: set() for name in _ACTIVE}
        new = _State.of(self.model, self.STATE_FIELDS, touched, words)
        self._classify(e, old, new, hits, touched)
        for name, labels in hits.items():
            if labels:
                _SAMPLERS[name](labels)

    def flush(self):
        """Account for the last edge seen so far (an edge counts once the next one comes)."""
        self._close_edge()

    def close(self):
        """Account for the last edge and stop observing."""
        self.flush()
        if self.observe in self.tb.observers:
            self.tb.observers.remove(self.observe)

    def report(self, directory, unreachable: dict = None) -> "CoverageReport":
        """close(), then write_report() of everything covered so far."""
        self.close()
        return write_report(directory, unreachable)

    # ------------------------------------------------------------------ classification
    def _classify(self, e: _Edge, old: _State, new: _State, hits: dict, touched):
        if e.sample.reset:
            self._reset_edge(e, old, new, hits)
            self._family_edge(e, old, new, hits, touched)
            return
        cause_sets = {"vf_req_write": False, "vf_ack_write": False,
                      **{event: False for event in self.reset_events(e, 0)}}
        for n in touched:
            v, o, nw = _VfEdge(e, n, self), old.vfs[n], new.vfs[n]
            for bit, (sets, clears) in v.causes().items():
                hits[f"bit.{bit}"] |= _moved(o[bit], nw[bit], sets, clears)
            hits[f"bit.{self.MASK_BIT}"] |= _moved(old.mbvfimr >> n & 1, new.mbvfimr >> n & 1,
                                                   {"write": v.unmask}, {"write": v.mask_write})
            hits[f"bit.{self.EVENT_BIT}"] |= _moved(old.vflre >> n & 1, new.vflre >> n & 1,
                                                    v.reset_events, {"w1c": v.vflre_w1c})
            unmasked = bool(old.mbvfimr >> n & 1)
            cause_sets["vf_req_write"] |= unmasked and v.req
            cause_sets["vf_ack_write"] |= unmasked and v.vf_ack
            for event, on in v.reset_events.items():
                cause_sets[event] |= on
            hits["lock"] |= self._lock(v, o, nw)
            hits["same_edge"] |= self._same_edge(v, n, old, new)
            hits["same_edge"] |= self._addenda(v, o, nw)
        self._pf_registers(e, old, new, hits, cause_sets)
        pf_word, vf_word = e.memory_write(PF), e.memory_write(VF)
        if pf_word and vf_word and pf_word[:2] == vf_word[:2]:
            n, i = pf_word[:2]
            if self.options.protect_vf_request:
                if new.mem[n][i] == pf_word[2] and new.v2p[n][i] == vf_word[2]:
                    hits["same_edge"].add("B4_same_word_both_stored")
            elif new.mem[n][i] == pf_word[2]:
                hits["same_edge"].add("rule4_same_word_pf_value_stored")
        if self.MESSAGES:
            self._messages(e, old, hits)
        self._family_edge(e, old, new, hits, touched)

    MASK_BIT, EVENT_BIT = "MBVFIMR", "VFLRE"   # the names of their bit points

    def _reset_edge(self, e: _Edge, old: _State, new: _State, hits: dict):
        reset = {RESET: True}
        for n in range(self.num_vfs):
            o, nw = old.vfs[n], new.vfs[n]
            for bit in VF_BITS:
                hits[f"bit.{bit}"] |= _moved(o[bit], nw[bit], reset, reset)
            hits[f"bit.{self.MASK_BIT}"] |= _moved(old.mbvfimr >> n & 1, new.mbvfimr >> n & 1,
                                                   reset, reset)
            hits[f"bit.{self.EVENT_BIT}"] |= _moved(old.vflre >> n & 1, new.vflre >> n & 1,
                                                    reset, reset)
        self._pf_registers_reset(old, new, hits)
        rule5 = hits["same_edge"]
        for port, label in ((PF, "rule5_reset_beats_pf_write"), (VF, "rule5_reset_beats_vf_write")):
            t, _ = e.acc.get(port, (None, None))
            if t is not None and t.write:
                rule5.add(label)
            word = e.memory_write(port)
            mem_new, mem_old = self._words(new, port), self._words(old, port)
            if word and mem_new[word[0]][word[1]] == mem_old[word[0]][word[1]] != word[2]:
                rule5.add("rule5_reset_drops_memory_write")
        if e.sample.flr and new.vflre == 0:
            rule5.add("rule5_reset_beats_flr")

    def _words(self, state: _State, writer: str) -> list:
        """The buffer `writer`'s memory writes land in (per VF)."""
        return state.v2p if writer == VF and self.options.protect_vf_request else state.mem

    def _addenda(self, v: _VfEdge, o: dict, nw: dict) -> set:
        """The addendum rules (docs/mitigations.md) that one edge exercised on one VF."""
        cases = {}
        if self.options.pfu_waits_for_req:
            cases.update({
                "A1_pf_lock_refused_by_pending_req": v.pf_lock and o["VFREQ"] and not o["VFU"]
                and not o["PFU"] and not nw["PFU"],
                "A2_pf_keeps_lock_with_req_pending": v.pf_lock and o["VFREQ"] and o["PFU"]
                and nw["PFU"],
                "A3_pf_lock_meets_same_edge_req_granted": v.pf_lock and v.req and not o["VFREQ"]
                and not o["VFU"] and not o["PFU"] and nw["PFU"],
                "A4_tie_with_req_pending_vf_wins": v.pf_lock and v.vf_lock and o["VFREQ"]
                and not o["VFU"] and not o["PFU"] and nw["VFU"] and not nw["PFU"],
            })
        if self.options.protect_vf_request:
            cases.update({
                "B1_w1c_leaves_vfreq": v.w1c_req and o["VFREQ"] and nw["VFREQ"] and not v.req,
                "B2_req_beats_pf_read": v.req and v.req_read and nw["VFREQ"],
            })
        return {label for label, on in cases.items() if on}

    @staticmethod
    def _lock(v: _VfEdge, old: dict, new: dict) -> set:
        """How the lock requests of one edge on one VF ended."""
        hit = set()
        if v.pf_lock:
            if old["PFU"] and new["PFU"]:
                hit.add("pf_keeps_lock")
            elif old["VFU"] and not new["PFU"]:
                hit.add("pf_denied_vf_holds")
            elif old["VFREQ"] and not new["PFU"] and not v.rvfu:
                hit.add("pf_denied_vfreq_pending")
            elif not old["PFU"] and new["PFU"]:
                hit.add("pf_granted")
        if v.vf_lock and new["VFU"]:
            hit.add("vf_keeps_lock" if old["VFU"] else "vf_granted")
        elif v.vf_lock:
            if old["PFU"]:
                hit.add("vf_denied_pf_holds")
            elif v.pf_lock and new["PFU"]:
                hit.add("tie_won_by_pf")
            elif v.rvfu:
                hit.add("vf_denied_by_rvfu")
        return hit

    @staticmethod
    def _same_edge(v: _VfEdge, n: int, old: _State, new: _State) -> set:
        """The same-edge rules of hardware.md section 4 that one edge exercised on VF n."""
        o, nw = old.vfs[n], new.vfs[n]
        unmasked = bool(old.mbvfimr >> n & 1)
        vmmb_rises = not old.icr_vmmb and new.icr_vmmb
        cases = {
            "rule1_PFSTS_sts_beats_vf_read": v.sts and v.vf_read and nw["PFSTS"],
            "rule1_PFACK_ack_beats_vf_read": v.pf_ack and v.vf_read and nw["PFACK"],
            "rule1_RSTD_pfrstd_beats_vf_read": v.pfrstd and v.vf_read and nw["RSTD"],
            "rule1_VFREQ_req_beats_w1c": v.req and v.w1c_req and nw["VFREQ"],
            "rule1_VFREQ_req_beats_rvfu": v.req and v.rvfu and nw["VFREQ"],
            "rule1_VFACK_ack_beats_w1c": v.vf_ack and v.w1c_ack and nw["VFACK"],
            "rule1_VFACK_ack_beats_rvfu": v.vf_ack and v.rvfu and nw["VFACK"],
            "rule1_VFLRE_reset_event_beats_w1c": any(v.reset_events.values()) and v.vflre_w1c
            and bool(new.vflre >> n & 1),
            "pf_lock_request_meets_vf_release": v.pf_lock and o["VFU"] and v.vf_unlock
            and not nw["PFU"] and not nw["VFU"],
            "vf_lock_request_meets_pf_release": v.vf_lock and o["PFU"] and v.pf_unlock
            and not nw["VFU"] and not nw["PFU"],
            "pfu_rvfu_while_vfu_grants_nothing": v.pf_lock and v.rvfu and o["VFU"]
            and not nw["VFU"] and not nw["PFU"],
            "unmask_with_vfreq_pending_raises_nothing": v.unmask and not unmasked and o["VFREQ"]
            and not old.icr_vmmb and not new.icr_vmmb,
            "req_with_vfreq_pending_raises_vmmb": v.req and unmasked and o["VFREQ"] and vmmb_rises,
            "ack_with_vfack_pending_raises_vmmb": v.vf_ack and unmasked and o["VFACK"]
            and vmmb_rises,
            "rule2_lock_tie_pf_wins": v.pf_lock and v.vf_lock and not o["PFU"] and not o["VFU"]
            and nw["PFU"] and not nw["VFU"],
            "rule3_rvfu_beats_vf_lock_request": v.rvfu and v.vf_lock and not v.pf_lock
            and not o["PFU"] and not nw["VFU"],
        }
        return {label for label, on in cases.items() if on}

    def _messages(self, e: _Edge, old: _State, hits: dict):
        """A VF REQ (PF STS) write after the VF (PF) wrote word 0: a message, typed by it."""
        vf_mbx, pf_mbx = e.write(VF, "VFMAILBOX"), e.write(PF, "PFMAILBOX")
        if vf_mbx is not None and vf_mbx & R.VFMAILBOX_REQ:
            n = e.acc[VF][1].vf
            word0 = self._words(old, VF)[n][0]
            flags = M.E1000_VT_MSGTYPE_ACK | M.E1000_VT_MSGTYPE_NACK
            if self._word0_writer[n] == VF and not word0 & flags:
                hits["msg.vf_to_pf"] |= {M.msg_name(word0)} & set(VF_TO_PF_BINS)
        if pf_mbx is not None and pf_mbx & R.PFMAILBOX_STS:
            n = e.acc[PF][1].vf
            if self._word0_writer[n] == PF:
                hits["msg.pf_to_vf"] |= {reply_label(old.mem[n][0])} & set(PF_TO_VF_BINS)
        for port in (VF, PF):   # the PF last: its word wins a same-word tie (rule 4)
            word = e.memory_write(port)
            if word and word[1] == 0:
                self._word0_writer[word[0]] = port


def reply_label(word0: int) -> str:
    """The bin of a PF -> VF message: <TYPE>_ACK, <TYPE>_NACK, a bare NACK, a control message."""
    kind = M.msg_type(word0)
    if kind == M.E1000_PF_CONTROL_MSG:
        return M.NAMES[kind]
    if word0 & M.E1000_VT_MSGTYPE_ACK:
        return f"{M.msg_name(word0)}_ACK"
    if word0 & M.E1000_VT_MSGTYPE_NACK:
        return f"{M.msg_name(word0)}_NACK" if kind else NACK_NOT_CLEAR_TO_SEND
    return M.msg_name(word0)


# ---------------------------------------------------------------------- the report
@dataclass
class CoverageReport:
    hits: dict          # "point.bin" -> hits
    unreachable: dict   # "point.bin" -> why it cannot be reached
    text_path: Path
    xml_path: Path

    @property
    def reachable(self) -> list:
        return [b for b in self.hits if b not in self.unreachable]

    @property
    def missed(self) -> list:
        return [b for b in self.reachable if not self.hits[b]]

    @property
    def percent(self) -> float:
        return 100.0 * (len(self.reachable) - len(self.missed)) / len(self.reachable)

    @property
    def summary(self) -> str:
        hit = len(self.reachable) - len(self.missed)
        return (f"mailbox functional coverage: {hit} of {len(self.reachable)} reachable bins "
                f"hit ({self.percent:.1f} % of reachable bins); {len(self.unreachable)} "
                f"unreachable bins excluded")


def all_hits() -> dict:
    """Every defined bin as "point.bin" -> hits, over all MailboxCoverage instances so far."""
    return {f"{point}.{label}": coverage_db[f"{ROOT}.{point}"].detailed_coverage[label]
            for point, bins in _ACTIVE.items() for label in bins}


def write_report(directory, unreachable: dict = None) -> CoverageReport:
    """coverage.xml (cocotb-coverage's export) and coverage.txt in `directory`.
    `unreachable`: "point.bin" -> reason, for bins excluded from the figure."""
    unreachable = dict(unreachable or {})
    hits = all_hits()
    unknown = set(unreachable) - set(hits)
    assert not unknown, f"unreachable names bins that do not exist: {sorted(unknown)}"
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    report = CoverageReport(hits, unreachable, directory / "coverage.txt",
                            directory / "coverage.xml")
    coverage_db.export_to_xml(str(report.xml_path))
    width = max(len(label) for bins in _ACTIVE.values() for label in bins)
    lines = [report.summary]
    for point, bins in _ACTIVE.items():
        lines.append(f"{ROOT}.{point}")
        for label in bins:
            key = f"{point}.{label}"
            note = (f"  unreachable: {unreachable[key]}" if key in unreachable
                    else "" if hits[key] else "  MISSED")
            lines.append(f"  {label:<{width}} {hits[key]:>8d}{note}")
    if report.missed:
        lines.append("missed: " + ", ".join(report.missed))
    report.text_path.write_text("\n".join(lines) + "\n")
    return report
