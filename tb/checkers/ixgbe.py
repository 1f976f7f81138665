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

    def _decode_vf(self, t) -> Decoded:
        if t.func >= self.num_vfs:
            return Decoded(None)
        a = t.addr
        if a in self.VF_FIXED:
            reg = self.VF_FIXED[a]
            return Decoded(None) if t.write and reg in self.READ_ONLY else Decoded(reg, t.func)
        if X.IXGBE_VFMBMEM <= a < X.vfmbmem(R.MBX_WORDS):
            return Decoded("VMBMEM", t.func, (a - X.IXGBE_VFMBMEM) // 4)
        return Decoded(None)

    def request_bits(self, d: Decoded):
        """PFMBICR(i) holds VFREQ of VFs 16i..16i+15."""
        if d.reg != "PFMBICR":
            return None
        first = X.IXGBE_VFS_PER_PFMBICR * d.vf
        return [(vf, X.vfreq(vf))
                for vf in range(first, min(first + X.IXGBE_VFS_PER_PFMBICR, self.num_vfs))]

    # ------------------------------------------------------------------ reads
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
        req_clear = ack_clear = 0
        if a.pf_w and a.pf_reg == "PFMBICR":
            shift = X.IXGBE_VFS_PER_PFMBICR * a.pf_d.vf
            req_clear = (a.pf_t.data >> X.IXGBE_PFMBICR_VFREQ_LSB & 0xFFFF) << shift
            ack_clear = (a.pf_t.data >> X.IXGBE_PFMBICR_VFACK_LSB & 0xFFFF) << shift
            if self.options.protect_vf_request:
                req_clear = 0
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
