"""Faults during the 10 GbE bring-up, with the drivers running (tb.scenarios.ixgbe_events):
a VF's FLR in the middle of a message, a PF reset with its VFs up, a hostile VF beside a
VF coming up. Each aims at a time a plain bring-up of the same pair showed and asserts what
the pins and the drivers then show (README "The 10 GbE drivers", faults).

    FAMILY=ixgbe NUM_VFS=3 COCOTB_TEST_MODULES=ixgbe_events_tests make SIM=icarus
"""

import cocotb

from tb.drivers.host import profile
from tb.drivers.ixgbevf import IXGBE_ERR_MBX, IXGBE_ERR_TIMEOUT
from tb.scenarios.ixgbe_bringup import run_ixgbe_scenario
from tb.scenarios.ixgbe_events import HostileVfStorm, PfReset, VfFlr
from tb.scenarios.ixgbe_hunt import request_times
from tb.testbench import MailboxTB, needs_vfs

LINUX = ("ixgbevf-6.1", "ixgbe-6.1")
TIMING = "bare-metal"
needs_three_vfs = needs_vfs(3, "VFs 0 and 1 with drivers, VF 2 hostile")


async def plain_and_with(tb, event_at, **kw):
    """A plain bring-up of the Linux pair, then the same with the events `event_at(times)`
    returns (times: request_times of the plain run, us from the start)."""
    timing = profile(TIMING)
    plain = await run_ixgbe_scenario(tb, *LINUX, timing, **kw)
    events = event_at(request_times(plain))
    v = await run_ixgbe_scenario(tb, *LINUX, timing, events=events, **kw)
    return plain, v, events


def pf_log(v, kind: str, vf: int = None, after_us: float = 0.0) -> list:
    return [e for e in v.timeline.of_kind(kind) if (vf is None or e.vf == vf)
            and e.time_ps >= v.start_ps + after_us * 1e6]


def steps_around(tb, v, at_us: float, before_us: float = 20.0, after_us: float = 1500.0):
    """The timeline from `before_us` before the fault to `after_us` after it, logged (time
    and clock edge from the scenario's start) before the test asserts anything."""
    lo, hi = v.start_ps + (at_us - before_us) * 1e6, v.start_ps + (at_us + after_us) * 1e6
    tb.log.info("outcomes %s; fates %s", {n: [(o.name, o.err) for o in v.outcomes[n]]
                                          for n in v.outcomes},
                {n: [(m.name, m.fate) for m in x.messages] for n, x in v.verdicts.items()})
    tb.log.info("around the fault at %.3f us:\n%s", at_us, "\n".join(
        e.line(v.start_ps, v.start_edge) for e in v.timeline.in_order() if lo <= e.time_ps <= hi))


@cocotb.test()
async def vf_flr_between_req_and_the_pf_look(dut):
    """An FLR of VF 0 1 us after SET_MULTICAST's REQ, before msg_task looks (5 us interrupt
    latency): the FLR keeps VFREQ and the words, so msg_task first drops the VF's filters and
    API (ixgbe_vf_reset_event for the VFLR bit), then reads the request from before the FLR
    and answers it. Nothing is lost on the pins; the VF, unaware of the FLR, goes on at API
    1.4 while the PF holds API 1.0 for it: GET_LINK_STATE (1.2 and up at the PF) is NACKed
    (the VF sees an error, not silence)."""
    tb = MailboxTB(dut)
    plain, v, (flr,) = await plain_and_with(
        tb, lambda t: [VfFlr(t["SET_MULTICAST"][0][0] + 1.0)], num_vfs=1)
    steps_around(tb, v, flr.at_us)
    assert plain.of(0).all_delivered and not plain.api_mismatch()
    resets = pf_log(v, "vf-reset-event", 0, flr.at_us)
    received = pf_log(v, "rcv", 0, flr.at_us)
    mc = next(e for e in received if "SET_MULTICAST" in e.text)
    assert len(resets) == 1 and resets[0].time_ps < mc.time_ps, "the reset event came first"
    assert v.of(0).all_delivered and not v.lost() and not v.silent()
    assert v.api[0][:2] == ("1.4", "1.0") and v.api_mismatch() == [0]
    errors = [o.name for o in v.outcomes[0] if o.err]
    assert errors == ["GET_LINK_STATE"], v.outcomes[0]
    tb.log.info("FLR after SET_MULTICAST's REQ: reset event at %.3f us, request read at %.3f "
                "us; API VF/PF %s; operations that then failed: %s",
                (resets[0].time_ps - v.start_ps) / 1e6, (mc.time_ps - v.start_ps) / 1e6,
                v.api[0], errors)
    await tb.finish()


