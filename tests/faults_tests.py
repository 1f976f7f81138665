"""Faults in the middle of mailbox exchanges, with the igb (PF) and igbvf (VF) models on the
RTL: VF FLR, VF software reset, PF (device) reset, a VF that dies holding its lock, and the
PF's link-change ping colliding with a pending request (hardware.md sections 3, 5, 6;
drivers.md). Each test states what the fault must change and what it must not; the
scoreboard checks every transfer against the reference model at `tb.finish()`.

Faults are injected on the pins at an exact point of a driver's register sequence: an
observer of the pin monitor sees the driver's access and starts the fault, which lands on
the next clock edges, long before the driver's next access (host costs are microseconds).
"""

import cocotb
from cocotb.triggers import Event

from tb import messages as M
from tb import regmap as R
from tb.scenarios.rig import RIG_SETTLE_US, DriverRig, differing_words, fill_mailbox, mailbox_words
from tb.drivers.igb import IGB_VERSIONS
from tb.drivers.igb_recovery import igb_break_stuck_vf_lock
from tb.drivers.igbvf import IGBVF_VERSIONS
from tb.scenarios.race import MAX_FRAME, MC_ADDR
from tb.testbench import MailboxTB, needs_vfs
from tb.drivers.host import profile

needs_three_vfs = needs_vfs(3, "a VF under test, a bystander and a third VF")

VF0 = 0            # the VF the fault hits
BYSTANDER = 1      # a VF with no driver: nothing may touch it
SECOND_VF = 2      # a second VF with a driver (the PF reset test)
TIMING = profile("bare-metal")
PROMISC_UNICAST_WORD0 = M.E1000_VF_SET_PROMISC | M.E1000_VF_SET_PROMISC_UNICAST
PROMISC_UNICAST_FLAGS = M.E1000_VF_SET_PROMISC_UNICAST >> M.E1000_VT_MSGINFO_SHIFT


class WhenSeen:
    """Watches the pin monitor's edges; at the first edge where `match(sample)` holds it
    records the edge and starts `action()` (a fault) if given."""

    def __init__(self, tb, match, action=None):
        self.tb, self.match, self.action = tb, match, action
        self.edge = None
        self.task = None
        self.seen = Event()
        tb.observers.append(self._observe)

    def _observe(self, sample):
        if self.edge is None and self.match(sample):
            self.edge = sample.edge
            self.seen.set()
            if self.action is not None:
                self.task = cocotb.start_soon(self.action())
            self.tb.observers.remove(self._observe)


class EdgesWhere:
    """Records every edge where `match(sample)` holds, until removed."""

    def __init__(self, tb, match):
        self.tb, self.match = tb, match
        self.edges = []
        tb.observers.append(self._observe)

    def _observe(self, sample):
        if self.match(sample):
            self.edges.append(sample.edge)

    def remove(self):
        self.tb.observers.remove(self._observe)


def vf_writes(vf, addr, where=lambda data: True):
    return lambda s: s.vf is not None and s.vf.func == vf and s.vf.write and s.vf.addr == addr \
        and not s.vf.slverr and where(s.vf.data)


def pf_writes(addr, where=lambda data: True):
    return lambda s: s.pf is not None and s.pf.write and s.pf.addr == addr and where(s.pf.data)


def flr_of(vf):
    return lambda s: bool(s.flr >> vf & 1)


def mc_hashes_of(addrs):
    return [M.mc_hash(a) for a in addrs]


async def pf_registers(tb):
    """PF registers no VF fault may change (reads change nothing)."""
    return {name: await tb.pf.read(addr) for name, addr in
            (("CTRL_EXT", R.PF_CTRL_EXT), ("IMS", R.PF_IMS), ("MBVFIMR", R.PF_MBVFIMR))}


async def setup(dut, pf_version="igb-3.2.10", vf_versions=None, tb=None):
    """Reset, bystander memory filled, PF up with its interrupt path running."""
    tb = tb or MailboxTB(dut)
    await tb.reset()
    await tb.set_link(True)
    rig = DriverRig(tb, pf_version, vf_versions or {VF0: "igbvf-upstream"}, TIMING)
    bystander = await fill_mailbox(tb, BYSTANDER)
    await rig.start_pf()
    return tb, rig, bystander


async def assert_bystander_untouched(tb, rig, pattern):
    assert differing_words(pattern, await mailbox_words(tb, BYSTANDER)) == [], \
        "the bystander VF's memory changed"
    assert await tb.pf.read(R.pf_mailbox(BYSTANDER)) == 0, "the bystander's lock bits changed"
    assert rig.pf_events("vf-reset-event", BYSTANDER) == [], "a reset event for the bystander"
    assert rig.received_from(BYSTANDER) == []


