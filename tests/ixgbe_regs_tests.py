"""One cocotb test per rule of docs/hardware-ixgbe.md, the contract of pf_vf_mailbox_ixgbe,
named after its section (s<section>_<rule>); where that page defers to docs/hardware.md, the
rule is tested here in the ixgbe register map.

Each test states the rule's expected values explicitly; the scoreboard also checks every
transfer against the family's reference model. Tests share one simulator (and the mailbox
RAM, which reset does not clear), so the power-up test comes first. Every test runs at any
NUM_VFS from 1 to 64: the VFs it probes are those on each side of the index registers'
boundaries (16, 32, 48) that exist in the build.
"""

import cocotb
from cocotb.triggers import RisingEdge, gather

from tb import regmap as R            # the mailbox bits (PFMAILBOX_*, VFMAILBOX_*), igb's
from tb import regmap_ixgbe as X
from tests.mailbox_regs_tests import expect_error_and_nothing_changed, last_vf, setup

VF0 = 0
ALL_ONES = 0xFFFFFFFF
MAILBOX = X.IXGBE_EICR_MAILBOX              # bit 19 of EICR, EICS, EIMS, EIMC
STATUS_UP = 0x00000080                       # spelled as the contract does (LINKUP)
VFLINKS_UP = 0x70000000                      # LINKS_UP | SPEED = 2'b11
VFMAILBOX = X.IXGBE_VFMAILBOX

VFLRES = (X.IXGBE_VFLRE0, X.IXGBE_VFLRE1)
VFLRECS = tuple(X.IXGBE_VFLREC + 4 * k for k in range(2))
PFMBICRS = tuple(X.IXGBE_PFMBICR + 4 * i for i in range(X.IXGBE_PFMBICR_COUNT))
PFMBIMRS = tuple(X.IXGBE_PFMBIMR + 4 * k for k in range(X.IXGBE_PFMBIMR_COUNT))
INERT_VF = ((X.IXGBE_VTEICR, X.IXGBE_VTEIMS, X.IXGBE_VTEIMC, X.IXGBE_VFPSRTYPE)
            + tuple(X.IXGBE_VFRXDCTL + X.IXGBE_VFQ_STRIDE * q for q in range(X.IXGBE_VF_QUEUES))
            + tuple(X.IXGBE_VFTXDCTL + X.IXGBE_VFQ_STRIDE * q for q in range(X.IXGBE_VF_QUEUES)))


# ---------------------------------------------------------------- the contract's tables
# Section 2 and 6 as data: which offsets hit a register, and which of those refuse writes.
PF_FIXED = {X.IXGBE_STATUS: "STATUS", X.IXGBE_CTRL_EXT: "CTRL_EXT", X.IXGBE_VFLRE0: "VFLRE",
            X.IXGBE_VFLRE1: "VFLRE", X.IXGBE_EICR: "EICR", X.IXGBE_EICS: "EICS",
            X.IXGBE_EIMS: "EIMS", X.IXGBE_EIMC: "EIMC",
            **{a: "VFLREC" for a in VFLRECS}, **{a: "PFMBICR" for a in PFMBICRS},
            **{a: "PFMBIMR" for a in PFMBIMRS}}
VF_FIXED = {X.IXGBE_VFCTRL: "VFCTRL", X.IXGBE_VFSTATUS: "VFSTATUS", X.IXGBE_VFLINKS: "VFLINKS",
            VFMAILBOX: "VFMAILBOX", **{a: "inert" for a in INERT_VF}}
READ_ONLY = {"STATUS", "VFLRE", "VFSTATUS", "VFLINKS"}


def pf_register(addr: int, num_vfs: int):
    """The register the contract maps at PF offset `addr`, or None."""
    if addr % 4:
        return None
    if addr in PF_FIXED:
        return PF_FIXED[addr]
    if X.pfmailbox(0) <= addr < X.pfmailbox(num_vfs):
        return "PFMAILBOX"
    if X.pfmbmem(0, 0) <= addr < X.pfmbmem(num_vfs, 0):
        return "PFMBMEM"
    return None


def vf_register(addr: int):
    """The register the contract maps at offset `addr` of a VF's window, or None."""
    if addr % 4:
        return None
    if addr in VF_FIXED:
        return VF_FIXED[addr]
    if X.vfmbmem(0) <= addr < X.vfmbmem(R.MBX_WORDS):
        return "VFMBMEM"
    return None


def is_error(register, write: bool) -> bool:
    return register is None or (write and register in READ_ONLY)


# ---------------------------------------------------------------- helpers
def existing(tb) -> int:
    """One bit per VF of the build."""
    return (1 << tb.num_vfs) - 1


def in_word(tb, k: int) -> int:
    """The existing VFs' bits in VFLRE(k), VFLREC(k), PFMBIMR(k) (32 VFs each)."""
    return existing(tb) >> (32 * k) & ALL_ONES


def in_pfmbicr(tb, i: int) -> int:
    """The existing VFs' VFREQ and VFACK bits in PFMBICR(i) (16 VFs each)."""
    vfs = existing(tb) >> (16 * i) & 0xFFFF
    return vfs << X.IXGBE_PFMBICR_VFACK_LSB | vfs << X.IXGBE_PFMBICR_VFREQ_LSB


def probe_vfs(tb) -> list:
    """The VFs on each side of every index-register boundary that exist, and the last one."""
    return sorted({n for n in (0, 1, 15, 16, 31, 32, 47, 48, 63) if n < tb.num_vfs}
                  | {last_vf(tb)})


def other_vf(tb, n: int):
    """A VF other than n, or None with a single VF."""
    return None if tb.num_vfs == 1 else (n + 1) % tb.num_vfs


async def vfmailbox(tb, n: int = VF0) -> int:
    return await tb.vf(n).read(VFMAILBOX)


async def pfmailbox(tb, n: int = VF0) -> int:
    return await tb.pf.read(X.pfmailbox(n))


async def pfmbicr_all(tb) -> list:
    return [await tb.pf.read(a) for a in PFMBICRS]


