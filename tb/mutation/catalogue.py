"""The mutant catalogue: each mutant breaks one rule of docs/hardware.md (or, for the ixgbe
top, docs/hardware-ixgbe.md) by one or a few textual substitutions of rtl/ (each must match
its file exactly once, see mutate.py).

A mutant names its rule family (FAMILIES), the rule it breaks, its edits and the top it is
built and tested as (`top`: igb, or ixgbe, whose stages are its own). A mutant
that no test can tell from the real RTL carries `equivalent`: the reason it behaves the
same at every pin.
"""

from dataclasses import dataclass

TOP = "pf_vf_mailbox.v"
CHANNEL = "pf_vf_mailbox_channel.v"
IXGBE = "pf_vf_mailbox_ixgbe.v"   # the ixgbe top (docs/hardware-ixgbe.md), over the same channel

# The rule families of hardware.md that the catalogue must cover (one mutant at least each).
FAMILIES = {
    "state-bit": "each state bit's set and clear paths (sec. 2, 3)",
    "read-to-clear": "ICR and VFMailbox PFSTS/PFACK/RSTD clear on read, RSTI does not (sec. 2, 3)",
    "w1c": "MBVFICR and VFLRE are write-1-to-clear, IMC clears IMS (sec. 2)",
    "lock": "lock grant, release by every write, judged on the state before the edge (sec. 3, 4)",
    "lock-tie": "the PF wins a same-edge lock tie (sec. 4 rule 2)",
    "rvfu": "RVFU breaks the VF lock and clears VFREQ/VFACK, and beats a VFU request (sec. 3, 4 rule 3)",
    "set-beats-clear": "same-edge set beats clear for every event/status bit (sec. 4 rule 1)",
    "same-word": "the PF's value is stored when both write one word (sec. 4 rule 4)",
    "reset-wins": "rst_n low beats every transfer and FLR on its edge (sec. 4 rule 5)",
    "interrupt": "pf_irq level, vf_irq one-cycle pulse, causes are events (sec. 1, 4, 5)",
    "status": "STATUS reads 0x83 with link_up, 0 without, in both windows (sec. 2, 6)",
    "error-decode": "unmapped, misaligned, VF slot >= NUM_VFS, vf_pfunc >= NUM_VFS, read-only writes (sec. 6)",
    "vf-pfunc": "vf_pfunc selects the VF a VF-port access acts on (sec. 1, 6)",
    "reset-values": "reset and power-up values (sec. 5)",
    "num-vfs-bounds": "NUM_VFS 1..8 and bits of absent VFs (sec. 1)",
    "vf-reset": "FLR and CTRL.RST set VFLRE and VMMB, on every edge vf_flr is high (sec. 1, 5)",
    # The rules of docs/hardware-ixgbe.md that igb does not have (top `ixgbe`).
    "ixgbe-decode": "every PF and VF offset is a hit or an error: windows, slots and vf_pfunc "
                    "past NUM_VFS, misaligned offsets, read-only writes, error reads 0 (ixgbe sec. 2, 6)",
    "ixgbe-index": "PFMBICR(0..3) of 16 VFs, PFMBIMR/VFLRE/VFLREC(0..1) of 32 VFs, absent VFs' bits (ixgbe sec. 2)",
    "ixgbe-eicr": "EICR not read-to-clear, W1C; EICS; EIMS/EIMC; pf_irq; causes are events judged "
                  "before the edge, PFMBIMR gating (ixgbe sec. 1-4)",
    "ixgbe-pfrstd": "CTRL_EXT keeps 31 bits, PFRSTD reads 0 and fires reset-done per write (ixgbe sec. 2, 5)",
    "ixgbe-flr": "an FLR: its VFLR event and EICR unmasked, clears VFU/PFSTS/PFACK/RSTD and nothing "
                 "else, on every edge, rule 6's same-edge outcomes, no vf_irq (ixgbe sec. 4, 5)",
    "ixgbe-vf-window": "VFSTATUS, VFLINKS, STATUS, the inert VF registers, VFCTRL.RST without effect (ixgbe sec. 2, 5, 6)",
    "ixgbe-reset": "reset values (PFMBIMR ones for existing VFs) and rule 7 on every edge of a reset pulse (ixgbe sec. 4, 5)",
}


@dataclass(frozen=True)
class Edit:
    file: str      # a file of rtl/
    find: str      # text that must occur exactly once in it
    replace: str


@dataclass(frozen=True)
class Mutant:
    name: str
    family: str
    rule: str                  # the rule of hardware.md it breaks, in a few words
    edits: tuple
    equivalent: str = ""       # why no test can kill it (empty: it must be killed)
    top: str = "igb"           # the RTL top (tb.family name) its stages build and test


def _m(name, family, rule, *edits, equivalent="", top="igb"):
    assert family in FAMILIES, family
    return Mutant(name, family, rule, tuple(Edit(*e) for e in edits), equivalent, top)


# PF writes no longer gated by rst_n: alone an equivalent mutant (the flops' reset branches
# come first), with an edit that acts on a reset edge a rule-5 mutant.
UNGATED_PF_WE = (TOP, "wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n;",
                 "wire pf_we  = pf_access & ~pf_err & pf_pwrite;")

