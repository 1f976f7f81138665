"""The hardware mitigations (docs/mitigations.md): one cocotb test per addendum rule, named
after it (a<n>_..., b<n>_...), and the race verdict table with the switches of this build.

A rule test runs only when its switch was built in (tests/test_mitigations.py builds each);
the scoreboard checks every transfer against the reference model, which follows the switch.
`a_vf_keeping_req_set_beside_a_well_behaved_vf` measures what a VF that keeps REQ set
(tb/scenarios/req_keeper.py) costs the PF and a well-behaved VF on this build.
`addendum_bins_all_hit` (after the rule tests) fails naming every addendum coverage bin
the rule tests did not hit. `mitigation_verdict_table` runs RACE_PAIRS (default: every
Python model pair, and the real-code pairs when the kernel sources are cached) under
RACE_PROFILE, checks each verdict (tests/race_tests.check_verdict) and, with
MITIGATION_REPORT=<file>, writes one JSON line per pair (tb/scenarios/mitigation_report.py).
"""

import json
import os

import cocotb

from tb import messages as M
from tb import regmap as R
from tb.bus.clock import now_ps
from tb.drivers.igb import IGB_VERSIONS
from tb.scenarios.race import MAX_FRAME, MC_ADDR, VF_MAC, VLAN_ID
from tb.scenarios.req_keeper import ReqKeeper
from tb.scenarios.rig import RIG_SETTLE_US, DriverRig
from tb.checkers.coverage import MITIGATION_BINS, MailboxCoverage, all_hits
from tb.drivers.host import profile
from tb.options import option
from tb.rtl_options import MITIGATIONS
from tb.scenarios.mitigation_report import outcome, outcome_table
from tb.scenarios.race import DEFAULT_PROFILE, run_race_scenario
from tb.testbench import MailboxTB
from tests.race_tests import check_expectations, check_verdict, selected_pairs

VF0 = 0
COVERAGE = []   # the MailboxCoverage of every rule test of this run


def needs(switch: str):
    """Skip unless pf_vf_mailbox was built with `switch` = 1 (no top under pytest: no skip)."""
    assert switch in MITIGATIONS, switch
    top = getattr(cocotb, "top", None)
    return cocotb.skipif(top is not None and int(getattr(top, switch).value) == 0,
                         reason=f"needs {switch}=1 (tests/test_mitigations.py builds it)")


async def setup(dut) -> MailboxTB:
    tb = MailboxTB(dut)
    COVERAGE.append(MailboxCoverage(tb))
    await tb.reset()
    return tb


async def finish(tb):
    await tb.finish()
    COVERAGE[-1].close()


async def pfmailbox(tb, n=VF0) -> int:
    return await tb.pf.read(R.pf_mailbox(n))


async def lock_pf(tb, n=VF0) -> bool:
    await tb.pf.write(R.pf_mailbox(n), R.PFMAILBOX_PFU)
    return bool(await pfmailbox(tb, n) & R.PFMAILBOX_PFU)


# ---------------------------------------------------------------- A: PFU_WAITS_FOR_REQ
@needs("PFU_WAITS_FOR_REQ")
@cocotb.test()
async def a1_pf_lock_is_refused_while_vfreq_is_set(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    assert not await lock_pf(tb), "VFREQ set, VFU clear: the PF lock request is refused"
    assert not await lock_pf(tb), "and again, for as long as the request is unclaimed"
    await tb.pf.write(R.PF_MBVFICR, R.vfreq(VF0))   # igb's receive path claims it first
    assert await lock_pf(tb), "VFREQ claimed: the lock is granted"
    await finish(tb)


@needs("PFU_WAITS_FOR_REQ")
@cocotb.test()
async def a2_a_lock_the_pf_holds_is_kept_with_a_request_pending(dut):
    tb = await setup(dut)
    assert await lock_pf(tb)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)   # advisory lock: a VF may
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_ACK | R.PFMAILBOX_PFU)   # upstream igb
    assert await pfmailbox(tb) == R.PFMAILBOX_PFU, "PFU unchanged: still held"
    assert await lock_pf(tb), "a second lock request keeps it too"
    await finish(tb)


