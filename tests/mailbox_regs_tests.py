"""One cocotb test per rule of docs/hardware.md, named after it (s<section>_<rule>).

Each test states the rule's expected values explicitly; the scoreboard also checks every
transfer against the reference model. Tests share one simulator (and the mailbox RAM,
which reset does not clear), so the power-up test comes first. The last test is of the APB
agent itself.
"""

import cocotb
from cocotb.triggers import RisingEdge

from tb import regmap as R
from tb.testbench import MailboxTB
from tests.rule_checks import a_transfer_on_every_reset_edge, every_offset_of_the_window

VF0 = 0


async def setup(dut) -> MailboxTB:
    tb = MailboxTB(dut)
    await tb.reset()
    return tb


def last_vf(tb) -> int:
    return tb.num_vfs - 1


async def vfmailbox(tb, n=VF0) -> int:
    return await tb.vf(n).read(R.VF_MAILBOX)


async def pfmailbox(tb, n=VF0) -> int:
    return await tb.pf.read(R.pf_mailbox(n))


# ---------------------------------------------------------------- section 5: power-up first
@cocotb.test()
async def s5_mailbox_memory_is_zero_after_power_up(dut):
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        for i in range(R.MBX_WORDS):
            assert await tb.pf.read(R.pf_vmbmem(n, i)) == 0
    await tb.finish()


@cocotb.test()
async def s5_reset_values(dut):
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI
        assert await pfmailbox(tb, n) == 0
    for addr in (R.PF_MBVFICR, R.PF_MBVFIMR, R.PF_VFLRE, R.PF_ICR, R.PF_IMS, R.PF_CTRL_EXT):
        assert await tb.pf.read(addr) == 0, f"{addr:#06x} is not 0 after reset"
    assert dut.pf_irq.value == 0
    await tb.finish()


@cocotb.test()
async def s5_reset_does_not_clear_mailbox_memory(dut):
    tb = await setup(dut)
    await tb.pf.write(R.pf_vmbmem(last_vf(tb), 5), 0xCAFEF00D)
    await tb.pf.write(R.PF_MBVFIMR, 0xFF)
    await tb.reset()
    assert await tb.pf.read(R.pf_vmbmem(last_vf(tb), 5)) == 0xCAFEF00D
    assert await tb.pf.read(R.PF_MBVFIMR) == 0
    await tb.finish()


@cocotb.test()
async def s5_pfrstd_clears_rsti_and_sets_rstd_for_every_vf(dut):
    tb = await setup(dut)
    await tb.pf.write(R.PF_CTRL_EXT, R.CTRL_EXT_PFRSTD)
    for n in range(tb.num_vfs):
        v = await vfmailbox(tb, n)
        assert v == R.VFMAILBOX_RSTD, f"VF{n}: {v:#x}"
        assert await vfmailbox(tb, n) == 0, "RSTD is read-to-clear, RSTI stays 0"
    await tb.finish()