CATALOGUE = (
    # ---------------------------------------------------------------- state bits
    _m("pfsts_never_set", "state-bit", "a PF STS write sets PFSTS[n]",
       (CHANNEL, "if (pf_sts)                  pfsts <= 1'b1;",
                 "if (1'b0)                    pfsts <= 1'b1;")),
    _m("pfack_set_by_sts_bit", "state-bit", "a PF ACK write (bit 1) sets PFACK[n]",
       (CHANNEL, "wire pf_ack      = pf_mbx_we & pf_mbx_wdata[PFMAILBOX_ACK_BIT];",
                 "wire pf_ack      = pf_mbx_we & pf_mbx_wdata[PFMAILBOX_STS_BIT];")),
    _m("rstd_never_set", "state-bit", "PFRSTD sets RSTD for every VF",
       (CHANNEL, "if (pf_reset_done)           rstd  <= 1'b1;",
                 "if (1'b0)                    rstd  <= 1'b1;")),
    _m("rsti_not_cleared_by_pfrstd", "state-bit", "PFRSTD clears RSTI for every VF",
       (CHANNEL, "if (pf_reset_done)           rsti  <= 1'b0;",
                 "if (1'b0)                    rsti  <= 1'b0;")),
    _m("vfreq_set_by_ack_bit", "state-bit", "a VF REQ write (bit 0) sets VFREQ[n]",
       (CHANNEL, "wire vf_req      = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_REQ_BIT];",
                 "wire vf_req      = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_ACK_BIT];")),
    _m("vfack_never_set", "state-bit", "a VF ACK write sets VFACK[n]",
       (CHANNEL, "if (vf_ack)                  vfack <= 1'b1;",
                 "if (1'b0)                    vfack <= 1'b1;")),
    _m("ims_is_plain_storage", "state-bit", "IMS is write-1-to-set: writing 0 keeps the enable",
       (TOP, "if (pf_we & pf_hit_ims & pf_pwdata[ICR_VMMB_BIT]) ims_vmmb <= 1'b1;",
             "if (pf_we & pf_hit_ims) ims_vmmb <= pf_pwdata[ICR_VMMB_BIT];")),
    _m("ctrl_ext_stores_16_bits", "state-bit", "CTRL_EXT is 32-bit storage",
       (TOP, "if (pf_we & pf_hit_ctrlext) ctrl_ext <= pf_pwdata;",
             "if (pf_we & pf_hit_ctrlext) ctrl_ext <= {16'd0, pf_pwdata[15:0]};")),
    _m("pfrstd_is_bit_15", "state-bit", "PFRSTD is CTRL_EXT bit 14",
       (TOP, "pf_pwdata[CTRL_EXT_PFRSTD_BIT];", "pf_pwdata[CTRL_EXT_PFRSTD_BIT + 1];")),
    # ---------------------------------------------------------------- read-to-clear
    _m("pfsts_not_read_to_clear", "read-to-clear", "a VFMailbox read clears PFSTS",
       (CHANNEL, "else if (status_clr)         pfsts <= 1'b0;",
                 "else if (vf_flr_clear)       pfsts <= 1'b0;")),   # the (ixgbe) FLR still clears
    _m("pfack_not_read_to_clear", "read-to-clear", "a VFMailbox read clears PFACK",
       (CHANNEL, "else if (status_clr)         pfack <= 1'b0;",
                 "else if (vf_flr_clear)       pfack <= 1'b0;")),   # the (ixgbe) FLR still clears
    _m("rstd_not_read_to_clear", "read-to-clear", "a VFMailbox read clears RSTD",
       (CHANNEL, "else if (status_clr)         rstd  <= 1'b0;",
                 "else if (vf_flr_clear)       rstd  <= 1'b0;")),   # the (ixgbe) FLR still clears
    _m("rsti_read_to_clear", "read-to-clear", "RSTI is not cleared by reading",
       (CHANNEL, "if (pf_reset_done)           rsti  <= 1'b0;",
                 "if (pf_reset_done | vf_mbx_re) rsti <= 1'b0;")),
    _m("icr_not_read_to_clear", "read-to-clear", "an ICR read clears VMMB",
       (TOP, "else if (pf_re & pf_hit_icr)  icr_vmmb <= 1'b0;",
             "else if (1'b0)               icr_vmmb <= 1'b0;")),
    # ---------------------------------------------------------------- write-1-to-clear
    _m("vfreq_w1c_ignored", "w1c", "MBVFICR write 1 clears VFREQ[n]",
       (TOP, ".vfreq_clr     (pf_we & pf_hit_mbvficr & pf_pwdata[MBVFICR_VFREQ_LSB + n]),",
             ".vfreq_clr     (1'b0),")),
    _m("vfack_w1c_uses_vfreq_bit", "w1c", "VFACK[n] is cleared by MBVFICR bit 16+n",
       (TOP, "pf_pwdata[MBVFICR_VFACK_LSB + n]),", "pf_pwdata[MBVFICR_VFREQ_LSB + n]),")),
    _m("vflre_w1c_clears_every_bit", "w1c", "a VFLRE write clears only the bits written 1",
       (TOP, "& pf_pwdata[NUM_VFS-1:0]));", "& {NUM_VFS{1'b1}}));")),
    _m("imc_ignored", "w1c", "IMC write 1 clears the IMS enable",
       (TOP, "if (pf_we & pf_hit_imc & pf_pwdata[ICR_VMMB_BIT]) ims_vmmb <= 1'b0;",
             "if (1'b0) ims_vmmb <= 1'b0;")),
    # ---------------------------------------------------------------- locks
    _m("pfu_granted_while_vfu", "lock", "PFU=1 is granted only if VFU[n] is 0",
       (CHANNEL, "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf;",
                 "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~req_blocks_pf;")),
    _m("vfu_granted_while_pfu", "lock", "VFU=1 is granted only if PFU[n] is 0",
       (CHANNEL, "& ~pfu & ~pf_grant;", "& ~pf_grant;")),
    _m("pfu_never_released", "lock", "a PFMailbox write of PFU=0 releases PFU",
       (CHANNEL, "else if (pf_lock_rel) pfu <= 1'b0;", "else if (1'b0)        pfu <= 1'b0;")),
    _m("vfu_never_released", "lock", "a VFMailbox write of VFU=0 releases VFU",
       (CHANNEL, "else if (vf_lock_rel) vfu <= 1'b0;", "else if (1'b0)        vfu <= 1'b0;")),
    _m("pf_sts_keeps_the_lock", "lock", "every PFMailbox write without PFU releases PFU (STS too)",
       (CHANNEL, "wire pf_lock_rel = pf_mbx_we & ~pf_mbx_wdata[PFMAILBOX_PFU_BIT];",
                 "wire pf_lock_rel = pf_mbx_we & ~pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~pf_mbx_wdata[PFMAILBOX_STS_BIT];")),
    _m("vf_req_keeps_the_lock", "lock", "every VFMailbox write without VFU releases VFU (REQ too)",
       (CHANNEL, "wire vf_lock_rel = vf_mbx_we & ~vf_mbx_wdata[VFMAILBOX_VFU_BIT];",
                 "wire vf_lock_rel = vf_mbx_we & ~vf_mbx_wdata[VFMAILBOX_VFU_BIT] & ~vf_mbx_wdata[VFMAILBOX_REQ_BIT];")),
    _m("vf_lock_judged_after_pf_release", "lock",
       "a VFU request meeting a same-edge PFU release fails (state before the edge)",
       (CHANNEL, "& ~pfu & ~pf_grant;", "& ~(pfu & ~pf_lock_rel) & ~pf_grant;")),
    _m("pf_lock_judged_after_vf_release", "lock",
       "a PFU request meeting a same-edge VFU release fails (state before the edge)",
       (CHANNEL, "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf;",
                 "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~(vfu & ~vf_lock_rel) & ~req_blocks_pf;")),
    _m("lock_tie_grants_both", "lock-tie", "a same-edge tie gives the lock to the PF only",
       (CHANNEL, "& ~pfu & ~pf_grant;", "& ~pfu;")),
    _m("lock_tie_goes_to_the_vf", "lock-tie", "a same-edge tie gives the lock to the PF, not the VF",
       (CHANNEL, "& ~pfu & ~pf_grant;", "& ~pfu;"),
       (CHANNEL, "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf;",
                 "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf & "
                 "~(vf_mbx_we & vf_mbx_wdata[VFMAILBOX_VFU_BIT]);")),
    # ---------------------------------------------------------------- RVFU
    _m("rvfu_keeps_vfu", "rvfu", "RVFU clears VFU[n]",
       (CHANNEL, "if (rvfu | vf_flr_clear) vfu <= 1'b0;", "if (vf_flr_clear)     vfu <= 1'b0;")),
    _m("rvfu_keeps_vfreq", "rvfu", "RVFU clears VFREQ[n]",
       (CHANNEL, "else if (vfreq_w1c | rvfu | req_read) vfreq <= 1'b0;",
                 "else if (vfreq_w1c | req_read)        vfreq <= 1'b0;")),
    _m("rvfu_keeps_vfack", "rvfu", "RVFU clears VFACK[n]",
       (CHANNEL, "else if (vfack_clr | rvfu)   vfack <= 1'b0;", "else if (vfack_clr)          vfack <= 1'b0;")),
    _m("rvfu_loses_to_a_vfu_request", "rvfu", "RVFU beats a same-edge VFU=1 request (rule 3)",
       (CHANNEL, "if (rvfu | vf_flr_clear) vfu <= 1'b0;\n"
                 "            else if (vf_grant)    vfu <= 1'b1;",
                 "if (vf_flr_clear)     vfu <= 1'b0;\n            else if (vf_grant)    vfu <= 1'b1;\n"
                 "            else if (rvfu)        vfu <= 1'b0;")),
    _m("pfu_with_rvfu_granted_while_vfu", "rvfu",
       "PFU|RVFU while VFU is 1 grants nothing (sec. 4, judged before the edge)",
       (CHANNEL, "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf;",
                 "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & (~vfu | rvfu) & ~req_blocks_pf;")),
    # ---------------------------------------------------------------- set beats clear (rule 1)
    _m("read_beats_pfsts_set", "set-beats-clear", "PF STS beats a same-edge VFMailbox read",
       (CHANNEL, "if (pf_sts)                  pfsts <= 1'b1;\n            else if (status_clr)         pfsts <= 1'b0;",
                 "if (vf_mbx_re)               pfsts <= 1'b0;\n            else if (pf_sts) pfsts <= 1'b1;\n"
                 "            else if (vf_flr_clear)       pfsts <= 1'b0;")),
    _m("read_beats_pfack_set", "set-beats-clear", "PF ACK beats a same-edge VFMailbox read",
       (CHANNEL, "if (pf_ack)                  pfack <= 1'b1;\n            else if (status_clr)         pfack <= 1'b0;",
                 "if (vf_mbx_re)               pfack <= 1'b0;\n            else if (pf_ack) pfack <= 1'b1;\n"
                 "            else if (vf_flr_clear)       pfack <= 1'b0;")),
    _m("read_beats_rstd_set", "set-beats-clear", "PFRSTD beats a same-edge VFMailbox read",
       (CHANNEL, "if (pf_reset_done)           rstd  <= 1'b1;\n            else if (status_clr)         rstd  <= 1'b0;",
                 "if (vf_mbx_re)               rstd  <= 1'b0;\n            else if (pf_reset_done) rstd  <= 1'b1;\n"
                 "            else if (vf_flr_clear)       rstd  <= 1'b0;")),
    _m("w1c_beats_vfreq_set", "set-beats-clear", "a VF REQ beats a same-edge W1C of VFREQ",
       (CHANNEL, "if (vf_req)                  vfreq <= 1'b1;\n            else if (vfreq_w1c | rvfu | req_read) vfreq <= 1'b0;",
                 "if (vfreq_w1c | rvfu | req_read) vfreq <= 1'b0;\n            else if (vf_req)             vfreq <= 1'b1;")),
    _m("rvfu_beats_vfack_set", "set-beats-clear", "a VF ACK beats a same-edge RVFU or W1C of VFACK",
       (CHANNEL, "if (vf_ack)                  vfack <= 1'b1;\n            else if (vfack_clr | rvfu)   vfack <= 1'b0;",
                 "if (vfack_clr | rvfu)        vfack <= 1'b0;\n            else if (vf_ack)             vfack <= 1'b1;")),
    _m("icr_read_beats_vmmb_event", "set-beats-clear", "a VMMB cause beats a same-edge ICR read",
       (TOP, "if (vmmb_evt)                 icr_vmmb <= 1'b1;\n            else if (pf_re & pf_hit_icr)  icr_vmmb <= 1'b0;",
             "if (pf_re & pf_hit_icr)      icr_vmmb <= 1'b0;\n            else if (vmmb_evt)            icr_vmmb <= 1'b1;")),
    _m("vflre_w1c_beats_reset_event", "set-beats-clear", "an FLR/CTRL.RST beats a same-edge W1C of VFLRE",
       (TOP, "vflre <= vf_reset_evt | (vflre & ~({NUM_VFS{pf_we & pf_hit_vflre}} & pf_pwdata[NUM_VFS-1:0]));",
             "vflre <= (vf_reset_evt | vflre) & ~({NUM_VFS{pf_we & pf_hit_vflre}} & pf_pwdata[NUM_VFS-1:0]);")),
    # ---------------------------------------------------------------- same word (rule 4)
    _m("same_word_vf_value_stored", "same-word", "the PF's value is stored when both write one word",
       (CHANNEL, "if (vf_mem_we && !(pf_mem_we && pf_mem_idx == vf_mem_idx))", "if (vf_mem_we)")),
    _m("pf_write_drops_vf_write_to_another_word", "same-word", "same-edge writes of two words both store",
       (CHANNEL, "if (vf_mem_we && !(pf_mem_we && pf_mem_idx == vf_mem_idx))", "if (vf_mem_we && !pf_mem_we)")),
    # ---------------------------------------------------------------- reset wins (rule 5)
    _m("reset_edge_sets_vflre_on_flr", "reset-wins", "an FLR on a reset edge changes nothing",
       (TOP, "vflre    <= {NUM_VFS{1'b0}};", "vflre    <= vf_flr;")),
    _m("reset_edge_stores_pf_memory_write", "reset-wins", "a memory write on a reset edge is dropped",
       UNGATED_PF_WE,
       (CHANNEL, "        if (!rst_n) begin\n            vfu    <= 1'b0;",
                 "        if (!rst_n && pf_mem_we) mem[pf_mem_idx] <= pf_mem_wdata;\n"
                 "        if (!rst_n) begin\n            vfu    <= 1'b0;")),
    _m("reset_edge_pulses_vf_irq", "reset-wins", "no vf_irq pulse follows a STS write on a reset edge",
       UNGATED_PF_WE,
       (CHANNEL, "            vf_irq <= 1'b0;\n        end else", "            vf_irq <= pf_sts | pf_ack;\n        end else")),
    # A registered write stage whose capture reset does not gate: a write completing on the
    # last edge of a reset pulse lands on the first edge after it (on an earlier edge of
    # the pulse, the edge that applies it is still in reset).
    _m("reset_last_edge_memory_write_lands_late", "reset-wins",
       "a memory write completing on the last reset edge is dropped",
       UNGATED_PF_WE,
       (CHANNEL, "    integer k;\n",
                 "    integer k;\n    reg late_we = 1'b0;\n    reg [3:0] late_idx;\n    reg [31:0] late_data;\n"),
       (CHANNEL, "        if (!rst_n) begin\n            vfu    <= 1'b0;",
                 "        late_we <= !rst_n && pf_mem_we;\n        late_idx <= pf_mem_idx;\n"
                 "        late_data <= pf_mem_wdata;\n        if (rst_n && late_we) mem[late_idx] <= late_data;\n"
                 "        if (!rst_n) begin\n            vfu    <= 1'b0;")),
    _m("reset_gate_dropped_from_pf_we", "reset-wins", "transfers on a reset edge change nothing",
       UNGATED_PF_WE,
       equivalent="every flop that pf_we drives sits under an `if (!rst_n)` branch that comes "
                  "first (the channel's memory write too), so the gate in pf_we is redundant"),
    # ---------------------------------------------------------------- interrupts
    _m("pf_irq_ignores_ims", "interrupt", "pf_irq is ICR.VMMB & IMS.VMMB",
       (TOP, "assign pf_irq = icr_vmmb & ims_vmmb;", "assign pf_irq = icr_vmmb;")),
    _m("vf_irq_not_pulsed_by_ack", "interrupt", "a PF ACK write pulses vf_irq[n]",
       (CHANNEL, "vf_irq <= pf_sts | pf_ack;", "vf_irq <= pf_sts;")),
    _m("vf_irq_pulse_lasts_two_cycles", "interrupt", "vf_irq[n] is high for exactly one cycle",
       (CHANNEL, "    integer k;\n", "    integer k;\n    reg vf_irq_stretch = 1'b0;\n"),
       (CHANNEL, "vf_irq <= pf_sts | pf_ack;",
                 "vf_irq <= pf_sts | pf_ack | vf_irq_stretch;\n            vf_irq_stretch <= pf_sts | pf_ack;")),
    _m("vmmb_raised_by_pending_level", "interrupt", "unmasking a pending VFREQ raises nothing (events, not levels)",
       (TOP, "wire vmmb_evt = |vf_reset_evt | |vf_mbx_evt;",
             "wire vmmb_evt = |vf_reset_evt | |vf_mbx_evt | |(vfreq[NUM_VFS-1:0] & mbvfimr);")),
    _m("repeated_req_raises_nothing", "interrupt", "every unmasked REQ/ACK write raises VMMB, even with VFREQ/VFACK already 1",
       (TOP, "(vf_pwdata[VFMAILBOX_REQ_BIT] | vf_pwdata[VFMAILBOX_ACK_BIT]);",
             "((vf_pwdata[VFMAILBOX_REQ_BIT] & ~vfreq[n]) | (vf_pwdata[VFMAILBOX_ACK_BIT] & ~vfack[n]));")),
    _m("mbvfimr_mask_ignored", "interrupt", "MBVFIMR[n] gates VF n's REQ/ACK cause",
       (TOP, "assign vf_mbx_evt[n]   = vf_mbx_we & mbvfimr[n] &", "assign vf_mbx_evt[n]   = vf_mbx_we &")),
    _m("flr_vmmb_masked_by_mbvfimr", "interrupt", "an FLR raises VMMB, not masked by MBVFIMR",
       (TOP, "wire vmmb_evt = |vf_reset_evt | |vf_mbx_evt;",
             "wire vmmb_evt = |(vf_reset_evt & mbvfimr) | |vf_mbx_evt;")),
    # ---------------------------------------------------------------- STATUS / link_up
    _m("status_without_speed", "status", "STATUS reads 0x83 (FD|LU|SPEED_1000) with the link up",
       (TOP, "link_up ? STATUS_LINK_UP : 32'd0;", "link_up ? 32'h0000_0003 : 32'd0;")),
    _m("status_ignores_link_up", "status", "STATUS reads 0 with the link down",
       (TOP, "link_up ? STATUS_LINK_UP : 32'd0;", "STATUS_LINK_UP;")),
    _m("status_link_up_registered", "status", "STATUS follows link_up in the ACCESS cycle, with no synchronizer or delay",
       (TOP, "    wire [31:0] status_value = link_up ? STATUS_LINK_UP : 32'd0;",
             "    reg link_up_q = 1'b0;\n    always @(posedge clk) link_up_q <= link_up;\n"
             "    wire [31:0] status_value = link_up_q ? STATUS_LINK_UP : 32'd0;")),
    _m("vf_status_reads_zero", "status", "the VF window's STATUS is the same register",
       (TOP, "if (vf_hit_status)  vf_rvalue = status_value;", "if (vf_hit_status)  vf_rvalue = 32'd0;")),
    # ---------------------------------------------------------------- error decode
    _m("pf_vmbmem_window_too_wide", "error-decode", "0x0A00.. is unmapped, not VF memory",
       (TOP, "pf_paddr[15:9] == PF_VMBMEM[15:9]", "pf_paddr[15:10] == PF_VMBMEM[15:10]")),
    _m("vf_vmbmem_window_too_wide", "error-decode", "VF 0x0840.. is unmapped, not memory",
       (TOP, "vf_paddr[15:6] == VF_VMBMEM[15:6]", "vf_paddr[15:7] == VF_VMBMEM[15:7]")),
    _m("pf_imc_decode_ignores_bit_2", "error-decode", "0x00DC is unmapped, not IMC",
       (TOP, "wire pf_hit_imc     = pf_paddr == PF_IMC;",
             "wire pf_hit_imc     = pf_paddr[15:3] == PF_IMC[15:3];")),
    # Aliases far from every register (the neighbour offsets do not see them).
    _m("pf_mbvficr_decode_ignores_high_bits", "error-decode", "0x1C80, 0x2C80, ... are unmapped, not MBVFICR",
       (TOP, "wire pf_hit_mbvficr = pf_paddr == PF_MBVFICR;",
             "wire pf_hit_mbvficr = pf_paddr[11:0] == PF_MBVFICR[11:0];")),
    _m("vf_mailbox_decode_ignores_bits_15_14", "error-decode", "VF 0x4C40, 0x8C40, 0xCC40 are unmapped, not VFMailbox",
       (TOP, "wire vf_hit_mailbox = vf_paddr == VF_MAILBOX;",
             "wire vf_hit_mailbox = vf_paddr[13:0] == VF_MAILBOX[13:0];")),
    _m("pf_misaligned_by_2_accepted", "error-decode", "a PF offset not 4-byte aligned is an error",
       (TOP, "wire       pf_aligned = pf_paddr[1:0] == 2'b00;", "wire       pf_aligned = pf_paddr[0] == 1'b0;")),
    _m("vf_misaligned_accepted", "error-decode", "a VF offset not 4-byte aligned is an error",
       (TOP, "wire       vf_aligned = vf_paddr[1:0] == 2'b00;", "wire       vf_aligned = 1'b1;")),
    _m("pf_mailbox_slot_past_num_vfs_accepted", "error-decode", "a PFMailbox slot n >= NUM_VFS is an error",
       (TOP, "{1'b0, pf_mbx_vf} < NUM_VFS[3:0]", "{1'b0, pf_mbx_vf} <= NUM_VFS[3:0]")),
    _m("pf_vmbmem_slot_past_num_vfs_accepted", "error-decode", "a VMBMEM slot n >= NUM_VFS is an error",
       (TOP, "{1'b0, pf_mem_vf} < NUM_VFS[3:0]", "{1'b0, pf_mem_vf} <= NUM_VFS[3:0]")),
    _m("vf_pfunc_past_num_vfs_accepted", "error-decode", "vf_pfunc >= NUM_VFS is an error",
       (TOP, "({1'b0, vf_pfunc} >= NUM_VFS[3:0])", "({1'b0, vf_pfunc} > NUM_VFS[3:0])")),
    _m("pf_icr_write_accepted", "error-decode", "a write to ICR is an error",
       (TOP, "(pf_pwrite & (pf_hit_status | pf_hit_icr))", "(pf_pwrite & pf_hit_status)")),
    _m("vf_status_write_accepted", "error-decode", "a write to the VF's STATUS is an error",
       (TOP, "| (vf_pwrite & vf_hit_status);", ";")),
    _m("vf_error_read_returns_data", "error-decode", "an error access reads 0 (VF port)",
       (TOP, "assign vf_prdata  = (vf_err | vf_pwrite) ? 32'd0 : vf_rvalue;",
             "assign vf_prdata  = vf_pwrite ? 32'd0 : vf_rvalue;")),
    _m("pf_error_read_returns_data", "error-decode", "an error access reads 0 (PF port)",
       (TOP, "assign pf_prdata  = (pf_err | pf_pwrite) ? 32'd0 : pf_rvalue;",
             "assign pf_prdata  = pf_pwrite ? 32'd0 : pf_rvalue;"),
       equivalent="a PF read is an error only when no register decodes (pf_err = ~pf_hit), "
                  "and pf_rvalue is 0 unless one does"),
    # ---------------------------------------------------------------- vf_pfunc
    _m("vf_memory_write_ignores_pfunc", "vf-pfunc", "a VF memory write reaches only VF vf_pfunc's memory",
       (TOP, ".vf_mem_we     (vf_we & vf_mine & vf_hit_vmbmem),", ".vf_mem_we     (vf_we & vf_hit_vmbmem),")),
    _m("vf_mailbox_write_ignores_pfunc", "vf-pfunc", "a VFMailbox write acts on VF vf_pfunc only",
       (TOP, "wire vf_mbx_we = vf_we & vf_sel[n] & vf_hit_mailbox;", "wire vf_mbx_we = vf_we & vf_hit_mailbox;")),
    _m("vf_pfunc_bit_2_ignored", "vf-pfunc", "VF 4..7 are not VF 0..3",
       (TOP, "wire vf_mine = vf_pfunc == N;", "wire vf_mine = vf_pfunc[1:0] == N[1:0];")),
    _m("vf_ctrl_rst_resets_vf_0", "vf-pfunc", "CTRL.RST of VF n sets VFLRE[n]",
       (TOP, "assign vf_reset_evt[n] = vf_flr[n] | (vf_rst_write & vf_mine);",
             "assign vf_reset_evt[n] = vf_flr[n] | (vf_rst_write & (n == 0));")),
    # ---------------------------------------------------------------- reset and power-up values
    _m("reset_rsti_zero", "reset-values", "reset sets RSTI=1 for every VF",
       (CHANNEL, "rsti   <= 1'b1;", "rsti   <= 1'b0;")),
    _m("reset_ims_one", "reset-values", "reset clears IMS",
       (TOP, "ims_vmmb <= 1'b0;\n            mbvfimr", "ims_vmmb <= 1'b1;\n            mbvfimr")),
    _m("reset_mbvfimr_all_ones", "reset-values", "reset clears MBVFIMR",
       (TOP, "mbvfimr  <= {NUM_VFS{1'b0}};", "mbvfimr  <= {NUM_VFS{1'b1}};")),
    _m("reset_sets_pfsts", "reset-values", "reset clears PFSTS",
       (CHANNEL, "pfsts  <= 1'b0;", "pfsts  <= 1'b1;")),
    _m("reset_clears_mailbox_memory", "reset-values", "reset does not clear the mailbox RAM",
       (CHANNEL, "rsti   <= 1'b1;", "rsti   <= 1'b1;\n            for (k = 0; k < MBX_WORDS; k = k + 1) mem[k] <= 32'd0;")),
    _m("power_up_memory_not_zero", "reset-values", "the mailbox RAM holds 0 after power-up",
       (CHANNEL, "mem[k] = 32'd0;", "mem[k] = 32'h0000_0100 + k;")),
    # ---------------------------------------------------------------- NUM_VFS bounds
    _m("num_vfs_9_elaborates", "num-vfs-bounds", "NUM_VFS above 8 stops elaboration",
       (TOP, "NUM_VFS > MAX_VFS)", "NUM_VFS > MAX_VFS + 1)")),
    _m("num_vfs_0_elaborates", "num-vfs-bounds", "NUM_VFS below 1 stops elaboration",
       (TOP, "if (NUM_VFS < 1 ||", "if (NUM_VFS < 0 ||")),
    _m("absent_vf_vfreq_reads_one", "num-vfs-bounds", "bits of absent VFs (n >= NUM_VFS) in MBVFICR read 0",
       (TOP, "assign vfreq[n] = 1'b0;", "assign vfreq[n] = 1'b1;")),
    # ---------------------------------------------------------------- VF resets
    _m("vf_flr_acts_on_first_edge_only", "vf-reset", "vf_flr acts on every edge that samples bit n high",
       (TOP, "    reg  [NUM_VFS-1:0] vflre;\n",
             "    reg  [NUM_VFS-1:0] vflre;\n    reg  [NUM_VFS-1:0] vf_flr_seen = {NUM_VFS{1'b0}};\n"
             "    always @(posedge clk) vf_flr_seen <= vf_flr;\n"),
       (TOP, "assign vf_reset_evt[n] = vf_flr[n] |", "assign vf_reset_evt[n] = (vf_flr[n] & ~vf_flr_seen[n]) |")),
    _m("vf_ctrl_rst_is_bit_25", "vf-reset", "VF CTRL.RST is bit 26",
       (TOP, "vf_pwdata[CTRL_RST_BIT];", "vf_pwdata[CTRL_RST_BIT - 1];")),
    _m("vf_flr_not_a_vmmb_cause", "vf-reset", "an FLR raises ICR.VMMB",
       (TOP, "wire vmmb_evt = |vf_reset_evt | |vf_mbx_evt;", "wire vmmb_evt = |vf_mbx_evt;")),
)



