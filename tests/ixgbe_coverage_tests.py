"""Functional coverage regression of the ixgbe family (tb/checkers/ixgbe.py's IxgbeCoverage):
the family's random traffic, then directed stimulus for what random traffic does not reach
(the four PFMBICR registers and the VFs at their boundaries, both PFMBIMR/VFLRE/VFLREC words,
EICR/EICS/EIMS/EIMC, the FLR's clears and rule 6, VFLINKS and the inert VF registers, the
same-edge rules and reset). The last test writes coverage.xml and coverage.txt to the build
directory and fails naming every reachable bin not hit; the bins of VFs this build lacks are
excluded (tb.checkers.ixgbe.unreachable_bins). Run the module whole.

Seed of the random part: MAILBOX_SEED (default 1); MAILBOX_ACCESSES (default 4000).
"""

import cocotb

from tb import regmap as R
from tb.family import IXGBE, of_dut
from tb import regmap_ixgbe as X
from tb.checkers.coverage import all_hits, write_report
from tb.checkers.ixgbe import BOUNDARY_VFS, INERT_NAMES, unreachable_bins
from tests.coverage_tests import (LAST_WORD, PF_WORD, VF_WORD, assert_reached,
                                  random_traffic_stimulus, report_dir, reset_over_transfers_and_flr,
                                  sample)

VF0 = 0
MAILBOX = X.IXGBE_EICR_MAILBOX
ALL_ONES = 0xFFFFFFFF


async def on_flr_edge(tb, mask: int, *accesses):
    """Run `accesses` (one per port) so that they complete on the edge where vf_flr = mask."""
    await tb.clock.acquire()
    transfers = cocotb.start_soon(tb.same_edge(*accesses) if len(accesses) > 1 else accesses[0])
    await tb.clock.rising_edge()        # their SETUP edge
    tb.dut.vf_flr.value = mask
    await tb.clock.rising_edge()        # their ACCESS edge, with the FLR
    tb.dut.vf_flr.value = 0
    tb.clock.release()
    await transfers


def existing(tb, vfs) -> list:
    return [n for n in vfs if n < tb.num_vfs]


async def registers_and_boundaries_stimulus(tb, cov):
    """Directed: a REQ and an ACK of the first and last VF of every PFMBICR register, each read
    and cleared there; PFMBIMR masking and unmasking in both words; FLRs read in VFLRE(k) and
    VFLREC(k) and cleared; EICR/EICS/EIMS/EIMC; CTRL_EXT's PFRSTD and its other bits."""
    before = all_hits()
    pf = tb.pf
    await pf.write(X.IXGBE_EIMS, MAILBOX)
    for n in existing(tb, (0,) + BOUNDARY_VFS):
        vf = tb.vf(n)
        await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ)
        await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_ACK)
        assert await pf.read(X.pfmbicr(n)) == X.vfreq(n) | X.vfack(n), f"VF{n}"
        await pf.write(X.pfmbicr(n), X.vfreq(n) | X.vfack(n))
    for n in existing(tb, (0, 32)):   # the first VF of each 32-VF word
        await pf.write(X.IXGBE_EICR, MAILBOX)
        await pf.write(X.pfmbimr(n), 0)
        await tb.vf(n).write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ)
        assert await pf.read(X.IXGBE_EICR) == 0, f"a masked REQ of VF{n} raised EICR"
        await pf.write(X.pfmbicr(n), X.vfreq(n))
        await pf.write(X.pfmbimr(n), ALL_ONES)
        await tb.vf(n).write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ)
        assert await pf.read(X.IXGBE_EICR) == MAILBOX     # read, and it stays set
        assert await pf.read(X.IXGBE_EICS) == MAILBOX
        await pf.write(X.pfmbicr(n), X.vfreq(n))
        await tb.flr(1 << n)
        bit = X.vf_word_bit(n)
        assert await pf.read(X.vflre(n)) == bit and await pf.read(X.vflrec(n)) == bit
        await pf.write(X.vflrec(n), bit)
    await pf.write(X.IXGBE_EICR, MAILBOX)
    await pf.write(X.IXGBE_EICS, MAILBOX)
    await pf.write(X.IXGBE_EIMC, MAILBOX)
    await pf.write(X.IXGBE_EICR, MAILBOX)
    await pf.write(X.IXGBE_CTRL_EXT, 0x1234_0000 | X.IXGBE_CTRL_EXT_PFRSTD)
    assert await pf.read(X.IXGBE_CTRL_EXT) == 0x1234_0000
    await assert_reached(tb, cov, before, lambda b: b.startswith(
        ("ixgbe.registers.", "ixgbe.vf_boundaries.", "ixgbe.eicr.", "bit.PFMBIMR.set_by_write",
         "bit.PFMBIMR.cleared_by_write", "bit.EICR_MAILBOX.set_by_vf_req_write",
         "bit.EICR_MAILBOX.set_by_eics_write", "bit.EICR_MAILBOX.cleared_by_w1c",
         "bit.EIMS_MAILBOX.set_by_eims_write", "bit.EIMS_MAILBOX.cleared_by_eimc_write"))
        and b not in unreachable_bins(tb.num_vfs))