@cocotb.test()
async def s5_vf_flr_sets_vflre_and_vmmb_unmasked_and_keeps_mailbox_bits(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(R.PF_IMS, R.ICR_VMMB)
    await tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(n).write(R.vf_vmbmem(0), 0x1234)
    await tb.flr(1 << n)
    assert await tb.pf.read(R.PF_VFLRE) == 1 << n
    assert dut.pf_irq.value == 1, "FLR raises VMMB even with MBVFIMR all masked"
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    assert await vfmailbox(tb, n) & R.VFMAILBOX_VFU, "FLR leaves the VF lock as it was"
    assert await tb.vf(n).read(R.vf_vmbmem(0)) == 0x1234
    await tb.finish()


@cocotb.test()
async def s5_vf_flr_acts_on_every_edge_it_is_high(dut):
    """vf_flr held high over a W1C of VFLRE and a read of ICR: its later edges set them again
    (set beats clear), so both are still set when it falls; an FLR that acted only on its
    first edge would leave them cleared."""
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.clock.acquire()
    dut.vf_flr.value = 1 << n
    await tb.clock.rising_edge()   # the first edge that samples it high
    await tb.pf.write(R.PF_VFLRE, 1 << n)
    icr_during = await tb.pf.read(R.PF_ICR)
    dut.vf_flr.value = 0
    tb.clock.release()
    assert icr_during == R.ICR_VMMB
    assert await tb.pf.read(R.PF_VFLRE) == 1 << n, "the FLR's edges after the first set VFLRE again"
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB, "and raise VMMB again"
    await tb.pf.write(R.PF_VFLRE, 1 << n)
    assert await tb.pf.read(R.PF_VFLRE) == 0, "with vf_flr low, the W1C clears it"
    assert await tb.pf.read(R.PF_ICR) == 0
    await tb.finish()


@cocotb.test()
async def s5_vf_ctrl_rst_write_is_a_vf_reset_event(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(R.VF_CTRL, R.CTRL_RST)
    assert await tb.pf.read(R.PF_VFLRE) == 1 << n
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    await tb.vf(n).write(R.VF_CTRL, ~R.CTRL_RST & 0xFFFFFFFF)
    assert await tb.pf.read(R.PF_ICR) == 0, "a CTRL write without RST is no event"
    assert await tb.vf(n).read(R.VF_CTRL) == 0, "VF CTRL reads as 0"
    await tb.finish()


# ---------------------------------------------------------------- section 1: APB and bits
@cocotb.test()
async def s1_apb_zero_wait_states(dut):
    """pready is 1 in ACCESS; the transfer completes on the edge that ends ACCESS."""
    tb = await setup(dut)
    seen = []

    async def watch():
        await RisingEdge(dut.pf_penable)
        await tb.settle()
        seen.append((int(dut.pf_pready.value), int(dut.pf_pslverr.value), int(dut.pf_prdata.value)))

    cocotb.start_soon(watch())
    await tb.pf.write(R.PF_CTRL_EXT, 0x5A5A0000)
    cocotb.start_soon(watch())
    assert await tb.pf.read(R.PF_CTRL_EXT) == 0x5A5A0000
    assert seen == [(1, 0, 0), (1, 0, 0x5A5A0000)], seen
    await tb.finish()


@cocotb.test()
async def s1_read_data_is_the_state_before_the_edge(dut):
    tb = await setup(dut)
    await tb.pf.write(R.PF_MBVFIMR, 1)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB, "read-to-clear returns the old value"
    assert await tb.pf.read(R.PF_ICR) == 0
    await tb.finish()


@cocotb.test()
async def s1_unlisted_bits_read_zero_and_are_ignored(dut):
    tb = await setup(dut)
    await tb.pf.write(R.pf_mailbox(VF0), 0xFFFFFFE0)   # no listed bit set: releases PFU only
    assert await pfmailbox(tb) == 0
    await tb.pf.write(R.PF_IMS, 0xFFFFFFFF)
    assert await tb.pf.read(R.PF_IMS) == R.ICR_VMMB
    await tb.pf.write(R.PF_MBVFIMR, 0xFFFFFFFF)
    assert await tb.pf.read(R.PF_MBVFIMR) == (1 << tb.num_vfs) - 1
    assert await tb.pf.read(R.PF_IMC) == 0
    await tb.vf(VF0).write(R.VF_MAILBOX, 0xFFFFFF00 | R.VFMAILBOX_VFU)
    assert await vfmailbox(tb) == R.VFMAILBOX_VFU | R.VFMAILBOX_RSTI
    await tb.finish()


@cocotb.test()
async def s1_ctrl_ext_is_plain_32_bit_storage(dut):
    tb = await setup(dut)
    for value in (0xFFFFFFFF & ~R.CTRL_EXT_PFRSTD, 0x12345678 & ~R.CTRL_EXT_PFRSTD, 0):
        await tb.pf.write(R.PF_CTRL_EXT, value)
        assert await tb.pf.read(R.PF_CTRL_EXT) == value
    assert await vfmailbox(tb) == R.VFMAILBOX_RSTI, "no PFRSTD, no reset-done event"
    await tb.finish()


@cocotb.test()
async def s1_bits_of_absent_vfs_read_zero(dut):
    tb = await setup(dut)
    absent = ~((1 << tb.num_vfs) - 1) & 0xFF
    await tb.pf.write(R.PF_MBVFIMR, 0xFF)
    await tb.pf.write(R.PF_MBVFICR, 0x00FF00FF)
    await tb.pf.write(R.PF_VFLRE, 0xFF)
    assert await tb.pf.read(R.PF_MBVFIMR) & absent == 0
    assert await tb.pf.read(R.PF_MBVFICR) == 0
    assert await tb.pf.read(R.PF_VFLRE) == 0
    await tb.finish()


# ---------------------------------------------------------------- section 2: PF window
@cocotb.test()
async def s2_status_fd_lu_speed_follow_link_up_in_both_windows(dut):
    tb = await setup(dut)
    for up in (True, False, True):
        await tb.set_link(up)
        status = 0x00000083 if up else 0      # FD | LU | SPEED=2'b10 (1000 Mb/s), spelled as the contract does
        assert await tb.pf.read(R.PF_STATUS) == status
        assert await tb.vf(last_vf(tb)).read(R.VF_STATUS) == status
    await tb.finish()


@cocotb.test()
async def s2_status_follows_link_up_in_the_access_cycle(dut):
    """link_up changes after the SETUP edge: the read returns the new state (no flop, no
    synchronizer between the pin and STATUS)."""
    tb = await setup(dut)

    async def set_link_in_access(up):
        await RisingEdge(dut.pf_penable)
        await tb.set_link(up)

    for up in (True, False):
        await tb.set_link(not up)
        cocotb.start_soon(set_link_in_access(up))
        assert await tb.pf.read(R.PF_STATUS) == (0x00000083 if up else 0)
    await tb.finish()


@cocotb.test()
async def s2_icr_is_read_to_clear(dut):
    tb = await setup(dut)
    await tb.flr(1)
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    assert await tb.pf.read(R.PF_ICR) == 0
    await tb.finish()


@cocotb.test()
async def s2_ims_sets_and_imc_clears_the_enable(dut):
    tb = await setup(dut)
    await tb.flr(1)
    assert dut.pf_irq.value == 0, "VMMB pending but not enabled"
    await tb.pf.write(R.PF_IMS, R.ICR_VMMB)
    assert await tb.pf.read(R.PF_IMS) == R.ICR_VMMB
    assert dut.pf_irq.value == 1
    await tb.pf.write(R.PF_IMS, 0)
    assert await tb.pf.read(R.PF_IMS) == R.ICR_VMMB, "IMS is write-1-to-set"
    await tb.pf.write(R.PF_IMC, R.ICR_VMMB)
    assert await tb.pf.read(R.PF_IMS) == 0
    assert dut.pf_irq.value == 0
    await tb.finish()


@cocotb.test()
async def s2_pf_irq_is_icr_vmmb_and_ims_vmmb(dut):
    tb = await setup(dut)
    await tb.pf.write(R.PF_IMS, R.ICR_VMMB)
    await tb.pf.write(R.PF_MBVFIMR, 1)
    assert dut.pf_irq.value == 0
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_ACK)
    await tb.settle()
    assert dut.pf_irq.value == 1, "pf_irq rises right after the edge that raised VMMB"
    await tb.pf.read(R.PF_ICR)
    await tb.settle()
    assert dut.pf_irq.value == 0
    await tb.finish()


@cocotb.test()
async def s2_vmbmem_is_the_same_storage_as_the_vf_window(dut):
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        await tb.pf.write(R.pf_vmbmem(n, n % 16), 0xA5000000 | n)
        await tb.vf(n).write(R.vf_vmbmem(15 - n % 16), 0x5A000000 | n)
    for n in range(tb.num_vfs):
        assert await tb.vf(n).read(R.vf_vmbmem(n % 16)) == 0xA5000000 | n
        assert await tb.pf.read(R.pf_vmbmem(n, 15 - n % 16)) == 0x5A000000 | n
    if tb.num_vfs > 1:   # a VF's write reaches its own memory only (vf_pfunc names it)
        n = last_vf(tb)
        await tb.pf.write(R.pf_vmbmem(VF0, 12), 0)
        await tb.vf(n).write(R.vf_vmbmem(12), 0x0F0F0000 | n)
        assert await tb.pf.read(R.pf_vmbmem(VF0, 12)) == 0, f"VF{n}'s write reached VF0's memory"
    await tb.finish()


@cocotb.test()
async def s2_mbvficr_is_write_1_to_clear_and_reads_do_not_clear(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK)
    both = R.vfreq(n) | R.vfack(n)
    assert await tb.pf.read(R.PF_MBVFICR) == both
    assert await tb.pf.read(R.PF_MBVFICR) == both
    await tb.pf.write(R.PF_MBVFICR, R.vfreq(n))
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfack(n)
    await tb.pf.write(R.PF_MBVFICR, R.vfack(n))
    assert await tb.pf.read(R.PF_MBVFICR) == 0
    await tb.finish()


@cocotb.test()
async def s2_mbvfimr_masks_each_vfs_mailbox_interrupt(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(R.PF_MBVFIMR, ((1 << tb.num_vfs) - 1) & ~(1 << n))
    await tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    assert await tb.pf.read(R.PF_ICR) == 0, "VF n is masked"
    await tb.pf.write(R.PF_MBVFIMR, 1 << n)
    assert await tb.pf.read(R.PF_MBVFIMR) == 1 << n
    await tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_ACK)
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    await tb.finish()


@cocotb.test()
async def s2_vflre_is_write_1_to_clear(dut):
    tb = await setup(dut)
    mask = (1 << tb.num_vfs) - 1
    await tb.flr(mask)
    assert await tb.pf.read(R.PF_VFLRE) == mask
    await tb.pf.write(R.PF_VFLRE, 1)
    assert await tb.pf.read(R.PF_VFLRE) == mask & ~1
    await tb.finish()


# ---------------------------------------------------------------- section 3: mailbox registers
@cocotb.test()
async def s3_pf_sts_sets_pfsts_and_pulses_vf_irq(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(R.pf_mailbox(n), R.PFMAILBOX_STS)
    await tb.settle()
    assert dut.vf_irq.value == 1 << n, "vf_irq[n] high in the cycle after the write"
    await RisingEdge(dut.clk)   # the clock gives one more edge after the last transfer
    await tb.settle()
    assert dut.vf_irq.value == 0, "and for that one cycle only"
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_RSTI
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI, "PFSTS is read-to-clear"
    await tb.finish()


@cocotb.test()
async def s3_pf_ack_sets_pfack_and_pulses_vf_irq(dut):
    tb = await setup(dut)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_ACK)
    await tb.settle()
    assert int(dut.vf_irq.value) & 1
    assert await vfmailbox(tb) == R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTI
    assert await vfmailbox(tb) == R.VFMAILBOX_RSTI
    await tb.finish()


@cocotb.test()
async def s3_pfu_is_granted_only_while_vfu_is_clear(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU)
    assert await pfmailbox(tb) == R.PFMAILBOX_VFU, "VF holds the lock: PFU not granted"
    await tb.vf(VF0).write(R.VF_MAILBOX, 0)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU)
    assert await pfmailbox(tb) == R.PFMAILBOX_PFU
    assert await vfmailbox(tb) & (R.VFMAILBOX_PFU | R.VFMAILBOX_VFU) == R.VFMAILBOX_PFU
    await tb.finish()


