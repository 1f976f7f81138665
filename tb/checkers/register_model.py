"""Reference model of pf_vf_mailbox's register semantics (docs/hardware.md).

Written from the contract, not from the RTL: `step()` takes one sampled clock edge,
predicts what every read on it returns (from the state before the edge) and whether
each transfer is an error, then applies the edge. Same-edge rules are those of
section 4: conditions are judged on the old state; set beats clear; the PF wins a lock
tie and a memory-word tie; RVFU beats a VFU request; reset beats everything.
The mitigation switches (`RtlOptions`, docs/mitigations.md) change the rules they name
and nothing else; with every switch off this is hardware.md exactly.
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
    READ_ONLY = {"STATUS", "ICR"}

    def __init__(self, num_vfs: int, memory_known: bool = True, options: RtlOptions = None):
        if not 1 <= num_vfs <= R.MAX_VFS:
            raise ValueError(f"num_vfs={num_vfs} is out of range: allowed 1..{R.MAX_VFS}")
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
        if R.VF_VMBMEM <= a < R.VF_VMBMEM + 4 * R.MBX_WORDS:
            return Decoded("VMBMEM", t.func, (a - R.VF_VMBMEM) // 4)
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
        status = R.STATUS_LINK_UP if link_up else 0
        vf = self.vfs[d.vf] if d.reg in ("VMBMEM", "PFMAILBOX", "VFMAILBOX") else None
        values = {
            "STATUS": lambda: status,
            "CTRL_EXT": lambda: self.ctrl_ext,
            "ICR": lambda: R.ICR_VMMB if self.icr_vmmb else 0,
            "IMS": lambda: R.ICR_VMMB if self.ims_vmmb else 0,
            "IMC": lambda: 0,
            "MBVFICR": self.mbvficr,
            "MBVFIMR": lambda: self.mbvfimr,
            "VFLRE": lambda: self.vflre,
            "CTRL": lambda: 0,
            "VMBMEM": lambda: self.buffer(d.vf, port, False)[d.word],
            "PFMAILBOX": lambda: vf.pfmailbox(),
            "VFMAILBOX": lambda: vf.vfmailbox(),
        }
        return values[d.reg]()

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
            self._apply(s, decoded)
        return predictions

    def _apply(self, s: EdgeSample, decoded: dict):
        pf_t, pf_d = decoded.get("pf", (None, Decoded(None)))
        vf_t, vf_d = decoded.get("vf", (None, Decoded(None)))
        pf_w = pf_t is not None and pf_t.write and pf_d.reg is not None
        pf_r = pf_t is not None and not pf_t.write and pf_d.reg is not None
        vf_w = vf_t is not None and vf_t.write and vf_d.reg is not None
        vf_r = vf_t is not None and not vf_t.write and vf_d.reg is not None
        pf_reg = pf_d.reg if (pf_w or pf_r) else None
        vf_reg = vf_d.reg if (vf_w or vf_r) else None

        # Events of this edge, all judged on the state before it.
        reset_events = s.flr
        if vf_w and vf_reg == "CTRL" and vf_t.data & R.CTRL_RST:
            reset_events |= 1 << vf_d.vf
        vmmb_set = reset_events != 0
        if vf_w and vf_reg == "VFMAILBOX" and vf_t.data & (R.VFMAILBOX_REQ | R.VFMAILBOX_ACK):
            vmmb_set |= bool(self.mbvfimr >> vf_d.vf & 1)
        pf_reset_done = pf_w and pf_reg == "CTRL_EXT" and bool(pf_t.data & R.CTRL_EXT_PFRSTD)

        icr_clear = pf_t.data if (pf_w and pf_reg == "MBVFICR") else 0
        # PROTECT_VF_REQUEST: the PF's read of word 0 consumes the VF's request.
        req_read = self.options.protect_vf_request and pf_r and pf_reg == "VMBMEM" \
            and pf_d.word == 0
        touched = set(range(self.num_vfs)) if (pf_reset_done or icr_clear) else set()
        if req_read:
            touched.add(pf_d.vf)
        if pf_reg == "PFMAILBOX":
            touched.add(pf_d.vf)
        if vf_reg == "VFMAILBOX":
            touched.add(vf_d.vf)
        irq_mask = 0
        for n in touched:
            vf = self.vfs[n]
            pf_mbx = pf_t.data if (pf_w and pf_reg == "PFMAILBOX" and pf_d.vf == n) else None
            vf_mbx = vf_t.data if (vf_w and vf_reg == "VFMAILBOX" and vf_d.vf == n) else None
            vf_read_mbx = vf_r and vf_reg == "VFMAILBOX" and vf_d.vf == n
            req_clear = bool(icr_clear & R.vfreq(n)) and not self.options.protect_vf_request
            self._apply_vf(vf, pf_mbx, vf_mbx, vf_read_mbx,
                           req_clear or (req_read and pf_d.vf == n), bool(icr_clear & R.vfack(n)),
                           pf_reset_done, self.options.pfu_waits_for_req)
            if pf_mbx is not None and pf_mbx & (R.PFMAILBOX_STS | R.PFMAILBOX_ACK):
                irq_mask |= 1 << n
        self._irq_edge, self._irq_mask = s.edge, irq_mask

        # Memory: the PF's word wins a same-edge tie (rule 4) of the shared buffer.
        if vf_w and vf_reg == "VMBMEM":
            self.buffer(vf_d.vf, "vf", True)[vf_d.word] = vf_t.data
        if pf_w and pf_reg == "VMBMEM":
            self.buffer(pf_d.vf, "pf", True)[pf_d.word] = pf_t.data

        # PF-owned registers.
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
        self.vflre = (self.vflre & ~vflre_clear) | reset_events
        if vmmb_set:
            self.icr_vmmb = True
        elif pf_r and pf_reg == "ICR":
            self.icr_vmmb = False

    @staticmethod
    def _apply_vf(vf: VfState, pf_mbx, vf_mbx, vf_read_mbx, req_clear, ack_clear, reset_done,
                  pfu_waits_for_req=False):
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
        if rvfu:
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
        vf.pfsts = set_beats_clear(vf.pfsts, sts, vf_read_mbx)
        vf.pfack = set_beats_clear(vf.pfack, ack, vf_read_mbx)
        vf.rstd = set_beats_clear(vf.rstd, reset_done, vf_read_mbx)
        if reset_done:
            vf.rsti = False
        vf.vfreq = set_beats_clear(vf.vfreq, req, req_clear or rvfu)
        vf.vfack = set_beats_clear(vf.vfack, vack, ack_clear or rvfu)