@needs("PFU_WAITS_FOR_REQ")
@cocotb.test()
async def a3_a_same_edge_req_does_not_refuse_the_lock(dut):
    tb = await setup(dut)
    await tb.same_edge(tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU),
                       tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ))
    assert await pfmailbox(tb) == R.PFMAILBOX_PFU, "judged on VFREQ before the edge: granted"
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(VF0), "and the request is pending"
    await finish(tb)


@needs("PFU_WAITS_FOR_REQ")
@cocotb.test()
async def a4_a_lock_tie_with_a_request_pending_goes_to_the_vf(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    await tb.same_edge(tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU),
                       tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU))
    assert await pfmailbox(tb) == R.PFMAILBOX_VFU, "the PF is refused, the VF granted"
    await finish(tb)


@needs("PFU_WAITS_FOR_REQ")
@cocotb.test()
async def a5_pfu_rvfu_with_a_request_pending_grants_nothing_then_the_next_request_does(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU | R.PFMAILBOX_RVFU)
    assert await pfmailbox(tb) == 0, "judged with VFREQ = 1: no lock"
    assert await tb.pf.read(R.PF_MBVFICR) == 0, "RVFU cleared VFREQ on that edge"
    assert await lock_pf(tb), "the next lock request is granted"
    await finish(tb)


# ---------------------------------------------------------------- B: PROTECT_VF_REQUEST
@needs("PROTECT_VF_REQUEST")
@cocotb.test()
async def b1_a_w1c_of_vfreq_changes_nothing(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK)
    await tb.pf.write(R.PF_MBVFICR, R.vfreq(VF0) | R.vfack(VF0))
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(VF0), "VFREQ stays; VFACK W1C as before"
    await finish(tb)


@needs("PROTECT_VF_REQUEST")
@cocotb.test()
async def b2_the_pf_read_of_word0_clears_vfreq_and_a_same_edge_req_wins(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    await tb.pf.read(R.pf_vmbmem(VF0, 1))
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(VF0), "word 1 does not consume it"
    await tb.pf.read(R.pf_vmbmem(VF0, 0))
    assert await tb.pf.read(R.PF_MBVFICR) == 0, "reading word 0 consumed the request"
    await tb.same_edge(tb.pf.read(R.pf_vmbmem(VF0, 0)),
                       tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ))
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(VF0), "set beats the read's clear"
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_RVFU)
    assert await tb.pf.read(R.PF_MBVFICR) == 0, "RVFU still clears it"
    await finish(tb)


@needs("PROTECT_VF_REQUEST")
@cocotb.test()
async def b3_each_direction_has_its_own_words(dut):
    tb = await setup(dut)
    n = tb.num_vfs - 1
    await tb.vf(n).write(R.vf_vmbmem(3), 0x0000_0003)      # VF -> PF
    await tb.pf.write(R.pf_vmbmem(n, 3), 0x8000_0003)     # PF -> VF, same word index
    assert await tb.pf.read(R.pf_vmbmem(n, 3)) == 0x0000_0003, "the PF reads the VF's word"
    assert await tb.vf(n).read(R.vf_vmbmem(3)) == 0x8000_0003, "the VF reads the PF's word"
    await tb.reset()
    assert await tb.pf.read(R.pf_vmbmem(n, 3)) == 0x0000_0003, "reset keeps both buffers"
    assert await tb.vf(n).read(R.vf_vmbmem(3)) == 0x8000_0003
    await finish(tb)


@needs("PROTECT_VF_REQUEST")
@cocotb.test()
async def b4_same_edge_writes_of_one_word_index_are_both_stored(dut):
    tb = await setup(dut)
    await tb.same_edge(tb.pf.write(R.pf_vmbmem(VF0, 7), 0x11111111),
                       tb.vf(VF0).write(R.vf_vmbmem(7), 0x22222222))
    assert await tb.vf(VF0).read(R.vf_vmbmem(7)) == 0x11111111
    assert await tb.pf.read(R.pf_vmbmem(VF0, 7)) == 0x22222222
    await finish(tb)


@cocotb.test()
async def addendum_bins_all_hit(dut):
    """Every coverage bin of the switches built in was hit by the rule tests above."""
    tb = MailboxTB(dut)
    if tb.options.label == "off":
        return   # no addendum: nothing to cover
    expected = [f"{point}.{label}" for switch, extra in MITIGATION_BINS.items()
                if getattr(tb.options, switch) for point, bins in extra.items()
                for label in bins]
    hits = all_hits()
    missed = [b for b in expected if not hits[b]]
    assert COVERAGE, "no rule test ran"
    assert not missed, f"addendum bins missed by the rule tests: {missed}"