def _x(name, family, rule, *edits, equivalent=""):
    return _m(name, family, rule, *edits, equivalent=equivalent, top="ixgbe")


# A transfer on the third edge of a reset pulse (the last, in the rule 7 test) lets a PF
# memory write through: the blind spot of a test that stops checking before the last edge.
_THIRD_LOW_EDGE = (
    (IXGBE, "    wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n;",
     "    reg [1:0] low_edges = 2'd0;\n"
     "    always @(posedge clk) low_edges <= rst_n ? 2'd0 : low_edges + {1'b0, low_edges != 2'd3};\n"
     "    wire pf_we  = pf_access & ~pf_err & pf_pwrite & (rst_n | low_edges == 2'd2);"),
    (CHANNEL, "        if (!rst_n) begin\n            vfu    <= 1'b0;",
     "        if (!rst_n && pf_mem_we) mem[pf_mem_idx] <= pf_mem_wdata;\n"
     "        if (!rst_n) begin\n            vfu    <= 1'b0;"),
)

IXGBE_CATALOGUE = (
    # ---------------------------------------------------------------- decode (sec. 2, 6)
    _x("ix_vflrec_decode_ignores_bit_3", "ixgbe-decode", "0x708, 0x70C are errors, not VFLREC",
       (IXGBE, "pf_paddr[16:3] == IXGBE_VFLREC[16:3]", "pf_paddr[16:4] == IXGBE_VFLREC[16:4]")),
    _x("ix_pfmbimr_has_four_registers", "ixgbe-decode", "PFMBIMR(2), PFMBIMR(3) (0x728, 0x72C) are errors",
       (IXGBE, "pf_paddr[16:3] == IXGBE_PFMBIMR[16:3]", "pf_paddr[16:4] == IXGBE_PFMBIMR[16:4]")),
    _x("ix_pfmbicr_window_too_wide", "ixgbe-decode", "only 0x710..0x71C are PFMBICR",
       (IXGBE, "pf_paddr[16:4] == IXGBE_PFMBICR[16:4]", "pf_paddr[16:5] == IXGBE_PFMBICR[16:5]")),
    _x("ix_x550_pf_mirror_mapped", "ixgbe-decode", "the X550's PF-side VFMAILBOX mirror 0x4C00 is an error",
       (IXGBE, "pf_paddr[16:8] == IXGBE_PFMAILBOX[16:8] &&",
               "(pf_paddr[16:8] == IXGBE_PFMAILBOX[16:8] || pf_paddr[16:8] == 9'h04C) &&")),
    _x("ix_pfmailbox_window_too_wide", "ixgbe-decode", "only 0x4B00..0x4BFC are PFMAILBOX",
       (IXGBE, "pf_paddr[16:8] == IXGBE_PFMAILBOX[16:8] &&", "pf_paddr[16:9] == IXGBE_PFMAILBOX[16:9] &&")),
    _x("ix_pfmbmem_window_too_wide", "ixgbe-decode", "only 0x13000..0x13FFC are PFMBMEM",
       (IXGBE, "pf_paddr[16:12] == IXGBE_PFMBMEM[16:12]", "pf_paddr[16:13] == IXGBE_PFMBMEM[16:13]")),
    _x("ix_pfmbmem_slot_past_num_vfs_accepted", "ixgbe-decode", "PFMBMEM(n), n >= NUM_VFS, is an error",
       (IXGBE, "{1'b0, pf_mem_vf} < NUM_VFS[6:0]", "{1'b0, pf_mem_vf} <= NUM_VFS[6:0]")),
    _x("ix_pfmailbox_slot_past_num_vfs_accepted", "ixgbe-decode", "PFMAILBOX(n), n >= NUM_VFS, is an error",
       (IXGBE, "{1'b0, pf_mbx_vf} < NUM_VFS[6:0]", "{1'b0, pf_mbx_vf} <= NUM_VFS[6:0]")),
    _x("ix_vf_pfunc_past_num_vfs_accepted", "ixgbe-decode", "vf_pfunc >= NUM_VFS is an error",
       (IXGBE, "({1'b0, vf_pfunc} >= NUM_VFS[6:0])", "({1'b0, vf_pfunc} > NUM_VFS[6:0])")),
    _x("ix_vflre1_decode_ignores_bit_2", "ixgbe-decode", "0x1C4 is an error, not VFLRE(1)",
       (IXGBE, "wire pf_hit_vflre1    = pf_paddr == IXGBE_VFLRE1;",
               "wire pf_hit_vflre1    = pf_paddr[16:3] == IXGBE_VFLRE1[16:3];")),
    _x("ix_eimc_decode_ignores_bit_2", "ixgbe-decode", "0x88C is an error, not EIMC",
       (IXGBE, "wire pf_hit_eimc      = pf_paddr == IXGBE_EIMC;",
               "wire pf_hit_eimc      = pf_paddr[16:3] == IXGBE_EIMC[16:3];")),
    _x("ix_vfmbmem_window_too_wide", "ixgbe-decode", "VF 0x240..0x27C are errors, not memory",
       (IXGBE, "vf_paddr[15:6] == IXGBE_VFMBMEM[15:6]", "vf_paddr[15:7] == IXGBE_VFMBMEM[15:7]")),
    _x("ix_vf_queue_registers_every_word", "ixgbe-decode", "only VFRXDCTL(q) = 0x1028 + 0x40q are inert, not 0x1000..0x11FC",
       (IXGBE, "(vf_paddr[15:9] == IXGBE_VFRXDCTL[15:9] && vf_paddr[5:0] == IXGBE_VFRXDCTL[5:0])",
               "(vf_paddr[15:9] == IXGBE_VFRXDCTL[15:9])")),
    _x("ix_vf_sixteen_tx_queues", "ixgbe-decode", "VFTXDCTL(q) exists for q = 0..7 only",
       (IXGBE, "(vf_paddr[15:9] == IXGBE_VFTXDCTL[15:9] && vf_paddr[5:0] == IXGBE_VFTXDCTL[5:0])",
               "(vf_paddr[15:10] == IXGBE_VFTXDCTL[15:10] && vf_paddr[5:0] == IXGBE_VFTXDCTL[5:0])")),
    _x("ix_vfpsrtype_unmapped", "ixgbe-decode", "VFPSRTYPE (0x300) is inert, not an error",
       (IXGBE, "vf_paddr == IXGBE_VTEIMC || vf_paddr == IXGBE_VFPSRTYPE ||", "vf_paddr == IXGBE_VTEIMC ||")),
    _x("ix_vteimc_unmapped", "ixgbe-decode", "VTEIMC (0x10C) is inert, not an error",
       (IXGBE, "vf_paddr == IXGBE_VTEIMC || vf_paddr == IXGBE_VFPSRTYPE ||", "vf_paddr == IXGBE_VFPSRTYPE ||")),
    _x("ix_vf_txdctl_unmapped", "ixgbe-decode", "VFTXDCTL(q) is inert, not an error",
       (IXGBE, " ||\n                          (vf_paddr[15:9] == IXGBE_VFTXDCTL[15:9] && vf_paddr[5:0] == IXGBE_VFTXDCTL[5:0]);", ";")),
    _x("ix_vflinks_write_accepted", "ixgbe-decode", "a write to VFLINKS is an error",
       (IXGBE, "(vf_pwrite & (vf_hit_status | vf_hit_links))", "(vf_pwrite & vf_hit_status)")),
    _x("ix_vfstatus_write_accepted", "ixgbe-decode", "a write to VFSTATUS is an error",
       (IXGBE, "(vf_pwrite & (vf_hit_status | vf_hit_links))", "(vf_pwrite & vf_hit_links)")),
    _x("ix_vflre1_write_accepted", "ixgbe-decode", "a write to VFLRE(1) is an error",
       (IXGBE, "(pf_pwrite & (pf_hit_status | pf_hit_vflre0 | pf_hit_vflre1))",
               "(pf_pwrite & (pf_hit_status | pf_hit_vflre0))")),
    _x("ix_status_write_accepted", "ixgbe-decode", "a write to STATUS is an error",
       (IXGBE, "(pf_pwrite & (pf_hit_status | pf_hit_vflre0 | pf_hit_vflre1))",
               "(pf_pwrite & (pf_hit_vflre0 | pf_hit_vflre1))")),
    _x("ix_vfctrl_write_is_an_error", "ixgbe-decode", "a write to VFCTRL is not an error",
       (IXGBE, "(vf_pwrite & (vf_hit_status | vf_hit_links))", "(vf_pwrite & (vf_hit_status | vf_hit_links | vf_hit_ctrl))")),
    _x("ix_vf_misaligned_accepted", "ixgbe-decode", "a VF offset not 4-byte aligned is an error",
       (IXGBE, "wire       vf_aligned = vf_paddr[1:0] == 2'b00;", "wire       vf_aligned = 1'b1;")),
    _x("ix_pf_misaligned_by_2_accepted", "ixgbe-decode", "a PF offset not 4-byte aligned is an error",
       (IXGBE, "wire       pf_aligned = pf_paddr[1:0] == 2'b00;", "wire       pf_aligned = pf_paddr[0] == 1'b0;")),
    _x("ix_vf_error_read_returns_data", "ixgbe-decode", "an error read returns 0 (VF port, vf_pfunc >= NUM_VFS)",
       (IXGBE, "assign vf_prdata  = (vf_err | vf_pwrite) ? 32'd0 : vf_rvalue;",
               "assign vf_prdata  = vf_pwrite ? 32'd0 : vf_rvalue;")),
    _x("ix_pf_error_read_returns_data", "ixgbe-decode", "an error read returns 0 (PF port)",
       (IXGBE, "assign pf_prdata  = (pf_err | pf_pwrite) ? 32'd0 : pf_rvalue;",
               "assign pf_prdata  = pf_pwrite ? 32'd0 : pf_rvalue;"),
       equivalent="a PF read is an error only when no register decodes (pf_err = ~pf_hit; the slot "
                  "checks are part of the hits), and pf_rvalue is 0 unless one does"),
    # A hole far from every register (issue 22 item 11b): only the every-offset sweeps try it.
    _x("ix_far_pf_hole_is_ctrl_ext", "ixgbe-decode", "PF offset 0x0A5A8 (far from any register) is an error",
       (IXGBE, "wire pf_hit_ctrlext   = pf_paddr == IXGBE_CTRL_EXT;",
               "wire pf_hit_ctrlext   = pf_paddr == IXGBE_CTRL_EXT || pf_paddr == 17'h0A5A8;")),
    _x("ix_far_vf_hole_is_vfctrl", "ixgbe-decode", "VF offset 0x7A58 (far from any register) is an error",
       (IXGBE, "wire vf_hit_ctrl    = vf_paddr == IXGBE_VFCTRL;",
               "wire vf_hit_ctrl    = vf_paddr == IXGBE_VFCTRL || vf_paddr == 16'h7A58;")),
    _x("ix_vf_pfunc_is_5_bits", "ixgbe-decode", "vf_pfunc is 6 bits wide (VF 0..63)",
       (IXGBE, "input  wire [5:0]         vf_pfunc,", "input  wire [4:0]         vf_pfunc,")),
    _x("ix_misaligned_vfmailbox_read_clears", "ixgbe-decode", "an error read of VFMAILBOX clears nothing",
       (IXGBE, "wire vf_hit_mailbox = vf_paddr == IXGBE_VFMAILBOX;",
               "wire vf_hit_mailbox = vf_paddr[15:2] == IXGBE_VFMAILBOX[15:2];"),
       (IXGBE, "wire vf_err = ~vf_hit | ", "wire vf_err = ~vf_hit | ~vf_aligned | "),
       (IXGBE, "wire vf_re  = vf_access & ~vf_err & ~vf_pwrite & rst_n;",
               "wire vf_re  = vf_access & ~vf_pwrite & rst_n;")),
    _x("ix_vf_one_wait_state", "ixgbe-decode", "the VF port answers with zero wait states",
       (IXGBE, "    assign vf_pready  = vf_access;",
               "    reg vf_waited = 1'b0;\n    always @(posedge clk) vf_waited <= vf_access & ~vf_waited;\n"
               "    assign vf_pready  = vf_access & vf_waited;")),
    _x("ix_vf_pfunc_bit_5_ignored", "ixgbe-decode", "vf_pfunc names VF 32..63 apart from VF 0..31",
       (IXGBE, "wire vf_mine   = vf_pfunc == N;", "wire vf_mine   = vf_pfunc[4:0] == N[4:0];")),
    _x("ix_pfmbmem_vf_bit_5_ignored", "ixgbe-decode", "PFMBMEM(n) of VF 32..63 is not VF 0..31's",
       (IXGBE, "wire pf_mem_sel = pf_hit_pfmbmem & pf_mem_vf == N;",
               "wire pf_mem_sel = pf_hit_pfmbmem & pf_mem_vf[4:0] == N[4:0];")),
    _x("ix_pfmailbox_vf_bit_5_ignored", "ixgbe-decode", "PFMAILBOX(n) of VF 32..63 is not VF 0..31's",
       (IXGBE, ".pf_mbx_we     (pf_we & pf_hit_pfmailbox & pf_mbx_vf == N),",
               ".pf_mbx_we     (pf_we & pf_hit_pfmailbox & pf_mbx_vf[4:0] == N[4:0]),")),
    # ---------------------------------------------------------------- index registers (sec. 2)
    _x("ix_pfmbicr_w1c_shifted_by_8", "ixgbe-index", "a PFMBICR(i) write clears the VFREQ of VFs 16i..16i+15",
       (IXGBE, "({48'd0, pf_pwdata[IXGBE_PFMBICR_VFREQ_LSB +: 16]} << {pf_icr_idx, 4'd0})",
               "({48'd0, pf_pwdata[IXGBE_PFMBICR_VFREQ_LSB +: 16]} << {pf_icr_idx, 3'd0})")),
    _x("ix_pfmbicr_vfack_w1c_uses_vfreq_bits", "ixgbe-index", "VFACK of VF 16i+j clears with PFMBICR(i) bit 16+j",
       (IXGBE, "({48'd0, pf_pwdata[IXGBE_PFMBICR_VFACK_LSB +: 16]} << {pf_icr_idx, 4'd0})",
               "({48'd0, pf_pwdata[IXGBE_PFMBICR_VFREQ_LSB +: 16]} << {pf_icr_idx, 4'd0})")),
    _x("ix_pfmbicr_w1c_ignored", "ixgbe-index", "PFMBICR is write-1-to-clear",
       (IXGBE, "wire [V-1:0] vfreq_clr     = {V{pf_we & pf_hit_pfmbicr}} &",
               "wire [V-1:0] vfreq_clr     = {V{1'b0}} &")),
    _x("ix_pfmbicr_reads_vfack_of_another_register", "ixgbe-index", "PFMBICR(i) shows the VFACK of VFs 16i..16i+15",
       (IXGBE, "{vfack[{pf_icr_idx, 4'd0} +: 16]", "{vfack[{~pf_icr_idx, 4'd0} +: 16]")),
    _x("ix_pfmbimr_either_write_sets_both", "ixgbe-index", "PFMBIMR(k) holds the mask of VFs 32k..32k+31 only",
       (IXGBE, "pfmbimr <= (pfmbimr & ~pf_word_mask[NUM_VFS-1:0]) | pf_word_data[NUM_VFS-1:0];",
               "pfmbimr <= {2{pf_pwdata}};")),
    _x("ix_vflrec1_clears_vfs_0_to_31", "ixgbe-index", "a VFLREC(1) write clears the events of VFs 32..63",
       (IXGBE, "wire [V-1:0] vflrec_clr    = {V{pf_we & pf_hit_vflrec}} & pf_word_data;",
               "wire [V-1:0] vflrec_clr    = {V{pf_we & pf_hit_vflrec}} & {32'd0, pf_pwdata};")),
    _x("ix_vflrec_w1c_clears_every_bit", "ixgbe-index", "a VFLREC write clears only the bits written 1",
       (IXGBE, "wire [V-1:0] vflrec_clr    = {V{pf_we & pf_hit_vflrec}} & pf_word_data;",
               "wire [V-1:0] vflrec_clr    = {V{pf_we & pf_hit_vflrec}} & pf_word_mask;")),
    _x("ix_vflrec_read_to_clear", "ixgbe-index", "a VFLREC read does not clear",
       (IXGBE, "end else if (pf_we | mailbox_evt) begin", "end else if (pf_we | pf_re | mailbox_evt) begin"),
       (IXGBE, "vflr <= vf_flr | (vflr & ~vflrec_clr[NUM_VFS-1:0]);",
               "vflr <= vf_flr | (vflr & ~vflrec_clr[NUM_VFS-1:0] & ~({V{pf_re & pf_hit_vflrec}} & pf_word_mask));")),
    _x("ix_vflre1_shows_vfs_0_to_31", "ixgbe-index", "VFLRE(1) shows the events of VFs 32..63",
       (IXGBE, "if (pf_hit_vflre1)    pf_rvalue = vflr_all[63:32];", "if (pf_hit_vflre1)    pf_rvalue = vflr_all[31:0];")),
    _x("ix_absent_vf_vfreq_reads_one", "ixgbe-index", "VFREQ bits of absent VFs read 0",
       (IXGBE, "assign vfreq[V-1:NUM_VFS]                  = {(V-NUM_VFS){1'b0}};",
               "assign vfreq[V-1:NUM_VFS]                  = {(V-NUM_VFS){1'b1}};")),
    _x("ix_absent_vf_pfmbimr_reads_one", "ixgbe-index", "PFMBIMR bits of absent VFs read 0",
       (IXGBE, "assign pfmbimr_all[V-1:NUM_VFS]            = {(V-NUM_VFS){1'b0}};",
               "assign pfmbimr_all[V-1:NUM_VFS]            = {(V-NUM_VFS){1'b1}};")),
    _x("ix_absent_vf_vflr_reads_one", "ixgbe-index", "VFLRE/VFLREC bits of absent VFs read 0",
       (IXGBE, "assign vflr_all[V-1:NUM_VFS]               = {(V-NUM_VFS){1'b0}};",
               "assign vflr_all[V-1:NUM_VFS]               = {(V-NUM_VFS){1'b1}};")),
    # ---------------------------------------------------------------- EICR / EIMS / PFMBIMR
    _x("ix_eicr_read_to_clear", "ixgbe-eicr", "an EICR read does not clear it (GPIE.OCD)",
       (IXGBE, "end else if (pf_we | mailbox_evt) begin", "end else if (pf_we | pf_re | mailbox_evt) begin"),
       (IXGBE, "else if (eicr_clr) eicr_mailbox <= 1'b0;", "else if (eicr_clr | (pf_re & pf_hit_eicr)) eicr_mailbox <= 1'b0;")),
    _x("ix_eicr_w1c_ignored", "ixgbe-eicr", "writing 1 to EICR bit 19 clears MAILBOX",
       (IXGBE, "wire eicr_clr      = pf_we & pf_hit_eicr & pf_pwdata[IXGBE_EICR_MAILBOX_BIT];",
               "wire eicr_clr      = 1'b0;")),
    _x("ix_eicr_w1c_clears_on_any_bit", "ixgbe-eicr", "EICR's other bits are ignored on write",
       (IXGBE, "wire eicr_clr      = pf_we & pf_hit_eicr & pf_pwdata[IXGBE_EICR_MAILBOX_BIT];",
               "wire eicr_clr      = pf_we & pf_hit_eicr & |pf_pwdata;")),
    _x("ix_eics_write_ignored", "ixgbe-eicr", "an EICS write of bit 19 sets EICR.MAILBOX",
       (IXGBE, "wire eics_set      = pf_we & pf_hit_eics & pf_pwdata[IXGBE_EICR_MAILBOX_BIT];",
               "wire eics_set      = 1'b0;")),
    _x("ix_eics_reads_zero", "ixgbe-eicr", "an EICS read returns EICR",
       (IXGBE, "if (pf_hit_eicr | pf_hit_eics) pf_rvalue = eicr_value;", "if (pf_hit_eicr) pf_rvalue = eicr_value;")),
    _x("ix_eims_plain_storage", "ixgbe-eicr", "EIMS is write-1-to-set: writing 0 keeps the enable",
       (IXGBE, "if (pf_we & pf_hit_eims & pf_pwdata[IXGBE_EICR_MAILBOX_BIT]) eims_mailbox <= 1'b1;",
               "if (pf_we & pf_hit_eims) eims_mailbox <= pf_pwdata[IXGBE_EICR_MAILBOX_BIT];")),
    _x("ix_eimc_ignored", "ixgbe-eicr", "EIMC write 1 clears the enable",
       (IXGBE, "if (pf_we & pf_hit_eimc & pf_pwdata[IXGBE_EICR_MAILBOX_BIT]) eims_mailbox <= 1'b0;",
               "if (1'b0) eims_mailbox <= 1'b0;")),
    _x("ix_eimc_reads_the_mask", "ixgbe-eicr", "EIMC reads 0",
       (IXGBE, "if (pf_hit_eims)      pf_rvalue[IXGBE_EICR_MAILBOX_BIT] = eims_mailbox;",
               "if (pf_hit_eims | pf_hit_eimc) pf_rvalue[IXGBE_EICR_MAILBOX_BIT] = eims_mailbox;")),
    _x("ix_pf_irq_ignores_eims", "ixgbe-eicr", "pf_irq is EICR.MAILBOX & EIMS.MAILBOX",
       (IXGBE, "assign pf_irq = eicr_mailbox & eims_mailbox;", "assign pf_irq = eicr_mailbox;")),
    _x("ix_pfmbimr_mask_ignored", "ixgbe-eicr", "PFMBIMR bit n gates VF n's REQ/ACK cause",
       (IXGBE, "assign vf_mbx_evt[n] = vf_mbx_we & pfmbimr[n] &", "assign vf_mbx_evt[n] = vf_mbx_we &")),
    _x("ix_pfmbimr_gates_pfmbicr", "ixgbe-eicr", "PFMBIMR never gates PFMBICR",
       (IXGBE, ".vf_mbx_we     (vf_mbx_we),", ".vf_mbx_we     (vf_mbx_we & pfmbimr[n]),")),
    _x("ix_pfmbimr_judged_after_the_edge", "ixgbe-eicr", "a same-edge PFMBIMR write does not change whether a REQ raises EICR",
       (IXGBE, "assign vf_mbx_evt[n] = vf_mbx_we & pfmbimr[n] &",
               "assign vf_mbx_evt[n] = vf_mbx_we & ((pf_we & pf_hit_pfmbimr & pf_word_mask[n]) ? pf_word_data[n] : pfmbimr[n]) &")),
    _x("ix_unmasking_raises_pending_causes", "ixgbe-eicr", "unmasking PFMBIMR with VFREQ/VFACK pending raises nothing",
       (IXGBE, "wire mailbox_evt = |vf_flr | |vf_mbx_evt | eics_set;",
               "wire mailbox_evt = |vf_flr | |vf_mbx_evt | eics_set | |((vfreq[NUM_VFS-1:0] | vfack[NUM_VFS-1:0]) & pfmbimr);")),
    _x("ix_repeated_ack_raises_nothing", "ixgbe-eicr", "every unmasked ACK write raises EICR, even with VFACK already 1",
       (IXGBE, "(vf_pwdata[VFMAILBOX_REQ_BIT] | vf_pwdata[VFMAILBOX_ACK_BIT]);",
               "(vf_pwdata[VFMAILBOX_REQ_BIT] | (vf_pwdata[VFMAILBOX_ACK_BIT] & ~vfack[n]));")),
    _x("ix_eicr_w1c_beats_a_cause", "ixgbe-eicr", "a same-edge cause beats an EICR W1C (rule 1)",
       (IXGBE, "if (mailbox_evt)   eicr_mailbox <= 1'b1;   // set beats clear (rule 1)\n            else if (eicr_clr) eicr_mailbox <= 1'b0;",
               "if (eicr_clr)      eicr_mailbox <= 1'b0;\n            else if (mailbox_evt) eicr_mailbox <= 1'b1;")),
    # ---------------------------------------------------------------- CTRL_EXT / PFRSTD
    _x("ix_pfrstd_stored", "ixgbe-pfrstd", "PFRSTD (CTRL_EXT bit 14) always reads 0",
       (IXGBE, "ctrl_ext <= pf_pwdata & ~(32'd1 << IXGBE_CTRL_EXT_PFRSTD_BIT);", "ctrl_ext <= pf_pwdata;")),
    _x("ix_ctrl_ext_keeps_16_bits", "ixgbe-pfrstd", "CTRL_EXT keeps the other 31 bits",
       (IXGBE, "ctrl_ext <= pf_pwdata & ~(32'd1 << IXGBE_CTRL_EXT_PFRSTD_BIT);",
               "ctrl_ext <= {16'd0, pf_pwdata[15:0]} & ~(32'd1 << IXGBE_CTRL_EXT_PFRSTD_BIT);")),
    _x("ix_pfrstd_is_bit_15", "ixgbe-pfrstd", "reset-done fires on CTRL_EXT bit 14",
       (IXGBE, "wire pf_reset_done = pf_we & pf_hit_ctrlext & pf_pwdata[IXGBE_CTRL_EXT_PFRSTD_BIT];",
               "wire pf_reset_done = pf_we & pf_hit_ctrlext & pf_pwdata[IXGBE_CTRL_EXT_PFRSTD_BIT + 1];")),
    _x("ix_pfrstd_fires_on_every_ctrl_ext_write", "ixgbe-pfrstd", "a CTRL_EXT write without bit 14 fires no reset-done",
       (IXGBE, "wire pf_reset_done = pf_we & pf_hit_ctrlext & pf_pwdata[IXGBE_CTRL_EXT_PFRSTD_BIT];",
               "wire pf_reset_done = pf_we & pf_hit_ctrlext;")),
    _x("ix_reset_done_pulses_vf_irq", "ixgbe-pfrstd", "reset-done does not pulse vf_irq",
       (CHANNEL, "vf_irq <= pf_sts | pf_ack;", "vf_irq <= pf_sts | pf_ack | pf_reset_done;")),
    # ---------------------------------------------------------------- FLR (sec. 4 rule 6, 5)
    _x("ix_flr_keeps_vfu", "ixgbe-flr", "an FLR clears VF n's VFU",
       (CHANNEL, "if (rvfu | vf_flr_clear) vfu <= 1'b0;", "if (rvfu)             vfu <= 1'b0;")),
    _x("ix_flr_loses_to_a_vfu_request", "ixgbe-flr", "a same-edge VFU request ends 0 on an FLR edge",
       (CHANNEL, "if (rvfu | vf_flr_clear) vfu <= 1'b0;\n            else if (vf_grant)    vfu <= 1'b1;",
                 "if (rvfu)             vfu <= 1'b0;\n            else if (vf_grant)    vfu <= 1'b1;\n"
                 "            else if (vf_flr_clear) vfu <= 1'b0;")),
    _x("ix_flr_grant_judged_after_the_edge", "ixgbe-flr", "a PFU request on an FLR edge is judged on VFU before it",
       (CHANNEL, "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf;",
                 "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~(vfu & ~vf_flr_clear) & ~req_blocks_pf;")),
    _x("ix_flr_keeps_pfsts", "ixgbe-flr", "an FLR clears PFSTS",
       (CHANNEL, "else if (status_clr)         pfsts <= 1'b0;", "else if (vf_mbx_re)          pfsts <= 1'b0;")),
    _x("ix_flr_keeps_pfack", "ixgbe-flr", "an FLR clears PFACK",
       (CHANNEL, "else if (status_clr)         pfack <= 1'b0;", "else if (vf_mbx_re)          pfack <= 1'b0;")),
    _x("ix_flr_keeps_rstd", "ixgbe-flr", "an FLR clears RSTD",
       (CHANNEL, "else if (status_clr)         rstd  <= 1'b0;", "else if (vf_mbx_re)          rstd  <= 1'b0;")),
    _x("ix_flr_beats_pf_sts", "ixgbe-flr", "a PF STS on an FLR edge leaves PFSTS 1 (rule 1)",
       (CHANNEL, "if (pf_sts)                  pfsts <= 1'b1;", "if (pf_sts & ~vf_flr_clear)  pfsts <= 1'b1;")),
    _x("ix_flr_beats_pf_ack", "ixgbe-flr", "a PF ACK on an FLR edge leaves PFACK 1 (rule 1)",
       (CHANNEL, "if (pf_ack)                  pfack <= 1'b1;", "if (pf_ack & ~vf_flr_clear)  pfack <= 1'b1;")),
    _x("ix_flr_beats_reset_done", "ixgbe-flr", "reset-done on an FLR edge leaves RSTD 1 (rule 1)",
       (CHANNEL, "if (pf_reset_done)           rstd  <= 1'b1;", "if (pf_reset_done & ~vf_flr_clear) rstd <= 1'b1;")),
    _x("ix_flr_clears_rsti", "ixgbe-flr", "an FLR leaves RSTI",
       (CHANNEL, "if (pf_reset_done)           rsti  <= 1'b0;", "if (pf_reset_done | vf_flr_clear) rsti <= 1'b0;")),
    _x("ix_flr_sets_rsti", "ixgbe-flr", "an FLR leaves RSTI (0 after reset-done)",
       (CHANNEL, "if (pf_reset_done)           rsti  <= 1'b0;",
                 "if (pf_reset_done)           rsti  <= 1'b0;\n            else if (vf_flr_clear)  rsti  <= 1'b1;")),
    _x("ix_flr_clears_pfu", "ixgbe-flr", "an FLR leaves the PF's PFU",
       (CHANNEL, "else if (pf_lock_rel) pfu <= 1'b0;", "else if (pf_lock_rel | vf_flr_clear) pfu <= 1'b0;")),
    _x("ix_flr_clears_vfreq", "ixgbe-flr", "an FLR leaves VFREQ[n]",
       (CHANNEL, "else if (vfreq_w1c | rvfu | req_read) vfreq <= 1'b0;",
                 "else if (vfreq_w1c | rvfu | req_read | vf_flr_clear) vfreq <= 1'b0;")),
    _x("ix_flr_clears_vfack", "ixgbe-flr", "an FLR leaves VFACK[n]",
       (CHANNEL, "else if (vfack_clr | rvfu)   vfack <= 1'b0;", "else if (vfack_clr | rvfu | vf_flr_clear) vfack <= 1'b0;")),
    _x("ix_flr_clears_memory_word_0", "ixgbe-flr", "an FLR leaves the mailbox memory",
       (CHANNEL, "            if (pf_mem_we)\n                mem[pf_mem_idx] <= pf_mem_wdata;",
                 "            if (vf_flr_clear)\n                mem[0] <= 32'd0;\n"
                 "            if (pf_mem_we)\n                mem[pf_mem_idx] <= pf_mem_wdata;")),
    _x("ix_flr_clears_every_vf", "ixgbe-flr", "an FLR of VF n touches no other VF",
       (IXGBE, ".vf_flr_clear  (vf_flr[n]),", ".vf_flr_clear  (|vf_flr),")),
    _x("ix_flr_drops_the_vfs_mailbox_write", "ixgbe-flr", "VF n's REQ/ACK on its FLR edge take effect",
       (IXGBE, ".vf_mbx_we     (vf_mbx_we),", ".vf_mbx_we     (vf_mbx_we & ~vf_flr[n]),")),
    _x("ix_flr_drops_the_vfs_memory_write", "ixgbe-flr", "VF n's memory write on its FLR edge lands",
       (IXGBE, ".vf_mem_we     (vf_we & vf_mem_sel),", ".vf_mem_we     (vf_we & vf_mem_sel & ~vf_flr[n]),")),
    _x("ix_flr_pulses_vf_irq", "ixgbe-flr", "an FLR does not pulse vf_irq",
       (CHANNEL, "vf_irq <= pf_sts | pf_ack;", "vf_irq <= pf_sts | pf_ack | vf_flr_clear;")),
    _x("ix_flr_not_an_eicr_cause", "ixgbe-flr", "an FLR raises EICR.MAILBOX",
       (IXGBE, "wire mailbox_evt = |vf_flr | |vf_mbx_evt | eics_set;", "wire mailbox_evt = |vf_mbx_evt | eics_set;")),
    _x("ix_flr_eicr_masked_by_pfmbimr", "ixgbe-flr", "an FLR raises EICR whatever PFMBIMR says",
       (IXGBE, "wire mailbox_evt = |vf_flr | |vf_mbx_evt | eics_set;", "wire mailbox_evt = |(vf_flr & pfmbimr) | |vf_mbx_evt | eics_set;")),
    _x("ix_vflrec_w1c_beats_an_flr", "ixgbe-flr", "an FLR beats a same-edge VFLREC W1C (rule 1)",
       (IXGBE, "vflr <= vf_flr | (vflr & ~vflrec_clr[NUM_VFS-1:0]);", "vflr <= (vf_flr | vflr) & ~vflrec_clr[NUM_VFS-1:0];")),
    _x("ix_flr_event_on_first_edge_only", "ixgbe-flr", "vf_flr sets its event on every edge it is high",
       (IXGBE, "    reg  [NUM_VFS-1:0] vflr;", "    reg  [NUM_VFS-1:0] vflr;\n    reg  [NUM_VFS-1:0] flr_seen = {NUM_VFS{1'b0}};\n"
                                             "    always @(posedge clk) flr_seen <= vf_flr;"),
       (IXGBE, "vflr <= vf_flr | (vflr & ~vflrec_clr[NUM_VFS-1:0]);", "vflr <= (vf_flr & ~flr_seen) | (vflr & ~vflrec_clr[NUM_VFS-1:0]);")),
    _x("ix_flr_clear_on_first_edge_only", "ixgbe-flr", "vf_flr clears VFU on every edge it is high",
       (IXGBE, "    reg  [NUM_VFS-1:0] vflr;", "    reg  [NUM_VFS-1:0] vflr;\n    reg  [NUM_VFS-1:0] flr_seen = {NUM_VFS{1'b0}};\n"
                                             "    always @(posedge clk) flr_seen <= vf_flr;"),
       (IXGBE, ".vf_flr_clear  (vf_flr[n]),", ".vf_flr_clear  (vf_flr[n] & ~flr_seen[n]),")),
    # ---------------------------------------------------------------- VF window, STATUS (sec. 2, 5, 6)
    _x("ix_vfctrl_rst_is_a_vf_reset", "ixgbe-vf-window", "VFCTRL.RST has no mailbox effect (no clear)",
       (IXGBE, ".vf_flr_clear  (vf_flr[n]),",
               ".vf_flr_clear  (vf_flr[n] | (vf_we & vf_mine & vf_hit_ctrl & vf_pwdata[IXGBE_VFCTRL_RST_BIT])),")),
    _x("ix_vfctrl_rst_raises_eicr", "ixgbe-vf-window", "VFCTRL.RST raises no interrupt",
       (IXGBE, "wire mailbox_evt = |vf_flr | |vf_mbx_evt | eics_set;",
               "wire mailbox_evt = |vf_flr | |vf_mbx_evt | eics_set | (vf_we & vf_hit_ctrl & vf_pwdata[IXGBE_VFCTRL_RST_BIT]);")),
    _x("ix_inert_registers_read_1", "ixgbe-vf-window", "the inert VF registers read 0",
       (IXGBE, "        if (vf_hit_status)  vf_rvalue = status_value;",
               "        if (vf_hit_inert)   vf_rvalue = 32'd1;\n        if (vf_hit_status)  vf_rvalue = status_value;")),
    _x("ix_status_linkup_is_bit_6", "ixgbe-vf-window", "STATUS reads 0x80 (LINKUP) with the link up",
       (IXGBE, "wire [31:0] status_value = link_up ? IXGBE_STATUS_LINK_UP : 32'd0;",
               "wire [31:0] status_value = link_up ? 32'h0000_0040 : 32'd0;")),
    _x("ix_vflinks_without_speed", "ixgbe-vf-window", "VFLINKS reads 0x70000000 with the link up",
       (IXGBE, "wire [31:0] links_value  = link_up ? IXGBE_VFLINKS_LINK_UP : 32'd0;",
               "wire [31:0] links_value  = link_up ? 32'h4000_0000 : 32'd0;")),
    _x("ix_vflinks_ignores_link_up", "ixgbe-vf-window", "VFLINKS reads 0 with the link down",
       (IXGBE, "wire [31:0] links_value  = link_up ? IXGBE_VFLINKS_LINK_UP : 32'd0;",
               "wire [31:0] links_value  = IXGBE_VFLINKS_LINK_UP;")),
    _x("ix_vfstatus_reads_vflinks", "ixgbe-vf-window", "VFSTATUS is the view of STATUS",
       (IXGBE, "if (vf_hit_status)  vf_rvalue = status_value;", "if (vf_hit_status)  vf_rvalue = links_value;")),
    _x("ix_link_up_registered", "ixgbe-vf-window", "STATUS and VFLINKS follow link_up in the ACCESS cycle",
       (IXGBE, "    wire [31:0] status_value = link_up ? IXGBE_STATUS_LINK_UP : 32'd0;\n"
               "    wire [31:0] links_value  = link_up ? IXGBE_VFLINKS_LINK_UP : 32'd0;",
               "    reg link_up_q = 1'b0;\n    always @(posedge clk) link_up_q <= link_up;\n"
               "    wire [31:0] status_value = link_up_q ? IXGBE_STATUS_LINK_UP : 32'd0;\n"
               "    wire [31:0] links_value  = link_up_q ? IXGBE_VFLINKS_LINK_UP : 32'd0;")),
    # ---------------------------------------------------------------- reset (sec. 4 rule 7, 5)
    _x("ix_reset_pfmbimr_zero", "ixgbe-reset", "reset sets PFMBIMR to ones for every existing VF",
       (IXGBE, "pfmbimr      <= {NUM_VFS{1'b1}};", "pfmbimr      <= {NUM_VFS{1'b0}};")),
    _x("ix_reset_keeps_eims", "ixgbe-reset", "reset clears EIMS",
       (IXGBE, "            eims_mailbox <= 1'b0;\n            pfmbimr", "            pfmbimr")),
    _x("ix_reset_keeps_ctrl_ext", "ixgbe-reset", "reset clears CTRL_EXT",
       (IXGBE, "            ctrl_ext     <= 32'd0;\n", "")),
    _x("ix_reset_keeps_vflr", "ixgbe-reset", "reset clears the VFLR event bits",
       (IXGBE, "            vflr         <= {NUM_VFS{1'b0}};\n", "")),
    _x("ix_reset_sets_eicr", "ixgbe-reset", "reset clears EICR",
       (IXGBE, "            eicr_mailbox <= 1'b0;\n            eims_mailbox", "            eicr_mailbox <= 1'b1;\n            eims_mailbox")),
    _x("ix_reset_edge_sets_vflr_on_flr", "ixgbe-reset", "an FLR on a reset edge changes nothing",
       (IXGBE, "            vflr         <= {NUM_VFS{1'b0}};", "            vflr         <= vf_flr;")),
    _x("ix_reset_first_edge_stores_memory", "ixgbe-reset", "a memory write on the first edge of a reset pulse is dropped",
       (IXGBE, "    wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n;",
               "    reg rst_n_q = 1'b1;\n    always @(posedge clk) rst_n_q <= rst_n;\n"
               "    wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n_q;"),
       _THIRD_LOW_EDGE[1]),
    _x("ix_reset_last_edge_stores_memory", "ixgbe-reset", "a memory write on the last edge of a reset pulse is dropped",
       *_THIRD_LOW_EDGE),
    _x("ix_reset_edge_pulses_vf_irq", "ixgbe-reset", "no vf_irq pulse follows a STS write on a reset edge",
       (IXGBE, "    wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n;", "    wire pf_we  = pf_access & ~pf_err & pf_pwrite;"),
       (CHANNEL, "            vf_irq <= 1'b0;\n        end else", "            vf_irq <= pf_sts | pf_ack;\n        end else")),
    _x("ix_reset_gate_dropped_from_pf_we", "ixgbe-reset", "transfers on a reset edge change nothing",
       (IXGBE, "    wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n;", "    wire pf_we  = pf_access & ~pf_err & pf_pwrite;"),
       equivalent="every flop pf_we drives sits under an `if (!rst_n)` branch that comes first "
                  "(the channel's memory write too), so the gate in pf_we is redundant"),
)

# The shared channel's mutants once more on the ixgbe top: its rule tests must kill them too.
CHANNEL_ON_IXGBE = tuple(
    Mutant(f"ix_{m.name}", m.family, m.rule, m.edits, m.equivalent, top="ixgbe")
    for m in CATALOGUE if all(e.file == CHANNEL for e in m.edits))

CATALOGUE = CATALOGUE + IXGBE_CATALOGUE + CHANNEL_ON_IXGBE

BY_NAME = {m.name: m for m in CATALOGUE}

# The CI sample (tests/test_mutants.py): different families (one of the ixgbe top), each
# killed by the fast subset.
CI_SAMPLE = ("vf_flr_acts_on_first_edge_only", "lock_tie_goes_to_the_vf", "w1c_beats_vfreq_set",
             "vf_pfunc_past_num_vfs_accepted", "status_without_speed", "ix_flr_keeps_vfu")

assert len(BY_NAME) == len(CATALOGUE), "two mutants share a name"
assert set(FAMILIES) == {m.family for m in CATALOGUE}, "a rule family has no mutant"