@cocotb.test()
async def s3_vfu_is_granted_only_while_pfu_is_clear(dut):
    tb = await setup(dut)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    assert await vfmailbox(tb) & R.VFMAILBOX_VFU == 0
    await tb.pf.write(R.pf_mailbox(VF0), 0)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    assert await vfmailbox(tb) & R.VFMAILBOX_VFU
    await tb.finish()


@cocotb.test()
async def s3_every_mailbox_write_sets_or_clears_its_lock(dut):
    """The send writes (REQ, STS, ACK alone) also release the writer's lock."""
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    assert await vfmailbox(tb) & R.VFMAILBOX_VFU == 0
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_STS)
    assert await pfmailbox(tb) == 0
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_ACK | R.PFMAILBOX_PFU)
    assert await pfmailbox(tb) == R.PFMAILBOX_PFU, "ACK|PFU keeps the lock (upstream igb)"
    await tb.finish()


@cocotb.test()
async def s3_rvfu_breaks_the_vf_lock_and_clears_vfreq_vfack(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_RVFU)
    assert await pfmailbox(tb) == 0
    assert await tb.pf.read(R.PF_MBVFICR) == 0
    await tb.finish()


@cocotb.test()
async def s3_vf_req_and_ack_set_vfreq_vfack_and_raise_vmmb_if_unmasked(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(R.PF_MBVFIMR, 1 << n)
    await tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(n)
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    await tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_ACK)
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(n) | R.vfack(n)
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    await tb.finish()