@cocotb.test()
async def vf_flr_before_the_vf_reads_its_reply(dut):
    """An FLR of VF 0 50 us after the PF's reply to SET_MULTICAST (the VF polls every
    500 us): the FLR clears PFSTS, so the VF's poll never sees the reply; SET_MULTICAST
    times out (2000 polls, 1 s) and returns IXGBE_ERR_TIMEOUT, although the PF did set the
    filter (the request was delivered). The PF's reset event put the VF back at API 1.0, so
    GET_LINK_STATE (1.2 and up) is NACKed: an error, nothing silent, nothing taken for a reply."""
    tb = MailboxTB(dut)
    plain, v, (flr,) = await plain_and_with(
        tb, lambda t: [VfFlr(t["SET_MULTICAST"][0][1] + 50.0)], num_vfs=1)
    steps_around(tb, v, flr.at_us)
    assert plain.of(0).all_delivered and not plain.api_mismatch()
    result = {o.name: o.err for o in v.outcomes[0]}
    assert result["SET_MULTICAST"] == IXGBE_ERR_TIMEOUT and v.of(0).all_delivered, result
    assert result["GET_LINK_STATE"] == IXGBE_ERR_MBX and v.api_mismatch() == [0], result
    assert not v.silent() and not v.wrong_replies() and not v.lost()
    assert len(pf_log(v, "vf-reset-event", 0, flr.at_us)) == 1
    tb.log.info("FLR before the VF read its reply: %s", result)
    await tb.finish()


@needs_three_vfs
@cocotb.test()
async def pf_reset_with_vfs_up(dut):
    """VFs 0 and 1 up; the PF resets (down: a ping without CTS; rst_n; PFRSTD). Each VF's
    next link check sees the reset (RSTD) and reads the ping: no CTS, so the link is down;
    its legacy read ACKs, and msg_task NACKs an ACK from a VF that is not clear-to-send; the
    check after that reads the NACK and asks for a reset (ret_val -1): the recovery path
    works, and no request is lost."""
    tb = MailboxTB(dut)
    plain, v, events = await plain_and_with(
        tb, lambda t: [PfReset(max(s or r for r, s in t["GET_LINK_STATE"]) + 3000.0)],
        vfs=(0, 1), num_vfs=3, stagger_us=300.0, watchdog_runs=4)
    for vf in (0, 1):
        assert plain.of(vf).all_delivered
        assert v.of(vf).all_delivered and not v.lost(vf) and not v.silent(vf)
        checks = [e.text for e in v.timeline.of_kind("link") if e.vf == vf
                  and e.time_ps > v.start_ps + events[0].at_us * 1e6]
        assert any("reset requested" in c for c in checks), (vf, checks)
        assert not v.of(vf).link_up, "the VF shows link down until it resets"
    assert len(pf_log(v, "nack")) >= 2, "a NACK to each VF's ACK"
    tb.log.info("PF reset at %.1f us: link checks after it: %s", events[0].at_us,
                {vf: [e.text for e in v.timeline.of_kind("link") if e.vf == vf][-3:]
                 for vf in (0, 1)})
    await tb.finish()


@needs_three_vfs
@cocotb.test()
async def hostile_vf_beside_a_vf_coming_up(dut):
    """VF 2 holds its lock forever, writes REQ every 20 us and accesses outside its window
    while VF 0 comes up against the ixgbe PF driver: every bad access is refused; msg_task
    fails to lock VF 2's mailbox on each interrupt ("Error receiving message") and goes on
    to the other VFs; VF 0 comes up clean, at API 1.4, with every request delivered."""
    tb = MailboxTB(dut)
    storm = HostileVfStorm(vf=2, for_us=20_000.0)
    timing = profile(TIMING)
    v = await run_ixgbe_scenario(tb, *LINUX, timing, vfs=(0,), num_vfs=3, events=[storm])
    assert storm.hostile.req_writes > 100 and not storm.hostile.refused_wrongly()
    assert v.of(0).all_delivered and not v.lost(0) and not v.wrong_replies(0)
    assert v.api[0] == ("1.4", "1.4", "legacy") and v.of(0).link_up
    failed = pf_log(v, "read-failed", 2)
    assert failed and not pf_log(v, "read-failed", 0)
    received = [r for r in v.pf_received if r.vf == 2]
    tb.log.info("hostile VF 2: %d REQ writes, %d bad accesses refused; msg_task's failed "
                "reads of VF 2: %d, messages it read from VF 2: %d; VF 0 clean",
                storm.hostile.req_writes, len(storm.hostile.forbidden), len(failed),
                len(received))
    await tb.finish()