def pfmbicr_of(n: int, req: bool = True, ack: bool = False) -> list:
    """The four PFMBICR values with only VF n's VFREQ and/or VFACK set."""
    values = [0] * X.IXGBE_PFMBICR_COUNT
    values[n // 16] = (X.vfreq(n) if req else 0) | (X.vfack(n) if ack else 0)
    return values


async def eicr(tb) -> int:
    return await tb.pf.read(X.IXGBE_EICR)


async def clear_eicr(tb):
    await tb.pf.write(X.IXGBE_EICR, MAILBOX)
    assert await eicr(tb) == 0


async def unmask_only(tb, n: int):
    """PFMBIMR: only VF n may raise EICR.MAILBOX."""
    for k, addr in enumerate(PFMBIMRS):
        await tb.pf.write(addr, X.vf_word_bit(n) if n // 32 == k else 0)


async def snapshot(tb, memory_of=None) -> list:
    """Every PF-side value no read changes, every VF's PFMAILBOX, the mailbox words of the VFs
    `memory_of` (default: every VF), and pf_irq (VFMAILBOX is read-to-clear: the tests that
    need it read it themselves)."""
    registers = (X.IXGBE_CTRL_EXT, X.IXGBE_EICR, X.IXGBE_EIMS) + VFLRES + VFLRECS + PFMBICRS \
        + PFMBIMRS
    values = [await tb.pf.read(a) for a in registers]
    values += [await pfmailbox(tb, n) for n in range(tb.num_vfs)]
    for n in range(tb.num_vfs) if memory_of is None else memory_of:
        values += [await tb.pf.read(X.pfmbmem(n, w)) for w in range(R.MBX_WORDS)]
    values.append(int(tb.dut.pf_irq.value))
    return values


async def probe_snapshot(tb) -> list:
    """snapshot() with the memory of the probe VFs only: what a targeted error test checks
    (the every-offset sweeps check every word)."""
    return await snapshot(tb, probe_vfs(tb))


async def expect_errors(tb, accesses):
    await expect_error_and_nothing_changed(tb, accesses, snapshot_of=probe_snapshot)


async def vf_irq_after(tb, *accesses) -> list:
    """Run `accesses` at once; returns vf_irq right after their edge and after the next."""
    await tb.clock.acquire()
    done = cocotb.start_soon(gather(*accesses))
    seen = []
    while not done.done():
        await tb.clock.rising_edge()
        await tb.settle()
    for _ in range(2):
        seen.append(int(tb.dut.vf_irq.value))
        await tb.clock.rising_edge()
        await tb.settle()
    tb.clock.release()
    return seen[:2]


async def on_flr_edge(tb, mask: int, *accesses):
    """Run `accesses` (one per port at most) so that they complete on the one edge on which
    vf_flr = mask; returns their results. The monitor must see them on that edge."""
    seen = []

    def observe(sample):
        if sample.flr:
            seen.append((sample.flr, len(sample.transfers)))
    await tb.settle()   # past the last edge: the monitor has reported it
    tb.observers.append(observe)
    await tb.clock.acquire()
    done = cocotb.start_soon(gather(*accesses))   # drives SETUP before the next edge
    await tb.clock.rising_edge()                  # the SETUP edge
    tb.dut.vf_flr.value = mask
    await tb.clock.rising_edge()                  # the ACCESS edge: FLR and transfers meet
    tb.dut.vf_flr.value = 0
    tb.clock.release()
    results = await done
    tb.observers.remove(observe)
    assert seen == [(mask, len(accesses))], f"the FLR and the transfers did not meet: {seen}"
    return results


# ---------------------------------------------------------------- section 5: power-up first
@cocotb.test()
async def s5_mailbox_memory_is_zero_after_power_up(dut):
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        for w in range(R.MBX_WORDS):
            assert await tb.pf.read(X.pfmbmem(n, w)) == 0, f"PFMBMEM({n})[{w}]"
    await tb.finish()


async def expect_reset_values(tb, vfs=None):
    """Section 5's reset values: every register, and the mailbox bits of the VFs `vfs`
    (default: every VF)."""
    for n in range(tb.num_vfs) if vfs is None else vfs:
        assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI, f"VF{n}: RSTI only"
        assert await pfmailbox(tb, n) == 0, f"PFMAILBOX({n})"
    for addr in (X.IXGBE_CTRL_EXT, X.IXGBE_EICR, X.IXGBE_EICS, X.IXGBE_EIMS) + VFLRES + VFLRECS \
            + PFMBICRS:
        assert await tb.pf.read(addr) == 0, f"{addr:#07x} is not 0 after reset"
    for k, addr in enumerate(PFMBIMRS):
        assert await tb.pf.read(addr) == in_word(tb, k), \
            f"PFMBIMR({k}) resets to one bit per existing VF"
    assert tb.dut.pf_irq.value == 0 and tb.dut.vf_irq.value == 0


@cocotb.test()
async def s5_reset_values(dut):
    tb = await setup(dut)
    await expect_reset_values(tb)
    await tb.finish()


@cocotb.test()
async def s5_reset_restores_every_reset_value(dut):
    """Every bit reset clears or sets is first moved away from its reset value."""
    tb = await setup(dut)
    await tb.flr(existing(tb))                        # VFLR events, EICR
    await tb.pf.write(X.IXGBE_CTRL_EXT, ALL_ONES)     # RSTI 0, RSTD 1, CTRL_EXT storage
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    for addr in PFMBIMRS:
        await tb.pf.write(addr, 0)
    for n in range(tb.num_vfs):
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK | R.VFMAILBOX_VFU * (n % 2))
        await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_ACK | R.PFMAILBOX_PFU)
    n = last_vf(tb)
    assert await vfmailbox(tb, n) == (R.VFMAILBOX_RSTD | R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK
                                      | (R.VFMAILBOX_VFU if n % 2 else R.VFMAILBOX_PFU))
    assert dut.pf_irq.value == 1
    await tb.reset()
    await expect_reset_values(tb)
    await tb.finish()


@cocotb.test()
async def s5_reset_does_not_clear_mailbox_memory(dut):
    tb = await setup(dut)
    for n in probe_vfs(tb):
        await tb.pf.write(X.pfmbmem(n, 5), 0xCAFE0000 | n)
    await tb.reset()
    for n in probe_vfs(tb):
        assert await tb.pf.read(X.pfmbmem(n, 5)) == 0xCAFE0000 | n
    await tb.finish()


@cocotb.test()
async def s5_pfrstd_clears_rsti_and_sets_rstd_for_every_vf(dut):
    tb = await setup(dut)
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    for n in range(tb.num_vfs):
        assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTD, f"VF{n}"
        assert await vfmailbox(tb, n) == 0, "RSTD is read-to-clear, RSTI stays 0"
    await tb.finish()


@cocotb.test()
async def s5_pfrstd_reads_0_so_a_read_modify_write_does_not_fire_it_again(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.IXGBE_CTRL_EXT, 0x00010000 | X.IXGBE_CTRL_EXT_PFRSTD)
    assert await tb.pf.read(X.IXGBE_CTRL_EXT) == 0x00010000, "PFRSTD reads 0"
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTD
    value = await tb.pf.read(X.IXGBE_CTRL_EXT)
    await tb.pf.write(X.IXGBE_CTRL_EXT, value | 0x00000100)   # ixgbe sets another bit later
    assert await vfmailbox(tb, n) == 0, "the echoed 0 in bit 14 fires no reset-done"
    assert await tb.pf.read(X.IXGBE_CTRL_EXT) == 0x00010100
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTD, "each write with bit 14 fires it once"
    await tb.finish()


@cocotb.test()
async def s5_vf_flr_sets_its_event_bit_and_eicr_even_when_masked(dut):
    tb = await setup(dut)
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    for addr in PFMBIMRS:
        await tb.pf.write(addr, 0)
    for n in probe_vfs(tb):
        await tb.flr(1 << n)
        k = n // 32
        assert await tb.pf.read(VFLRES[k]) == X.vf_word_bit(n), f"VFLRE({k}) of VF{n}"
        assert await tb.pf.read(VFLRECS[k]) == X.vf_word_bit(n), f"VFLREC({k}) of VF{n}"
        assert await tb.pf.read(VFLRES[1 - k]) == 0 and await tb.pf.read(VFLRECS[1 - k]) == 0
        assert dut.pf_irq.value == 1, "an FLR raises EICR.MAILBOX whatever PFMBIMR says"
        assert await eicr(tb) == MAILBOX
        await tb.pf.write(VFLRECS[k], X.vf_word_bit(n))
        await clear_eicr(tb)
    await tb.finish()


@cocotb.test()
async def s5_vf_flr_clears_vfu_pfsts_pfack_rstd_and_nothing_else(dut):
    """VF n's own VFU, PFSTS, PFACK, RSTD clear; RSTI, the PF's PFU, VFREQ, VFACK and the
    memory stay; another VF keeps everything."""
    tb = await setup(dut)
    for n in probe_vfs(tb):
        await tb.reset()
        m = other_vf(tb, n)
        for w in (0, 2, 15):
            await tb.vf(n).write(X.vfmbmem(w), 0x0F1A0000 | n << 4 | w)
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK | R.VFMAILBOX_VFU)
        for v in [n] + ([m] if m is not None else []):
            await tb.pf.write(X.pfmailbox(v), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
        if m is not None:
            await tb.pf.write(X.pfmailbox(m), R.PFMAILBOX_PFU)
        await tb.flr(1 << n)
        assert await pfmailbox(tb, n) == 0, "VFU cleared"
        assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI, "PFSTS, PFACK cleared, RSTI kept"
        assert await pfmbicr_all(tb) == pfmbicr_of(n, req=True, ack=True), "VFREQ/VFACK kept"
        for w in (0, 2, 15):
            assert await tb.vf(n).read(X.vfmbmem(w)) == 0x0F1A0000 | n << 4 | w, "memory kept"
        if m is not None:
            assert await vfmailbox(tb, m) == (R.VFMAILBOX_RSTI | R.VFMAILBOX_PFSTS
                                              | R.VFMAILBOX_PFACK | R.VFMAILBOX_PFU), \
                "another VF's bits are not touched"
    # RSTD cleared by the FLR (the PF's reset-done had set it), and the PF's own lock kept.
    n = last_vf(tb)
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    await tb.flr(1 << n)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFU, "RSTD cleared, RSTI stays 0, PFU kept"
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU
    await tb.finish()


@cocotb.test()
async def s5_neither_an_flr_nor_reset_done_pulses_vf_irq(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    irq = []
    await tb.clock.acquire()
    tb.dut.vf_flr.value = existing(tb)
    for _ in range(2):
        await tb.clock.rising_edge()
        await tb.settle()
        irq.append(int(dut.vf_irq.value))
    tb.dut.vf_flr.value = 0
    tb.clock.release()
    assert irq == [0, 0], f"vf_irq after FLR edges: {irq}"
    assert await vf_irq_after(tb, tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)) == [0, 0]
    assert await vf_irq_after(tb, tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS)) == [1 << n, 0], \
        "only a PF STS or ACK write pulses it"
    await tb.finish()


