"""A hostile VF and faults on the ixgbe top (docs/hardware-ixgbe.md sections 3, 5 and 6): bad
accesses refused and harmless, VFCTRL.RST and the inert registers doing nothing, PFMBIMR
keeping a REQ-spamming VF's storm away from the PF while other VFs (on both 32-VF words)
exchange messages, an FLR in the middle of a message, a PF reset with every VF active.

The exchanges are register sequences in the legacy protocol of docs/drivers-ixgbe.md (VF: lock
by VFU, words, REQ alone; PF: EICR, PFMBICR(i), W1C, lock, read, ACK): the mailbox's side of
what ixgbe/ixgbevf do, not a driver model. Run with FAMILY=ixgbe (tests/test_ixgbe_family.py).
"""

import cocotb
from cocotb.triggers import Event

from tb import regmap as R
from tb import regmap_ixgbe as X
from tb.scenarios.hostile_vf import HostileVf
from tb.scenarios.rig import (IrqWatch, changes, differing_words, fill_mailbox, mailbox_words,
                              word_pattern)
from tb.testbench import MailboxTB, needs_vfs

needs_three_vfs = needs_vfs(3, "a VF under test, a bystander and the hostile VF")

HOSTILE_PERIOD_US = 2
MAILBOX = X.IXGBE_EICR_MAILBOX
BOUNDARIES = (0, 1, 15, 16, 31, 32, 47, 48)


async def setup(dut) -> MailboxTB:
    tb = MailboxTB(dut)
    assert tb.family.name == "ixgbe", "run this module with FAMILY=ixgbe"
    await tb.reset()
    return tb


def hostile_of(tb) -> HostileVf:
    n = tb.num_vfs - 1
    return HostileVf(tb.vf(n), tb.num_vfs, tb.family.hostile_catalogue())


def watched_vfs(tb, *more) -> list:
    """The VFs whose words a test watches: each register boundary that exists, and `more`."""
    return sorted({n for n in BOUNDARIES + more if n < tb.num_vfs})


async def pf_state(tb, watched) -> dict:
    """Everything the PF can read (no ixgbe read clears anything): registers, every VF's
    PFMAILBOX, the words of the watched VFs."""
    regs = {"CTRL_EXT": X.IXGBE_CTRL_EXT, "EICR": X.IXGBE_EICR, "EIMS": X.IXGBE_EIMS,
            **{f"PFMBICR({i})": X.IXGBE_PFMBICR + 4 * i for i in range(X.IXGBE_PFMBICR_COUNT)},
            **{f"PFMBIMR({k})": X.IXGBE_PFMBIMR + 4 * k for k in range(2)},
            **{f"VFLREC({k})": X.IXGBE_VFLREC + 4 * k for k in range(2)}}
    state = {name: await tb.pf.read(addr) for name, addr in regs.items()}
    for n in range(tb.num_vfs):
        state[f"PFMAILBOX({n})"] = await tb.pf.read(X.pfmailbox(n))
    for n in watched:
        state[f"PFMBMEM({n})"] = await mailbox_words(tb, n)
    return state


# ---------------------------------------------------------------------- the two sides
async def vf_send(tb, n: int, words: list) -> bool:
    """ixgbevf's legacy send: lock by writing VFU and reading it back, flush PFSTS/PFACK by
    that read, the words, REQ alone (drops VFU). False when the lock was not had."""
    vf = tb.vf(n)
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU)
    if not await vf.read(X.IXGBE_VFMAILBOX) & R.VFMAILBOX_VFU:
        return False
    for i, word in enumerate(words):
        await vf.write(X.vfmbmem(i), word)
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ)
    return True