@cocotb.test()
async def s3_vfmailbox_read_clears_pfsts_pfack_rstd_but_not_rsti(dut):
    tb = await setup(dut)
    await tb.reset()
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    assert await vfmailbox(tb) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTI
    assert await vfmailbox(tb) == R.VFMAILBOX_RSTI
    await tb.pf.write(R.PF_CTRL_EXT, R.CTRL_EXT_PFRSTD)
    assert await vfmailbox(tb) == R.VFMAILBOX_RSTD
    assert await vfmailbox(tb) == 0
    await tb.finish()


@cocotb.test()
async def s3_the_lock_is_advisory(dut):
    """Memory and REQ/STS writes are honoured whoever holds the lock."""
    tb = await setup(dut)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU)
    await tb.vf(VF0).write(R.vf_vmbmem(0), 0xBAD0BAD0)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    assert await tb.pf.read(R.pf_vmbmem(VF0, 0)) == 0xBAD0BAD0
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(VF0)
    await tb.finish()


# ---------------------------------------------------------------- section 4: same-edge rules
@cocotb.test()
async def s4_lock_request_meeting_a_release_fails(dut):
    """Both ways: a VFU request meeting a PFU release, a PFU request meeting a VFU release."""
    tb = await setup(dut)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU)
    await tb.same_edge(tb.pf.write(R.pf_mailbox(VF0), 0),
                       tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU))
    assert await pfmailbox(tb) == 0, "after that edge nobody holds it"
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    await tb.same_edge(tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU),
                       tb.vf(VF0).write(R.VF_MAILBOX, 0))
    assert await pfmailbox(tb) == 0, "the PF's request met the VF's release: nobody holds it"
    await tb.finish()