@cocotb.test()
async def s5_vf_flr_acts_on_every_edge_it_is_high(dut):
    """vf_flr held high over a W1C of VFLREC, a W1C of EICR and a VF's VFU request: its later
    edges set the event bits again and clear VFU again."""
    tb = await setup(dut)
    n = last_vf(tb)
    k, bit = n // 32, X.vf_word_bit(n)
    await tb.clock.acquire()
    dut.vf_flr.value = 1 << n
    await tb.clock.rising_edge()   # the first edge that samples it high
    await tb.pf.write(VFLRECS[k], bit)
    await tb.pf.write(X.IXGBE_EICR, MAILBOX)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    dut.vf_flr.value = 0
    tb.clock.release()
    assert await tb.pf.read(VFLRECS[k]) == bit, "the FLR's later edges set its event again"
    assert await eicr(tb) == MAILBOX, "and raise EICR.MAILBOX again"
    assert await pfmailbox(tb, n) == 0, "and clear VFU on every edge"
    await tb.pf.write(VFLRECS[k], bit)
    assert await tb.pf.read(VFLRECS[k]) == 0, "with vf_flr low, the W1C clears it"
    await tb.finish()


@cocotb.test()
async def s5_vfctrl_rst_has_no_mailbox_effect(dut):
    """VFCTRL.RST: no event, no interrupt, no mailbox change; VFCTRL reads 0, no error."""
    tb = await setup(dut)
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    for n in probe_vfs(tb):
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
        await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS)
    before = await probe_snapshot(tb)
    for n in probe_vfs(tb):
        irq = await vf_irq_after(tb, tb.vf(n).write(X.IXGBE_VFCTRL, X.IXGBE_VFCTRL_RST))
        await tb.vf(n).write(X.IXGBE_VFCTRL, ALL_ONES)
        assert irq == [0, 0]
        assert await tb.vf(n).read(X.IXGBE_VFCTRL) == 0
    assert await probe_snapshot(tb) == before, "VFLR bits, EICR, VFU unchanged"
    for n in probe_vfs(tb):
        assert await vfmailbox(tb, n) == R.VFMAILBOX_VFU | R.VFMAILBOX_RSTI | R.VFMAILBOX_PFSTS
    assert dut.pf_irq.value == 0
    await tb.finish()


# ---------------------------------------------------------------- section 1: ports and APB
@cocotb.test()
async def s1_ports_have_the_contracts_widths(dut):
    tb = await setup(dut)
    widths = {"pf_paddr": 17, "vf_pfunc": 6, "vf_paddr": 16, "pf_pwdata": 32, "pf_prdata": 32,
              "vf_pwdata": 32, "vf_prdata": 32, "vf_irq": tb.num_vfs, "vf_flr": tb.num_vfs}
    for name in ("clk", "rst_n", "pf_psel", "pf_penable", "pf_pwrite", "pf_pready", "pf_pslverr",
                 "vf_psel", "vf_penable", "vf_pwrite", "vf_pready", "vf_pslverr", "pf_irq",
                 "link_up"):
        widths[name] = 1
    found = {name: len(getattr(dut, name)) for name in widths}
    assert found == widths
    await tb.pf.read(X.IXGBE_STATUS)   # and the ports answer
    await tb.finish()


@cocotb.test()
async def s1_apb_zero_wait_states_on_both_ports(dut):
    """pready is 1 in ACCESS, pslverr 0, read data valid there; the transfer completes on
    the edge that ends ACCESS."""
    tb = await setup(dut)
    seen = []

    async def watch(port):
        await RisingEdge(getattr(dut, f"{port}_penable"))
        await tb.settle()
        seen.append(tuple(int(getattr(dut, f"{port}_{pin}").value)
                          for pin in ("pready", "pslverr", "prdata")))

    n = last_vf(tb)
    for port, access in (("pf", tb.pf.write(X.IXGBE_CTRL_EXT, 0x5A5A0000)),
                         ("pf", tb.pf.read(X.IXGBE_CTRL_EXT)),
                         ("vf", tb.vf(n).write(X.vfmbmem(1), 0x0000A5A5)),
                         ("vf", tb.vf(n).read(X.vfmbmem(1)))):
        cocotb.start_soon(watch(port))
        await access
    assert seen == [(1, 0, 0), (1, 0, 0x5A5A0000), (1, 0, 0), (1, 0, 0x0000A5A5)], seen
    await tb.finish()


@cocotb.test()
async def s1_read_data_is_the_state_before_the_edge(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    before, _ = await tb.same_edge(tb.pf.read(X.pfmbicr(n)),
                                   tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ))
    assert before == 0 and await tb.pf.read(X.pfmbicr(n)) == X.vfreq(n)
    await tb.pf.write(X.pfmbmem(n, 9), 0x11110000)
    old, _ = await tb.same_edge(tb.pf.read(X.pfmbmem(n, 9)), tb.vf(n).write(X.vfmbmem(9), 0x2222))
    assert old == 0x11110000 and await tb.pf.read(X.pfmbmem(n, 9)) == 0x2222
    await tb.finish()


@cocotb.test()
async def s1_a_same_edge_pfmbimr_write_does_not_change_whether_a_req_raises_eicr(dut):
    tb = await setup(dut)
    for n in probe_vfs(tb):
        k, bit = n // 32, X.vf_word_bit(n)
        await tb.pf.write(PFMBIMRS[k], 0)
        await tb.same_edge(tb.pf.write(PFMBIMRS[k], bit), tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ))
        assert await eicr(tb) == 0, f"VF{n} was masked before the edge"
        await tb.same_edge(tb.pf.write(PFMBIMRS[k], 0), tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK))
        assert await eicr(tb) == MAILBOX, f"VF{n} was unmasked before the edge"
        await clear_eicr(tb)
    await tb.finish()


@cocotb.test()
async def s1_unlisted_bits_read_zero_and_are_ignored(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), 0xFFFFFFE0)     # no listed bit: releases PFU only
    assert await pfmailbox(tb, n) == 0
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI
    await tb.pf.write(X.IXGBE_EIMS, ALL_ONES)
    assert await tb.pf.read(X.IXGBE_EIMS) == MAILBOX
    assert await tb.pf.read(X.IXGBE_EIMC) == 0
    await tb.pf.write(X.IXGBE_EICS, ALL_ONES)
    assert await eicr(tb) == MAILBOX and await tb.pf.read(X.IXGBE_EICS) == MAILBOX
    await tb.pf.write(X.IXGBE_EICR, ALL_ONES & ~MAILBOX)
    assert await eicr(tb) == MAILBOX, "EICR's other bits are ignored on write"
    await tb.pf.write(X.IXGBE_EIMC, ALL_ONES & ~MAILBOX)
    assert await tb.pf.read(X.IXGBE_EIMS) == MAILBOX, "EIMC's other bits are ignored"
    await tb.vf(n).write(VFMAILBOX, 0xFFFFFF00 | R.VFMAILBOX_VFU)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_VFU | R.VFMAILBOX_RSTI
    assert await pfmbicr_all(tb) == [0] * 4
    await tb.finish()


# ---------------------------------------------------------------- section 2: PF window
@cocotb.test()
async def s2_status_vfstatus_vflinks_follow_link_up(dut):
    tb = await setup(dut)
    for up in (True, False, True, False):
        await tb.set_link(up)
        assert await tb.pf.read(X.IXGBE_STATUS) == (STATUS_UP if up else 0)
        for n in probe_vfs(tb):
            assert await tb.vf(n).read(X.IXGBE_VFSTATUS) == (STATUS_UP if up else 0)
            assert await tb.vf(n).read(X.IXGBE_VFLINKS) == (VFLINKS_UP if up else 0)
    await tb.finish()


