"""Reference model of pf_vf_mailbox's register semantics (docs/hardware.md).

Written from the contract, not from the RTL: `step()` takes one sampled clock edge,
predicts what every read on it returns (from the state before the edge) and whether
each transfer is an error, then applies the edge. Same-edge rules are those of
section 4: conditions are judged on the old state; set beats clear; the PF wins a lock
tie and a memory-word tie; RVFU beats a VFU request; reset beats everything.
The mitigation switches (`RtlOptions`, docs/mitigations.md) change the rules they name
and nothing else; with every switch off this is hardware.md exactly.
This is igb's model; a family with another register map subclasses it and overrides the
hooks (decode, register reads, `_events`, `_apply_registers`): tb/checkers/ixgbe.py.
"""

from dataclasses import dataclass, field
from typing import Optional

from tb import regmap as R
from tb.bus.samples import EdgeSample, Transfer
from tb.rtl_options import RtlOptions


@dataclass
class VfState:
    vfu: bool = False
    pfu: bool = False
    pfsts: bool = False
    pfack: bool = False
    rsti: bool = True
    rstd: bool = False
    vfreq: bool = False
    vfack: bool = False
    mem: list = field(default_factory=lambda: [0] * R.MBX_WORDS)
    v2p: list = field(default_factory=lambda: [0] * R.MBX_WORDS)   # PROTECT_VF_REQUEST only

    def reset(self):
        self.vfu = self.pfu = self.pfsts = self.pfack = self.rstd = False
        self.vfreq = self.vfack = False
        self.rsti = True

    def vfmailbox(self) -> int:
        bits = ((self.vfu, R.VFMAILBOX_VFU), (self.pfu, R.VFMAILBOX_PFU),
                (self.pfsts, R.VFMAILBOX_PFSTS), (self.pfack, R.VFMAILBOX_PFACK),
                (self.rsti, R.VFMAILBOX_RSTI), (self.rstd, R.VFMAILBOX_RSTD))
        return sum(mask for on, mask in bits if on)

    def pfmailbox(self) -> int:
        return (R.PFMAILBOX_VFU if self.vfu else 0) | (R.PFMAILBOX_PFU if self.pfu else 0)


@dataclass(frozen=True)
class Decoded:
    """Where a transfer lands: a register name, the VF it concerns, a memory word."""

    reg: Optional[str]  # None: error access
    vf: int = 0
    word: int = 0


@dataclass(frozen=True)
class Prediction:
    data: int  # read data (0 for writes and errors)
    slverr: bool