async def reload_vf_driver(rig):
    """Recovery: the guest reloads igbvf; reset_hw_vf must go through."""
    vf = rig.vfs[VF0] = rig.new_vf_driver(VF0, "igbvf-upstream")
    assert await vf.reset_hw_vf()
    return vf


async def finish_with_bystander_untouched(tb, rig, pattern):
    await assert_bystander_untouched(tb, rig, pattern)
    await rig.finish(RIG_SETTLE_US)
    await tb.finish()


# ---------------------------------------------------------------------- 1. VF FLR
@needs_three_vfs
@cocotb.test()
async def vf_flr_between_its_message_words_and_its_req(dut):
    """FLR after the VF wrote its message, before its REQ lands (the VF driver does not
    know and goes on). Must change: VFLRE/VMMB, so igb runs igb_vf_reset_event and drops
    CTS; the message that follows is then NACKed, not applied. Must not change: the words
    the VF wrote, the VF's lock (the REQ write releases it), PF registers, other VFs."""
    tb, rig, bystander = await setup(dut)
    vf = rig.vfs[VF0]
    assert await vf.reset_hw_vf()
    regs_before = await pf_registers(tb)

    # the fault: the first edge after word 0 of SET_PROMISC lands
    word0 = WhenSeen(tb, vf_writes(VF0, R.vf_vmbmem(0), lambda d: d == PROMISC_UNICAST_WORD0),
                     lambda: tb.flr(1 << VF0))
    flr = WhenSeen(tb, flr_of(VF0))
    req = WhenSeen(tb, vf_writes(VF0, R.VF_MAILBOX, lambda d: d & R.VFMAILBOX_REQ))
    sent = await vf.promisc_set_vf(M.E1000_VF_SET_PROMISC_UNICAST)
    await rig.pf_quiet(RIG_SETTLE_US)

    assert word0.edge < flr.edge < req.edge, (word0.edge, flr.edge, req.edge)
    assert rig.pf_events("vf-reset-event", VF0), "igb did not see VF0's FLR"
    assert rig.received_from(VF0)[-1] == PROMISC_UNICAST_WORD0, "the FLR changed the message"
    assert sent.acked and sent.reply == [M.E1000_VT_MSGTYPE_NACK], \
        f"after the FLR igb must NACK, not handle: reply {sent.reply}"
    assert rig.pf.vf_data[VF0].promisc == 0 and not rig.pf.vf_data[VF0].clear_to_send
    assert not await tb.pf.read(R.pf_mailbox(VF0)) & R.PFMAILBOX_VFU
    assert await pf_registers(tb) == regs_before
    assert rig.flags_of(VF0) == [], [e.line() for e in rig.flags_of(VF0)]

    # recovery: the guest reloads igbvf; reset_hw_vf and the message go through
    vf = await reload_vf_driver(rig)
    sent = await vf.promisc_set_vf(M.E1000_VF_SET_PROMISC_UNICAST)
    assert sent.reply == [PROMISC_UNICAST_WORD0 | M.REPLY_OK]
    assert rig.pf.vf_data[VF0].promisc == PROMISC_UNICAST_FLAGS
    await finish_with_bystander_untouched(tb, rig, bystander)


