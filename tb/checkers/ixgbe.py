"""The ixgbe family's checkers (docs/hardware-ixgbe.md): everything the checkers room knows
about the 82599/X540/X550 mailbox, and nothing else does.

`IxgbeModel` is the reference model of pf_vf_mailbox_ixgbe: the per-VF channels, the
memory and the same-edge rules are igb's (tb.checkers.register_model); this class holds the
register map's decoding and what differs:
- PFMBICR(0..3), 16 VFs each; PFMBIMR(0..1), 32 VFs each, reset all ones;
- EICR.MAILBOX, not read-to-clear, W1C, set by EICS; EIMS/EIMC; pf_irq = EICR & EIMS;
- CTRL_EXT.PFRSTD fires reset-done and reads 0;
- the VF-reset events in VFLRE(k) (read-only) and VFLREC(k) (W1C); an FLR sets EICR
  whatever PFMBIMR says, and clears the VF's VFU, PFSTS, PFACK, RSTD (rule 6);
- VFCTRL.RST is inert; VFLINKS; the inert VF registers (read 0, writes ignored).
"""

from tb import regmap as R
from tb import regmap_ixgbe as X
from tb.bus.samples import EdgeSample
from tb.checkers import coverage as C
from tb.checkers.register_model import Decoded, Events, Landed, MailboxModel

WORD = 0xFFFFFFFF


def _indexed(base: int, count: int, name: str) -> dict:
    return {base + 4 * k: (name, k) for k in range(count)}


