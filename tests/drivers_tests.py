"""The driver models and host timing against the RTL: the VF's shadow of VFMailbox, the
posted-message timeout, lock retries, and the host's ordering and costs."""

import random

import cocotb

from tb import messages as M
from tb import regmap as R
from tb.bus.clock import now_ps
from tb.checkers.timeline import Timeline
from tb.drivers.igb import Igb, igb_version
from tb.drivers.igbvf import E1000_VF_MBX_INIT_DELAY, E1000_VF_MBX_INIT_TIMEOUT, Igbvf, igbvf_version
from tb.testbench import MailboxTB
from tb.drivers.host import Host, profile

US = 10**6  # ps


class Recorder:
    """The transfers the pin monitor saw, with their times."""

    def __init__(self, tb):
        self.seen = []
        tb.observers.append(lambda s: self.seen.extend((s.time_ps, t) for t in s.transfers))

    def count(self, port=None, addr=None, write=None):
        return sum(1 for _, t in self.seen if (port is None or t.port == port)
                   and (addr is None or t.addr == addr) and (write is None or t.write == write))


async def setup(dut, vf_version="igbvf-1.1.5", pf_version="igb-3.2.10", timing="bare-metal"):
    tb = MailboxTB(dut)
    await tb.reset()
    timeline = Timeline()
    rng = random.Random(0)
    t = profile(timing)
    pf = Igb(Host("PF", tb.pf, t, rng, irq=dut.pf_irq), igb_version(pf_version), tb.num_vfs,
             timeline)
    vf = Igbvf(Host("VF0", tb.vf(0), t, rng), igbvf_version(vf_version), 0, timeline)
    return tb, pf, vf


@cocotb.test()
async def vf_shadow_keeps_read_to_clear_bits(dut):
    tb, pf, vf = await setup(dut)
    await tb.pf.write(R.pf_mailbox(0), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    assert await vf.check_for_ack_vf()                  # this read cleared PFSTS in the RTL...
    assert not await tb.vf(0).read(R.VF_MAILBOX) & R.VFMAILBOX_PFSTS
    assert vf.v2p_mailbox & R.VFMAILBOX_PFSTS          # ...but the shadow kept it
    assert await vf.check_for_msg_vf()
    assert not await vf.check_for_msg_vf(), "consumed once"
    assert not await vf.check_for_ack_vf()
    await tb.finish()


@cocotb.test()
async def vf_poll_for_ack_times_out_after_2000_polls_then_fails_at_once(dut):
    tb, pf, vf = await setup(dut)
    seen = Recorder(tb)
    vf.timeout = E1000_VF_MBX_INIT_TIMEOUT
    start = now_ps()
    assert not await vf.write_posted([M.E1000_VF_SET_PROMISC], 1), "nobody ACKs"
    elapsed = now_ps() - start
    assert vf.timeout == 0
    # lock read-back, two flush reads, then 2000 failed checks, each followed by udelay(500)
    assert seen.count("vf", R.VF_MAILBOX, write=False) == 3 + E1000_VF_MBX_INIT_TIMEOUT
    polls = E1000_VF_MBX_INIT_TIMEOUT * E1000_VF_MBX_INIT_DELAY * US
    assert polls < elapsed < polls * 1.01, elapsed
    before = len(seen.seen)
    assert not await vf.write_posted([M.E1000_VF_SET_LPE, 1522], 2)
    assert len(seen.seen) == before, "with mbx->timeout = 0 a posted write touches nothing"
    await tb.finish()


@cocotb.test()
async def vf_one_try_lock_fails_while_the_pf_holds_it(dut):
    tb, pf, vf = await setup(dut)
    seen = Recorder(tb)
    await tb.pf.write(R.pf_mailbox(0), R.PFMAILBOX_PFU)
    vf.timeout = E1000_VF_MBX_INIT_TIMEOUT
    assert not await vf.write_mbx_vf([M.E1000_VF_SET_PROMISC], 1)
    assert seen.count("vf") == 2, "one VFU write and one read-back, nothing else"
    await tb.finish()


@cocotb.test()
async def upstream_vf_retries_its_lock_11_times(dut):
    tb, pf, vf = await setup(dut, vf_version="igbvf-upstream")
    seen = Recorder(tb)
    await tb.pf.write(R.pf_mailbox(0), R.PFMAILBOX_PFU)
    start = now_ps()
    assert not await vf.obtain_mbx_lock_vf()
    assert seen.count("vf", R.VF_MAILBOX, write=True) == 11
    assert now_ps() - start >= 11 * 1000 * US
    await tb.finish()


@cocotb.test()
async def pf_read_keeps_the_lock_only_upstream(dut):
    for version, kept in (("igb-3.2.10", False), ("igb-upstream", True)):
        tb, pf, vf = await setup(dut, pf_version=version)
        await tb.vf(0).write(R.vf_vmbmem(0), M.E1000_VF_SET_LPE)
        assert await pf.mbx.read(1, 0, pf.version.unlock_on_read) == [M.E1000_VF_SET_LPE]
        await pf.host.drain()
        held = bool(await tb.pf.read(R.pf_mailbox(0)) & R.PFMAILBOX_PFU)
        assert held == kept, version
        await tb.finish()


@cocotb.test()
async def pf_write_flushes_vfreq_and_vfack(dut):
    """write_mbx_pf clears a pending VFREQ: the step that erases a request in the race."""
    tb, pf, vf = await setup(dut)
    await tb.vf(0).write(R.VF_MAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK)
    assert await pf.mbx.write([M.E1000_PF_CONTROL_MSG], 1, 0)
    await pf.host.drain()
    assert await tb.pf.read(R.PF_MBVFICR) == 0
    assert await tb.vf(0).read(R.VF_MAILBOX) & R.VFMAILBOX_PFSTS
    await tb.finish()


@cocotb.test()
async def host_posted_writes_land_in_order_and_reads_wait_for_them(dut):
    tb, pf, vf = await setup(dut)
    seen = Recorder(tb)
    host = pf.host
    t = host.timing
    start = now_ps()
    await host.write(R.pf_vmbmem(0, 0), 1)
    await host.write(R.pf_vmbmem(0, 1), 2)
    assert now_ps() - start == round(2 * t.posted_write_issue_us * US), "the CPU pays issue cost"
    value = await host.read(R.pf_vmbmem(0, 1))
    assert value == 2, "the read reached the device after both writes"
    times = [time for time, _ in seen.seen]
    kinds = [(x.write, x.addr) for _, x in seen.seen]
    assert kinds == [(True, R.pf_vmbmem(0, 0)), (True, R.pf_vmbmem(0, 1)), (False, R.pf_vmbmem(0, 1))]
    assert times[0] >= start + t.posted_write_flight_us * US, "a posted write lands after its flight"
    assert times[0] < times[1] < times[2]
    assert now_ps() - start >= t.mmio_read_us * US, "the read stalls the CPU a round trip"
    await tb.finish()