@cocotb.test()
async def s2_status_and_vflinks_follow_link_up_in_the_access_cycle(dut):
    """link_up changes after the SETUP edge: the read returns the new state."""
    tb = await setup(dut)
    n = last_vf(tb)

    async def set_link_in_access(port, up):
        await RisingEdge(getattr(dut, f"{port}_penable"))
        await tb.set_link(up)

    for up in (True, False):
        for port, read, value in (("pf", lambda: tb.pf.read(X.IXGBE_STATUS), STATUS_UP),
                                  ("vf", lambda: tb.vf(n).read(X.IXGBE_VFSTATUS), STATUS_UP),
                                  ("vf", lambda: tb.vf(n).read(X.IXGBE_VFLINKS), VFLINKS_UP)):
            await tb.set_link(not up)
            cocotb.start_soon(set_link_in_access(port, up))
            assert await read() == (value if up else 0)
    await tb.finish()


@cocotb.test()
async def s2_ctrl_ext_keeps_31_bits_and_pfrstd_reads_0(dut):
    tb = await setup(dut)
    for value in (ALL_ONES, 0x12345678, 0xA5A5A5A5, 0x00004000, 0):
        await tb.pf.write(X.IXGBE_CTRL_EXT, value)
        assert await tb.pf.read(X.IXGBE_CTRL_EXT) == value & ~X.IXGBE_CTRL_EXT_PFRSTD
    await tb.finish()


@cocotb.test()
async def s2_vflrec_reads_do_not_clear_and_a_write_1_clears_those_bits(dut):
    tb = await setup(dut)
    await tb.flr(existing(tb))
    for k in range(2):
        for _ in range(2):
            assert await tb.pf.read(VFLRECS[k]) == in_word(tb, k)
            assert await tb.pf.read(VFLRES[k]) == in_word(tb, k)
    for k in range(2):
        await tb.pf.write(VFLRECS[k], 0x55555555)
    for k in range(2):
        assert await tb.pf.read(VFLRECS[k]) == in_word(tb, k) & 0xAAAAAAAA
        assert await tb.pf.read(VFLRES[k]) == in_word(tb, k) & 0xAAAAAAAA
    await tb.finish()


@cocotb.test()
async def s2_pfmbicr_holds_vfreq_and_vfack_of_16_vfs_each(dut):
    """For every VF n: its REQ sets bit n%16 of PFMBICR(n/16), its ACK bit 16+n%16, and no
    other register; reads do not clear; a write of 1 clears only that bit."""
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
        assert await pfmbicr_all(tb) == pfmbicr_of(n), f"VF{n}'s REQ"
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
        assert await pfmbicr_all(tb) == pfmbicr_of(n, ack=True), f"VF{n}'s ACK, reads do not clear"
        await tb.pf.write(X.pfmbicr(n), X.vfreq(n))
        assert await tb.pf.read(X.pfmbicr(n)) == X.vfack(n)
        await tb.pf.write(X.pfmbicr(n), X.vfack(n))
        assert await tb.pf.read(X.pfmbicr(n)) == 0
    for n in range(tb.num_vfs):
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK)
    for i, addr in enumerate(PFMBICRS):
        await tb.pf.write(addr, 0x5555AAAA)
        assert await tb.pf.read(addr) == in_pfmbicr(tb, i) & 0xAAAA5555, f"PFMBICR({i})"
    await tb.finish()


@cocotb.test()
async def s2_pfmbimr_bit_gates_only_its_vfs_req_and_ack(dut):
    """For every VF n: with only its PFMBIMR bit set, its REQ and its ACK raise EICR; with
    only its bit clear, neither does; PFMBICR records the write either way."""
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        k = n // 32
        await unmask_only(tb, n)
        for write in (R.VFMAILBOX_REQ, R.VFMAILBOX_ACK):
            await tb.vf(n).write(VFMAILBOX, write)
            assert await eicr(tb) == MAILBOX, f"VF{n} unmasked"
            await clear_eicr(tb)
        for kk, addr in enumerate(PFMBIMRS):
            await tb.pf.write(addr, ALL_ONES & ~(X.vf_word_bit(n) if kk == k else 0))
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
        assert await eicr(tb) == 0, f"VF{n} masked"
        assert await tb.pf.read(X.pfmbicr(n)) == X.vfreq(n) | X.vfack(n), "PFMBIMR never gates PFMBICR"
        await tb.pf.write(X.pfmbicr(n), X.vfreq(n) | X.vfack(n))
    await tb.finish()


@cocotb.test()
async def s2_pfmbimr_is_read_write_for_existing_vfs(dut):
    tb = await setup(dut)
    for value in (ALL_ONES, 0, 0xA5A5A5A5, 0x5A5A5A5A):
        for addr in PFMBIMRS:
            await tb.pf.write(addr, value)
        for k, addr in enumerate(PFMBIMRS):
            assert await tb.pf.read(addr) == value & in_word(tb, k), f"PFMBIMR({k}) {value:#x}"
    await tb.finish()


@cocotb.test()
async def s2_eicr_reads_do_not_clear_and_a_write_1_clears(dut):
    tb = await setup(dut)
    await tb.flr(1)
    assert await eicr(tb) == MAILBOX
    assert await eicr(tb) == MAILBOX, "reads do not clear EICR"
    await tb.pf.write(X.IXGBE_EICR, 0)
    assert await eicr(tb) == MAILBOX
    await tb.pf.write(X.IXGBE_EICR, MAILBOX)
    assert await eicr(tb) == 0
    await tb.finish()


@cocotb.test()
async def s2_eics_reads_eicr_and_a_write_sets_it(dut):
    tb = await setup(dut)
    assert await tb.pf.read(X.IXGBE_EICS) == 0
    await tb.pf.write(X.IXGBE_EICS, 0)
    assert await eicr(tb) == 0, "a write without bit 19 raises nothing"
    await tb.pf.write(X.IXGBE_EICS, MAILBOX)
    assert await eicr(tb) == MAILBOX
    assert await tb.pf.read(X.IXGBE_EICS) == MAILBOX
    assert await tb.pf.read(X.IXGBE_EICS) == MAILBOX, "reads do not clear"
    await tb.pf.write(X.IXGBE_EICS, 0)
    assert await eicr(tb) == MAILBOX, "EICS does not clear"
    await clear_eicr(tb)
    assert await tb.pf.read(X.IXGBE_EICS) == 0
    await tb.finish()


@cocotb.test()
async def s2_eims_sets_and_eimc_clears_the_enable(dut):
    tb = await setup(dut)
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    assert await tb.pf.read(X.IXGBE_EIMS) == MAILBOX
    await tb.pf.write(X.IXGBE_EIMS, 0)
    assert await tb.pf.read(X.IXGBE_EIMS) == MAILBOX, "EIMS is write-1-to-set"
    await tb.pf.write(X.IXGBE_EIMC, 0)
    assert await tb.pf.read(X.IXGBE_EIMS) == MAILBOX
    await tb.pf.write(X.IXGBE_EIMC, MAILBOX)
    assert await tb.pf.read(X.IXGBE_EIMS) == 0
    assert await tb.pf.read(X.IXGBE_EIMC) == 0
    await tb.finish()


@cocotb.test()
async def s2_pf_irq_is_eicr_mailbox_and_eims_mailbox(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await unmask_only(tb, n)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
    await tb.settle()
    assert dut.pf_irq.value == 0, "EICR set, EIMS clear"
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    await tb.settle()
    assert dut.pf_irq.value == 1, "a level: rises with the enable"
    await tb.pf.write(X.IXGBE_EIMC, MAILBOX)
    await tb.settle()
    assert dut.pf_irq.value == 0
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    await clear_eicr(tb)
    await tb.settle()
    assert dut.pf_irq.value == 0
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
    await tb.settle()
    assert dut.pf_irq.value == 1, "rises right after the edge that raised EICR"
    await clear_eicr(tb)
    await tb.pf.write(X.IXGBE_EICS, MAILBOX)
    await tb.settle()
    assert dut.pf_irq.value == 1, "a software-raised cause too"
    await tb.finish()


@cocotb.test()
async def s2_pfmailbox_n_acts_on_vf_n(dut):
    tb = await setup(dut)
    for n in range(tb.num_vfs):
        m = other_vf(tb, n)
        await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
        assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU
        assert await vfmailbox(tb, n) & R.VFMAILBOX_PFU, f"VF{n} sees the PF's lock"
        if m is not None:
            assert await pfmailbox(tb, m) == 0 and not await vfmailbox(tb, m) & R.VFMAILBOX_PFU
        assert await vf_irq_after(tb, tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS)) == [1 << n, 0]
        assert await vfmailbox(tb, n) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_RSTI
    await tb.finish()