async def pf_service(tb, ignore: set) -> dict:
    """One pass of the PF's mailbox interrupt task: EICR W1C, then per PFMBICR(i) the VFREQ
    bits of the VFs not in `ignore`, each cleared, its message read under the PF lock and
    ACKed. Returns {VF: its 16 words}."""
    pf, got = tb.pf, {}
    await pf.write(X.IXGBE_EICR, await pf.read(X.IXGBE_EICS))
    for first in range(0, tb.num_vfs, X.IXGBE_VFS_PER_PFMBICR):
        bits = await pf.read(X.pfmbicr(first))
        for n in range(first, min(first + X.IXGBE_VFS_PER_PFMBICR, tb.num_vfs)):
            if n in ignore or not bits & X.vfreq(n):
                continue
            await pf.write(X.pfmbicr(n), X.vfreq(n))
            await pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
            assert await pf.read(X.pfmailbox(n)) & R.PFMAILBOX_PFU, f"PF lock of VF{n}"
            got[n] = [await pf.read(X.pfmbmem(n, i)) for i in range(R.MBX_WORDS)]
            await pf.write(X.pfmailbox(n), R.PFMAILBOX_ACK)
    return got


# ---------------------------------------------------------------------- the tests
@needs_three_vfs
@cocotb.test()
async def hostile_vf_bad_accesses_get_pslverr_and_change_nothing(dut):
    """Every forbidden access of the ixgbe catalogue (PF-only registers, PFMBMEM names, unmapped,
    misaligned, VFSTATUS/VFLINKS written, vf_pfunc >= NUM_VFS) gets PSLVERR and reads 0;
    afterwards every PF register, lock bit and watched word is as before, the pending EICR
    cause is still pending and no interrupt pin moved."""
    tb = await setup(dut)
    hostile = hostile_of(tb)
    watched = watched_vfs(tb, hostile.vf)
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    for n in watched:
        await fill_mailbox(tb, n)
    for n in range(tb.num_vfs):
        await tb.vf(n).read(X.IXGBE_VFMAILBOX)        # consume RSTD: VF reads change nothing now
    await tb.pf.write(X.pfmailbox(0), R.PFMAILBOX_PFU)
    await tb.vf(1).write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(1).write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU)   # EICR pending
    assert await hostile.take_lock_forever()
    before = await pf_state(tb, watched)
    views = [await tb.vf(n).read(X.IXGBE_VFMAILBOX) for n in range(tb.num_vfs)]
    irqs = IrqWatch(tb)

    catalogue = hostile.forbidden_accesses()
    for access in catalogue:
        await hostile.forbidden_access(access)
    await tb.settle()

    wrong = hostile.refused_wrongly()
    assert wrong == [], "\n".join(f"{a.why}: {t}" for a, t in wrong)
    out_of_range = [a for a in catalogue if a.func >= tb.num_vfs]
    assert len(out_of_range) == (X.IXGBE_MAX_VFS - tb.num_vfs) * 2 * \
        len(tb.family.hostile_catalogue().in_window())
    assert changes(before, await pf_state(tb, watched)) == {}
    assert [await tb.vf(n).read(X.IXGBE_VFMAILBOX) for n in range(tb.num_vfs)] == views
    assert irqs.vf_irq_pulses == 0 and irqs.pf_irq_rises == 0
    assert before["EICR"] == MAILBOX and int(dut.pf_irq.value) == 1
    tb.log.info("hostile VF%d: %d forbidden accesses (%d with vf_pfunc >= NUM_VFS=%d), all "
                "refused", hostile.vf, len(catalogue), len(out_of_range), tb.num_vfs)
    await tb.finish()