@cocotb.test()
async def s4_pfu_with_rvfu_while_vfu_grants_nothing(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU | R.PFMAILBOX_RVFU)
    assert await pfmailbox(tb) == 0
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU | R.PFMAILBOX_RVFU)
    assert await pfmailbox(tb) == R.PFMAILBOX_PFU, "with VFU clear, PFU|RVFU takes the lock"
    await tb.finish()


@cocotb.test()
async def s4_interrupt_causes_are_events_not_levels(dut):
    tb = await setup(dut)
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    await tb.pf.write(R.PF_MBVFIMR, 1)
    assert await tb.pf.read(R.PF_ICR) == 0, "unmasking a pending VFREQ raises nothing"
    await tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB, "a REQ write raises VMMB even if VFREQ was 1"
    await tb.finish()


@cocotb.test()
async def s4_rule1_set_beats_clear(dut):
    tb = await setup(dut)
    n = VF0
    # VFREQ: VF REQ write against a PF write-1-to-clear.
    await tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
    await tb.same_edge(tb.pf.write(R.PF_MBVFICR, R.vfreq(n)),
                       tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_REQ))
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfreq(n)
    # VFACK: VF ACK write against RVFU.
    await tb.same_edge(tb.pf.write(R.pf_mailbox(n), R.PFMAILBOX_RVFU),
                       tb.vf(n).write(R.VF_MAILBOX, R.VFMAILBOX_ACK))
    assert await tb.pf.read(R.PF_MBVFICR) == R.vfack(n), "VFACK set, VFREQ cleared by RVFU"
    # PFSTS and PFACK: PF write against the VF's read-to-clear; the read sees the old value.
    _, seen = await tb.same_edge(tb.pf.write(R.pf_mailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_ACK),
                                 tb.vf(n).read(R.VF_MAILBOX))
    assert seen & (R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK) == 0
    assert await vfmailbox(tb, n) & (R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK) == \
        R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK
    # RSTD: PFRSTD against the VF's read-to-clear.
    _, seen = await tb.same_edge(tb.pf.write(R.PF_CTRL_EXT, R.CTRL_EXT_PFRSTD),
                                 tb.vf(n).read(R.VF_MAILBOX))
    assert await vfmailbox(tb, n) & R.VFMAILBOX_RSTD
    # ICR.VMMB: a cause against the PF's read-to-clear; VFLRE: a CTRL.RST against W1C.
    await tb.pf.read(R.PF_ICR)
    await tb.vf(n).write(R.VF_CTRL, R.CTRL_RST)
    icr, _ = await tb.same_edge(tb.pf.read(R.PF_ICR), tb.vf(n).write(R.VF_CTRL, R.CTRL_RST))
    assert icr == R.ICR_VMMB and await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    await tb.same_edge(tb.pf.write(R.PF_VFLRE, 1 << n), tb.vf(n).write(R.VF_CTRL, R.CTRL_RST))
    assert await tb.pf.read(R.PF_VFLRE) == 1 << n
    await tb.finish()