@cocotb.test()
async def s2_pfmbmem_n_is_vf_ns_vfmbmem(dut):
    """The same storage from both windows, and a VF's write reaches only its own memory
    (vf_pfunc names it): the writes of each side land in distinct values per VF and word."""
    tb = await setup(dut)
    # Every word of the probe VFs, and one word (a different one each) of every other VF.
    cells = [(n, w) for n in range(tb.num_vfs) for w in range(R.MBX_WORDS)
             if n in probe_vfs(tb) or w == n % R.MBX_WORDS]
    for n, w in cells:
        await tb.pf.write(X.pfmbmem(n, w), 0xA5000000 | n << 8 | w)
    for n, w in cells:
        assert await tb.vf(n).read(X.vfmbmem(w)) == 0xA5000000 | n << 8 | w, f"VF{n} word {w}"
        await tb.vf(n).write(X.vfmbmem(w), 0x5A000000 | n << 8 | w)
    for n, w in cells:
        assert await tb.pf.read(X.pfmbmem(n, w)) == 0x5A000000 | n << 8 | w, f"PFMBMEM({n})[{w}]"
    await tb.finish()


@cocotb.test()
async def s2_index_registers_exist_at_every_num_vfs_and_absent_vfs_read_0(dut):
    """VFLRE(k), VFLREC(k), PFMBICR(i), PFMBIMR(k) all answer whatever NUM_VFS is; with
    every event of every existing VF set and all ones written, each reads exactly the bits
    of the VFs that exist."""
    tb = await setup(dut)
    for addr in VFLRES + VFLRECS + PFMBICRS + PFMBIMRS:
        await tb.pf.read(addr)   # no PSLVERR
    for addr in VFLRECS + PFMBICRS + PFMBIMRS:
        await tb.pf.write(addr, ALL_ONES)
    await tb.flr(existing(tb))
    for n in range(tb.num_vfs):
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK)
    for k in range(2):
        assert await tb.pf.read(VFLRES[k]) == in_word(tb, k), f"VFLRE({k})"
        assert await tb.pf.read(VFLRECS[k]) == in_word(tb, k), f"VFLREC({k})"
        assert await tb.pf.read(PFMBIMRS[k]) == in_word(tb, k), f"PFMBIMR({k})"
    for i in range(X.IXGBE_PFMBICR_COUNT):
        assert await tb.pf.read(PFMBICRS[i]) == in_pfmbicr(tb, i), f"PFMBICR({i})"
    for addr in VFLRECS + PFMBICRS:
        await tb.pf.write(addr, ALL_ONES)
    for addr in VFLRES + VFLRECS + PFMBICRS:
        assert await tb.pf.read(addr) == 0, f"{addr:#07x}: write 1 to clear"
    await tb.finish()


# ---------------------------------------------------------------- section 3: mailbox registers
@cocotb.test()
async def s3_pf_sts_sets_pfsts_and_pulses_vf_irq(dut):
    tb = await setup(dut)
    for n in probe_vfs(tb):
        assert await vf_irq_after(tb, tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS)) == [1 << n, 0], \
            "vf_irq[n] high for the one cycle after the write"
        assert await vfmailbox(tb, n) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_RSTI
        assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI, "PFSTS is read-to-clear"
    await tb.finish()


@cocotb.test()
async def s3_pf_ack_sets_pfack_and_pulses_vf_irq(dut):
    tb = await setup(dut)
    for n in probe_vfs(tb):
        assert await vf_irq_after(tb, tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_ACK)) == [1 << n, 0]
        assert await vfmailbox(tb, n) == R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTI
        assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI, "PFACK is read-to-clear"
    await tb.finish()


@cocotb.test()
async def s3_pfu_is_granted_only_while_vfu_is_clear(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_VFU, "VF holds the lock: PFU not granted"
    await tb.vf(n).write(VFMAILBOX, 0)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU
    assert await vfmailbox(tb, n) & (R.VFMAILBOX_PFU | R.VFMAILBOX_VFU) == R.VFMAILBOX_PFU, \
        "one set of flops read by both views"
    await tb.finish()


@cocotb.test()
async def s3_vfu_is_granted_only_while_pfu_is_clear(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    assert await vfmailbox(tb, n) & R.VFMAILBOX_VFU == 0
    await tb.pf.write(X.pfmailbox(n), 0)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    assert await vfmailbox(tb, n) & R.VFMAILBOX_VFU
    assert await pfmailbox(tb, n) == R.PFMAILBOX_VFU, "one set of flops read by both views"
    await tb.finish()


@cocotb.test()
async def s3_every_mailbox_write_sets_or_clears_its_lock(dut):
    """The legacy send writes (REQ, STS, ACK alone) also release the writer's lock."""
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
    assert await pfmailbox(tb, n) == 0
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
    assert await pfmailbox(tb, n) == 0
    for send in (R.PFMAILBOX_STS, R.PFMAILBOX_ACK):
        await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
        await tb.pf.write(X.pfmailbox(n), send)
        assert await pfmailbox(tb, n) == 0
    await tb.finish()


@cocotb.test()
async def s3_rvfu_breaks_the_vf_lock_and_clears_vfreq_vfack(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK | R.VFMAILBOX_VFU)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_RVFU)
    assert await pfmailbox(tb, n) == 0
    assert await tb.pf.read(X.pfmbicr(n)) == 0
    await tb.finish()


@cocotb.test()
async def s3_vf_req_and_ack_set_vfreq_vfack_and_raise_eicr_if_unmasked(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
    assert await pfmbicr_all(tb) == pfmbicr_of(n)
    assert await eicr(tb) == MAILBOX, "PFMBIMR resets to all ones"
    await clear_eicr(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
    assert await pfmbicr_all(tb) == pfmbicr_of(n, ack=True)
    assert await eicr(tb) == MAILBOX
    await tb.finish()


@cocotb.test()
async def s3_vfmailbox_read_clears_pfsts_pfack_rstd_but_not_rsti(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTI
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    assert await vfmailbox(tb, n) == 0xB0, "read-to-clear set 0xB0"
    assert await vfmailbox(tb, n) == 0
    await tb.finish()


@cocotb.test()
async def s3_the_lock_is_advisory(dut):
    """Memory and REQ/ACK/STS writes are honoured whoever holds a lock."""
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    await tb.vf(n).write(X.vfmbmem(0), 0xBAD0BAD0)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK)
    assert await tb.pf.read(X.pfmbmem(n, 0)) == 0xBAD0BAD0
    assert await tb.pf.read(X.pfmbicr(n)) == X.vfreq(n) | X.vfack(n)
    await tb.pf.write(X.pfmailbox(n), 0)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.pf.write(X.pfmbmem(n, 1), 0x600D600D)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    assert await tb.vf(n).read(X.vfmbmem(1)) == 0x600D600D
    assert await vfmailbox(tb, n) == (R.VFMAILBOX_VFU | R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK
                                      | R.VFMAILBOX_RSTI)
    await tb.finish()


@cocotb.test()
async def s3_api15_a_send_that_writes_its_lock_bit_keeps_the_lock(dut):
    """API 1.5, VF to PF: REQ written with VFU kept; the PF reads and ACKs without a lock;
    the VF polls PFACK holding VFU, then releases. PF to VF: STS with PFU kept; the VF ACKs
    without a lock; the PF keeps PFU until it writes it 0."""
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.vf(n).write(X.vfmbmem(0), 0x00000015)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_VFU, "REQ|VFU keeps VFU"
    assert await tb.pf.read(X.pfmbicr(n)) == X.vfreq(n) and await eicr(tb) == MAILBOX
    assert await tb.pf.read(X.pfmbmem(n, 0)) == 0x00000015
    assert await vf_irq_after(tb, tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_ACK)) == [1 << n, 0]
    assert await vfmailbox(tb, n) == R.VFMAILBOX_VFU | R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTI, \
        "the PF's lock-free ACK leaves the VF's lock"
    await tb.vf(n).write(VFMAILBOX, 0)
    assert await pfmailbox(tb, n) == 0

    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    await tb.pf.write(X.pfmbmem(n, 0), 0x80000015)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_PFU)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU, "STS|PFU keeps PFU"
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFU | R.VFMAILBOX_PFSTS | R.VFMAILBOX_RSTI
    assert await tb.vf(n).read(X.vfmbmem(0)) == 0x80000015
    await tb.pf.write(X.pfmbicr(n), X.vfreq(n))
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
    assert await tb.pf.read(X.pfmbicr(n)) == X.vfack(n), "the VF's lock-free ACK is honoured"
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU, "and leaves the PF's lock"
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_ACK | R.PFMAILBOX_PFU)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU, "ACK|PFU keeps PFU"
    await tb.pf.write(X.pfmailbox(n), 0)
    assert await pfmailbox(tb, n) == 0
    await tb.finish()