@needs_three_vfs
@cocotb.test()
async def vf_flr_between_the_pf_lock_and_sts_of_its_reply(dut):
    """FLR while the PF writes its reply to SET_MULTICAST (after it took PFU, before STS).
    Must not change: the PF's lock (PFU still 1 after the FLR), the reply, which reaches
    the VF whole. Must change: igb then sees VFLRE and forgets the VF's filters and CTS,
    so the VF must reset to get them back."""
    tb, rig, bystander = await setup(dut)
    vf = rig.vfs[VF0]
    assert await vf.reset_hw_vf()
    regs_before = await pf_registers(tb)
    pfu_after_flr = []

    async def flr_then_look_at_the_lock():
        await tb.flr(1 << VF0)
        pfu_after_flr.append(bool(await tb.pf.read(R.pf_mailbox(VF0)) & R.PFMAILBOX_PFU))

    # arm on the PF's read of SET_MULTICAST; then the reply's lock request (PFU alone)
    pf_read = WhenSeen(tb, lambda s: s.pf is not None and not s.pf.write
                       and s.pf.addr == R.pf_vmbmem(VF0, 0)
                       and M.msg_type(s.pf.data) == M.E1000_VF_SET_MULTICAST)
    lock = WhenSeen(tb, lambda s: pf_read.edge is not None
                    and pf_writes(R.pf_mailbox(VF0), lambda d: d == R.PFMAILBOX_PFU)(s),
                    flr_then_look_at_the_lock)
    sts = WhenSeen(tb, lambda s: lock.edge is not None
                   and pf_writes(R.pf_mailbox(VF0), lambda d: d & R.PFMAILBOX_STS)(s))
    flr = WhenSeen(tb, flr_of(VF0))
    sent = await vf.update_mc_addr_list_vf([MC_ADDR])
    await rig.pf_quiet(RIG_SETTLE_US)

    assert lock.edge < flr.edge < sts.edge, (lock.edge, flr.edge, sts.edge)
    assert pfu_after_flr == [True], "an FLR must not take the PF's lock"
    assert sent.reply == [sent.word0 | M.REPLY_OK], f"the reply did not survive: {sent.reply}"
    assert rig.pf_events("vf-reset-event", VF0), "igb did not see VF0's FLR"
    assert rig.pf.vf_data[VF0].mc_hashes == [] and not rig.pf.vf_data[VF0].clear_to_send, \
        "igb_vf_reset_event must drop the VF's filters and CTS"
    assert await pf_registers(tb) == regs_before
    assert rig.flags_of(VF0) == [], [e.line() for e in rig.flags_of(VF0)]

    vf = await reload_vf_driver(rig)
    sent = await vf.update_mc_addr_list_vf([MC_ADDR])
    assert sent.reply == [sent.word0 | M.REPLY_OK]
    assert rig.pf.vf_data[VF0].mc_hashes == mc_hashes_of([MC_ADDR])
    await finish_with_bystander_untouched(tb, rig, bystander)


# ---------------------------------------------------------------------- 2. VF software reset
@needs_three_vfs
@cocotb.test()
async def vf_software_reset_while_the_pf_handles_its_message(dut):
    """The VF driver resets (CTRL.RST, then VF_RESET) between the PF's ACK of SET_MULTICAST
    and the PF's reply. igb 3.2.10: the reply's flush erases VF_RESET's REQ (the race again),
    the first reset_hw_vf times out and only the reset task's retry recovers. Upstream igb
    holds PFU from ACK to reply: the VF's lock waits, its flush throws the stale reply away,
    VF_RESET goes through at once. With a hardware mitigation (docs/mitigations.md) igb
    3.2.10's reply no longer erases VF_RESET: the first reset_hw_vf succeeds. Both: VFLRE
    seen, CTS restored, other VFs untouched."""
    tb = MailboxTB(dut)
    for pf_version in IGB_VERSIONS:
        tb, rig, bystander = await setup(dut, pf_version, tb=tb)
        vf = rig.vfs[VF0]
        assert await vf.reset_hw_vf()
        msg = [M.E1000_VF_SET_MULTICAST | 1 << M.E1000_VT_MSGINFO_SHIFT, M.mc_hash(MC_ADDR)]
        msg += [0] * (M.E1000_VFMAILBOX_SIZE - len(msg))
        pf_ack = WhenSeen(tb, pf_writes(R.pf_mailbox(VF0), lambda d: d & R.PFMAILBOX_ACK))
        vf_lock_requests = EdgesWhere(tb, vf_writes(VF0, R.VF_MAILBOX,
                                                    lambda d: d == R.VFMAILBOX_VFU))
        assert await vf.write_mbx_vf(msg, M.E1000_VFMAILBOX_SIZE)
        await pf_ack.seen.wait()
        vf_lock_requests.edges.clear()   # count the lock tries from the PF's ACK on
        # the fault: the guest's reset path runs now, while the PF works on SET_MULTICAST
        vf = rig.vfs[VF0] = rig.new_vf_driver(VF0, "igbvf-upstream")
        first_try = await vf.reset_hw_vf()
        erased = [r.name for r in rig.erased_requests(VF0)]
        if pf_version == "igb-3.2.10" and tb.options.label != "off":
            assert first_try and erased == [], (tb.options.label, first_try, erased)
        elif pf_version == "igb-3.2.10":
            assert not first_try and erased == ["VF_RESET"], (first_try, erased)
            assert await vf.reset_hw_vf(), "the reset task's retry must recover"
        else:
            assert first_try and erased == [], (first_try, erased)
            assert len(vf_lock_requests.edges) >= 2, \
                "the VF's first lock request should have met the PF's held PFU"
            # (with PROTECT_VF_REQUEST the VF's words have a buffer of their own: its
            # message no longer overwrites the stale reply, which simply stays unread)
            assert tb.options.protect_vf_request or \
                any(e.by == "VF" for e in rig.flags_of(VF0, "overwritten")), \
                "the VF's flush should have thrown the stale reply away"
        assert rig.pf_events("vf-reset-event", VF0), "CTRL.RST must reach igb as VFLRE"
        assert rig.pf.vf_data[VF0].clear_to_send and rig.pf.vf_data[VF0].mc_hashes == []
        sent = await vf.promisc_set_vf(M.E1000_VF_SET_PROMISC_UNICAST)
        assert sent.reply == [PROMISC_UNICAST_WORD0 | M.REPLY_OK], pf_version
        assert await tb.vf(VF0).read(R.VF_CTRL) == 0, "CTRL.RST reads back 0"
        await assert_bystander_untouched(tb, rig, bystander)
        await rig.finish(RIG_SETTLE_US)
        vf_lock_requests.remove()
        tb.log.info("%s: VF software reset mid-exchange: first reset_hw_vf %s, erased %s",
                    pf_version, "ok" if first_try else "FAILED", erased or "none")
    await tb.finish()