@cocotb.test()
async def s4_rule2_lock_tie_goes_to_the_pf(dut):
    tb = await setup(dut)
    await tb.same_edge(tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_PFU),
                       tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU))
    assert await pfmailbox(tb) == R.PFMAILBOX_PFU
    await tb.finish()


@cocotb.test()
async def s4_rule3_rvfu_beats_a_vfu_request(dut):
    tb = await setup(dut)
    await tb.same_edge(tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_RVFU),
                       tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_VFU))
    assert await pfmailbox(tb) == 0
    await tb.finish()


@cocotb.test()
async def s4_rule4_same_word_pf_value_is_stored(dut):
    tb = await setup(dut)
    await tb.same_edge(tb.pf.write(R.pf_vmbmem(VF0, 7), 0x11111111),
                       tb.vf(VF0).write(R.vf_vmbmem(7), 0x22222222))
    assert await tb.vf(VF0).read(R.vf_vmbmem(7)) == 0x11111111
    await tb.same_edge(tb.pf.write(R.pf_vmbmem(VF0, 8), 0x33333333),
                       tb.vf(VF0).write(R.vf_vmbmem(9), 0x44444444))
    assert await tb.pf.read(R.pf_vmbmem(VF0, 9)) == 0x44444444, "different words: both stored"
    await tb.finish()


@cocotb.test()
async def s4_rule5_reset_beats_every_transfer_and_flr(dut):
    """Two rounds under reset: a PF STS|PFU write with a VF memory write, then a PF memory
    write with a VF REQ|VFU write; vf_flr high throughout. Nothing changes, and vf_irq stays
    low after every edge."""
    tb = await setup(dut)
    await tb.pf.write(R.pf_vmbmem(VF0, 3), 0x0000AAAA)
    await tb.pf.write(R.pf_vmbmem(VF0, 4), 0x0000CCCC)
    await tb.pf.write(R.PF_MBVFIMR, 1)
    irq_after_edge = []
    for pf_access, vf_access in (
            (tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_STS | R.PFMAILBOX_PFU),
             tb.vf(VF0).write(R.vf_vmbmem(3), 0x0000BBBB)),
            (tb.pf.write(R.pf_vmbmem(VF0, 4), 0x0000DDDD),
             tb.vf(VF0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU))):
        await tb.clock.acquire()
        dut.rst_n.value = 0
        dut.vf_flr.value = 1
        transfers = cocotb.start_soon(tb.same_edge(pf_access, vf_access))
        for _ in range(3):   # reset stays low over the SETUP and ACCESS edges
            await tb.clock.rising_edge()
            await tb.settle()
            irq_after_edge.append(int(dut.vf_irq.value))
        dut.rst_n.value = 1
        dut.vf_flr.value = 0
        await tb.clock.rising_edge()
        await tb.settle()
        irq_after_edge.append(int(dut.vf_irq.value))
        tb.clock.release()
        await transfers
    assert irq_after_edge == [0] * len(irq_after_edge), f"a vf_irq pulse followed: {irq_after_edge}"
    assert await tb.pf.read(R.pf_vmbmem(VF0, 3)) == 0x0000AAAA, "the VF memory write is dropped"
    assert await tb.pf.read(R.pf_vmbmem(VF0, 4)) == 0x0000CCCC, "the PF memory write is dropped"
    assert await pfmailbox(tb) == 0
    assert await tb.pf.read(R.PF_VFLRE) == 0
    assert await tb.pf.read(R.PF_MBVFICR) == 0
    assert await tb.pf.read(R.PF_ICR) == 0
    assert await vfmailbox(tb) == R.VFMAILBOX_RSTI
    await tb.finish()


