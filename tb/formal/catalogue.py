"""The properties `make formal` proves, one per contract rule, and the checks it runs.

A property is a `P_<NAME>` group of assertions in formal/rules.svh or a harness, named after
its rule; `mutants` are RTL mutants (tb/mutation's catalogue, or FORMAL_MUTANTS below) that
break that rule, and tests/test_formal.py sees the property fail on each. A check is one
property on one build (top, NUM_VFS, mitigation switches) with the verdict the contract
predicts: "proven", or "counterexample" where the build is known not to keep the property
(the race's root on the default build, for instance); such a check passes only when the
solver finds the counterexample.
"""

from dataclasses import dataclass, field

from tb.mutation.catalogue import CHANNEL, TOP, Mutant, _m

PROVEN, COUNTEREXAMPLE = "proven", "counterexample"
IXGBE = "pf_vf_mailbox_ixgbe.v"
IGB_ONLY = ("igb",)
IXGBE_ONLY = ("ixgbe",)
BOTH = ("igb", "ixgbe")


@dataclass(frozen=True)
class Property:
    name: str
    rule: str          # the rule, in the contract's words
    mutants: tuple     # mutants that break it (each must make the property fail)
    depth: int = 3     # k of the k-induction
    tops: tuple = BOTH # the harnesses that state it
    largest: int = 0   # NUM_VFS of its large ixgbe build, when 64 does not prove in time

    @property
    def macro(self) -> str:
        return "P_" + self.name.upper()


@dataclass(frozen=True)
class Build:
    top: str           # "igb" or "ixgbe"
    num_vfs: int
    parameters: tuple = ()   # (("PFU_WAITS_FOR_REQ", 1),)

    @property
    def name(self) -> str:
        return f"{self.top}-vfs{self.num_vfs}" + "".join(f"-{k}" for k, _ in self.parameters)


@dataclass(frozen=True)
class Check:
    prop: Property
    build: Build
    expect: str = PROVEN
    meaning: str = ""  # what the verdict says (mitigation checks)
    depth: int = 0     # k of the k-induction, if not the property's

    @property
    def k(self) -> int:
        return self.depth or self.prop.depth

    @property
    def name(self) -> str:
        return f"{self.prop.name}@{self.build.name}"