@cocotb.test()
async def s3_read_modify_write_echoes_of_read_only_bits_are_ignored(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    # VF side: RSTI read back and echoed with a lock request.
    echo = await vfmailbox(tb, n)
    assert echo == R.VFMAILBOX_RSTI
    await tb.vf(n).write(VFMAILBOX, echo | R.VFMAILBOX_VFU)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_VFU | R.VFMAILBOX_RSTI
    await tb.vf(n).write(VFMAILBOX, 0)
    # VF side: PFU, PFSTS, PFACK, RSTD read (and so cleared), then echoed.
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_ACK | R.PFMAILBOX_PFU)
    echo = await vfmailbox(tb, n)
    assert echo == 0xB0 | R.VFMAILBOX_PFU
    await tb.vf(n).write(VFMAILBOX, echo)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFU, "the echo sets nothing and clears no PFU"
    assert await tb.pf.read(X.pfmbicr(n)) == 0
    await tb.pf.write(X.pfmailbox(n), 0)
    # PF side: VFU read back and echoed, with and without a lock request.
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    echo = await pfmailbox(tb, n)
    assert echo == R.PFMAILBOX_VFU
    await tb.pf.write(X.pfmailbox(n), echo | R.PFMAILBOX_PFU)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_VFU, "no grant, and VFU stays the VF's"
    await tb.pf.write(X.pfmailbox(n), echo)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_VFU
    await tb.finish()


# ---------------------------------------------------------------- section 4: same-edge rules
@cocotb.test()
async def s4_lock_request_meeting_a_release_fails(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU)
    await tb.same_edge(tb.pf.write(X.pfmailbox(n), 0), tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU))
    assert await pfmailbox(tb, n) == 0, "after that edge nobody holds it"
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.same_edge(tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU), tb.vf(n).write(VFMAILBOX, 0))
    assert await pfmailbox(tb, n) == 0, "the PF's request met the VF's release"
    await tb.finish()


@cocotb.test()
async def s4_pfu_with_rvfu_while_vfu_grants_nothing(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU | R.PFMAILBOX_RVFU)
    assert await pfmailbox(tb, n) == 0
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU | R.PFMAILBOX_RVFU)
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU, "with VFU clear, PFU|RVFU takes the lock"
    await tb.finish()


@cocotb.test()
async def s4_interrupt_causes_are_events_not_levels(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(PFMBIMRS[n // 32], 0)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
    await tb.pf.write(PFMBIMRS[n // 32], X.vf_word_bit(n))
    assert await eicr(tb) == 0, "unmasking PFMBIMR with VFREQ/VFACK pending raises nothing"
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
    assert await eicr(tb) == MAILBOX, "a REQ write raises EICR even if VFREQ was 1"
    await clear_eicr(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
    assert await eicr(tb) == MAILBOX, "an ACK write raises EICR even if VFACK was 1"
    await tb.finish()


@cocotb.test()
async def s4_rule1_vfreq_set_beats_a_pfmbicr_w1c_and_rvfu(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ)
    await tb.same_edge(tb.pf.write(X.pfmbicr(n), X.vfreq(n)),
                       tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ))
    assert await tb.pf.read(X.pfmbicr(n)) == X.vfreq(n)
    await tb.same_edge(tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_RVFU),
                       tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ))
    assert await tb.pf.read(X.pfmbicr(n)) == X.vfreq(n)
    await tb.finish()


@cocotb.test()
async def s4_rule1_vfack_set_beats_a_pfmbicr_w1c_and_rvfu(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK)
    await tb.same_edge(tb.pf.write(X.pfmbicr(n), X.vfack(n)),
                       tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK))
    assert await tb.pf.read(X.pfmbicr(n)) == X.vfack(n)
    await tb.same_edge(tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_RVFU),
                       tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_ACK))
    assert await tb.pf.read(X.pfmbicr(n)) == X.vfack(n)
    await tb.finish()


@cocotb.test()
async def s4_rule1_pfsts_pfack_set_beat_the_vfs_read_to_clear(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    for send, bit in ((R.PFMAILBOX_STS, R.VFMAILBOX_PFSTS), (R.PFMAILBOX_ACK, R.VFMAILBOX_PFACK)):
        await tb.pf.write(X.pfmailbox(n), send)
        _, seen = await tb.same_edge(tb.pf.write(X.pfmailbox(n), send), tb.vf(n).read(VFMAILBOX))
        assert seen == bit | R.VFMAILBOX_RSTI, "the read returns the old value"
        assert await vfmailbox(tb, n) == bit | R.VFMAILBOX_RSTI, "and the bit stays set"
    await tb.finish()


@cocotb.test()
async def s4_rule1_rstd_set_beats_the_vfs_read_to_clear(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD)
    _, seen = await tb.same_edge(tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD),
                                 tb.vf(n).read(VFMAILBOX))
    assert seen == R.VFMAILBOX_RSTD
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTD
    await tb.finish()


@cocotb.test()
async def s4_rule1_eicr_causes_beat_an_eicr_w1c(dut):
    """A VF REQ, a VF ACK, an FLR meeting the PF's W1C of EICR.MAILBOX leave it set."""
    tb = await setup(dut)
    n = last_vf(tb)
    for write in (R.VFMAILBOX_REQ, R.VFMAILBOX_ACK):
        await tb.pf.write(X.IXGBE_EICS, MAILBOX)
        await tb.same_edge(tb.pf.write(X.IXGBE_EICR, MAILBOX), tb.vf(n).write(VFMAILBOX, write))
        assert await eicr(tb) == MAILBOX, f"VFMAILBOX {write:#x} against the W1C"
    await on_flr_edge(tb, 1 << n, tb.pf.write(X.IXGBE_EICR, MAILBOX))
    assert await eicr(tb) == MAILBOX, "FLR against the W1C"
    await tb.finish()


@cocotb.test()
async def s4_rule1_an_flr_beats_a_vflrec_w1c(dut):
    tb = await setup(dut)
    for n in probe_vfs(tb):
        k, bit = n // 32, X.vf_word_bit(n)
        await tb.flr(1 << n)
        await on_flr_edge(tb, 1 << n, tb.pf.write(VFLRECS[k], bit))
        assert await tb.pf.read(VFLRECS[k]) == bit, f"VF{n}"
        await tb.pf.write(VFLRECS[k], bit)
    await tb.finish()


@cocotb.test()
async def s4_rule2_lock_tie_goes_to_the_pf(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.same_edge(tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU),
                       tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU))
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU
    await tb.finish()


@cocotb.test()
async def s4_rule3_rvfu_beats_a_vfu_request(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.same_edge(tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_RVFU),
                       tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU))
    assert await pfmailbox(tb, n) == 0
    await tb.finish()