class MailboxModel:
    """The mailbox's state and the rules that change it, one clock edge at a time."""

    PF_FIXED = {R.PF_STATUS: "STATUS", R.PF_CTRL_EXT: "CTRL_EXT", R.PF_ICR: "ICR",
                R.PF_IMS: "IMS", R.PF_IMC: "IMC", R.PF_MBVFICR: "MBVFICR",
                R.PF_MBVFIMR: "MBVFIMR", R.PF_VFLRE: "VFLRE"}
    VF_FIXED = {R.VF_CTRL: "CTRL", R.VF_STATUS: "STATUS", R.VF_MAILBOX: "VFMAILBOX"}
    VF_MEM = R.VF_VMBMEM    # the VF's own mailbox words
    READ_ONLY = {"STATUS", "ICR"}
    MAX_VFS = R.MAX_VFS
    CAUSE_REG = "MBVFICR"   # the register of the VFREQ/VFACK bits (W1C)

    def __init__(self, num_vfs: int, memory_known: bool = True, options: RtlOptions = None):
        if not 1 <= num_vfs <= self.MAX_VFS:
            raise ValueError(f"num_vfs={num_vfs} is out of range: allowed 1..{self.MAX_VFS}")
        self.num_vfs = num_vfs
        self.options = options or RtlOptions()
        self.vfs = [VfState() for _ in range(num_vfs)]
        if not memory_known:  # a word is None until written or first read
            for vf in self.vfs:
                vf.mem = [None] * R.MBX_WORDS
                vf.v2p = [None] * R.MBX_WORDS
        self.reset()
        self._irq_edge = None  # edge whose STS/ACK writes pulse vf_irq on the next edge
        self._irq_mask = 0

    def reset(self):
        for vf in self.vfs:
            vf.reset()
        self.ctrl_ext = 0
        self.icr_vmmb = False
        self.ims_vmmb = False
        self.mbvfimr = 0
        self.vflre = 0

    # ------------------------------------------------------------------ decode
    def decode(self, t: Transfer) -> Decoded:
        if t.addr % 4:
            return Decoded(None)
        if t.port == "pf":
            return self._decode_pf(t)
        return self._decode_vf(t)

    def _decode_pf(self, t: Transfer) -> Decoded:
        a = t.addr
        if a in self.PF_FIXED:
            reg = self.PF_FIXED[a]
            return Decoded(None) if t.write and reg in self.READ_ONLY else Decoded(reg)
        mem_end = R.PF_VMBMEM + R.VMBMEM_STRIDE * R.MAX_VFS
        if R.PF_VMBMEM <= a < mem_end:
            vf, word = divmod(a - R.PF_VMBMEM, R.VMBMEM_STRIDE)
            return Decoded("VMBMEM", vf, word // 4) if vf < self.num_vfs else Decoded(None)
        if R.PF_MAILBOX <= a < R.PF_MAILBOX + 4 * R.MAX_VFS:
            vf = (a - R.PF_MAILBOX) // 4
            return Decoded("PFMAILBOX", vf) if vf < self.num_vfs else Decoded(None)
        return Decoded(None)

    def _decode_vf(self, t: Transfer) -> Decoded:
        if t.func >= self.num_vfs:
            return Decoded(None)
        a = t.addr
        if a in self.VF_FIXED:
            reg = self.VF_FIXED[a]
            return Decoded(None) if t.write and reg in self.READ_ONLY else Decoded(reg, t.func)
        if self.VF_MEM <= a < self.VF_MEM + 4 * R.MBX_WORDS:
            return Decoded("VMBMEM", t.func, (a - self.VF_MEM) // 4)
        return Decoded(None)

    def buffer(self, vf: int, port: str, write: bool) -> list:
        """The words a `port` access of VF `vf`'s memory reaches: the one shared buffer, or
        with PROTECT_VF_REQUEST the VF->PF buffer for VF writes and PF reads."""
        v = self.vfs[vf]
        if self.options.protect_vf_request and (port == "vf") == write:
            return v.v2p
        return v.mem

    # ------------------------------------------------------------------ reads
    def read_value(self, port: str, d: Decoded, link_up: bool) -> int:
        if d.reg == "VMBMEM":
            return self.buffer(d.vf, port, False)[d.word]
        if d.reg == "PFMAILBOX":
            return self.vfs[d.vf].pfmailbox()
        if d.reg == "VFMAILBOX":
            return self.vfs[d.vf].vfmailbox()
        return self._register_value(d, link_up)

    def _register_value(self, d: Decoded, link_up: bool) -> int:
        """What a read of one of the family's other registers returns (igb: hardware.md)."""
        values = {
            "STATUS": lambda: R.STATUS_LINK_UP if link_up else 0,
            "CTRL_EXT": lambda: self.ctrl_ext,
            "ICR": lambda: R.ICR_VMMB if self.icr_vmmb else 0,
            "IMS": lambda: R.ICR_VMMB if self.ims_vmmb else 0,
            "IMC": lambda: 0,
            "MBVFICR": self.mbvficr,
            "MBVFIMR": lambda: self.mbvfimr,
            "VFLRE": lambda: self.vflre,
            "CTRL": lambda: 0,
        }
        return values[d.reg]()

    def register_name(self, d: Decoded) -> str:
        """The name of register `d` in logs (ixgbe adds the index of PFMBICR(i) and such)."""
        return d.reg

    def cause_bits(self, d: Decoded, value: int) -> tuple:
        """(VFREQ mask, VFACK mask), bit n = VF n, of `value` in the CAUSE_REG register `d`
        (what a W1C of it clears, what a read of it shows)."""
        return self._vf_mask(value, R.vfreq), self._vf_mask(value, R.vfack)

    def cause_vfs(self, d: Decoded) -> range:
        """The VFs whose bits the CAUSE_REG register `d` holds."""
        return range(self.num_vfs)

    def mbvficr(self) -> int:
        value = 0
        for n, vf in enumerate(self.vfs):
            value |= (R.vfreq(n) if vf.vfreq else 0) | (R.vfack(n) if vf.vfack else 0)
        return value

    @property
    def pf_irq(self) -> bool:
        return self.icr_vmmb and self.ims_vmmb

    def vf_irq(self, edge: int) -> int:
        """vf_irq as sampled at `edge`: the pulses raised by the edge before it."""
        return self._irq_mask if self._irq_edge == edge - 1 else 0

    # ------------------------------------------------------------------ one edge
    def step(self, s: EdgeSample) -> dict:
        """Predict every transfer of the edge `s`, then apply it. Returns {port: Prediction}."""
        decoded = {t.port: (t, self.decode(t)) for t in s.transfers}
        predictions = {}
        for port, (t, d) in decoded.items():
            data = 0 if (d.reg is None or t.write) else self.read_value(port, d, s.link_up)
            if data is None:  # a memory word not known yet: learn it from this read
                data = self.buffer(d.vf, port, False)[d.word] = t.data
            predictions[port] = Prediction(data, d.reg is None)
        if s.reset:
            self.reset()
            self._irq_edge = None
        else:
            self._apply(s, Landed(decoded))
        return predictions

    def _apply(self, s: EdgeSample, a: "Landed"):
        events = self._events(s, a)
        self._apply_channels(s, a, events)
        self._apply_memory(a)
        self._apply_registers(a, events)

    def _events(self, s: EdgeSample, a: "Landed") -> "Events":
        """What the edge causes, judged on the state before it (igb: hardware.md)."""
        reset_events = s.flr
        if a.vf_w and a.vf_reg == "CTRL" and a.vf_t.data & R.CTRL_RST:
            reset_events |= 1 << a.vf_d.vf
        cause = reset_events != 0
        if a.vf_w and a.vf_reg == "VFMAILBOX" and a.vf_t.data & (R.VFMAILBOX_REQ | R.VFMAILBOX_ACK):
            cause |= bool(self.mbvfimr >> a.vf_d.vf & 1)
        req_clear, ack_clear = self._w1c_of_causes(a)
        return Events(reset_events, cause,
                      a.pf_w and a.pf_reg == "CTRL_EXT" and bool(a.pf_t.data & R.CTRL_EXT_PFRSTD),
                      req_clear, ack_clear)

    def _w1c_of_causes(self, a: "Landed") -> tuple:
        """(VFs whose VFREQ, VFs whose VFACK) a PF W1C of CAUSE_REG clears on this edge."""
        if not (a.pf_w and a.pf_reg == self.CAUSE_REG):
            return 0, 0
        req_clear, ack_clear = self.cause_bits(a.pf_d, a.pf_t.data)
        return (0 if self.options.protect_vf_request else req_clear), ack_clear

    def _vf_mask(self, value: int, bit_of) -> int:
        """The VFs n whose bit `bit_of(n)` is set in `value`, as a mask (bit n = VF n)."""
        if not value:
            return 0
        return sum(1 << n for n in range(self.num_vfs) if value & bit_of(n))

    def _apply_channels(self, s: EdgeSample, a: "Landed", ev: "Events"):
        """The per-VF channels (hardware.md section 3, the same in every family): only the
        VFs this edge touches are visited."""
        # PROTECT_VF_REQUEST: the PF's read of word 0 consumes the VF's request.
        req_read = self.options.protect_vf_request and a.pf_r and a.pf_reg == "VMBMEM" \
            and a.pf_d.word == 0
        if ev.reset_done:
            touched = set(range(self.num_vfs))
        else:
            mask = ev.req_clear | ev.ack_clear | ev.flr_clear
            touched = {n for n in range(self.num_vfs) if mask >> n & 1} if mask else set()
        if req_read or a.pf_reg == "PFMAILBOX":
            touched.add(a.pf_d.vf)
        if a.vf_reg == "VFMAILBOX":
            touched.add(a.vf_d.vf)
        irq_mask = 0
        for n in touched:
            vf = self.vfs[n]
            pf_mbx = a.pf_t.data if (a.pf_w and a.pf_reg == "PFMAILBOX" and a.pf_d.vf == n) else None
            vf_mbx = a.vf_t.data if (a.vf_w and a.vf_reg == "VFMAILBOX" and a.vf_d.vf == n) else None
            vf_read_mbx = a.vf_r and a.vf_reg == "VFMAILBOX" and a.vf_d.vf == n
            self._apply_vf(vf, pf_mbx, vf_mbx, vf_read_mbx,
                           bool(ev.req_clear >> n & 1) or (req_read and a.pf_d.vf == n),
                           bool(ev.ack_clear >> n & 1), ev.reset_done,
                           self.options.pfu_waits_for_req, bool(ev.flr_clear >> n & 1))
            if pf_mbx is not None and pf_mbx & (R.PFMAILBOX_STS | R.PFMAILBOX_ACK):
                irq_mask |= 1 << n
        self._irq_edge, self._irq_mask = s.edge, irq_mask

    def _apply_memory(self, a: "Landed"):
        """The PF's word wins a same-edge tie (rule 4) of the shared buffer."""
        if a.vf_w and a.vf_reg == "VMBMEM":
            self.buffer(a.vf_d.vf, "vf", True)[a.vf_d.word] = a.vf_t.data
        if a.pf_w and a.pf_reg == "VMBMEM":
            self.buffer(a.pf_d.vf, "pf", True)[a.pf_d.word] = a.pf_t.data

    def _apply_registers(self, a: "Landed", ev: "Events"):
        """The PF-owned registers (igb: CTRL_EXT, IMS/IMC, MBVFIMR, VFLRE, ICR)."""
        pf_t, pf_w, pf_reg = a.pf_t, a.pf_w, a.pf_reg
        if pf_w and pf_reg == "CTRL_EXT":
            self.ctrl_ext = pf_t.data
        if pf_w and pf_reg == "IMS" and pf_t.data & R.ICR_VMMB:
            self.ims_vmmb = True
        if pf_w and pf_reg == "IMC" and pf_t.data & R.ICR_VMMB:
            self.ims_vmmb = False
        all_vfs = (1 << self.num_vfs) - 1
        if pf_w and pf_reg == "MBVFIMR":
            self.mbvfimr = pf_t.data & all_vfs
        vflre_clear = pf_t.data & all_vfs if (pf_w and pf_reg == "VFLRE") else 0
        self.vflre = (self.vflre & ~vflre_clear) | ev.reset_events
        if ev.cause:
            self.icr_vmmb = True
        elif a.pf_r and pf_reg == "ICR":
            self.icr_vmmb = False

    @staticmethod
    def _apply_vf(vf: VfState, pf_mbx, vf_mbx, vf_read_mbx, req_clear, ack_clear, reset_done,
                  pfu_waits_for_req=False, flr=False):
        """One VF's channel bits on one edge. `flr`: the FLR clears VF n's own bits (ixgbe,
        hardware-ixgbe.md section 5 and rule 6); events of the same edge still set theirs."""
        old_vfu, old_pfu = vf.vfu, vf.pfu
        rvfu = pf_mbx is not None and bool(pf_mbx & R.PFMAILBOX_RVFU)
        pf_wants = pf_mbx is not None and bool(pf_mbx & R.PFMAILBOX_PFU)
        # PFU_WAITS_FOR_REQ: an unclaimed request (VFREQ set before the edge) refuses the PF
        pf_grant = pf_wants and not old_vfu and not (pfu_waits_for_req and vf.vfreq)

        if pf_mbx is not None:
            if pf_grant:
                vf.pfu = True
            elif not pf_wants:
                vf.pfu = False
        if rvfu or flr:
            vf.vfu = False
        elif vf_mbx is not None:
            if vf_mbx & R.VFMAILBOX_VFU:
                if not old_pfu and not pf_grant:
                    vf.vfu = True
            else:
                vf.vfu = False

        def set_beats_clear(old: bool, set_: bool, clear: bool) -> bool:
            return True if set_ else (False if clear else old)

        sts = pf_mbx is not None and bool(pf_mbx & R.PFMAILBOX_STS)
        ack = pf_mbx is not None and bool(pf_mbx & R.PFMAILBOX_ACK)
        req = vf_mbx is not None and bool(vf_mbx & R.VFMAILBOX_REQ)
        vack = vf_mbx is not None and bool(vf_mbx & R.VFMAILBOX_ACK)
        vf.pfsts = set_beats_clear(vf.pfsts, sts, vf_read_mbx or flr)
        vf.pfack = set_beats_clear(vf.pfack, ack, vf_read_mbx or flr)
        vf.rstd = set_beats_clear(vf.rstd, reset_done, vf_read_mbx or flr)
        if reset_done:
            vf.rsti = False
        vf.vfreq = set_beats_clear(vf.vfreq, req, req_clear or rvfu)
        vf.vfack = set_beats_clear(vf.vfack, vack, ack_clear or rvfu)


@dataclass(frozen=True)
class Events:
    """What one edge causes beyond its own transfers (decided on the state before it)."""

    reset_events: int       # VF-reset event bits to set (bit n = VF n)
    cause: bool             # the PF's mailbox interrupt cause is set (ICR.VMMB, EICR.MAILBOX)
    reset_done: bool        # PF reset done: RSTI <= 0, RSTD <= 1 for every VF
    req_clear: int          # VFs whose VFREQ a W1C clears
    ack_clear: int          # VFs whose VFACK a W1C clears
    flr_clear: int = 0      # VFs whose own mailbox bits an FLR clears (ixgbe)


class Landed:
    """The transfers of one edge as the rules read them: those that landed (no error)."""

    def __init__(self, decoded: dict):
        self.pf_t, self.pf_d = decoded.get("pf", (None, Decoded(None)))
        self.vf_t, self.vf_d = decoded.get("vf", (None, Decoded(None)))
        pf_ok = self.pf_t is not None and self.pf_d.reg is not None
        vf_ok = self.vf_t is not None and self.vf_d.reg is not None
        self.pf_w, self.pf_r = pf_ok and self.pf_t.write, pf_ok and not self.pf_t.write
        self.vf_w, self.vf_r = vf_ok and self.vf_t.write, vf_ok and not self.vf_t.write
        self.pf_reg = self.pf_d.reg if pf_ok else None
        self.vf_reg = self.vf_d.reg if vf_ok else None