@cocotb.test()
async def s4_rule5_reset_drops_a_transfer_on_every_edge_of_the_pulse(dut):
    """A PF and a VF memory write on one edge, completing before, on each edge of (the
    first and the last included), and after reset pulses of 1, 2 and 3 edges."""
    tb = await setup(dut)
    await a_transfer_on_every_reset_edge(tb, [
        (tb.pf, R.pf_vmbmem(VF0, 5), tb.pf, R.pf_vmbmem(VF0, 5)),
        (tb.vf(VF0), R.vf_vmbmem(6), tb.pf, R.pf_vmbmem(VF0, 6))])
    await tb.finish()


# ---------------------------------------------------------------- section 6: errors
async def expect_error_and_nothing_changed(tb, accesses, snapshot_of=None):
    """Every access must get PSLVERR and read 0; no register or memory word may change.
    `snapshot_of(tb)` reads what must not change (default: this top's snapshot)."""
    snapshot_of = snapshot_of or snapshot
    before = await snapshot_of(tb)
    for port, func, write, addr in accesses:
        agent = tb.pf if port == "pf" else tb.vf(func)
        if write:
            await agent.write(addr, 0xFFFFFFFF, expect_error=True)
        else:
            assert await agent.read(addr, expect_error=True) == 0
    assert await snapshot_of(tb) == before


async def snapshot(tb):
    """Every readable PF-side value that no read changes, and every mailbox word."""
    values = [await tb.pf.read(a) for a in (R.PF_CTRL_EXT, R.PF_IMS, R.PF_MBVFICR,
                                           R.PF_MBVFIMR, R.PF_VFLRE)]
    for n in range(tb.num_vfs):
        values.append(await pfmailbox(tb, n))
        values += [await tb.pf.read(R.pf_vmbmem(n, i)) for i in range(R.MBX_WORDS)]
    values.append(int(tb.dut.pf_irq.value))
    return values


@cocotb.test()
async def s6_unmapped_offsets_are_errors(dut):
    """Far offsets, the other window's registers, and the word on each side of every
    register (a decode that ignores an address bit maps one of them)."""
    tb = await setup(dut)
    await tb.pf.write(R.PF_IMS, R.ICR_VMMB)
    await expect_error_and_nothing_changed(tb, [
        ("pf", 0, True, 0x0000), ("pf", 0, False, 0x0004), ("pf", 0, True, 0x0C8C),
        ("pf", 0, False, 0x0A00), ("pf", 0, True, 0xFFFC), ("pf", 0, True, 0x0C40),
        ("vf", 0, True, 0x0004), ("vf", 0, False, 0x0840), ("vf", 0, True, 0x0C00),
        ("vf", 0, False, R.PF_MBVFICR), ("vf", 0, True, R.PF_ICR)])
    pf_registers = (R.PF_STATUS, R.PF_CTRL_EXT, R.PF_ICR, R.PF_IMS, R.PF_IMC, R.PF_MBVFICR,
                    R.PF_MBVFIMR, R.PF_VFLRE)
    vf_registers = (R.VF_CTRL, R.VF_STATUS, R.VF_MAILBOX)
    neighbours = []
    for port, registers in (("pf", pf_registers), ("vf", vf_registers)):
        for addr in sorted({a + d for a in registers for d in (-4, 4)} - set(registers)):
            if addr >= 0:
                neighbours += [(port, 0, True, addr), (port, 0, False, addr)]
    await expect_error_and_nothing_changed(tb, neighbours)
    await tb.finish()


def pf_offsets(num_vfs: int) -> list:
    """Every PF offset that decodes with NUM_VFS VFs."""
    return [R.PF_STATUS, R.PF_CTRL_EXT, R.PF_ICR, R.PF_IMS, R.PF_IMC, R.PF_MBVFICR,
            R.PF_MBVFIMR, R.PF_VFLRE] + [R.pf_mailbox(n) for n in range(num_vfs)] + \
        [R.pf_vmbmem(n, i) for n in range(num_vfs) for i in range(R.MBX_WORDS)]


VF_OFFSETS = [R.VF_CTRL, R.VF_STATUS, R.VF_MAILBOX] + [R.vf_vmbmem(i) for i in range(R.MBX_WORDS)]