async def flr_and_vf_window_stimulus(tb, cov):
    """Directed: an FLR clearing VFU, PFSTS, PFACK and RSTD and keeping RSTI, PFU, VFREQ and
    VFACK, raising EICR with the VF masked; several VFs at once; VFLINKS and VFSTATUS with the
    link up and down; every inert VF register written; VFCTRL.RST doing nothing."""
    before = all_hits()
    pf, vf = tb.pf, tb.vf(VF0)
    await tb.flr(1 << VF0)                                   # keeps RSTI
    await pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    await pf.write(X.pfmailbox(VF0), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK | R.VFMAILBOX_VFU)
    await pf.write(X.pfmbimr(VF0), 0)
    await pf.write(X.IXGBE_EICR, MAILBOX)
    await tb.flr(1 << VF0)   # clears VFU, PFSTS, PFACK, RSTD; keeps VFREQ, VFACK; raises EICR
    assert await vf.read(X.IXGBE_VFMAILBOX) == 0
    await pf.write(X.pfmailbox(VF0), R.PFMAILBOX_PFU)
    await tb.flr((1 << tb.num_vfs) - 1)                     # keeps PFU; several VFs at once
    assert await pf.read(X.pfmailbox(VF0)) == R.PFMAILBOX_PFU
    await pf.write(X.pfmailbox(VF0), 0)
    for up in (True, False):
        await tb.set_link(up)
        await vf.read(X.IXGBE_VFLINKS)
        await vf.read(X.IXGBE_VFSTATUS)
    for addr in sorted(INERT_NAMES):
        await vf.write(addr, ALL_ONES)
        assert await vf.read(addr) == 0
    await vf.write(X.IXGBE_VFCTRL, X.IXGBE_VFCTRL_RST)
    await assert_reached(tb, cov, before, lambda b: (b.startswith(("ixgbe.flr.", "ixgbe.vf_window."))
                         or b.endswith("cleared_by_flr")) and b not in unreachable_bins(tb.num_vfs))


