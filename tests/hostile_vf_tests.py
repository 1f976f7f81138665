"""A hostile VF (tb/hostile_vf.py) against the mailbox and the other functions: every bad
access is refused with PSLVERR and changes nothing, and the PF and a well-behaved VF
still complete their exchanges while it spams REQ, holds its lock and probes the bus
(hardware.md sections 3 and 6). Out-of-range vf_pfunc values exist only when NUM_VFS < 8:
run this module at NUM_VFS=4 (tests/test_fault_suites.py does) to cover them.
"""

import cocotb
from cocotb.triggers import Event

from tb import messages as M
from tb import regmap as R
from tb.bus.clock import now_ps
from tb.scenarios.rig import (RIG_SETTLE_US, DriverRig, IrqWatch, changes, differing_words,
                              fill_mailbox, mailbox_words)
from tb.scenarios.hostile_vf import HostileVf, in_window_offsets
from tb.drivers.igb import IGB_VERSIONS
from tb.drivers.igb_recovery import igb_break_stuck_vf_lock
from tb.scenarios.race import MAX_FRAME, MC_ADDR, VF_MAC, VLAN_ID
from tb.testbench import MailboxTB, needs_vfs
from tb.drivers.host import profile

needs_three_vfs = needs_vfs(3, "a VF under test, a bystander and a third VF")

GOOD_VF = 0
TIMING = profile("bare-metal")
HOSTILE_PERIOD_US = 50       # one REQ spam and one forbidden access per period
PS_PER_MS = 10**9


def hostile_vf_number(tb) -> int:
    return tb.num_vfs - 1


def bystanders(tb, *busy):
    """VFs with no driver and no part in the test: their memory must never change."""
    return [n for n in range(tb.num_vfs) if n not in busy]


async def pf_state(tb) -> dict:
    """Everything the PF can read without changing it (ICR is read-to-clear: left out)."""
    state = {name: await tb.pf.read(addr) for name, addr in
             (("CTRL_EXT", R.PF_CTRL_EXT), ("IMS", R.PF_IMS), ("MBVFICR", R.PF_MBVFICR),
              ("MBVFIMR", R.PF_MBVFIMR), ("VFLRE", R.PF_VFLRE))}
    for n in range(tb.num_vfs):
        state[f"PFMailbox({n})"] = await tb.pf.read(R.pf_mailbox(n))
        state[f"VMBMEM({n})"] = await mailbox_words(tb, n)
    return state


@needs_three_vfs
@cocotb.test()
async def hostile_vf_bad_accesses_get_pslverr_and_change_nothing(dut):
    """Every forbidden access of the catalogue (PF-only registers, other VFs' memory as the
    PF names it, unmapped, misaligned, STATUS written, out-of-range vf_pfunc) gets PSLVERR
    and reads 0; afterwards every PF register, every lock bit and every mailbox word is as
    before, a pending VMMB cause is still pending, and no interrupt pin moved."""
    tb = MailboxTB(dut)
    await tb.reset()
    assert tb.num_vfs >= 3, "needs VF0 (PF-locked), VF1 (locked, REQ pending) and the hostile VF"
    hostile_n = hostile_vf_number(tb)
    hostile = HostileVf(tb.vf(hostile_n), tb.num_vfs)
    locked_with_req = 1
    # A state worth protecting: masks and PFRSTD set, every word a pattern, the PF holding
    # VF0's lock, VF1 holding its own lock with a REQ pending (so VMMB is pending).
    await tb.pf.write(R.PF_MBVFIMR, (1 << tb.num_vfs) - 1)
    await tb.pf.write(R.PF_IMS, R.ICR_VMMB)
    await tb.pf.write(R.PF_CTRL_EXT, R.CTRL_EXT_PFRSTD)
    for n in range(tb.num_vfs):
        await fill_mailbox(tb, n)
        await tb.vf(n).read(R.VF_MAILBOX)          # consume RSTD: VF reads now change nothing
    await tb.pf.write(R.pf_mailbox(0), R.PFMAILBOX_PFU)
    await tb.vf(locked_with_req).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(locked_with_req).write(R.VF_MAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU)
    assert await hostile.take_lock_forever()
    before = await pf_state(tb)
    vf_views_before = [await tb.vf(n).read(R.VF_MAILBOX) for n in range(tb.num_vfs)]
    irqs = IrqWatch(tb)
    pf_irq_before = int(dut.pf_irq.value)

    catalogue = hostile.forbidden_accesses()
    for access in catalogue:
        await hostile.forbidden_access(access)
    await tb.settle()

    wrong = hostile.refused_wrongly()
    assert wrong == [], "\n".join(f"{a.why}: {t}" for a, t in wrong)
    assert len(hostile.forbidden) == len(catalogue)
    out_of_range = [a for a in catalogue if a.func >= tb.num_vfs]
    assert len(out_of_range) == (R.MAX_VFS - tb.num_vfs) * 2 * len(in_window_offsets())
    assert changes(before, await pf_state(tb)) == {}
    assert [await tb.vf(n).read(R.VF_MAILBOX) for n in range(tb.num_vfs)] == vf_views_before
    assert irqs.vf_irq_pulses == 0 and irqs.pf_irq_rises == 0
    assert int(dut.pf_irq.value) == pf_irq_before
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB, "a VF access cleared the pending VMMB"
    tb.log.info("hostile VF%d: %d forbidden accesses (%d with vf_pfunc >= NUM_VFS=%d), "
                "all refused", hostile_n, len(catalogue), len(out_of_range), tb.num_vfs)
    await tb.finish()


