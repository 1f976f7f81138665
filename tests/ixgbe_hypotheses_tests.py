"""One test per hypothesis of docs/drivers-ixgbe.md section 5, asserting the verdict the hunt
found (README "The 10 GbE drivers", findings). Each aims the PF watchdog's ping (a link flap
on the link_up pin) at a window it measured in a plain bring-up of the same pair, so the test
follows the drivers' timing instead of hard-coding times. With WAVES=1 each writes a GTKWave
view with markers next to the dump (tb/waves/ixgbe_views.py).

    FAMILY=ixgbe NUM_VFS=1 COCOTB_TEST_MODULES=ixgbe_hypotheses_tests \\
        COCOTB_TEST_FILTER=h1_ping_erases_request [WAVES=1] make SIM=icarus
"""

import cocotb

from tb import messages_ixgbe as M
from tb.drivers.host import profile
from tb.drivers.ixgbevf import IXGBE_ERR_INVALID_MAC_ADDR, VF_MBX_TIMEOUT_PS
from tb.scenarios.ixgbe_bringup import Flap, run_ixgbe_scenario
from tb.scenarios.ixgbe_hunt import flap_for_ping_at, request_times
from tb.scenarios.ixgbe_report import loss_steps
from tb.testbench import MailboxTB
from tb.waves.ixgbe_views import write_hunt_view_if_waves

LINUX = ("ixgbevf-6.1", "ixgbe-6.1")
TIMING = "bare-metal"


async def aimed(tb, pair, message: str, where: str, delay_us: float, num_vfs: int = 1):
    """A plain bring-up of `pair`, then one with the first ping `delay_us` after `message`'s
    REQ (where="req") or its PF reply STS (where="sts")."""
    timing = profile(TIMING)
    plain = await run_ixgbe_scenario(tb, *pair, timing, num_vfs=num_vfs)
    req, sts = request_times(plain)[message][0]
    at = flap_for_ping_at((req if where == "req" else sts) + delay_us, timing)
    v = await run_ixgbe_scenario(tb, *pair, timing, num_vfs=num_vfs, flap=Flap(at))
    tb.log.info("flap at %.3f us; steps:\n%s", at, "\n".join(loss_steps(v)))
    write_hunt_view_if_waves(tb, v, f"{pair[0]}:{pair[1]}-{message}-{where}+{delay_us:g}us")
    return plain, v


def outcome(v, name: str):
    return next(o for o in v.outcomes[0] if o.name == name)


@cocotb.test()
async def h1_ping_erases_request(dut):
    """Hypothesis 1, reproduced: the ping lands between SET_MULTICAST's REQ and msg_task's
    look; its write path's flush (W1C of VFREQ) erases the request; the VF reads the ping
    as its reply and update_mc_addr_list returns success: a filter the PF never set."""
    tb = MailboxTB(dut)
    plain, v = await aimed(tb, LINUX, "SET_MULTICAST", "req", 2.0)
    assert plain.of(0).all_delivered and not plain.pf_messages_lost()
    assert v.of(0).fate_of("SET_MULTICAST") == "erased", v.of(0).messages
    mc = outcome(v, "SET_MULTICAST")
    assert mc.err == 0 and mc.reply_word0 == M.IXGBE_PF_CONTROL_MSG | M.IXGBE_VT_MSGTYPE_CTS
    assert [o.name for o in v.silent()] == ["SET_MULTICAST"]
    assert v.of(0).timeouts == 0 and v.of(0).link_up   # nothing tells anyone
    await tb.finish()


@cocotb.test()
async def h1_ping_overwrites_reply(dut):
    """Hypothesis 1, the wider window: a ping between the PF's reply and the VF's next poll
    (up to 500 us) overwrites the unread reply; the VF takes the ping as its reply. The
    request was delivered, so the PF's filter is right, but set_vfta_vf now fails (a reply
    type it checks); SET_MULTICAST does not look and returns success."""
    tb = MailboxTB(dut)
    _, v = await aimed(tb, LINUX, "SET_VLAN", "sts", 100.0)
    assert v.of(0).all_delivered
    assert "SET_VLAN" in v.pf_messages_lost()
    vlan = outcome(v, "SET_VLAN")
    assert vlan.wrong_reply and vlan.err != 0
    await tb.finish()


@cocotb.test()
async def h1_ping_in_reset_wait(dut):
    """Hypothesis 1 at probe: a ping in the VF's 10 ms wait after VF_RESET overwrites the
    reset reply (MAC address); reset_hw returns IXGBE_ERR_INVALID_MAC_ADDR, probe skips API
    negotiation, and open resets a second time (sw_init, ixgbevf_open)."""
    tb = MailboxTB(dut)
    _, v = await aimed(tb, LINUX, "VF_RESET", "req", 2000.0)
    resets = [o for o in v.outcomes[0] if o.name == "VF_RESET"]
    assert [o.err for o in resets] == [IXGBE_ERR_INVALID_MAC_ADDR, 0], resets
    assert "VF_RESET" in v.pf_messages_lost()
    assert v.of(0).link_up and v.api[0][:2] == ("1.4", "1.4")
    await tb.finish()