async def same_edge_rules_stimulus(tb, cov):
    """Directed: rule 1 for EICR, the VFLR event and the W1C of VFREQ and VFACK, and rule 6,
    on VF0 (the other igb-shaped same-edge rules come from the random traffic)."""
    before = all_hits()
    n, pf, vf = VF0, tb.pf, tb.vf(VF0)
    mbx = X.pfmailbox(n)
    await tb.same_edge(pf.write(X.IXGBE_EICR, MAILBOX),
                           vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ))
    await tb.same_edge(pf.write(X.pfmbicr(n), X.vfreq(n)),
                       vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ))
    await tb.same_edge(pf.write(X.pfmbicr(n), X.vfack(n)),
                       vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_ACK))
    await on_flr_edge(tb, 1 << n, pf.write(X.vflrec(n), X.vf_word_bit(n)))
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU)
    await on_flr_edge(tb, 1 << n, pf.write(mbx, R.PFMAILBOX_PFU))        # VF held VFU: refused
    await on_flr_edge(tb, 1 << n, pf.write(mbx, R.PFMAILBOX_PFU),
                      vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU))       # PF granted, VF not
    await pf.write(mbx, 0)
    await on_flr_edge(tb, 1 << n, vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_VFU))
    await on_flr_edge(tb, 1 << n, pf.write(mbx, R.PFMAILBOX_STS | R.PFMAILBOX_ACK),
                      vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ))
    await on_flr_edge(tb, 1 << n, pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD),
                      vf.write(X.vfmbmem(LAST_WORD), VF_WORD))
    assert await pf.read(X.pfmbmem(n, LAST_WORD)) == VF_WORD
    await tb.same_edge(pf.write(X.pfmbmem(n, LAST_WORD), PF_WORD),
                           vf.write(X.vfmbmem(LAST_WORD), VF_WORD))
    await assert_reached(tb, cov, before, lambda b: b.startswith(
        ("same_edge.rule6_", "same_edge.rule1_EICR", "same_edge.rule1_VFLRE",
         "same_edge.rule1_VFREQ_req_beats_w1c", "same_edge.rule1_VFACK_ack_beats_w1c")))


async def reset_paths_stimulus(tb, cov):
    """Directed: a reset over set bits (PFMBIMR back to all ones after a mask write), and over
    transfers and an FLR (rule 5)."""
    before = all_hits()
    pf, vf = tb.pf, tb.vf(VF0)
    await tb.flr(1 << VF0)
    await pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    await pf.write(X.IXGBE_EIMS, MAILBOX)
    await pf.write(X.pfmbimr(VF0), 0)
    await pf.write(X.pfmailbox(VF0), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    await vf.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK | R.VFMAILBOX_VFU)
    await tb.reset()
    await pf.write(X.pfmailbox(VF0), R.PFMAILBOX_PFU)
    await reset_over_transfers_and_flr(tb, VF0)
    await assert_reached(tb, cov, before, lambda b: b.endswith("_by_reset") or ".rule5_" in b)


STIMULI = [random_traffic_stimulus, registers_and_boundaries_stimulus,
           flr_and_vf_window_stimulus, same_edge_rules_stimulus, reset_paths_stimulus]
DONE = set()


async def sample_ixgbe(dut, stimuli):
    assert of_dut(cocotb.top) is IXGBE, "run this module with FAMILY=ixgbe"
    await sample(dut, stimuli)
    DONE.update(s.__name__ for s in stimuli)


# ---------------------------------------------------------------------- the tests
@cocotb.test()
async def random_traffic(dut):
    await sample_ixgbe(dut, [random_traffic_stimulus])


@cocotb.test()
async def registers_and_boundaries(dut):
    await sample_ixgbe(dut, [registers_and_boundaries_stimulus])


@cocotb.test()
async def flr_and_vf_window(dut):
    await sample_ixgbe(dut, [flr_and_vf_window_stimulus])


@cocotb.test()
async def same_edge_rules(dut):
    await sample_ixgbe(dut, [same_edge_rules_stimulus])


@cocotb.test()
async def reset_paths(dut):
    await sample_ixgbe(dut, [reset_paths_stimulus])


@cocotb.test()
async def every_reachable_bin_is_hit(dut):
    """Write the report of the stimuli above; fail naming every reachable bin not hit (a
    stimulus a test filter left out runs here first)."""
    missing = [s for s in STIMULI if s.__name__ not in DONE]
    if missing:
        await sample_ixgbe(dut, missing)
    report = write_report(report_dir(), unreachable_bins(int(dut.NUM_VFS.value)))
    cocotb.log.info("%s\ncoverage report: %s, %s", report.summary, report.text_path,
                    report.xml_path)
    assert not report.missed, f"{len(report.missed)} reachable bins missed: " \
                              f"{', '.join(report.missed)}"