@needs_three_vfs
@cocotb.test()
async def well_behaved_vf_completes_its_exchanges_beside_a_hostile_vf(dut):
    """igbvf (upstream) on VF0 resets and configures itself through igb while the hostile
    VF holds its lock forever, spams REQ (each one an interrupt for the PF) and probes the
    bus. Every exchange of VF0 completes with the right replies and PF state; the PF never
    reads a message from the hostile VF; bystander VFs' memory, the PF's masks and
    CTRL_EXT never change; after the storm the PF breaks the stuck lock with RVFU."""
    tb = MailboxTB(dut)
    for pf_version in IGB_VERSIONS:
        await tb.reset()
        await tb.set_link(True)
        hostile_n = hostile_vf_number(tb)
        assert hostile_n != GOOD_VF, "needs NUM_VFS >= 2"
        quiet = bystanders(tb, GOOD_VF, hostile_n)
        for n in quiet:
            await fill_mailbox(tb, n)
        rig = DriverRig(tb, pf_version, {GOOD_VF: "igbvf-upstream"}, TIMING)
        await rig.start_pf()
        regs_after_bring_up = await pf_state(tb)
        quiet_before = {n: regs_after_bring_up[f"VMBMEM({n})"] for n in quiet}

        hostile = HostileVf(tb.vf(hostile_n), tb.num_vfs)
        stop = Event()
        storm = cocotb.start_soon(hostile.run(stop, HOSTILE_PERIOD_US))
        vf = rig.vfs[GOOD_VF]
        start_ps = now_ps()
        assert await vf.reset_hw_vf(), pf_version
        sent = [await vf.rar_set_vf(VF_MAC),
                await vf.update_mc_addr_list_vf([MC_ADDR]),
                await vf.promisc_set_vf(M.E1000_VF_SET_PROMISC_UNICAST),
                await vf.vfta_set_vf(VLAN_ID, add=True),
                await vf.rlpml_set_vf(MAX_FRAME)]
        vf.get_link_status = True
        link_up = await vf.check_for_link_vf()
        bring_up_ms = (now_ps() - start_ps) / PS_PER_MS
        stop.set()
        await storm
        await rig.finish(RIG_SETTLE_US)

        where = f"{pf_version}: "
        assert hostile.req_writes > 0 and hostile.forbidden, "the hostile VF did nothing"
        wrong = hostile.refused_wrongly()
        assert wrong == [], where + "\n".join(f"{a.why}: {t}" for a, t in wrong)
        # the well-behaved VF: every message delivered, every reply right, link up
        assert all(s.written and s.acked for s in sent), where + str(sent)
        assert [s.reply[0] for s in sent] == [s.word0 | M.REPLY_OK for s in sent], where
        assert rig.received_from(GOOD_VF) == [M.E1000_VF_RESET] + [s.word0 for s in sent]
        d = rig.pf.vf_data[GOOD_VF]
        assert (d.mac, d.mc_hashes, d.vlans, d.rlpml) == \
            (VF_MAC, [M.mc_hash(MC_ADDR)], {VLAN_ID}, MAX_FRAME), where
        assert link_up and rig.flags_of(GOOD_VF) == [], where
        # the PF: nothing read from the hostile VF, its masks and PFRSTD as bring-up left
        # them, reset events only from VF0's own reset_hw_vf
        assert rig.received_from(hostile_n) == [], where
        after = await pf_state(tb)
        for name in ("CTRL_EXT", "IMS", "MBVFIMR", "VFLRE"):
            assert after[name] == regs_after_bring_up[name], where + name
        assert [e.vf for e in rig.pf_events("vf-reset-event")] == [GOOD_VF], where
        for n in quiet:
            assert differing_words(quiet_before[n], after[f"VMBMEM({n})"]) == [], \
                f"{where}VF{n}'s memory changed"
            assert after[f"PFMailbox({n})"] == 0, f"{where}VF{n}'s lock bits changed"
        # the hostile VF still holds its lock: only RVFU (beyond igb) takes it away
        assert after[f"PFMailbox({hostile_n})"] == R.PFMAILBOX_VFU, where
        assert await igb_break_stuck_vf_lock(rig.pf, hostile_n)
        await rig.pf.host.drain()
        assert await tb.pf.read(R.pf_mailbox(hostile_n)) == 0, where
        lock_failures = len(rig.pf_events("lock-failed", hostile_n))
        tb.log.info("%s beside hostile VF%d: %d REQ spams, %d forbidden accesses refused, "
                    "%d PF lock failures on it; VF0: %d messages delivered in %.1f ms",
                    pf_version, hostile_n, hostile.req_writes, len(hostile.forbidden),
                    lock_failures, len(sent) + 1, bring_up_ms)
        assert lock_failures > 0, where + "the PF never met the hostile lock"
    await tb.finish()