# ---------------------------------------------------------------------- 3. PF reset
@needs_three_vfs
@cocotb.test()
async def pf_reset_with_vfs_active_then_vfs_recover_through_reset_hw_vf(dut):
    """Device reset (rst_n) while VF0 holds its lock and VF2's request is pending. Must
    change: every VF sees RSTI, locks, REQs, masks and CTRL_EXT drop to 0, the VFs cannot
    reset until the PF is up again. Must not change: mailbox memory (a RAM). After PF
    bring-up (PFRSTD) and igb_ping_all_vfs each VF recovers through reset_hw_vf."""
    second = SECOND_VF
    tb, rig, _ = await setup(dut, vf_versions={VF0: "igbvf-upstream", second: "igbvf-1.1.5"})
    for vf in rig.vfs.values():
        assert await vf.reset_hw_vf()
    assert await rig.vfs[VF0].obtain_mbx_lock_vf()
    pending = [M.E1000_VF_SET_LPE, MAX_FRAME]
    await rig.stop_pf()   # the PF must not see VF1's REQ before the reset
    assert await rig.vfs[second].write_mbx_vf(pending, len(pending))
    await rig.vfs[second].host.drain()
    assert await tb.pf.read(R.PF_MBVFICR) & R.vfreq(second)

    await tb.reset()
    for n in range(tb.num_vfs):
        assert await tb.vf(n).read(R.VF_MAILBOX) == R.VFMAILBOX_RSTI, f"VF{n}"
        assert await tb.pf.read(R.pf_mailbox(n)) == 0, f"VF{n}'s lock survived the reset"
    for name, addr in (("MBVFICR", R.PF_MBVFICR), ("MBVFIMR", R.PF_MBVFIMR), ("IMS", R.PF_IMS),
                       ("CTRL_EXT", R.PF_CTRL_EXT), ("VFLRE", R.PF_VFLRE)):
        assert await tb.pf.read(addr) == 0, f"{name} survived the reset"
    assert (await mailbox_words(tb, second, "vf"))[:len(pending)] == pending, \
        "reset cleared the RAM"

    # before the PF is up, RSTI stays: reset_hw_vf gives up ("PF still resetting")
    assert not await rig.vfs[VF0].reset_hw_vf()
    assert rig.timeline.of_kind("reset-failed", source=f"VF{VF0}")

    rig.pf = rig.new_pf_driver("igb-3.2.10")   # igb re-initialises from scratch
    await rig.start_pf()
    await rig.pf.igb_ping_all_vfs()
    for n, vf in rig.vfs.items():
        assert await vf.reset_hw_vf(), f"VF{n} did not recover"
        assert rig.pf.vf_data[n].clear_to_send
        sent = await vf.rlpml_set_vf(MAX_FRAME)
        assert sent.acked and rig.pf.vf_data[n].rlpml == MAX_FRAME, f"VF{n}: {sent}"
    await rig.finish(RIG_SETTLE_US)
    for n in rig.vfs:
        assert rig.erased_requests(n) == [], f"VF{n}"
    await tb.finish()