@needs_three_vfs
@cocotb.test()
async def vfctrl_rst_and_inert_registers_change_nothing(dut):
    """A VF writing VFCTRL.RST and every inert register (VTEICR/VTEIMS/VTEIMC, VFPSRTYPE, the
    queues' RXDCTL/TXDCTL) with all ones, over and over: no PSLVERR, reads 0, no VFLR event,
    no EICR, and its own mailbox (lock held, REQ pending, words) untouched."""
    tb = await setup(dut)
    hostile = hostile_of(tb)
    vf = hostile.port
    await fill_mailbox(tb, hostile.vf)
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU)
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU)
    await tb.pf.write(X.IXGBE_EICR, MAILBOX)
    before = await pf_state(tb, [hostile.vf])
    view = await vf.read(X.IXGBE_VFMAILBOX)
    inert = sorted(tb.model.VF_INERT)
    for _ in range(3):
        await vf.write(X.IXGBE_VFCTRL, 0xFFFFFFFF)
        for addr in inert:
            await vf.write(addr, 0xFFFFFFFF)
            assert await vf.read(addr) == 0, f"{addr:#06x}"
    assert await vf.read(X.IXGBE_VFCTRL) == 0
    assert changes(before, await pf_state(tb, [hostile.vf])) == {}
    assert before["VFLREC(0)"] == before["VFLREC(1)"] == before["EICR"] == 0
    assert await vf.read(X.IXGBE_VFMAILBOX) == view == R.VFMAILBOX_RSTI | R.VFMAILBOX_VFU
    await tb.finish()


@needs_three_vfs
@cocotb.test()
async def pfmbimr_keeps_a_req_storm_away_and_other_vfs_still_exchange(dut):
    """The hostile VF holds its lock, spams REQ (VFU kept) and probes the bus. The PF masks it
    in PFMBIMR: its storm raises no EICR. Meanwhile the first VF of each 32-VF word sends three
    messages; each is read intact by the PF, which never reads one of the hostile VF's (its
    VFREQ stays set, the PF ignores it) nor meets its lock; bystanders' words never change."""
    tb = await setup(dut)
    hostile = hostile_of(tb)
    senders = [n for n in (0, 32) if n < hostile.vf]
    quiet = [n for n in watched_vfs(tb) if n not in senders and n != hostile.vf]
    for n in quiet:
        await fill_mailbox(tb, n)
    quiet_before = {n: await mailbox_words(tb, n) for n in quiet}
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    await tb.pf.write(X.pfmbimr(hostile.vf), 0xFFFFFFFF & ~X.vf_word_bit(hostile.vf))
    stop = Event()
    storm = cocotb.start_soon(hostile.run(stop, HOSTILE_PERIOD_US))
    await tb.cycles(200)
    assert hostile.req_writes > 0
    assert await tb.pf.read(X.IXGBE_EICR) == 0, "a masked VF's REQ raised EICR"
    assert await tb.pf.read(X.pfmbicr(hostile.vf)) & X.vfreq(hostile.vf)

    received = {n: [] for n in senders}
    for round_ in range(3):
        sent = {n: word_pattern(n)[:8] + [round_] * 8 for n in senders}
        for n, words in sent.items():
            assert await vf_send(tb, n, words), f"VF{n} could not take its lock"
        await tb.settle()
        assert dut.pf_irq.value == 1, "the senders' REQs raised no interrupt"
        for n, words in (await pf_service(tb, ignore={hostile.vf})).items():
            received[n].append(words)
            assert words == sent[n], f"VF{n} round {round_}: {differing_words(sent[n], words)}"
        for n in senders:   # the VF sees the PF's ACK
            assert await tb.vf(n).read(X.IXGBE_VFMAILBOX) & R.VFMAILBOX_PFACK
    stop.set()
    await storm
    assert {n: len(m) for n, m in received.items()} == {n: 3 for n in senders}
    assert hostile.refused_wrongly() == []
    for n in quiet:
        assert differing_words(quiet_before[n], await mailbox_words(tb, n)) == [], f"VF{n}"
    assert await tb.pf.read(X.pfmailbox(hostile.vf)) == R.PFMAILBOX_VFU
    tb.log.info("VFs %s: %d messages each beside hostile VF%d (%d REQ spams, %d bad accesses)",
                senders, 3, hostile.vf, hostile.req_writes, len(hostile.forbidden))
    await tb.finish()