# Mutants only the formal checks need (a rule the simulation catalogue does not break alone).
FORMAL_MUTANTS = (
    _m("vf_mailbox_read_clears_in_setup", "read-to-clear",
       "PFSTS/PFACK/RSTD clear on the edge completing the read, not in its SETUP cycle",
       (TOP, ".vf_mbx_re     (vf_re & vf_mine & vf_hit_mailbox),",
             ".vf_mbx_re     (vf_psel & ~vf_pwrite & ~vf_err & rst_n & vf_mine & vf_hit_mailbox),")),
    _m("pf_write_to_unmapped_changes_ctrl_ext", "error-decode", "an error access changes nothing",
       (TOP, "if (pf_we & pf_hit_ctrlext) ctrl_ext <= pf_pwdata;",
             "if (pf_we & pf_hit_ctrlext) ctrl_ext <= pf_pwdata;\n"
             "            if (pf_access & pf_err & pf_pwrite) ctrl_ext <= pf_pwdata;"),
       (TOP, "end else if (pf_we | pf_re | vmmb_evt) begin", "end else if (pf_we | pf_re | vmmb_evt | pf_access) begin")),
    _m("vfreq_cleared_by_any_word_read", "w1c",
       "B2: only a PF read of word 0 clears VFREQ[n]",
       (CHANNEL, "wire req_read    = protect & pf_mem_re & (pf_mem_idx == 4'd0);",
                 "wire req_read    = protect & pf_mem_re;")),
    # ixgbe (docs/hardware-ixgbe.md)
    _m("eicr_cleared_by_read", "read-to-clear", "ixgbe: an EICR read does not clear it",
       (IXGBE, "end else if (pf_we | mailbox_evt) begin", "end else if (pf_we | pf_re | mailbox_evt) begin"),
       (IXGBE, "else if (eicr_clr) eicr_mailbox <= 1'b0;",
               "else if (eicr_clr | (pf_re & pf_hit_eicr)) eicr_mailbox <= 1'b0;")),
    _m("pfrstd_stored", "state-bit", "ixgbe: CTRL_EXT.PFRSTD self-clears (reads 0)",
       (IXGBE, "ctrl_ext <= pf_pwdata & ~(32'd1 << IXGBE_CTRL_EXT_PFRSTD_BIT);", "ctrl_ext <= pf_pwdata;")),
    _m("flr_leaves_vf_bits", "vf-reset", "ixgbe: an FLR clears VF n's VFU, PFSTS, PFACK, RSTD",
       (IXGBE, ".vf_flr_clear  (vf_flr[n]),", ".vf_flr_clear  (1'b0),")),
    _m("flr_clears_pfu", "vf-reset", "ixgbe: an FLR leaves PFU",
       (CHANNEL, "if (pf_grant)         pfu <= 1'b1;",
                 "if (vf_flr_clear)     pfu <= 1'b0;\n            else if (pf_grant)    pfu <= 1'b1;")),
    _m("flr_clears_memory_word_0", "vf-reset", "ixgbe: an FLR leaves the mailbox memory",
       (CHANNEL, "            if (pf_mem_we)\n                mem[pf_mem_idx] <= pf_mem_wdata;",
                 "            if (vf_flr_clear)\n                mem[0] <= 32'd0;\n"
                 "            if (pf_mem_we)\n                mem[pf_mem_idx] <= pf_mem_wdata;")),
    _m("pfu_granted_over_request", "lock", "A1: PFU is refused while VFREQ[n] is 1",
       (CHANNEL, "wire req_blocks_pf = (PFU_WAITS_FOR_REQ != 0) & vfreq;",
                 "wire req_blocks_pf = 1'b0;")),
    _m("protected_request_w1c_clears", "w1c", "B1: a W1C of VFREQ changes nothing",
       (CHANNEL, "wire vfreq_w1c   = vfreq_clr & ~protect;", "wire vfreq_w1c   = vfreq_clr;")),
)
MUTANTS_BY_NAME = {m.name: m for m in FORMAL_MUTANTS}


def mutant(name: str) -> Mutant:
    from tb.mutation.catalogue import BY_NAME
    return MUTANTS_BY_NAME.get(name) or BY_NAME[name]