class IxgbeModel(MailboxModel):
    MAX_VFS = X.IXGBE_MAX_VFS
    # offset -> (register, index k or i of the indexed ones)
    PF_REGS = {X.IXGBE_STATUS: ("STATUS", 0), X.IXGBE_CTRL_EXT: ("CTRL_EXT", 0),
               X.IXGBE_VFLRE0: ("VFLRE", 0), X.IXGBE_VFLRE1: ("VFLRE", 1),
               X.IXGBE_EICR: ("EICR", 0), X.IXGBE_EICS: ("EICS", 0),
               X.IXGBE_EIMS: ("EIMS", 0), X.IXGBE_EIMC: ("EIMC", 0),
               **_indexed(X.IXGBE_VFLREC, 2, "VFLREC"),
               **_indexed(X.IXGBE_PFMBICR, X.IXGBE_PFMBICR_COUNT, "PFMBICR"),
               **_indexed(X.IXGBE_PFMBIMR, X.IXGBE_PFMBIMR_COUNT, "PFMBIMR")}
    # the VF registers ixgbevf touches that the mailbox does not model (section 6)
    VF_INERT = {X.IXGBE_VTEICR, X.IXGBE_VTEIMS, X.IXGBE_VTEIMC, X.IXGBE_VFPSRTYPE,
                *(X.IXGBE_VFRXDCTL + X.IXGBE_VFQ_STRIDE * q for q in range(X.IXGBE_VF_QUEUES)),
                *(X.IXGBE_VFTXDCTL + X.IXGBE_VFQ_STRIDE * q for q in range(X.IXGBE_VF_QUEUES))}
    VF_FIXED = {X.IXGBE_VFCTRL: "CTRL", X.IXGBE_VFSTATUS: "STATUS", X.IXGBE_VFLINKS: "LINKS",
                X.IXGBE_VFMAILBOX: "VFMAILBOX", **{a: "INERT" for a in VF_INERT}}
    READ_ONLY = {"STATUS", "VFLRE", "LINKS"}
    VF_MEM = X.IXGBE_VFMBMEM
    CAUSE_REG = "PFMBICR"

    def reset(self):
        for vf in self.vfs:
            vf.reset()
        self.ctrl_ext = 0
        self.eicr_mailbox = False
        self.eims_mailbox = False
        self.pfmbimr = (1 << self.num_vfs) - 1   # all ones for the VFs that exist
        self.vflre = 0                           # the VF-reset event bits, bit n = VF n

    # ------------------------------------------------------------------ decode
    def _decode_pf(self, t) -> Decoded:
        a = t.addr
        if a in self.PF_REGS:
            reg, index = self.PF_REGS[a]
            return Decoded(None) if t.write and reg in self.READ_ONLY else Decoded(reg, index)
        if X.IXGBE_PFMBMEM <= a < X.pfmbmem(X.IXGBE_MAX_VFS, 0):
            vf, word = divmod(a - X.IXGBE_PFMBMEM, X.IXGBE_PFMBMEM_STRIDE)
            return Decoded("VMBMEM", vf, word // 4) if vf < self.num_vfs else Decoded(None)
        if X.IXGBE_PFMAILBOX <= a < X.pfmailbox(X.IXGBE_MAX_VFS):
            vf = (a - X.IXGBE_PFMAILBOX) // 4
            return Decoded("PFMAILBOX", vf) if vf < self.num_vfs else Decoded(None)
        return Decoded(None)

    # ------------------------------------------------------------------ reads
    INDEXED = {"VFLRE", "VFLREC", "PFMBICR", "PFMBIMR"}

    def register_name(self, d: Decoded) -> str:
        return f"{d.reg}({d.vf})" if d.reg in self.INDEXED else d.reg

    def cause_bits(self, d: Decoded, value: int) -> tuple:
        shift = X.IXGBE_VFS_PER_PFMBICR * d.vf
        exist = (1 << self.num_vfs) - 1
        return ((value >> X.IXGBE_PFMBICR_VFREQ_LSB & 0xFFFF) << shift & exist,
                (value >> X.IXGBE_PFMBICR_VFACK_LSB & 0xFFFF) << shift & exist)

    def cause_vfs(self, d: Decoded) -> range:
        first = X.IXGBE_VFS_PER_PFMBICR * d.vf
        return range(min(first, self.num_vfs), min(first + X.IXGBE_VFS_PER_PFMBICR, self.num_vfs))

    def pfmbicr(self, i: int) -> int:
        """PFMBICR(i): VFREQ and VFACK of VFs 16i..16i+15."""
        value = 0
        first = X.IXGBE_VFS_PER_PFMBICR * i
        for n in range(first, min(first + X.IXGBE_VFS_PER_PFMBICR, self.num_vfs)):
            vf = self.vfs[n]
            value |= (X.vfreq(n) if vf.vfreq else 0) | (X.vfack(n) if vf.vfack else 0)
        return value

    def _register_value(self, d: Decoded, link_up: bool) -> int:
        eicr = X.IXGBE_EICR_MAILBOX if self.eicr_mailbox else 0
        word_k = (lambda bits: bits >> (X.IXGBE_VFS_PER_WORD * d.vf) & WORD)
        values = {
            "STATUS": lambda: X.IXGBE_STATUS_LINK_UP if link_up else 0,
            "CTRL_EXT": lambda: self.ctrl_ext,
            "VFLRE": lambda: word_k(self.vflre),
            "VFLREC": lambda: word_k(self.vflre),
            "PFMBICR": lambda: self.pfmbicr(d.vf),
            "PFMBIMR": lambda: word_k(self.pfmbimr),
            "EICR": lambda: eicr,
            "EICS": lambda: eicr,
            "EIMS": lambda: X.IXGBE_EICR_MAILBOX if self.eims_mailbox else 0,
            "EIMC": lambda: 0,
            "CTRL": lambda: 0,
            "LINKS": lambda: X.IXGBE_VFLINKS_LINK_UP if link_up else 0,
            "INERT": lambda: 0,
        }
        return values[d.reg]()

    @property
    def pf_irq(self) -> bool:
        return self.eicr_mailbox and self.eims_mailbox

    # ------------------------------------------------------------------ one edge
    def _events(self, s: EdgeSample, a: Landed) -> Events:
        flr = s.flr & ((1 << self.num_vfs) - 1)
        cause = flr != 0   # an FLR raises EICR whatever PFMBIMR says (section 5)
        if a.vf_w and a.vf_reg == "VFMAILBOX" and a.vf_t.data & (R.VFMAILBOX_REQ | R.VFMAILBOX_ACK):
            cause |= bool(self.pfmbimr >> a.vf_d.vf & 1)
        if a.pf_w and a.pf_reg == "EICS" and a.pf_t.data & X.IXGBE_EICR_MAILBOX:
            cause = True
        req_clear, ack_clear = self._w1c_of_causes(a)
        reset_done = a.pf_w and a.pf_reg == "CTRL_EXT" and \
            bool(a.pf_t.data & X.IXGBE_CTRL_EXT_PFRSTD)
        return Events(flr, cause, reset_done, req_clear, ack_clear, flr_clear=flr)

    def _apply_registers(self, a: Landed, ev: Events):
        pf_t, pf_w, pf_reg = a.pf_t, a.pf_w, a.pf_reg
        data = pf_t.data if pf_w else 0
        if pf_reg == "CTRL_EXT" and pf_w:
            self.ctrl_ext = data & ~X.IXGBE_CTRL_EXT_PFRSTD   # PFRSTD self-clears
        if pf_reg == "EIMS" and data & X.IXGBE_EICR_MAILBOX:
            self.eims_mailbox = True
        if pf_reg == "EIMC" and data & X.IXGBE_EICR_MAILBOX:
            self.eims_mailbox = False
        exist = (1 << self.num_vfs) - 1
        if pf_reg == "PFMBIMR" and pf_w:
            shift = X.IXGBE_VFS_PER_WORD * a.pf_d.vf
            self.pfmbimr = (self.pfmbimr & ~(WORD << shift) | data << shift) & exist
        vflre_clear = data << (X.IXGBE_VFS_PER_WORD * a.pf_d.vf) if pf_reg == "VFLREC" else 0
        self.vflre = (self.vflre & ~vflre_clear | ev.reset_events) & exist
        if ev.cause:
            self.eicr_mailbox = True
        elif pf_reg == "EICR" and data & X.IXGBE_EICR_MAILBOX:
            self.eicr_mailbox = False


# ---------------------------------------------------------------------- coverage
BOUNDARY_VFS = (15, 16, 31, 32, 47, 48, 63)   # the last and first VF of each PFMBICR/word
INERT_NAMES = {X.IXGBE_VTEICR: "VTEICR", X.IXGBE_VTEIMS: "VTEIMS", X.IXGBE_VTEIMC: "VTEIMC",
               X.IXGBE_VFPSRTYPE: "VFPSRTYPE",
               **{X.IXGBE_VFRXDCTL + X.IXGBE_VFQ_STRIDE * q: "VFRXDCTL" for q in range(8)},
               **{X.IXGBE_VFTXDCTL + X.IXGBE_VFQ_STRIDE * q: "VFTXDCTL" for q in range(8)}}
FLR_CLEARED = ("VFU", "PFSTS", "PFACK", "RSTD")   # section 5: cleared by VFLR, RSTI excepted


def _points() -> dict:
    bits = {name: list(bins) + (["cleared_by_flr"] if name in FLR_CLEARED else [])
            for name, bins in C.BIT_BINS.items() if name in C.VF_BITS}
    bits.update({
        "EICR_MAILBOX": ["set_by_vf_req_write", "set_by_vf_ack_write", "set_by_flr",
                         "set_by_eics_write", "cleared_by_w1c", "cleared_by_reset"],
        "EIMS_MAILBOX": ["set_by_eims_write", "cleared_by_eimc_write", "cleared_by_reset"],
        "PFMBIMR": ["set_by_write", "cleared_by_write", "set_by_reset"],
        "VFLR_EVENT": ["set_by_flr", "cleared_by_w1c", "cleared_by_reset"],
    })
    same_edge = [b for b in C.SAME_EDGE_BINS if b != "rule1_ICR_VMMB_cause_beats_icr_read"] + [
        "rule1_EICR_cause_beats_w1c",
        "rule6_flr_beats_vf_lock_request", "rule6_pf_lock_refused_when_vf_held_vfu",
        "rule6_pf_lock_granted_on_flr_edge", "rule6_sts_beats_flr", "rule6_ack_beats_flr",
        "rule6_pfrstd_beats_flr", "rule6_req_lands_on_flr_edge",
        "rule6_memory_write_lands_on_flr_edge"]
    return {
        **{f"bit.{name}": bins for name, bins in bits.items()},
        "lock": list(C.LOCK_BINS), "same_edge": same_edge,
        "ixgbe.registers": [f"PFMBICR{i}_{what}" for i in range(X.IXGBE_PFMBICR_COUNT)
                            for what in ("read_shows_vfreq", "read_shows_vfack",
                                         "w1c_clears_vfreq", "w1c_clears_vfack")]
        + [f"PFMBIMR{k}_{what}" for k in range(2) for what in ("masks_req", "unmasked_req_raises_eicr")]
        + [f"{reg}{k}_read_shows_event" for k in range(2) for reg in ("VFLRE", "VFLREC")]
        + [f"VFLREC{k}_w1c_clears" for k in range(2)],
        "ixgbe.vf_boundaries": [f"vf{n}_req" for n in BOUNDARY_VFS],
        "ixgbe.eicr": ["eicr_read_leaves_it_set", "eics_read_returns_eicr",
                       "eicr_set_eims_clear_no_irq", "eicr_set_eims_set_irq",
                       "pfrstd_fires_and_reads_0", "ctrl_ext_keeps_other_bits"],
        "ixgbe.flr": ["flr_keeps_RSTI", "flr_keeps_PFU", "flr_keeps_VFREQ", "flr_keeps_VFACK",
                      "flr_raises_eicr_while_masked", "flr_of_several_vfs"],
        "ixgbe.vf_window": ["vflinks_up", "vflinks_down", "vfstatus_up", "vfctrl_rst_is_inert"]
        + [f"inert_{name}_write" for name in sorted(set(INERT_NAMES.values()))],
    }


def unreachable_bins(num_vfs: int) -> dict:
    """"point.bin" -> why, for the bins of VFs a build with `num_vfs` VFs does not have."""
    why = f"NUM_VFS={num_vfs}: no VF"
    out = {}
    for i in range(X.IXGBE_PFMBICR_COUNT):
        if X.IXGBE_VFS_PER_PFMBICR * i >= num_vfs:
            for what in ("read_shows_vfreq", "read_shows_vfack", "w1c_clears_vfreq", "w1c_clears_vfack"):
                out[f"ixgbe.registers.PFMBICR{i}_{what}"] = f"{why} in PFMBICR({i})"
    if num_vfs <= X.IXGBE_VFS_PER_WORD:
        for b in ("PFMBIMR1_masks_req", "PFMBIMR1_unmasked_req_raises_eicr",
                  "VFLRE1_read_shows_event", "VFLREC1_read_shows_event", "VFLREC1_w1c_clears"):
            out[f"ixgbe.registers.{b}"] = f"{why} above 31"
    for n in BOUNDARY_VFS:
        if n >= num_vfs:
            out[f"ixgbe.vf_boundaries.vf{n}_req"] = f"{why} {n}"
    if num_vfs == 1:
        out["ixgbe.flr.flr_of_several_vfs"] = f"{why} but VF 0"
    return out


class IxgbeCoverage(C.MailboxCoverage):
    """ixgbe's functional coverage: igb's channel bins (plus the FLR's clears), its own
    interrupt registers, the four PFMBICR and two PFMBIMR/VFLRE/VFLREC registers, the
    VFs at their boundaries, rule 6, VFLINKS and the inert VF registers. No message
    points until an ixgbe driver model sends messages."""

    STATE_FIELDS = {"icr_vmmb": "eicr_mailbox", "ims_vmmb": "eims_mailbox",
                    "mbvfimr": "pfmbimr", "vflre": "vflre", "ctrl_ext": "ctrl_ext"}
    FLR_CLEARS_VF_BITS = True
    MESSAGES = False
    MASK_BIT, EVENT_BIT = "PFMBIMR", "VFLR_EVENT"

    @classmethod
    def points(cls, options=None) -> dict:
        points = _points()
        for switch, extra in C.MITIGATION_BINS.items():
            if getattr(options, switch, False):
                for name, bins in extra.items():
                    if name in points:
                        points[name] += bins
        return points

    def pfrstd(self, e) -> bool:
        return bool((e.write(C.PF, "CTRL_EXT") or 0) & X.IXGBE_CTRL_EXT_PFRSTD)

    def reset_events(self, e, n: int) -> dict:
        return {"flr": bool(e.sample.flr >> n & 1)}   # VFCTRL.RST is inert

    def _word_bit(self, e, reg: str, n: int):
        data = e.write(C.PF, reg, n // X.IXGBE_VFS_PER_WORD)
        return None if data is None else data >> (n % X.IXGBE_VFS_PER_WORD) & 1

    def event_w1c(self, e, n: int) -> bool:
        return bool(self._word_bit(e, "VFLREC", n))

    def mask_write(self, e, n: int):
        return self._word_bit(e, "PFMBIMR", n)

    def _pf_registers(self, e, old, new, hits, cause_sets):
        eics = bool((e.write(C.PF, "EICS") or 0) & X.IXGBE_EICR_MAILBOX)
        w1c = bool((e.write(C.PF, "EICR") or 0) & X.IXGBE_EICR_MAILBOX)
        sets = {**cause_sets, "eics_write": eics}
        hits["bit.EICR_MAILBOX"] |= C._moved(old.icr_vmmb, new.icr_vmmb, sets, {"w1c": w1c})
        if w1c and any(sets.values()) and new.icr_vmmb:
            hits["same_edge"].add("rule1_EICR_cause_beats_w1c")
        hits["bit.EIMS_MAILBOX"] |= C._moved(
            old.ims_vmmb, new.ims_vmmb,
            {"eims_write": bool((e.write(C.PF, "EIMS") or 0) & X.IXGBE_EICR_MAILBOX)},
            {"eimc_write": bool((e.write(C.PF, "EIMC") or 0) & X.IXGBE_EICR_MAILBOX)})

    def _pf_registers_reset(self, old, new, hits):
        reset = {C.RESET: True}
        hits["bit.EICR_MAILBOX"] |= C._moved(old.icr_vmmb, new.icr_vmmb, reset, reset)
        hits["bit.EIMS_MAILBOX"] |= C._moved(old.ims_vmmb, new.ims_vmmb, reset, reset)

    def _family_edge(self, e, old, new, hits, touched):
        if e.sample.reset:
            return
        self._registers(e, old, new, hits["ixgbe.registers"], hits["ixgbe.vf_boundaries"])
        self._interrupts(e, old, new, hits["ixgbe.eicr"])
        self._vf_window(e, old, new, hits["ixgbe.vf_window"])
        flr = e.sample.flr & ((1 << self.num_vfs) - 1)
        if flr:
            if flr & (flr - 1):
                hits["ixgbe.flr"].add("flr_of_several_vfs")
            for n in touched:
                if flr >> n & 1:
                    self._flr(e, n, old, new, hits)

    def _registers(self, e, old, new, hit: set, boundaries: set):
        t, d = e.acc.get(C.PF, (None, None))
        if t is not None and d.reg == "PFMBICR":
            vfs = self.model.cause_vfs(d)
            if t.write:
                req, ack = e.causes_cleared
                for n in vfs:
                    if req >> n & 1 and old.vfs[n]["VFREQ"] and not new.vfs[n]["VFREQ"]:
                        hit.add(f"PFMBICR{d.vf}_w1c_clears_vfreq")
                    if ack >> n & 1 and old.vfs[n]["VFACK"] and not new.vfs[n]["VFACK"]:
                        hit.add(f"PFMBICR{d.vf}_w1c_clears_vfack")
            else:
                req, ack = self.model.cause_bits(d, t.data)
                if req:
                    hit.add(f"PFMBICR{d.vf}_read_shows_vfreq")
                if ack:
                    hit.add(f"PFMBICR{d.vf}_read_shows_vfack")
        if t is not None and d.reg in ("VFLRE", "VFLREC") and not t.write and t.data:
            hit.add(f"{d.reg}{d.vf}_read_shows_event")
        if t is not None and d.reg == "VFLREC" and t.write:
            shift = X.IXGBE_VFS_PER_WORD * d.vf
            if (old.vflre & ~new.vflre) >> shift & t.data:
                hit.add(f"VFLREC{d.vf}_w1c_clears")
        vt, vd = e.acc.get(C.VF, (None, None))
        if vt is not None and vt.write and vd.reg == "VFMAILBOX" and vt.data & R.VFMAILBOX_REQ:
            n, k = vd.vf, vd.vf // X.IXGBE_VFS_PER_WORD
            if not old.icr_vmmb:
                if not old.mbvfimr >> n & 1 and not new.icr_vmmb:
                    hit.add(f"PFMBIMR{k}_masks_req")
                elif old.mbvfimr >> n & 1 and new.icr_vmmb:
                    hit.add(f"PFMBIMR{k}_unmasked_req_raises_eicr")
            if n in BOUNDARY_VFS and new.vfs[n]["VFREQ"]:
                boundaries.add(f"vf{n}_req")

    def _interrupts(self, e, old, new, hit: set):
        t, d = e.acc.get(C.PF, (None, None))
        if t is not None and not t.write:
            if d.reg == "EICR" and old.icr_vmmb and new.icr_vmmb:
                hit.add("eicr_read_leaves_it_set")
            if d.reg == "EICS" and t.data & X.IXGBE_EICR_MAILBOX:
                hit.add("eics_read_returns_eicr")
        if t is not None and t.write and d.reg == "CTRL_EXT":
            if t.data & X.IXGBE_CTRL_EXT_PFRSTD and not new.ctrl_ext & X.IXGBE_CTRL_EXT_PFRSTD:
                hit.add("pfrstd_fires_and_reads_0")
            if t.data & ~X.IXGBE_CTRL_EXT_PFRSTD and new.ctrl_ext == t.data & ~X.IXGBE_CTRL_EXT_PFRSTD:
                hit.add("ctrl_ext_keeps_other_bits")
        if new.icr_vmmb:
            hit.add("eicr_set_eims_set_irq" if new.ims_vmmb else "eicr_set_eims_clear_no_irq")

    def _vf_window(self, e, old, new, hit: set):
        t, d = e.acc.get(C.VF, (None, None))
        if t is None:
            return
        if not t.write and d.reg == "LINKS":
            hit.add("vflinks_up" if e.sample.link_up else "vflinks_down")
        if not t.write and d.reg == "STATUS" and e.sample.link_up:
            hit.add("vfstatus_up")
        if t.write and d.reg == "INERT":
            hit.add(f"inert_{INERT_NAMES[t.addr]}_write")
        if t.write and d.reg == "CTRL" and t.data & X.IXGBE_VFCTRL_RST:
            n = d.vf
            no_event = not (new.vflre & ~old.vflre) >> n & 1
            if not e.sample.flr >> n & 1 and no_event and old.vfs[n] == new.vfs[n] and \
                    not (new.icr_vmmb and not old.icr_vmmb):
                hit.add("vfctrl_rst_is_inert")

    def _flr(self, e, n: int, old, new, hits):
        o, nw = old.vfs[n], new.vfs[n]
        v = C._VfEdge(e, n, self)
        flr = hits["ixgbe.flr"]
        for bit in ("RSTI", "VFREQ", "VFACK"):
            if o[bit] and nw[bit]:
                flr.add(f"flr_keeps_{bit}")
        if o["PFU"] and nw["PFU"] and e.write(C.PF, "PFMAILBOX", n) is None:
            flr.add("flr_keeps_PFU")
        if not old.mbvfimr >> n & 1 and not old.icr_vmmb and new.icr_vmmb:
            flr.add("flr_raises_eicr_while_masked")
        word = e.memory_write(C.VF)
        cases = {
            "rule6_flr_beats_vf_lock_request": v.vf_lock and not nw["VFU"],
            "rule6_pf_lock_refused_when_vf_held_vfu": v.pf_lock and o["VFU"] and not nw["PFU"],
            "rule6_pf_lock_granted_on_flr_edge": v.pf_lock and not o["VFU"] and not o["PFU"]
            and nw["PFU"],
            "rule6_sts_beats_flr": v.sts and nw["PFSTS"],
            "rule6_ack_beats_flr": v.pf_ack and nw["PFACK"],
            "rule6_pfrstd_beats_flr": v.pfrstd and nw["RSTD"],
            "rule6_req_lands_on_flr_edge": v.req and nw["VFREQ"],
            "rule6_memory_write_lands_on_flr_edge": bool(word) and word[0] == n
            and self._words(new, C.VF)[n][word[1]] == word[2],
        }
        hits["same_edge"] |= {label for label, on in cases.items() if on}