@cocotb.test()
async def s4_rule4_same_word_the_pfs_value_is_stored(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.same_edge(tb.pf.write(X.pfmbmem(n, 7), 0x11111111),
                       tb.vf(n).write(X.vfmbmem(7), 0x22222222))
    assert await tb.vf(n).read(X.vfmbmem(7)) == 0x11111111
    await tb.same_edge(tb.pf.write(X.pfmbmem(n, 8), 0x33333333),
                       tb.vf(n).write(X.vfmbmem(9), 0x44444444))
    assert await tb.pf.read(X.pfmbmem(n, 8)) == 0x33333333, "different words: both stored"
    assert await tb.pf.read(X.pfmbmem(n, 9)) == 0x44444444
    await tb.finish()


@cocotb.test()
async def s4_rule6_an_flr_beats_a_same_edge_vfu_request(dut):
    tb = await setup(dut)
    for n in probe_vfs(tb):
        await on_flr_edge(tb, 1 << n, tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU))
        assert await pfmailbox(tb, n) == 0, f"VF{n}: VFU ends 0"
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
        await on_flr_edge(tb, 1 << n, tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU))
        assert await pfmailbox(tb, n) == 0, f"VF{n}: an API 1.5 REQ|VFU on the FLR edge"
        assert await tb.pf.read(X.pfmbicr(n)) == X.vfreq(n), "the REQ still lands"
        await tb.pf.write(X.pfmbicr(n), X.vfreq(n))
    await tb.finish()


@cocotb.test()
async def s4_rule6_a_pfu_request_on_an_flr_edge_is_judged_on_vfu_before_it(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await on_flr_edge(tb, 1 << n, tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU))
    assert await pfmailbox(tb, n) == 0, "VF n held VFU before the edge: no grant, VFU cleared"
    await on_flr_edge(tb, 1 << n, tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_PFU))
    assert await pfmailbox(tb, n) == R.PFMAILBOX_PFU, "VFU was 0 before the edge: granted"
    await tb.pf.write(X.pfmailbox(n), 0)
    m = other_vf(tb, n)
    if m is not None:   # an FLR of another VF does not touch this one's lock
        await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
        await tb.flr(1 << m)
        assert await pfmailbox(tb, n) == R.PFMAILBOX_VFU
    await tb.finish()


@cocotb.test()
async def s4_rule6_pf_sts_ack_and_reset_done_on_an_flr_edge_leave_their_bits_set(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    for send, bit in ((R.PFMAILBOX_STS, R.VFMAILBOX_PFSTS), (R.PFMAILBOX_ACK, R.VFMAILBOX_PFACK)):
        await on_flr_edge(tb, 1 << n, tb.pf.write(X.pfmailbox(n), send))
        assert await vfmailbox(tb, n) == bit | R.VFMAILBOX_RSTI, f"{send:#x} on the FLR edge"
    await on_flr_edge(tb, 1 << n, tb.pf.write(X.IXGBE_CTRL_EXT, X.IXGBE_CTRL_EXT_PFRSTD))
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTD, "reset-done on the FLR edge"
    await tb.finish()


@cocotb.test()
async def s4_rule6_the_vfs_own_transfers_on_its_flr_edge_take_effect(dut):
    """A REQ or ACK sets its bit and raises EICR as PFMBIMR allows, a memory write lands, a
    read returns the state before the edge; only VFU ends 0."""
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(PFMBIMRS[n // 32], 0)
    for write, bit in ((R.VFMAILBOX_REQ, X.vfreq(n)), (R.VFMAILBOX_ACK, X.vfack(n))):
        await on_flr_edge(tb, 1 << n, tb.vf(n).write(VFMAILBOX, write))
        assert await tb.pf.read(X.pfmbicr(n)) == bit
        await tb.pf.write(X.pfmbicr(n), bit)
    await on_flr_edge(tb, 1 << n, tb.vf(n).write(X.vfmbmem(3), 0xF1F1F1F1))
    assert await tb.pf.read(X.pfmbmem(n, 3)) == 0xF1F1F1F1
    await tb.vf(n).write(VFMAILBOX, R.VFMAILBOX_VFU)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS)
    seen, = await on_flr_edge(tb, 1 << n, tb.vf(n).read(VFMAILBOX))
    assert seen == R.VFMAILBOX_VFU | R.VFMAILBOX_PFSTS | R.VFMAILBOX_RSTI, "the state before"
    assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI
    await tb.finish()


async def pulse_reset_with(tb, at: int, low_edges: int, *accesses) -> list:
    """Hold rst_n low for `low_edges` edges while `accesses` complete on the at-th of them
    (0-based; at == low_edges: the first edge after the pulse). Returns vf_irq after each
    edge. The monitor must see the transfers on that edge, with rst_n as intended."""
    seen = []

    def observe(sample):
        if sample.transfers:
            seen.append((sample.reset, len(sample.transfers)))
    await tb.settle()   # past the last edge: the monitor has reported it
    tb.observers.append(observe)
    irq = []

    async def edge():
        await tb.clock.rising_edge()
        await tb.settle()
        irq.append(int(tb.dut.vf_irq.value))

    await tb.clock.acquire()
    done = None
    if at == 0:
        done = cocotb.start_soon(gather(*accesses))   # SETUP edge: the one before the pulse
    await edge()
    tb.dut.rst_n.value = 0
    for low in range(low_edges):
        if low == at - 1 or (low == low_edges - 1 and at == low_edges):
            done = cocotb.start_soon(gather(*accesses))
        await edge()
    tb.dut.rst_n.value = 1
    while not done.done():
        await edge()
    await edge()
    tb.clock.release()
    await done
    tb.observers.remove(observe)
    assert seen == [(at < low_edges, len(accesses))], f"transfers met the wrong edge: {seen}"
    return irq


@cocotb.test()
async def s4_rule7_transfers_on_every_edge_of_a_reset_pulse_change_nothing(dut):
    """A pulse of 3 low edges, a PF and a VF transfer completing on each of them (the last
    included): reset values and the RAM's old words after it, no vf_irq pulse. The same
    transfers on the first edge after the pulse take effect (the timing has teeth)."""
    tb = await setup(dut)
    n = last_vf(tb)
    m = other_vf(tb, n) if tb.num_vfs > 1 else n
    low_edges = 3
    words = {(n, 3): 0x0000AAAA, (m, 4): 0x0000CCCC}
    rounds = (   # (PF access, VF access, what the pair does when it takes effect)
        (lambda: tb.pf.write(X.pfmbmem(n, 3), 0x0000BBBB),
         lambda: tb.vf(m).write(X.vfmbmem(4), 0x0000DDDD),
         [(X.pfmbmem(n, 3), 0x0000BBBB), (X.pfmbmem(m, 4), 0x0000DDDD)]),
        (lambda: tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_PFU),
         lambda: tb.vf(m).write(VFMAILBOX, R.VFMAILBOX_REQ | R.VFMAILBOX_ACK),
         [(X.pfmailbox(n), R.PFMAILBOX_PFU), (X.pfmbicr(m), X.vfreq(m) | X.vfack(m))]),
        (lambda: tb.pf.write(X.IXGBE_CTRL_EXT, ALL_ONES),
         lambda: tb.vf(m).write(VFMAILBOX, R.VFMAILBOX_VFU),
         [(X.IXGBE_CTRL_EXT, ALL_ONES & ~X.IXGBE_CTRL_EXT_PFRSTD)]),
        (lambda: tb.pf.write(X.IXGBE_EICS, MAILBOX),
         lambda: tb.vf(n).write(X.vfmbmem(3), 0x0000EEEE),
         [(X.IXGBE_EICR, MAILBOX)]),
        (lambda: tb.pf.write(X.IXGBE_EIMS, MAILBOX),
         lambda: tb.vf(n).read(VFMAILBOX),
         [(X.IXGBE_EIMS, MAILBOX)]),
        (lambda: tb.pf.write(PFMBIMRS[0], 0),
         lambda: tb.vf(m).write(X.IXGBE_VFCTRL, X.IXGBE_VFCTRL_RST),
         [(PFMBIMRS[0], 0)]),
    )
    for at in range(low_edges + 1):
        for pf_access, vf_access, effect in rounds:
            for (v, w), value in words.items():
                await tb.pf.write(X.pfmbmem(v, w), value)
            irq = await pulse_reset_with(tb, at, low_edges, pf_access(), vf_access())
            if at < low_edges:
                where = f"transfers on low edge {at + 1} of {low_edges}"
                assert irq == [0] * len(irq), f"{where}: a vf_irq pulse followed: {irq}"
                for (v, w), value in words.items():
                    assert await tb.pf.read(X.pfmbmem(v, w)) == value, f"{where}: a write landed"
                await expect_reset_values(tb, sorted({n, m}))
            else:
                for addr, value in effect:
                    assert await tb.pf.read(addr) == value, \
                        f"after the pulse the transfer at {addr:#07x} must take effect"
                await tb.reset()
    await tb.finish()


@cocotb.test()
async def s4_rule7_reset_beats_an_flr(dut):
    tb = await setup(dut)
    await tb.clock.acquire()
    dut.rst_n.value = 0
    dut.vf_flr.value = existing(tb)
    for _ in range(2):
        await tb.clock.rising_edge()
    dut.rst_n.value = 1
    dut.vf_flr.value = 0
    tb.clock.release()
    await expect_reset_values(tb)
    await tb.finish()


# ---------------------------------------------------------------- section 6: VF window, errors
@cocotb.test()
async def s6_inert_vf_registers_read_0_and_ignore_writes(dut):
    tb = await setup(dut)
    await tb.set_link(True)
    before = await probe_snapshot(tb)
    for n in probe_vfs(tb):
        for addr in INERT_VF:
            await tb.vf(n).write(addr, ALL_ONES)
            assert await tb.vf(n).read(addr) == 0, f"VF{n} {addr:#06x}"
    assert await probe_snapshot(tb) == before
    for n in probe_vfs(tb):
        assert await vfmailbox(tb, n) == R.VFMAILBOX_RSTI
    await tb.set_link(False)
    await tb.finish()


async def sweep(tb, port: str, func: int, addrs, write: bool, expect_error) -> list:
    """One transfer per offset; returns the offsets whose PSLVERR (or error read data, which
    must be 0) disagrees with `expect_error(addr)`."""
    agent = tb.pf if port == "pf" else tb.vf_port
    wrong = []
    for addr in addrs:
        t = await agent.transfer_any(write, addr, ALL_ONES, func)
        error = expect_error(addr)
        if t.slverr != error or (error and not write and t.data != 0):
            wrong.append(f"{t} (expected {'an error' if error else 'a hit'})")
    return wrong


def one_bit_neighbours(addrs, bits: int) -> list:
    """Offsets one word-address bit away from any of `addrs`: where a decode that ignores or
    misreads one address bit would map a register."""
    return sorted({a ^ (1 << b) for a in addrs for b in range(2, bits)} - set(addrs))


@cocotb.test()
async def s6_every_pf_offset_is_a_hit_or_an_error(dut):
    """Every word offset of the 17-bit PF window is read (PF reads change nothing): PSLVERR
    exactly where the contract maps nothing, read data 0 there. Writes, which would change a
    register they hit, go to every error offset one address bit away from a register; then
    nothing has changed."""
    tb = await setup(dut)
    await tb.set_link(True)   # STATUS would read 0x80 if an error did not force read data to 0
    await tb.pf.write(X.IXGBE_EIMS, MAILBOX)
    await tb.flr(existing(tb))
    before = await snapshot(tb)
    wrong = await sweep(tb, "pf", 0, range(0, 1 << 17, 4), False,
                        lambda a: is_error(pf_register(a, tb.num_vfs), False))
    registers = set(PF_FIXED) | {X.pfmailbox(0), X.pfmailbox(last_vf(tb)), X.pfmbmem(0, 0),
                                 X.pfmbmem(last_vf(tb), 15)}
    errors = [a for a in one_bit_neighbours(registers, 17) + sorted(registers)
              if is_error(pf_register(a, tb.num_vfs), True)]
    wrong += await sweep(tb, "pf", 0, errors, True, lambda a: True)
    assert not wrong, f"{len(wrong)} offsets decoded wrong, first: {wrong[:5]}"
    assert await snapshot(tb) == before
    await tb.set_link(False)
    await tb.finish()


@cocotb.test()
async def s6_every_vf_offset_is_a_hit_or_an_error(dut):
    """Every word offset of the last VF's 16-bit window is read (VFMAILBOX, read-to-clear,
    aside), writes go to every error offset one address bit away from a register; every
    register offset, read and written, is an error for each vf_pfunc >= NUM_VFS."""
    tb = await setup(dut)
    await tb.set_link(True)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS)
    before = await snapshot(tb)
    wrong = await sweep(tb, "vf", n, [a for a in range(0, 1 << 16, 4) if a != VFMAILBOX], False,
                        lambda a: is_error(vf_register(a), False))
    registers = sorted(set(VF_FIXED) | {X.vfmbmem(w) for w in range(R.MBX_WORDS)})
    errors = [a for a in one_bit_neighbours(registers, 16) + registers
              if is_error(vf_register(a), True)]
    wrong += await sweep(tb, "vf", n, errors, True, lambda a: True)
    for func in range(tb.num_vfs, X.IXGBE_MAX_VFS):
        for write in (False, True):
            wrong += await sweep(tb, "vf", func, registers, write, lambda a: True)
    assert not wrong, f"{len(wrong)} offsets decoded wrong, first: {wrong[:5]}"
    assert await snapshot(tb) == before
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_RSTI, \
        "no error access read (and cleared) VFMAILBOX"
    await tb.set_link(False)
    await tb.finish()