PROPERTIES = (
    Property("lock_exclusion", "PFU[n] and VFU[n] are never both 1 (sec. 3)",
             ("pfu_granted_while_vfu", "vfu_granted_while_pfu")),
    Property("no_grant_against_lock", "a lock is granted only if the other side's bit was 0 "
             "before the edge (sec. 3, 4)",
             ("vf_lock_judged_after_pf_release", "pf_lock_judged_after_vf_release")),
    Property("pfu_rule", "a PFMailbox write of PFU=1 sets PFU if VFU was 0, else leaves it; "
             "PFU=0 clears it; nothing else changes it (sec. 3; A1, A2, A5 with PFU_WAITS_FOR_REQ)",
             ("pfu_never_released", "pf_sts_keeps_the_lock")),
    Property("vfu_rule", "the same for VFMailbox and VFU; RVFU clears it and beats a same-edge "
             "request (sec. 3, rule 3)",
             ("vfu_never_released", "vf_req_keeps_the_lock", "rvfu_loses_to_a_vfu_request")),
    Property("lock_tie", "same-edge PFU and VFU requests, both 0 before: the PF gets the lock "
             "(rule 2; A4: the VF does while VFREQ[n] is 1)",
             ("lock_tie_grants_both", "lock_tie_goes_to_the_vf")),
    Property("rvfu", "RVFU leaves VFU, VFREQ, VFACK 0 unless the VF sets them on that edge (sec. 3)",
             ("rvfu_keeps_vfu", "rvfu_keeps_vfreq", "rvfu_keeps_vfack")),
    Property("set_beats_clear", "an event that sets PFSTS, PFACK, RSTD, VFREQ, VFACK, VFLRE or "
             "ICR.VMMB wins over a same-edge clear (rule 1)",
             ("read_beats_pfsts_set", "w1c_beats_vfreq_set", "rvfu_beats_vfack_set",
              "icr_read_beats_vmmb_event", "vflre_w1c_beats_reset_event")),
    Property("read_to_clear", "PFSTS, PFACK, RSTD clear on the edge completing VF n's VFMailbox "
             "read and no other; RSTI is not read-to-clear (sec. 3)",
             ("rstd_not_read_to_clear", "rsti_read_to_clear", "vf_mailbox_read_clears_in_setup")),
    Property("w1c", "MBVFICR and VFLRE are write-1-to-clear; CTRL_EXT is storage (sec. 2, 5; "
             "B1, B2 with PROTECT_VF_REQUEST)",
             ("vfreq_w1c_ignored", "vfack_w1c_uses_vfreq_bit", "vflre_w1c_clears_every_bit",
              "ctrl_ext_stores_16_bits")),
    Property("vf_irq_pulse", "vf_irq[n] is high for exactly the cycle after the edge completing a "
             "PF STS or ACK write to PFMailbox(n), and never otherwise (sec. 1)",
             ("vf_irq_not_pulsed_by_ack", "vf_irq_pulse_lasts_two_cycles", "reset_edge_pulses_vf_irq")),
    Property("vmmb_cause", "ICR.VMMB is raised by events (unmasked REQ/ACK writes, FLR, CTRL.RST), "
             "cleared by an ICR read; IMS/IMC; pf_irq = ICR.VMMB & IMS.VMMB (sec. 1, 2, 4, 5)",
             ("vmmb_raised_by_pending_level", "mbvfimr_mask_ignored", "flr_vmmb_masked_by_mbvfimr",
              "pf_irq_ignores_ims", "icr_not_read_to_clear", "imc_ignored"), tops=IGB_ONLY),
    Property("pfrstd", "a CTRL_EXT write with PFRSTD clears RSTI and sets RSTD for every VF (sec. 5)",
             ("rstd_never_set", "rsti_not_cleared_by_pfrstd", "pfrstd_is_bit_15")),
    Property("reset", "after a reset edge: RSTI=1, every other bit and register 0, the mailbox "
             "RAM unchanged (sec. 5, rule 5)",
             ("reset_rsti_zero", "reset_sets_pfsts", "reset_clears_mailbox_memory",
              "reset_edge_stores_pf_memory_write", "reset_edge_sets_vflre_on_flr")),
    Property("error_access", "pslverr and read data 0 exactly on the contract's error accesses, "
             "which change nothing (sec. 6)",
             ("pf_icr_write_accepted", "vf_pfunc_past_num_vfs_accepted", "pf_misaligned_by_2_accepted",
              "vf_error_read_returns_data", "pf_write_to_unmapped_changes_ctrl_ext"), tops=IGB_ONLY),
    Property("status", "STATUS reads 0x83 with link_up, 0 without, in both windows (sec. 2, 6)",
             ("status_without_speed", "status_ignores_link_up", "vf_status_reads_zero"), tops=IGB_ONLY),
    Property("memory_last_write", "a PF read of VMBMEM(n)[i] returns the last write to that word, "
             "the PF's on a same-edge tie (sec. 2, rule 4; B3, B4: the VF's last write)",
             ("same_word_vf_value_stored", "vf_memory_write_ignores_pfunc", "power_up_memory_not_zero",
              "pf_write_drops_vf_write_to_another_word"), depth=2, largest=8),
    Property("request_survives_until_read", "a VF request is never cleared before the PF has "
             "read that VF's word 0 (except by RVFU and reset: B2)",
             ("vfreq_cleared_by_any_word_read", "protected_request_w1c_clears"), depth=6),
    Property("pf_lock_waits_for_request", "A1: the PF never takes PFU[n] while VFREQ[n] was 1 "
             "before the edge (A3: a same-edge REQ is not protected)",
             ("pfu_granted_over_request",), tops=IGB_ONLY),
    Property("eicr_not_read_to_clear", "EICR.MAILBOX is set by FLR, unmasked REQ/ACK writes and "
             "EICS, cleared only by a W1C of EICR, never by a read (ixgbe sec. 2, 4)",
             ("eicr_cleared_by_read",), tops=IXGBE_ONLY),
    Property("pfrstd_self_clearing", "CTRL_EXT bit 14 (PFRSTD) always reads 0 (ixgbe sec. 2, 5)",
             ("pfrstd_stored",), tops=IXGBE_ONLY),
    Property("flr_clears_vf_bits", "an FLR of VF n clears its VFU, PFSTS, PFACK, RSTD (set beats "
             "clear) and never PFU, RSTI, VFREQ, VFACK or the memory (ixgbe sec. 4 rule 6, 5)",
             ("flr_leaves_vf_bits", "flr_clears_pfu", "flr_clears_memory_word_0"), tops=IXGBE_ONLY),
)
BY_NAME = {p.name: p for p in PROPERTIES}
A = (("PFU_WAITS_FOR_REQ", 1),)
B = (("PROTECT_VF_REQUEST", 1),)
MITIGATION_ONLY = ("pf_lock_waits_for_request",)
# Properties whose contract is the default build's, not checked with a mitigation on (the
# mitigation changes the rule itself and its own property states the new one).
RACE_ROOT = "request_survives_until_read"


