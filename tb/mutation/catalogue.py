"""The mutant catalogue: each mutant breaks one rule of shared/spec/hardware.md by one or a
few textual substitutions of rtl/ (each must match its file exactly once, see mutate.py).

A mutant names its rule family (FAMILIES), the rule it breaks, and its edits. A mutant
that no test can tell from the real RTL carries `equivalent`: the reason it behaves the
same at every pin.
"""

from dataclasses import dataclass

TOP = "pf_vf_mailbox.v"
CHANNEL = "pf_vf_mailbox_channel.v"

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


def _m(name, family, rule, *edits, equivalent=""):
    assert family in FAMILIES, family
    return Mutant(name, family, rule, tuple(Edit(*e) for e in edits), equivalent)


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
                 "else if (vf_flr_clear)       pfsts <= 1'b0;")),
    _m("pfack_not_read_to_clear", "read-to-clear", "a VFMailbox read clears PFACK",
       (CHANNEL, "else if (status_clr)         pfack <= 1'b0;",
                 "else if (vf_flr_clear)       pfack <= 1'b0;")),
    _m("rstd_not_read_to_clear", "read-to-clear", "a VFMailbox read clears RSTD",
       (CHANNEL, "else if (status_clr)         rstd  <= 1'b0;",
                 "else if (vf_flr_clear)       rstd  <= 1'b0;")),
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
       (CHANNEL, "if (rvfu | vf_flr_clear) vfu <= 1'b0;", "if (vf_flr_clear)        vfu <= 1'b0;")),
    _m("rvfu_keeps_vfreq", "rvfu", "RVFU clears VFREQ[n]",
       (CHANNEL, "else if (vfreq_w1c | rvfu | req_read) vfreq <= 1'b0;",
                 "else if (vfreq_w1c | req_read)        vfreq <= 1'b0;")),
    _m("rvfu_keeps_vfack", "rvfu", "RVFU clears VFACK[n]",
       (CHANNEL, "else if (vfack_clr | rvfu)   vfack <= 1'b0;", "else if (vfack_clr)          vfack <= 1'b0;")),
    _m("rvfu_loses_to_a_vfu_request", "rvfu", "RVFU beats a same-edge VFU=1 request (rule 3)",
       (CHANNEL, "if (rvfu | vf_flr_clear) vfu <= 1'b0;\n"
                 "            else if (vf_grant)    vfu <= 1'b1;",
                 "if (vf_grant)         vfu <= 1'b1;\n"
                 "            else if (rvfu | vf_flr_clear) vfu <= 1'b0;")),
    _m("pfu_with_rvfu_granted_while_vfu", "rvfu",
       "PFU|RVFU while VFU is 1 grants nothing (sec. 4, judged before the edge)",
       (CHANNEL, "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf;",
                 "pf_mbx_wdata[PFMAILBOX_PFU_BIT] & (~vfu | rvfu) & ~req_blocks_pf;")),
    # ---------------------------------------------------------------- set beats clear (rule 1)
    _m("read_beats_pfsts_set", "set-beats-clear", "PF STS beats a same-edge VFMailbox read",
       (CHANNEL, "if (pf_sts)                  pfsts <= 1'b1;\n            else if (status_clr)         pfsts <= 1'b0;",
                 "if (status_clr)              pfsts <= 1'b0;\n            else if (pf_sts)             pfsts <= 1'b1;")),
    _m("read_beats_pfack_set", "set-beats-clear", "PF ACK beats a same-edge VFMailbox read",
       (CHANNEL, "if (pf_ack)                  pfack <= 1'b1;\n            else if (status_clr)         pfack <= 1'b0;",
                 "if (status_clr)              pfack <= 1'b0;\n            else if (pf_ack)             pfack <= 1'b1;")),
    _m("read_beats_rstd_set", "set-beats-clear", "PFRSTD beats a same-edge VFMailbox read",
       (CHANNEL, "if (pf_reset_done)           rstd  <= 1'b1;\n            else if (status_clr)         rstd  <= 1'b0;",
                 "if (status_clr)              rstd  <= 1'b0;\n            else if (pf_reset_done)      rstd  <= 1'b1;")),
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

BY_NAME = {m.name: m for m in CATALOGUE}

# The CI sample (tests/test_mutants.py): different families, each killed by the fast subset.
CI_SAMPLE = ("vf_flr_acts_on_first_edge_only", "lock_tie_goes_to_the_vf", "w1c_beats_vfreq_set",
             "vf_pfunc_past_num_vfs_accepted", "status_without_speed")

assert len(BY_NAME) == len(CATALOGUE), "two mutants share a name"
assert set(FAMILIES) == {m.family for m in CATALOGUE}, "a rule family has no mutant"