@cocotb.test()
async def s6_every_unmapped_offset_of_both_windows_is_an_error(dut):
    """All 16384 aligned offsets of each port, not only the neighbours of its registers: a
    decode that ignores a high address bit answers at a hole far from every register."""
    tb = await setup(dut)
    await tb.pf.write(R.PF_IMS, R.ICR_VMMB)
    await every_offset_of_the_window(tb, tb.pf, pf_offsets(tb.num_vfs), snapshot)
    await every_offset_of_the_window(tb, tb.vf(last_vf(tb)), VF_OFFSETS, snapshot)
    await tb.finish()


@cocotb.test()
async def s6_vf_slots_past_num_vfs_are_errors(dut):
    tb = await setup(dut)
    accesses = []
    for n in range(tb.num_vfs, R.MAX_VFS):
        accesses += [("pf", 0, True, R.pf_vmbmem(n, 0)), ("pf", 0, False, R.pf_vmbmem(n, 15)),
                     ("pf", 0, True, R.pf_mailbox(n)), ("pf", 0, False, R.pf_mailbox(n)),
                     ("vf", n, True, R.VF_MAILBOX), ("vf", n, False, R.vf_vmbmem(0)),
                     ("vf", n, True, R.VF_CTRL), ("vf", n, False, R.VF_STATUS)]
    await tb.set_link(True)   # STATUS would read 0x83 if the error did not force read data to 0
    await expect_error_and_nothing_changed(tb, accesses)
    await tb.set_link(False)
    await tb.finish()


@cocotb.test()
async def s6_misaligned_offsets_are_errors(dut):
    tb = await setup(dut)
    await tb.flr(1)   # VMMB pending: a misaligned ICR read must not clear it
    await expect_error_and_nothing_changed(tb, [
        ("pf", 0, False, R.PF_ICR + 1), ("pf", 0, True, R.pf_mailbox(0) + 2),
        ("pf", 0, True, R.pf_vmbmem(0, 0) + 3), ("pf", 0, True, R.PF_MBVFICR + 1),
        ("vf", 0, True, R.VF_MAILBOX + 1), ("vf", 0, False, R.VF_MAILBOX + 2),
        ("vf", 0, True, R.vf_vmbmem(0) + 1), ("vf", 0, True, R.VF_CTRL + 2)])
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    await tb.finish()


@cocotb.test()
async def s6_writes_to_read_only_registers_are_errors(dut):
    tb = await setup(dut)
    await tb.flr(1)
    await expect_error_and_nothing_changed(tb, [
        ("pf", 0, True, R.PF_STATUS), ("pf", 0, True, R.PF_ICR), ("vf", 0, True, R.VF_STATUS)])
    assert await tb.pf.read(R.PF_ICR) == R.ICR_VMMB
    await tb.finish()


@cocotb.test()
async def s6_error_read_of_a_read_to_clear_register_clears_nothing(dut):
    tb = await setup(dut)
    await tb.pf.write(R.pf_mailbox(VF0), R.PFMAILBOX_STS)
    await tb.vf(VF0).read(R.VF_MAILBOX + 2, expect_error=True)
    if tb.num_vfs < R.MAX_VFS:
        await tb.vf(tb.num_vfs).read(R.VF_MAILBOX, expect_error=True)
    assert await vfmailbox(tb) & R.VFMAILBOX_PFSTS
    await tb.finish()


# ---------------------------------------------------------------- the APB agent itself
@cocotb.test()
async def agent_refuses_a_value_wider_than_its_pin(dut):
    """An address or VF number the pins cannot carry raises before anything is driven (cocotb's
    setter would raise too, but only after SETUP's first pins were driven)."""
    tb = await setup(dut)
    before = tb.scoreboard.transfers
    for bad in (lambda: tb.pf.read(1 << 16), lambda: tb.vf(VF0).write(0x10000 | R.VF_MAILBOX, 1),
                lambda: tb.vf_port.read(R.VF_MAILBOX, func=1 << 8)):
        try:
            await bad()
        except ValueError as e:
            assert "does not fit" in str(e), e
        else:
            raise AssertionError("a value wider than its pin reached the bus")
    assert tb.scoreboard.transfers == before
    assert await tb.pf.read(R.PF_CTRL_EXT) == 0, "and the bus still works"
    await tb.finish()