# A mutant's check looks this many steps deep from reset for its counterexample (a proof's
# k is just what its induction needs; a bug may need a few transfers to show).
MUTANT_DEPTH = 10
# The build a mutant is checked on (tests/test_formal.py): the default's, except for the
# mutants that break a mitigation's own rule.
MUTANT_BUILDS = {"pfu_granted_over_request": A, "vfreq_cleared_by_any_word_read": B,
                 "protected_request_w1c_clears": B}


def mutant_check(prop: Property, mutant_name: str) -> Check:
    """The check that must fail with `mutant_name` applied: `prop` on a 2-VF build (igb's,
    unless the property is ixgbe's only)."""
    return Check(prop, Build(prop.tops[0], 2, MUTANT_BUILDS.get(mutant_name, ())), COUNTEREXAMPLE,
                 depth=max(MUTANT_DEPTH, prop.depth))


IGB_SIZES = (("igb", 2), ("igb", 8))
IXGBE_SIZES = (("ixgbe", 2), ("ixgbe", 64))


def checks() -> list:
    """Every check of `make formal`, in the order it runs."""
    out = []
    for top, num_vfs in IGB_SIZES + IXGBE_SIZES:
        for p in PROPERTIES:
            if p.name in MITIGATION_ONLY or top not in p.tops:
                continue
            expect = COUNTEREXAMPLE if p.name == RACE_ROOT else PROVEN
            # measured: memory_last_write's induction step at 64 VFs ran > 10 min
            size = min(num_vfs, p.largest) if top == "ixgbe" and p.largest else num_vfs
            out.append(Check(p, Build(top, size), expect,
                             "the race's root: the seed's W1C of a request it never read"
                             if expect == COUNTEREXAMPLE else ""))
    a, b = Build("igb", 8, A), Build("igb", 8, B)
    for name in ("pfu_rule", "lock_exclusion", "no_grant_against_lock", "pf_lock_waits_for_request"):
        out.append(Check(BY_NAME[name], a, PROVEN, "addendum A, rules A1-A5"))
    # A4 as worded ("the VF's request is granted") misses a PF write of PFU|RVFU: rule 3
    # (RVFU beats the VF's request) and A5 (the PF is refused) leave nobody the lock.
    out.append(Check(BY_NAME["lock_tie"], a, COUNTEREXAMPLE, "A4 as worded fails with PFU|RVFU",
                     depth=6))
    out.append(Check(BY_NAME[RACE_ROOT], a, COUNTEREXAMPLE,
                     "A does not keep a request from a W1C: the guarantee needs a PF that "
                     "flushes only under its lock and a VF that posts under its own"))
    for name in ("w1c", "memory_last_write", "set_beats_clear"):
        out.append(Check(BY_NAME[name], b, PROVEN, "addendum B, rules B1-B4"))
    out.append(Check(BY_NAME[RACE_ROOT], b, PROVEN, "B: for every driver"))
    return out