# ---------------------------------------------------------------- a VF keeping REQ set
GOOD_VF, KEEPER_VF = 0, 1


async def bring_up_beside(tb, pf_version: str, keeper_on: bool) -> dict:
    """igbvf (upstream) on GOOD_VF resets and configures itself under bare-metal timing,
    with or without a REQ keeper on KEEPER_VF; what it took and what the PF did."""
    from tb.drivers.host import profile as timing_profile
    await tb.reset()
    await tb.set_link(True)
    rig = DriverRig(tb, pf_version, {GOOD_VF: "igbvf-upstream"}, timing_profile("bare-metal"))
    await rig.start_pf()
    keeper = ReqKeeper(tb, KEEPER_VF)
    if keeper_on:
        await keeper.start()
    vf = rig.vfs[GOOD_VF]
    start_ps = now_ps()
    reset_ok = await vf.reset_hw_vf()
    sent = [await vf.rar_set_vf(VF_MAC), await vf.update_mc_addr_list_vf([MC_ADDR]),
            await vf.promisc_set_vf(M.E1000_VF_SET_PROMISC_UNICAST),
            await vf.vfta_set_vf(VLAN_ID, add=True), await vf.rlpml_set_vf(MAX_FRAME)]
    vf.get_link_status = True
    link_up = await vf.check_for_link_vf()
    took_ms = (now_ps() - start_ps) / 1e9
    if keeper_on:
        await keeper.stop()
    await rig.finish(RIG_SETTLE_US)
    of_keeper = [e for e in rig.timeline.events if e.vf == KEEPER_VF]
    return {"pf": pf_version, "keeper": keeper_on, "good_vf_ok": reset_ok and link_up and
            all(s.written and s.acked for s in sent), "good_vf_ms": round(took_ms, 3),
            "keeper_reqs": keeper.req_writes,
            "pf_lock_refused": sum(e.kind == "pf-lock-refused" for e in of_keeper),
            "pf_read_keeper": len(rig.received_from(KEEPER_VF)),
            "pf_sts_to_keeper": sum(e.kind == "pf-sts" for e in of_keeper)}


@cocotb.test()
async def a_vf_keeping_req_set_beside_a_well_behaved_vf(dut):
    """Every build: the well-behaved VF still completes every exchange. With
    PFU_WAITS_FOR_REQ the keeper's mailbox is never locked by the PF again (no reply, no
    read), and upstream igb's 11-try lock makes every PF pass over it cost milliseconds."""
    tb = MailboxTB(dut)
    rows = [await bring_up_beside(tb, pf, on) for pf in IGB_VERSIONS for on in (False, True)]
    tb.log.info("RTL %s, a VF keeping REQ set (bare-metal timing):\n%s", tb.options.label,
                "\n".join(json.dumps(r) for r in rows))
    await tb.finish()
    path = os.environ.get("MITIGATION_REPORT")
    if path:
        with open(path, "a") as f:
            for row in rows:
                f.write(json.dumps({"rtl": tb.options.label, "keeper_cost": row}) + "\n")
    for r in rows:
        assert r["good_vf_ok"], r
        if r["keeper"] and tb.options.pfu_waits_for_req:
            assert r["pf_lock_refused"] > r["pf_sts_to_keeper"], r   # nearly every lock refused


# ---------------------------------------------------------------- the race, with the switches
@cocotb.test()
async def mitigation_verdict_table(dut):
    """RACE_PAIRS under RACE_PROFILE on this build; each verdict checked, the table printed."""
    tb = MailboxTB(dut)
    timing = profile(option("RACE_PROFILE", DEFAULT_PROFILE))
    verdicts = [await run_race_scenario(tb, vf, pf, timing) for vf, pf in selected_pairs(tb.log)]
    rows = [outcome(v, tb.options) for v in verdicts]
    tb.log.info("Verdicts, RTL %s, timing %s:\n%s", tb.options.label, timing.name,
                outcome_table(rows))
    await tb.finish()
    for v in verdicts:
        check_verdict(v, timing.name, tb.options)
    check_expectations(verdicts)
    path = os.environ.get("MITIGATION_REPORT")
    if path:
        with open(path, "a") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")