@cocotb.test()
async def flr_between_the_words_and_req_releases_the_lock_and_the_vf_sends_again(dut):
    """The last VF takes its lock and writes its words; an FLR comes before its REQ. The FLR
    releases VFU (the PF can lock at once), keeps the words, sets its VFLRE/VFLREC bit and
    raises EICR although the VF is masked; after the PF clears the event the VF's next send
    is read intact."""
    tb = await setup(dut)
    n = tb.num_vfs - 1
    vf = tb.vf(n)
    words = word_pattern(n)
    await tb.pf.write(X.pfmbimr(n), 0)
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU)
    for i, word in enumerate(words):
        await vf.write(X.vfmbmem(i), word)
    await tb.flr(1 << n)
    assert await vf.read(X.IXGBE_VFMAILBOX) == R.VFMAILBOX_RSTI, "FLR keeps RSTI, clears VFU"
    assert await tb.pf.read(X.vflre(n)) == await tb.pf.read(X.vflrec(n)) == X.vf_word_bit(n)
    assert await tb.pf.read(X.IXGBE_EICR) == MAILBOX, "an FLR raises EICR whatever PFMBIMR says"
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    assert await tb.pf.read(X.pfmailbox(n)) == R.PFMAILBOX_PFU, "the PF could not lock"
    assert await mailbox_words(tb, n) == words, "an FLR keeps the memory"
    await tb.pf.write(X.pfmailbox(n), 0)
    await tb.pf.write(X.vflrec(n), X.vf_word_bit(n))
    await tb.pf.write(X.IXGBE_EICR, MAILBOX)
    await tb.pf.write(X.pfmbimr(n), X.vf_word_bit(n))
    again = [w ^ 0xFFFF for w in words]
    assert await vf_send(tb, n, again)
    assert await pf_service(tb, ignore=set()) == {n: again}
    assert await tb.pf.read(X.vflrec(n)) == 0
    await tb.finish()


@cocotb.test()
async def pf_reset_with_every_vf_active_then_reset_done_reaches_every_vf(dut):
    """Every VF holds its lock with a REQ pending, the PF holds none, EIMS and masks changed;
    rst_n: every VF reads RSTI alone, PFMBIMR is all ones again, EICR and the causes are 0,
    the words stay. PFRSTD then reaches every VF once: RSTD read-to-clear, CTRL_EXT's bit 14
    reads 0, so a read-modify-write of CTRL_EXT does not fire it again."""
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        await tb.vf(n).write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU)
        await tb.vf(n).write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU)
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    for k in range(2):
        await tb.pf.write(X.IXGBE_PFMBIMR + 4 * k, 0)
    words = {n: await fill_mailbox(tb, n) for n in watched_vfs(tb)}
    await tb.reset()
    exist = (1 << tb.num_vfs) - 1
    assert [await tb.vf(n).read(X.IXGBE_VFMAILBOX) for n in range(tb.num_vfs)] == \
        [R.VFMAILBOX_RSTI] * tb.num_vfs
    assert [await tb.pf.read(X.IXGBE_PFMBIMR + 4 * k) for k in range(2)] == \
        [exist & 0xFFFFFFFF, exist >> 32]
    for addr in (X.IXGBE_EICR, X.IXGBE_EIMS, *(X.IXGBE_PFMBICR + 4 * i for i in range(4))):
        assert await tb.pf.read(addr) == 0, f"{addr:#07x} after reset"
    for n, pattern in words.items():
        assert await mailbox_words(tb, n) == pattern, f"reset cleared VF{n}'s words"
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD | 0x0001_0000)
    ctrl_ext = await tb.pf.read(X.IXGBE_CTRL_EXT)
    assert ctrl_ext == 0x0001_0000, f"CTRL_EXT {ctrl_ext:#x}: PFRSTD must read 0"
    assert [await tb.vf(n).read(X.IXGBE_VFMAILBOX) for n in range(tb.num_vfs)] == \
        [R.VFMAILBOX_RSTD] * tb.num_vfs
    await tb.pf.write(X.IXGBE_CTRL_EXT, ctrl_ext | 0x0002_0000)   # ixgbe's later RMW
    assert [await tb.vf(n).read(X.IXGBE_VFMAILBOX) for n in range(tb.num_vfs)] == \
        [0] * tb.num_vfs, "a CTRL_EXT read-modify-write fired reset-done again"
    await tb.finish()