# ---------------------------------------------------------------------- 4. a dead VF's lock
@needs_three_vfs
@cocotb.test()
async def vf_dies_holding_its_lock_and_the_pf_breaks_it_with_rvfu(dut):
    """VF0 takes its lock and dies (VFU=1 forever). igb's write_mbx_pf fails and writes
    nothing while VFU stays 1. igb_break_stuck_vf_lock (tb/igb_recovery.py, beyond any igb)
    writes RVFU: VF0's lock drops, a lock another VF holds does not, and the PF's message
    then reaches VF0's reloaded driver."""
    tb, rig, _ = await setup(dut)
    assert await rig.vfs[VF0].reset_hw_vf()
    await rig.stop_pf()
    await tb.vf(BYSTANDER).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)   # a live VF's own lock
    assert await rig.vfs[VF0].obtain_mbx_lock_vf()                # ...and VF0 dies here
    await rig.vfs[VF0].host.drain()
    words_before = await mailbox_words(tb, VF0)
    ping = [M.E1000_PF_CONTROL_MSG | M.E1000_VT_MSGTYPE_CTS]

    assert not await rig.pf.mbx.write(ping, len(ping), VF0), "the PF got a held lock"
    await rig.pf.host.drain()
    assert await mailbox_words(tb, VF0) == words_before, "a refused PF wrote the memory"
    assert await tb.pf.read(R.pf_mailbox(VF0)) == R.PFMAILBOX_VFU

    assert not await igb_break_stuck_vf_lock(rig.pf, BYSTANDER + 1), "no lock, nothing to break"
    assert await igb_break_stuck_vf_lock(rig.pf, VF0)
    await rig.pf.host.drain()
    assert await tb.pf.read(R.pf_mailbox(VF0)) == 0, "RVFU must drop VFU"
    assert await tb.pf.read(R.pf_mailbox(BYSTANDER)) == R.PFMAILBOX_VFU, "RVFU hit another VF"
    assert len(rig.pf_events("rvfu")) == 1

    assert await rig.pf.mbx.write(ping, len(ping), VF0), "the PF's message after RVFU"
    vf = rig.vfs[VF0] = rig.new_vf_driver(VF0, "igbvf-upstream")
    assert await vf.check_for_msg_vf()
    assert await vf.read_mbx_vf(len(ping)) == ping
    await tb.vf(BYSTANDER).write(R.VF_MAILBOX, 0)   # the live VF releases its lock
    await rig.finish()
    assert rig.flags_of(VF0) == [], [e.line() for e in rig.flags_of(VF0)]
    await tb.finish()


# ---------------------------------------------------------------------- 5. ping vs request
@needs_three_vfs
@cocotb.test()
async def ping_all_vfs_erases_a_pending_vf_request_with_every_driver_version(dut):
    """igb_ping_all_vfs (PF link change) lands right after a VF's REQ, before igb_msg_task
    looked at MBVFICR: its write_mbx_pf flush erases the REQ exactly like the race's reply,
    and its ping overwrites the request. No VF or PF version closes this window: the VF
    waits for an ACK that never comes, times out (mbx->timeout = 0) and shows link down.
    A hardware mitigation (docs/mitigations.md) closes it for every pair: the request is
    delivered and acknowledged, the link stays up."""
    tb = MailboxTB(dut)
    rows = []
    for pf_version in IGB_VERSIONS:
        for vf_version in IGBVF_VERSIONS:
            tb, rig, _ = await setup(dut, pf_version, {VF0: vf_version}, tb=tb)
            vf = rig.vfs[VF0]
            assert await vf.reset_hw_vf()
            WhenSeen(tb, vf_writes(VF0, R.VF_MAILBOX, lambda d: d & R.VFMAILBOX_REQ),
                     rig.pf.igb_ping_all_vfs)
            sent = await vf.promisc_set_vf(M.E1000_VF_SET_PROMISC_UNICAST)
            link_up = await vf.check_for_link_vf()
            await rig.finish(RIG_SETTLE_US)
            erased = [r.name for r in rig.erased_requests(VF0)]
            rows.append(f"{vf_version:19s} {pf_version:13s} erased {erased} "
                        f"VF timeout {vf.timeout == 0} link {'up' if link_up else 'DOWN'} "
                        f"PF lock failures {len(rig.pf_events('lock-failed', VF0))}")
            where = f"{vf_version} + {pf_version}, RTL {tb.options.label}"
            if tb.options.label != "off":
                assert erased == [] and sent.written and sent.acked, where
                assert PROMISC_UNICAST_WORD0 in rig.received_from(VF0), where
                assert link_up, where
                continue
            assert erased == ["SET_PROMISC"], where
            assert sent.written and not sent.acked and vf.timeout == 0, where
            assert PROMISC_UNICAST_WORD0 not in rig.received_from(VF0), where
            assert not link_up, where
    tb.log.info("igb_ping_all_vfs against a pending request, RTL %s (%d pairs, %d erased):\n%s",
                tb.options.label, len(rows), sum("SET_PROMISC" in r for r in rows),
                "\n".join(rows))
    await tb.finish()