@cocotb.test()
async def s6_pf_slots_past_num_vfs_are_errors(dut):
    tb = await setup(dut)
    accesses = []
    for n in range(tb.num_vfs, X.IXGBE_MAX_VFS + 1):   # 64: the X550's VFMAILBOX mirror, 0x4C00
        accesses += [("pf", 0, True, X.pfmailbox(n)), ("pf", 0, False, X.pfmailbox(n)),
                     ("pf", 0, True, X.pfmbmem(n, 0)), ("pf", 0, False, X.pfmbmem(n, 15))]
    await expect_errors(tb, accesses)
    await tb.finish()


@cocotb.test()
async def s6_misaligned_offsets_are_errors_and_change_nothing(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS)   # VFMAILBOX must not be read-cleared
    pf = sorted(PF_FIXED) + [X.pfmailbox(n), X.pfmbmem(n, 0), X.pfmbmem(n, 15)]
    vf = sorted(VF_FIXED) + [X.vfmbmem(0), X.vfmbmem(15)]
    accesses = [("pf", 0, w, a + d) for a in pf for d in (1, 2, 3) for w in (False, True)]
    accesses += [("vf", n, w, a + d) for a in vf for d in (1, 2, 3) for w in (False, True)]
    await expect_errors(tb, accesses)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_RSTI
    await tb.finish()


@cocotb.test()
async def s6_writes_to_read_only_registers_are_errors(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.set_link(True)
    await tb.flr(existing(tb))   # VFLRE's bits must survive a write of ones
    await expect_errors(tb, [("pf", 0, True, X.IXGBE_STATUS), ("pf", 0, True, X.IXGBE_VFLRE0),
                             ("pf", 0, True, X.IXGBE_VFLRE1), ("vf", n, True, X.IXGBE_VFSTATUS),
                             ("vf", n, True, X.IXGBE_VFLINKS)])
    assert await tb.pf.read(X.IXGBE_VFLRE0) == in_word(tb, 0)
    assert await tb.pf.read(X.IXGBE_VFLRE1) == in_word(tb, 1)
    await tb.set_link(False)
    await tb.finish()


@cocotb.test()
async def s6_pfmbimr_2_and_3_and_the_x550_mirror_are_errors(dut):
    tb = await setup(dut)
    await expect_errors(tb, [("pf", 0, w, a) for a in (X.IXGBE_PFMBIMR + 8, X.IXGBE_PFMBIMR + 12,
                                                       0x04C00, 0x04C00 + 4 * last_vf(tb))
                             for w in (False, True)])
    await tb.finish()


@cocotb.test()
async def s6_error_read_of_a_read_to_clear_register_clears_nothing(dut):
    tb = await setup(dut)
    n = last_vf(tb)
    await tb.pf.write(X.pfmailbox(n), R.PFMAILBOX_STS | R.PFMAILBOX_ACK)
    await tb.vf(n).read(VFMAILBOX + 2, expect_error=True)
    if tb.num_vfs < X.IXGBE_MAX_VFS:
        await tb.vf(tb.num_vfs).read(VFMAILBOX, expect_error=True)
    assert await vfmailbox(tb, n) == R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTI
    await tb.finish()