@cocotb.test()
async def h2_two_pf_contexts_share_the_lock(dut):
    """Hypothesis 2, reproduced: the watchdog's ping asks for PFU while msg_task holds it
    (reading GET_QUEUES' 16 words); the legacy lock (write PFU, read it back) grants it
    again, both contexts write, and the ping's STS is read as GET_QUEUES' reply."""
    tb = MailboxTB(dut)
    _, v = await aimed(tb, LINUX, "GET_QUEUES", "req", 10.0)
    assert v.shared_pf_locks and v.shared_pf_locks[0][2] == 0, v.shared_pf_locks
    gq = [o for o in v.outcomes[0] if o.name == "GET_QUEUES"]
    assert any(o.wrong_reply for o in gq), gq
    await tb.finish()


@cocotb.test()
async def h3_api15_vf_against_mixed_pf(dut):
    """Hypothesis 3, reproduced: the PF accepts API 1.5 but keeps the legacy primitives; the
    VF switches to 1.5 ops, holds VFU until PFACK, the PF's one-try lock fails ("Error
    receiving message"), VFREQ was already cleared: every request after the switch is lost
    and each costs the VF its 1 s ACK timeout."""
    tb = MailboxTB(dut)
    v = await run_ixgbe_scenario(tb, "ixgbevf-6.1", "ixgbe-mixed", profile(TIMING), num_vfs=1)
    assert v.api[0] == ("1.5", "1.5", "1.5")
    fates = [(m.name, m.fate) for m in v.of(0).messages]
    after = fates[[n for n, _ in fates].index("API_NEGOTIATE") + 1:]
    assert after and all(f == "erased" for _, f in after), fates
    assert all(o.err for o in v.outcomes[0][2:]), v.outcomes[0]
    assert v.of(0).timeouts == len(after)
    await tb.finish()


@cocotb.test()
async def h4_api15_both_sides(dut):
    """Hypothesis 4 and "does API 1.5 close every loss": both sides on 1.5 (the shared-code
    PF). Plain bring-up is clean. The ping aimed at SET_MULTICAST's request no longer erases
    it (the VF holds VFU until PFACK, the new PF lock waits), but the ping, written with CTS,
    wins the lock before the reply and is read as the reply; the PF then waits for VFACK
    while the VF's next request waits for PFACK: both sides stall about 1 s, and the next
    request is lost with a VF error. Not silent, but not closed."""
    tb = MailboxTB(dut)
    plain, v = await aimed(tb, ("ixgbevf-6.1", "ixgbe-api15"), "SET_MULTICAST", "req", 2.0)
    assert plain.of(0).all_delivered and plain.api[0] == ("1.5", "1.5", "1.5")
    assert v.of(0).fate_of("SET_MULTICAST") == "delivered"   # the erase (H1) is closed
    assert outcome(v, "SET_MULTICAST").wrong_reply            # the ping is still taken
    assert v.lost() and not v.silent()
    errors = [o.name for o in v.outcomes[0] if o.err]
    assert errors, v.outcomes[0]
    stall = max(e.time_ps for e in v.timeline.of_kind("mbx-timeout")) - v.start_ps
    assert stall >= VF_MBX_TIMEOUT_PS, stall
    await tb.finish()


@cocotb.test()
async def h1_flap_leaves_the_vf_down(dut):
    """Hypothesis 1, both windows in one flap: the link-down ping overwrites the VF_RESET
    reply (probe's reset fails), the link-up ping erases open's second VF_RESET request
    (its reset fails too, the VF reads the ping again): ixgbevf_open gives up ("Unable to
    start"), the VF stays down on API 1.0."""
    tb = MailboxTB(dut)
    timing = profile(TIMING)
    plain = await run_ixgbe_scenario(tb, *LINUX, timing, num_vfs=1)
    first = flap_for_ping_at(request_times(plain)["VF_RESET"][0][0] + 2000.0, timing)
    once = await run_ixgbe_scenario(tb, *LINUX, timing, num_vfs=1, flap=Flap(first, 100.0))
    second_reset = request_times(once)["VF_RESET"][1][0]     # open's reset, in that run
    down = flap_for_ping_at(second_reset + 2.0, timing) - first
    v = await run_ixgbe_scenario(tb, *LINUX, timing, num_vfs=1, flap=Flap(first, down))
    tb.log.info("flap at %.3f us, down %.3f us; steps:\n%s", first, down, "\n".join(loss_steps(v)))
    write_hunt_view_if_waves(tb, v, f"{LINUX[0]}:{LINUX[1]}-flap-leaves-vf-down")
    resets = [o for o in v.outcomes[0] if o.name == "VF_RESET"]
    assert len(resets) == 2 and all(o.err for o in resets), resets
    assert [m.fate for m in v.of(0).messages] == ["delivered", "erased"], v.of(0).messages
    assert not v.of(0).link_up and v.api[0][0] == "1.0"
    await tb.finish()
