"""tb.cdriver without a simulator: compiled driver C code under asyncio against a pure-Python
fake of the mailbox registers (hardware.md sections 2-6, no clock). Tests that need the Linux
6.1 sources skip with one reason line when the sources are neither cached nor fetchable."""

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tb import messages as M
from tb import regmap as R
from tb.bus.apb import ApbSlaveError
from tb.drivers.host import TrialDecided

from tb.cdriver import build as B
from tb.cdriver.errors import CDriverError
from tb.cdriver.variants import drop_reply_reads, edit_function, one_try_vf_lock
from tests import shared_code_copy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "shared-code-vf"
MAC = bytes([0x02, 0x11, 0x22, 0x33, 0x44, 0x55])
MC = bytes([0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB])


# ----------------------------------------------------------------- fake device and hosts
class FakeMailbox:
    """The mailbox registers of one PF and its VFs, per hardware.md, one access at a time."""

    def __init__(self, num_vfs: int = 2, link: bool = True):
        self.num_vfs, self.link = num_vfs, link
        n = range(num_vfs)
        self.vfu = [0 for _ in n]
        self.pfu = [0 for _ in n]
        self.pfsts = [0 for _ in n]
        self.pfack = [0 for _ in n]
        self.rsti = [0 for _ in n]          # the PF reset is done ...
        self.rstd = [1 for _ in n]          # ... and says so once
        self.mem = [[0] * 16 for _ in n]
        self.mbvficr = self.mbvfimr = self.vflre = self.icr = self.ctrl_ext = 0
        self.fail = set()                   # (side, kind, offset): PSLVERR once

    def _error(self, side, kind, offset):
        raise ApbSlaveError(f"{side} {kind} {offset:#06x}")

    def access(self, side, vf, kind, offset, data=0):
        if (side, kind, offset) in self.fail:
            self.fail.discard((side, kind, offset))
            self._error(side, kind, offset)
        if side == "vf":
            return self._vf(vf, kind, offset, data)
        return self._pf(kind, offset, data)

    def _status(self):
        return R.STATUS_LINK_UP if self.link else 0

    def _vf(self, n, kind, off, data):
        read = kind == "read"
        if off == R.VF_CTRL:
            if read:
                return 0
            if data & R.CTRL_RST:
                self.vflre |= 1 << n
                self.icr |= R.ICR_VMMB
        elif off == R.VF_STATUS and read:
            return self._status()
        elif R.vf_vmbmem(0) <= off < R.vf_vmbmem(16) and off % 4 == 0:
            i = (off - R.VF_VMBMEM) // 4
            if read:
                return self.mem[n][i]
            self.mem[n][i] = data
        elif off == R.VF_MAILBOX:
            if read:
                v = (self.vfu[n] << R.VFMAILBOX_VFU_BIT | self.pfu[n] << R.VFMAILBOX_PFU_BIT
                     | self.pfsts[n] << R.VFMAILBOX_PFSTS_BIT | self.pfack[n] << R.VFMAILBOX_PFACK_BIT
                     | self.rsti[n] << R.VFMAILBOX_RSTI_BIT | self.rstd[n] << R.VFMAILBOX_RSTD_BIT)
                self.pfsts[n] = self.pfack[n] = self.rstd[n] = 0
                return v
            if data & R.VFMAILBOX_REQ:
                self.mbvficr |= R.vfreq(n)
            if data & R.VFMAILBOX_ACK:
                self.mbvficr |= R.vfack(n)
            if data & R.VFMAILBOX_VFU:
                self.vfu[n] |= 0 if self.pfu[n] else 1
            else:
                self.vfu[n] = 0
        else:
            self._error("vf", kind, off)
        return 0

    def _pf(self, kind, off, data):
        read = kind == "read"
        if off == R.PF_STATUS and read:
            return self._status()
        if off == R.PF_MBVFICR:
            if read:
                return self.mbvficr
            self.mbvficr &= ~data
        elif off == R.PF_VFLRE:
            if read:
                return self.vflre
            self.vflre &= ~data
        elif off == R.PF_CTRL_EXT:
            if read:
                return self.ctrl_ext
            self.ctrl_ext = data
        elif R.PF_VMBMEM <= off < R.pf_vmbmem(self.num_vfs, 0) and off % 4 == 0:
            n, i = divmod((off - R.PF_VMBMEM) // 4, 16)
            if read:
                return self.mem[n][i]
            self.mem[n][i] = data
        elif R.PF_MAILBOX <= off < R.pf_mailbox(self.num_vfs) and off % 4 == 0:
            n = (off - R.PF_MAILBOX) // 4
            if read:
                return self.vfu[n] << R.PFMAILBOX_VFU_BIT | self.pfu[n] << R.PFMAILBOX_PFU_BIT
            if data & R.PFMAILBOX_STS:
                self.pfsts[n] = 1
            if data & R.PFMAILBOX_ACK:
                self.pfack[n] = 1
            if data & R.PFMAILBOX_PFU:
                self.pfu[n] |= 0 if self.vfu[n] else 1
            else:
                self.pfu[n] = 0
            if data & R.PFMAILBOX_RVFU:
                self.vfu[n] = 0
                self.mbvficr &= ~(R.vfreq(n) | R.vfack(n))
        else:
            self._error("pf", kind, off)
        return 0


class FakeHost:
    """An async host on the fake device; udelay only yields (time is counted, not spent)."""

    def __init__(self, dev: FakeMailbox, side: str, vf: int = 0):
        self.dev, self.side, self.vf = dev, side, vf
        self.log = []
        self.time_us = 0
        self.decide_after = None           # raise TrialDecided at this many host calls

    def _check(self):
        if self.decide_after is not None and len(self.log) >= self.decide_after:
            raise TrialDecided(self.side)

    async def read(self, addr):
        self._check()
        self.log.append(("read", addr))
        await asyncio.sleep(0)
        return self.dev.access(self.side, self.vf, "read", addr)

    async def write(self, addr, data):
        self._check()
        self.log.append(("write", addr, data))
        await asyncio.sleep(0)
        self.dev.access(self.side, self.vf, "write", addr, data)

    async def udelay(self, us):
        self._check()
        self.log.append(("udelay", us))
        self.time_us += us
        await asyncio.sleep(0)


class PyPfMailbox:
    """igb's PF primitives in a few lines of Python, for the tests that run without the
    kernel sources (the same interface as CIgbMailbox)."""

    def __init__(self, host):
        self.host = host

    async def _bit(self, reg, mask):
        if await self.host.read(reg) & mask:
            await self.host.write(reg, mask)
            return True
        return False

    async def check_for_msg(self, vf):
        return await self._bit(R.PF_MBVFICR, R.vfreq(vf))

    async def check_for_ack(self, vf):
        return await self._bit(R.PF_MBVFICR, R.vfack(vf))

    async def check_for_rst(self, vf):
        return await self._bit(R.PF_VFLRE, 1 << vf)

    async def _lock(self, vf):
        await self.host.write(R.pf_mailbox(vf), R.PFMAILBOX_PFU)
        return bool(await self.host.read(R.pf_mailbox(vf)) & R.PFMAILBOX_PFU)

    async def read(self, size, vf, unlock=True):
        if not await self._lock(vf):
            return None
        words = [await self.host.read(R.pf_vmbmem(vf, i)) for i in range(size)]
        await self.host.write(R.pf_mailbox(vf), R.PFMAILBOX_ACK | (0 if unlock else R.PFMAILBOX_PFU))
        return words

    async def write(self, msg, size, vf):
        if not await self._lock(vf):
            return False
        await self.check_for_msg(vf)
        await self.check_for_ack(vf)
        for i in range(size):
            await self.host.write(R.pf_vmbmem(vf, i), msg[i])
        await self.host.write(R.pf_mailbox(vf), R.PFMAILBOX_STS)
        return True


async def pf_responder(mbx, vf, received, stop, host):
    """igb_msg_task for one VF, igb 6.1 style: read (keeping the lock), reply with CTS."""
    cts = False
    while not stop.is_set():
        await mbx.check_for_rst(vf)
        if await mbx.check_for_msg(vf):
            msg = await mbx.read(16, vf, unlock=False)
            if msg is not None:
                received.append(msg[0])
                if msg[0] == M.E1000_VF_RESET:
                    cts = True
                    await mbx.write([M.E1000_VF_RESET | M.E1000_VT_MSGTYPE_ACK]
                                    + M.mac_to_words(MAC), 3, vf)
                else:
                    flags = M.E1000_VT_MSGTYPE_ACK | (M.E1000_VT_MSGTYPE_CTS if cts else 0)
                    await mbx.write([msg[0] | flags, msg[1]], 2, vf)
        await mbx.check_for_ack(vf)
        await host.udelay(100)


def run(coro):
    return asyncio.run(coro)


async def with_pf(vf_work, pf_mbx, pf_host, vf=0):
    received, stop = [], asyncio.Event()
    pf = asyncio.ensure_future(pf_responder(pf_mbx, vf, received, stop, pf_host))
    try:
        result = await vf_work()
    finally:
        stop.set()
        await pf
    return result, received


def make_vf(variant, dev, vf=0):
    from tb.cdriver.adapters import CIgbvf
    host = FakeHost(dev, "vf", vf)
    return CIgbvf(host, vf, None, library=variant), host


def make_pf(dev):
    from tb.cdriver.adapters import CIgbMailbox
    host = FakeHost(dev, "pf")
    return CIgbMailbox(host, library="linux-igb"), host


async def bring_up(vf):
    assert await vf.reset_hw_vf()
    await vf.rar_set_vf(vf.mac)
    await vf.update_mc_addr_list_vf([MC])
    await vf.vfta_set_vf(100, add=True)
    await vf.rlpml_set_vf(1522)
    vf.get_link_status = True
    return await vf.check_for_link_vf()


def vmbmem_reads(log):
    return [e for e in log if e[0] == "read" and R.VF_VMBMEM <= e[1] < R.vf_vmbmem(16)]


# ----------------------------------------------------------------- tests: kernel C code
def test_linux_vf_and_pf_bring_up(kernel):
    dev = FakeMailbox()
    vf, vf_host = make_vf("linux-igbvf", dev)
    pf, pf_host = make_pf(dev)
    assert vf.promisc_set_vf is None and vf.mbx_timeout == 0
    link, received = run(with_pf(lambda: bring_up(vf), pf, pf_host))
    assert link is True and vf.mac == MAC and vf.mbx_timeout == 2000
    assert [M.msg_type(w) for w in received] == [1, 2, 3, 4, 5]
    assert received[2] == M.E1000_VF_SET_MULTICAST | 1 << M.E1000_VT_MSGINFO_SHIFT
    assert [s.name for s in vf.sent] == ["VF_RESET", "SET_MAC_ADDR", "SET_MULTICAST",
                                         "SET_VLAN", "SET_LPE"]
    assert all(s.written and s.acked for s in vf.sent)
    assert vf.sent[0].reply[0] == M.E1000_VF_RESET | M.E1000_VT_MSGTYPE_ACK
    assert vf.accesses == len([e for e in vf_host.log if e[0] != "udelay"])
    assert vf.pslverrs == [] and pf.pslverrs == []


def test_linux_vf_multicast_hash_on_the_wire(kernel):
    dev = FakeMailbox()
    vf, _ = make_vf("linux-igbvf", dev)
    pf, pf_host = make_pf(dev)

    async def work():
        assert await vf.reset_hw_vf()
        await vf.update_mc_addr_list_vf([MC, MAC])
    run(with_pf(work, pf, pf_host))
    assert vf.sent[-1].word0 == M.E1000_VF_SET_MULTICAST | 2 << M.E1000_VT_MSGINFO_SHIFT
    assert dev.mem[0][1] == M.mc_hash(MC) | M.mc_hash(MAC) << 16


@pytest.mark.parametrize("variant,reads", [("linux-igbvf", 1), ("linux-igbvf-writeonly", 0)])
def test_reply_read_after_set_multicast(kernel, variant, reads):
    dev = FakeMailbox()
    vf, vf_host = make_vf(variant, dev)
    pf, pf_host = make_pf(dev)

    async def work():
        assert await vf.reset_hw_vf()
        start = len(vf_host.log)
        await vf.update_mc_addr_list_vf([MC])
        mc = vf_host.log[start:]
        start = len(vf_host.log)
        await vf.rar_set_vf(MAC)               # SET_MAC_ADDR keeps its reply read
        return mc, vf_host.log[start:]
    (mc, mac), _ = run(with_pf(work, pf, pf_host))
    assert len(vmbmem_reads(mc)) == reads
    assert len(vmbmem_reads(mac)) == 3


@pytest.mark.parametrize("variant", ["linux-igbvf", "linux-igbvf-writeonly",
                                     "linux-igbvf-writeonly-1try"])
def test_variant_facts_match_the_code(kernel, variant):
    """Each variant's declared reply_words are what its C code reads, message by message."""
    dev = FakeMailbox()
    vf, _ = make_vf(variant, dev)
    pf, pf_host = make_pf(dev)
    run(with_pf(lambda: bring_up(vf), pf, pf_host))
    assert vf.version.reply_words == B.VARIANTS[variant].reply_words
    for s in vf.sent[1:]:
        assert len(s.reply) == vf.version.reply_words.get(M.msg_type(s.word0), 0), s.name


def test_one_try_lock(kernel):
    for variant, tries, waits in (("linux-igbvf", 11, 11), ("linux-igbvf-writeonly-1try", 1, 0)):
        assert B.VARIANTS[variant].lock_tries == tries
        dev = FakeMailbox()
        vf, host = make_vf(variant, dev)
        vf.mbx_timeout = 2000
        dev.pfu[0] = 1                          # the PF holds the mailbox throughout
        run(vf.rlpml_set_vf(1522))
        assert host.log.count(("write", R.VF_MAILBOX, R.VFMAILBOX_VFU)) == tries, variant
        assert host.log.count(("udelay", 1000)) == waits, variant
        assert vf.sent[-1].written is False


def test_pslverr_is_recorded_and_the_run_goes_on(kernel):
    dev = FakeMailbox()
    vf, host = make_vf("linux-igbvf", dev)
    dev.fail.add(("vf", "read", R.VF_STATUS))
    vf.get_link_status = True
    assert run(vf.check_for_link_vf()) is False  # STATUS read 0: LU clear, link down
    assert vf.pslverrs == [("read", R.VF_STATUS)]
    assert run(vf.check_for_link_vf()) is False  # runs on: no mailbox message, no CTS
    assert vf.accesses > 2


def test_trial_decided_drains_the_c_call(kernel):
    dev = FakeMailbox()
    vf, host = make_vf("linux-igbvf", dev)
    host.decide_after = 5
    with pytest.raises(TrialDecided):
        run(vf.reset_hw_vf())
    assert len(host.log) == 5                   # nothing after the decision reached the host
    host.decide_after = None                    # the C call ended: the instance still works
    pf, pf_host = make_pf(dev)
    ok, _ = run(with_pf(vf.reset_hw_vf, pf, pf_host))
    assert ok and vf.mac == MAC


def test_pf_read_keeps_the_lock_then_unlocks(kernel):
    dev = FakeMailbox()
    pf, host = make_pf(dev)
    dev.mem[0][:2] = [0x5, 1522]
    dev.mbvficr = R.vfreq(0)

    async def work():
        assert await pf.check_for_msg(0)
        assert not await pf.check_for_msg(0)
        words = await pf.read(2, 0, unlock=False)
        held = dev.pfu[0]
        await pf.unlock(0)
        return words, held
    words, held = run(work())
    assert words == [0x5, 1522] and held == 1 and dev.pfu[0] == 0
    assert ("write", R.pf_mailbox(0), R.PFMAILBOX_ACK | R.PFMAILBOX_PFU) in host.log
    dev.vfu[0] = 1                              # the VF holds it: 11 tries, then None
    assert run(pf.read(1, 0)) is None
    assert host.log.count(("udelay", 1000)) == 11
    assert run(pf.write([1], 1, 0)) is False


# ----------------------------------------------------------------- tests: user driver path
@pytest.fixture(scope="session")
def example_lib():
    return B.build_user(EXAMPLE, "test-example-vf")


def test_user_example_driver(example_lib):
    dev = FakeMailbox()
    vf, host = make_vf("test-example-vf", dev)
    pf_host = FakeHost(dev, "pf")
    link, received = run(with_pf(lambda: bring_up(vf), PyPfMailbox(pf_host), pf_host))
    assert link is True and vf.mac == MAC
    assert [M.msg_type(w) for w in received] == [1, 2, 3, 4, 5]
    assert len(vmbmem_reads(host.log)) == 3 + 3 + 1 + 2 + 1 + 1   # replies + link check


def example_with_mc_list_args(tmp_path, extra: str) -> Path:
    """The example with update_mc_addr_list taking (hw, list, count<extra>): extra "" is the
    signature of Intel's shared code in FreeBSD and DPDK."""
    src = {f.name: f.read_text() for f in EXAMPLE.glob("e1000_vf.[ch]")}
    edits = {"e1000_vf.h": [("u8 *list, u32 count, u32 used, u32 total)", f"u8 *list, u32 count{extra})")],
             "e1000_vf.c": [("u32 count, u32 rar_used, u32 rar_count)", f"u32 count{extra})"),
                            ("\t(void)rar_used;\n\t(void)rar_count;\n", "")]}
    for name, pairs in edits.items():
        for old, new in pairs:
            assert src[name].count(old) == 1, (name, old)
            src[name] = src[name].replace(old, new)
        (tmp_path / name).write_text(src[name])
    return tmp_path


def test_shared_code_three_argument_mc_list(example_lib, tmp_path):
    """FreeBSD's and DPDK's update_mc_addr_list(hw, list, count) runs like Linux's 5-argument
    one: the same register accesses, write for write."""
    B.build_user(example_with_mc_list_args(tmp_path, ""), "test-example-vf-mc3")
    logs = []
    for library in ("test-example-vf", "test-example-vf-mc3"):
        dev = FakeMailbox()
        vf, host = make_vf(library, dev)
        pf_host = FakeHost(dev, "pf")
        link, received = run(with_pf(lambda: bring_up(vf), PyPfMailbox(pf_host), pf_host))
        assert link is True and [M.msg_type(w) for w in received] == [1, 2, 3, 4, 5]
        logs.append([e for e in host.log if e[0] == "write"])
    assert logs[0] == logs[1]


def test_an_mc_list_of_another_shape_is_a_compile_error(tmp_path):
    with pytest.raises(CDriverError) as e:
        B.build_user(example_with_mc_list_args(tmp_path, ", u32 used"), "test-example-vf-mc4")
    assert "_Generic" in str(e.value) and "e1000_hw" in str(e.value)


def test_compile_error_shows_the_compiler(tmp_path):
    for f in EXAMPLE.glob("e1000_vf.[ch]"):
        (tmp_path / f.name).write_text(f.read_text())
    (tmp_path / "broken.c").write_text('#include "e1000_vf.h"\nint f(void) { return nope; }\n')
    with pytest.raises(CDriverError) as e:
        B.build_user(tmp_path, "test-broken")
    assert "broken.c" in str(e.value) and "nope" in str(e.value) and "error" in str(e.value)


# ----------------------------------------------------------------- tests: bad input, one line
def cli(*args, **env):
    proc = subprocess.run([sys.executable, "-m", "tb.cdriver", *args], cwd=ROOT, text=True,
                          capture_output=True, env={**os.environ, **env})
    return proc.returncode, proc.stderr.strip().splitlines()


def test_unknown_variant_is_one_line():
    rc, err = cli("build", "linux-igbvf-nope")
    assert rc != 0 and len(err) == 1 and "linux-igbvf-writeonly-1try" in err[0]


def test_missing_sources_is_one_line(tmp_path):
    rc, err = cli("build", "linux-igb", LINUX_SRC=str(tmp_path))
    assert rc != 0 and len(err) == 1 and "LINUX_SRC" in err[0] and "fetch" in err[0]
    rc, err = cli("build", "--name", "x", DRIVER_SRC="")
    assert rc != 0 and len(err) == 1 and "DRIVER_SRC" in err[0]
    rc, err = cli("build", "--name", "x", DRIVER_SRC="/nonexistent")
    assert rc != 0 and len(err) == 1 and "DRIVER_SRC='/nonexistent' is not allowed: it is not a " \
        "directory" in err[0], err


def test_missing_sources_with_empty_cache(tmp_path):
    env = {"CDRIVER_CACHE": str(tmp_path), "LINUX_SRC": ""}
    rc, err = cli("build", "linux-igbvf", **env)
    assert rc != 0 and len(err) == 1 and "LINUX_SRC" in err[0] and "DRIVER_SRC" in err[0]


SYNTHETIC = """
static void e1000_update_mc_addr_list_vf(void *h)
{
	rc = mbx->ops.write_posted(h, buf, 16);
	if (!rc)
		mbx->ops.read_posted(h, buf, 1);
}

static int e1000_set_vfta_vf(void *h)
{
	mbx->ops.write_posted(h, buf, 2);
	e = mbx->ops.read_posted(h, buf, 2);
	return e;
}

void e1000_rlpml_set_vf(void *h)
{
	if (!rc) { x(); }
}
"""


def test_transformation_names_file_and_function():
    with pytest.raises(CDriverError) as e:
        drop_reply_reads(SYNTHETIC, "vf.c")
    msg = str(e.value)
    assert "\n" not in msg and "vf.c" in msg and "e1000_rlpml_set_vf" in msg
    with pytest.raises(CDriverError) as e:
        one_try_vf_lock("int main(void) { return 0; }\n", "mbx.c")
    assert "\n" not in str(e.value) and "mbx.c" in str(e.value) \
        and "e1000_obtain_mbx_lock_vf" in str(e.value)


def test_transformation_on_synthetic_text():
    fixed = SYNTHETIC.replace("if (!rc) { x(); }",
                              "rc = mbx->ops.write_posted(h, buf, 2);\n"
                              "\tif (!rc)\n\t\tmbx->ops.read_posted(h, buf, 1);")
    out = drop_reply_reads(fixed, "vf.c")
    assert "read_posted" not in out and out.count("write_posted") == 3
    assert "e = 0;" in out
    out = edit_function(out, "vf.c", "e1000_set_vfta_vf", [(r"return e;", "return 1;")], "x")
    assert "return 1;" in out


# ----------------------------------------------------------------- tests: more bridge behaviour
def test_two_vfs_and_two_pf_instances_interleave(kernel):
    """Four C calls in flight at once (two VFs, two PF mailbox instances), one thread."""
    dev = FakeMailbox(num_vfs=2)
    vfs = [make_vf("linux-igbvf", dev, n)[0] for n in range(2)]
    pfs = [make_pf(dev) for _ in range(2)]
    assert len({vf.bridge.base for vf in vfs}) == 2 and len({pf.bridge.base for pf, _ in pfs}) == 2

    async def both():
        received, stop = [[], []], asyncio.Event()
        responders = [asyncio.ensure_future(pf_responder(pf, n, received[n], stop, host))
                      for n, (pf, host) in enumerate(pfs)]
        links = await asyncio.gather(*(bring_up(vf) for vf in vfs))
        stop.set()
        await asyncio.gather(*responders)
        return links, received
    links, received = run(both())
    assert links == [True, True]
    assert all([M.msg_type(w) for w in r] == [1, 2, 3, 4, 5] for r in received)


def test_cancelled_coroutine_drains_then_raises(kernel):
    dev = FakeMailbox()
    vf, host = make_vf("linux-igbvf", dev)
    vf.mbx_timeout = 2000
    blocked = asyncio.Event()

    class StuckHost(FakeHost):
        async def udelay(self, us):
            blocked.set()
            await asyncio.Event().wait()        # never returns: the task is cancelled here
    vf.bridge.host = StuckHost(dev, "vf")

    async def work():
        task = asyncio.ensure_future(vf.rlpml_set_vf(1522))
        await blocked.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    run(work())
    assert vf.bridge.calls == 1                 # the C call ran to its end (draining)


def test_timeline_events_from_the_c_run(kernel):
    class Timeline:
        def __init__(self):
            self.events = []

        def add(self, time_ps, source, kind, text, **kw):
            self.events.append(kind)
    from tb.cdriver.adapters import CIgbvf
    dev = FakeMailbox()
    tl = Timeline()
    vf = CIgbvf(FakeHost(dev, "vf"), 0, tl, library="linux-igbvf-writeonly-1try", now=lambda: 0)
    vf.mbx_timeout = 3
    dev.pfu[0] = 1
    run(vf.vfta_set_vf(7, True))                # lock fails once: never sent
    dev.pfu[0] = 0
    run(vf.vfta_set_vf(7, True))                # sent, never ACKed: 3 polls, then timeout 0
    assert tl.events == ["lock-failed", "not-sent", "send", "mbx-timeout"]
    assert [(s.written, s.acked) for s in vf.sent] == [(False, False), (True, False)]
    assert vf.mbx_timeout == 0


def test_linux_src_override_and_rebuild_only_on_change(kernel, tmp_path):
    env = {"CDRIVER_CACHE": str(tmp_path), "LINUX_SRC": str(kernel)}
    proc = subprocess.run([sys.executable, "-m", "tb.cdriver", "build", "linux-igb"], cwd=ROOT,
                          text=True, capture_output=True, env={**os.environ, **env})
    assert proc.returncode == 0 and "built" in proc.stdout
    lib = tmp_path / "linux-igb.so"
    first = lib.stat().st_mtime_ns
    proc = subprocess.run([sys.executable, "-m", "tb.cdriver", "build", "linux-igb"], cwd=ROOT,
                          text=True, capture_output=True, env={**os.environ, **env})
    assert proc.returncode == 0 and "built" not in proc.stdout
    assert lib.stat().st_mtime_ns == first


# ----------------------------------------------------------------- tests: a shared-code copy
# tests/shared_code_copy.py writes a directory laid out like another project's copy of
# Intel's e1000 shared code (our own C): its own e1000_osdep.h, e1000_api.h as the umbrella,
# a standalone e1000_vf.h, no set_vfta op (a plain e1000_vfta_set_vf), SET_PROMISC.

COPY_OPS = "set_vfta=e1000_vfta_set_vf"


def copy_dir(tmp_path, **kw) -> Path:
    return shared_code_copy.write(tmp_path / "e1000", **kw)


@pytest.fixture(scope="session")
def copy_vf(tmp_path_factory):
    lines = []
    d = copy_dir(tmp_path_factory.mktemp("copy"))
    B.build_user(d, "test-copy-vf", ops=COPY_OPS, log=lines.append, force=True)
    return d, lines


def test_own_osdep_is_left_out_in_one_line(copy_vf):
    """The copy's e1000_osdep.h includes a framework header that does not exist here; in
    place it would win over the shim's (quoted includes look beside the file first)."""
    d, lines = copy_vf
    said = [line for line in lines if "e1000_osdep.h left out" in line]
    assert len(said) == 1 and "cdrv_local.h" in said[0]
    proc = subprocess.run(["gcc", "-fsyntax-only", f"-I{B.SHIM / 'include'}",
                           str(d / "e1000_vf.c")], capture_output=True, text=True)
    assert proc.returncode and "sys/fwk_bus.h" in proc.stderr


def test_every_osdep_macro_of_the_shared_code(copy_vf):
    """Every macro of the list is used by the copy's own files (not its left-out osdep), and
    the library links with every symbol resolved: the shim's osdep has them all."""
    d, _ = copy_vf
    text = "\n".join(p.read_text() for p in d.iterdir() if p.name != "e1000_osdep.h")
    for macro in shared_code_copy.OSDEP_MACROS:
        assert re.search(rf"\b{macro}\b", text), macro
    meta = B.user_libraries()["test-copy-vf"]
    assert meta["header"] == "e1000_api.h" and meta["warnings"] == []
    assert meta["ops"]["set_vfta"] == "e1000_vfta_set_vf"
    assert meta["ops"]["promisc_set"] == "e1000_promisc_set_vf"


def test_copy_vf_brings_up_with_set_promisc(copy_vf, example_lib):
    dev = FakeMailbox()
    vf, host = make_vf("test-copy-vf", dev)
    pf_host = FakeHost(dev, "pf")

    async def work():
        link = await bring_up(vf)
        await vf.promisc_set_vf(0)
        return link
    link, received = run(with_pf(work, PyPfMailbox(pf_host), pf_host))
    assert link is True and vf.mac == MAC
    assert [M.msg_type(w) for w in received] == [1, 2, 3, 4, 5, 6]
    assert received[-1] == M.E1000_VF_SET_PROMISC          # no flags: e1000_promisc_disabled
    assert received[3] == M.E1000_VF_SET_VLAN | M.E1000_VF_SET_VLAN_ADD   # via DRIVER_OPS
    assert make_vf("test-example-vf", FakeMailbox())[0].promisc_set_vf is None


def test_a_missing_op_names_the_driver_ops_fallback(tmp_path):
    with pytest.raises(CDriverError) as e:
        B.build_user(copy_dir(tmp_path), "test-copy-noops")
    msg = str(e.value)
    assert "\n" not in msg and "set_vfta" in msg and "DRIVER_OPS=set_vfta=e1000_vfta_set_vf" in msg
    assert not B.library_file("test-copy-noops").exists()


@pytest.mark.parametrize("ops,said", [
    ("set_vfta=e1000_no_such_fn", "declares no e1000_no_such_fn"),
    ("set_vfta=e1000_vfta_set_vf,unlock=e1000_read_mbx", "op 'unlock' is unknown"),
    ("set_vfta", "op=function"),
])
def test_driver_ops_refused_in_one_line(tmp_path, ops, said):
    with pytest.raises(CDriverError) as e:
        B.build_user(copy_dir(tmp_path), "test-copy-badops", ops=ops)
    assert "\n" not in str(e.value) and said in str(e.value), str(e.value)


def test_driver_header_picks_the_glues_header(tmp_path):
    """The standalone e1000_vf.h has a struct e1000_hw of its own, without the API: naming it
    is refused in one line, the default (e1000_api.h, test_every_osdep_macro...) builds."""
    with pytest.raises(CDriverError) as e:
        B.build_user(copy_dir(tmp_path), "test-copy-vfh", header="e1000_vf.h", ops=COPY_OPS)
    assert "\n" not in str(e.value) and "e1000_vf.h" in str(e.value)
    with pytest.raises(CDriverError) as e:
        B.build_user(copy_dir(tmp_path), "test-copy-vfh", header="e1000_nope.h")
    assert "\n" not in str(e.value) and "DRIVER_HEADER=e1000_nope.h" in str(e.value)


UNRESOLVED_C = """#include "e1000_api.h"
s32 e1000_setup_led_generic(struct e1000_hw *hw);
void fwk_attach(struct e1000_hw *hw)
{
	UNREFERENCED_5PARAMETER(hw, 1, 2, 3, 4);
	fwk_bus_attach(hw->back);
	e1000_setup_led_generic(hw);
}
"""


def test_unresolved_symbols_fail_the_build_naming_each(tmp_path):
    """Every symbol defined nowhere is named at once, each with the file (and line) that
    needs it: a macro the shim lacks, an undeclared function, a declared one with no body."""
    with pytest.raises(CDriverError) as e:
        B.build_user(copy_dir(tmp_path, extra_c=UNRESOLVED_C), "test-copy-unresolved",
                     ops=COPY_OPS)
    msg = str(e.value)
    assert "\n" not in msg and "3 unresolved symbols" in msg, msg
    for item in ("UNREFERENCED_5PARAMETER (fwk_extra.c:5)", "fwk_bus_attach (fwk_extra.c:6)",
                 "e1000_setup_led_generic (fwk_extra.c)"):
        assert item in msg, msg
    assert not B.library_file("test-copy-unresolved").exists()


def test_cdrv_local_h_adds_to_the_shims_osdep(tmp_path):
    extra = ('#include "e1000_api.h"\n'
             "int fwk_quirks(struct e1000_hw *hw) { return FWK_QUIRKS(hw); }\n")
    d = copy_dir(tmp_path, extra_c=extra)
    with pytest.raises(CDriverError) as e:
        B.build_user(d, "test-copy-local", ops=COPY_OPS)
    assert "FWK_QUIRKS (fwk_extra.c:2)" in str(e.value)
    (d / "cdrv_local.h").write_text("#define FWK_QUIRKS(hw) ((void)(hw), 0)\n")
    assert B.build_user(d, "test-copy-local", ops=COPY_OPS).is_file()


def test_user_pf_driver_answers_a_vf(example_lib, tmp_path):
    """A PF mailbox of the copy (DRIVER_ROLE=pf): the glue finds its e1000_* API, its read
    drops PFU itself (no unlock op: unlock() does nothing), a VF brings up through it."""
    from tb.cdriver.adapters import CIgbMailbox
    B.build_user(copy_dir(tmp_path, role="pf"), "test-copy-pf", role="pf")
    meta = B.user_libraries()["test-copy-pf"]
    assert meta["role"] == "pf" and "unlock" not in meta["ops"]
    assert meta["ops"]["read"] == "e1000_read_mbx"
    dev = FakeMailbox()
    vf, _ = make_vf("test-example-vf", dev)
    pf_host = FakeHost(dev, "pf")
    pf = CIgbMailbox(pf_host, library="test-copy-pf")
    link, received = run(with_pf(lambda: bring_up(vf), pf, pf_host))
    assert link is True and [M.msg_type(w) for w in received] == [1, 2, 3, 4, 5]
    before = len(pf_host.log)
    run(pf.unlock(0))
    assert len(pf_host.log) == before
    assert ("write", R.pf_mailbox(0), R.PFMAILBOX_ACK) in pf_host.log   # read kept no PFU


def test_make_cdriver_builds_a_copy_from_the_readme_steps(tmp_path):
    """README "Your own driver, step by step", as typed: VF and PF through make cdriver."""
    env = {**os.environ, "CDRIVER_CACHE": str(tmp_path / "cache"), "CDRIVER_USER_DIR": ""}
    for side, args in (("pf", ["--pf"]), ("vf", [])):
        subprocess.run([sys.executable, "-m", "tests.shared_code_copy", str(tmp_path / side),
                        *args], cwd=ROOT, check=True, capture_output=True)
    runs = [["make", "--no-print-directory", "cdriver", f"DRIVER_SRC={tmp_path / 'vf'}",
             "DRIVER_NAME=my-e1000-vf", "DRIVER_OPS=set_vfta=e1000_vfta_set_vf"],
            ["make", "--no-print-directory", "cdriver", f"DRIVER_SRC={tmp_path / 'pf'}",
             "DRIVER_NAME=my-e1000-pf", "DRIVER_ROLE=pf"]]
    for cmd in runs:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "left out" in proc.stdout and "built" in proc.stdout
    roles = {name: meta["role"] for name, meta in
             ((p.stem, json.loads(p.read_text())) for p in (tmp_path / "cache").glob("*.json"))}
    assert roles == {"my-e1000-vf": "vf", "my-e1000-pf": "pf"}


@pytest.mark.parametrize("args,said", [
    (["DRIVER_ROLE=both"], "DRIVER_ROLE='both' is not allowed: use one of vf, pf"),
    (["DRIVER_HEADER=e1000_api.h"], "DRIVER_HEADER=e1000_api.h needs DRIVER_SRC"),
    (["DRIVER_SRC=/no/such/dir"], "DRIVER_SRC='/no/such/dir' is not allowed"),
    (["DRIVER_SRC=examples/shared-code-vf", "DRIVER_NAME=linux-igb"], "DRIVER_NAME='linux-igb'"),
    (["DRIVER_SRC=examples/shared-code-vf", "DRIVER_HEADER=none.h"],
     "DRIVER_HEADER=none.h is not allowed"),
])
def test_make_cdriver_bad_input_is_one_line(tmp_path, args, said):
    env = {**os.environ, "CDRIVER_CACHE": str(tmp_path / "cache"), "LINUX_SRC": str(tmp_path),
           "CDRIVER_USER_DIR": ""}
    proc = subprocess.run(["make", "--no-print-directory", "cdriver", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    lines = [ln for ln in proc.stderr.splitlines() if not ln.startswith("make")]
    assert proc.returncode != 0 and len(lines) == 1 and said in lines[0], proc.stderr
    assert not list((tmp_path / "cache").glob("*.so")), "something was built"


IXGBE_STYLE_C = """#include "ixgbe_osdep.h"
struct ixgbe_hw { u8 IOMEM *hw_addr; struct ixgbe_lock lock; };
STATIC s32 ixgbe_poke(struct ixgbe_hw *hw, u32 reg, u64 v, u32 *out)
{
	u32 i;

	DEBUGFUNC("ixgbe_poke");
	UNREFERENCED_1PARAMETER(out);
	ixgbe_init_lock(&hw->lock);
	ixgbe_acquire_lock(&hw->lock);
	IXGBE_WRITE_REG64(hw, reg, v);
	for (i = 0; i < 2; i++)
		IXGBE_WRITE_REG_ARRAY(hw, reg, i, IXGBE_CPU_TO_LE32(IXGBE_READ_REG_ARRAY(hw, reg, i)));
	IXGBE_WRITE_FLUSH(hw);
	msec_delay(1);
	usec_delay(IXGBE_READ_PCIE_WORD(hw, 0x10));
	ERROR_REPORT2(IXGBE_ERROR_POLLING, "reg %x", reg);
	ixgbe_release_lock(&hw->lock);
	return IXGBE_NTOHL(IXGBE_READ_REG(hw, reg)) == IXGBE_HTONL(1) ? 1 : 0;
}
s32 ixgbe_entry(struct ixgbe_hw *hw) { return ixgbe_poke(hw, 0x4, 1, NULL); }
"""


def test_ixgbe_shared_code_vocabulary_compiles(tmp_path):
    """The ixgbe family's OS layer (the next shared code to come): IXGBE_* register and byte
    order macros, its lock, the common vocabulary, all without a warning."""
    (tmp_path / "ixgbe_style.c").write_text(IXGBE_STYLE_C)
    proc = subprocess.run(["gcc", "-c", "-std=gnu11", *B.WARNINGS, "-Werror",
                           f"-I{B.SHIM / 'include'}", "-o", str(tmp_path / "x.o"),
                           str(tmp_path / "ixgbe_style.c")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def fake_package(tmp_path: Path) -> Path:
    """A stand-in for Debian's linux-source-6.1 .deb: usr/src/linux-source-6.1.tar.xz holding
    the files the builds need (empty), built with dpkg-deb as the real one is."""
    from tb.cdriver import sources
    tree = tmp_path / "tree" / sources.PACKAGE
    for rel in [rel for needed in sources.FAMILIES.values() for rel in needed]:
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_text("/* empty */\n")
    root = tmp_path / "pkg"
    (root / "usr" / "src").mkdir(parents=True)
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(
        f"Package: {sources.PACKAGE}\nVersion: 0\nArchitecture: all\nMaintainer: x <x@x>\n"
        "Description: test stand-in\n")
    subprocess.run(["tar", "-cJf", str(root / "usr" / "src" / f"{sources.PACKAGE}.tar.xz"),
                    "-C", str(tmp_path / "tree"), sources.PACKAGE], check=True)
    deb = tmp_path / f"{sources.PACKAGE}_0_all.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", str(root), str(deb)],
                   check=True, capture_output=True)
    return deb


def test_fetch_says_the_size_first_and_keeps_only_the_driver_files(tmp_path, monkeypatch):
    """One line with the package's size before the download; afterwards the cache holds the
    igb/igbvf files only, not the .deb nor the tarball (266 MB)."""
    import shutil
    from tb.cdriver import sources
    deb = fake_package(tmp_path)
    cache = tmp_path / "cache"
    real_run = sources._run

    def apt(cmd, cwd=None, what=""):
        if cmd[:1] == ["apt-cache"]:
            return subprocess.CompletedProcess(cmd, 0, "Package: x\nSize: 139000000\n", "")
        if "download" in cmd:
            shutil.copy(deb, cwd)
            return subprocess.CompletedProcess(cmd, 0, "", "")
        return real_run(cmd, cwd, what)

    monkeypatch.setattr(sources, "CACHE", cache)
    monkeypatch.setattr(sources, "_run", apt)
    monkeypatch.setattr(sources.os, "geteuid", lambda: 0)
    monkeypatch.setattr(sources.shutil, "which", lambda _: "/usr/bin/apt-get")
    lines = []
    assert sources.fetch(log=lines.append) == cache / "src" / sources.PACKAGE
    assert lines[0].startswith(f"tb.cdriver: downloading {sources.PACKAGE} (139 MB"), lines
    left = sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file())
    assert all(p.startswith(f"src/{sources.PACKAGE}/{sources.INTEL}/") or p == ".fetch.lock"
               for p in left), left


def test_the_suite_never_downloads_the_kernel(tmp_path, monkeypatch):
    """Without a cache or LINUX_SRC, the kernel fixture's sources.ensure() gives a reason to
    skip and downloads nothing (only `make cdriver` does)."""
    from tb.cdriver import sources
    monkeypatch.setattr(sources, "CACHE", tmp_path)
    monkeypatch.delenv("LINUX_SRC", raising=False)
    monkeypatch.setattr(sources, "fetch", lambda *a, **k: pytest.fail("the suite fetched the kernel"))
    monkeypatch.setattr(sources, "_run", lambda *a, **k: pytest.fail(f"the suite ran {a[0]}"))
    tree, reason = sources.ensure()
    assert tree is None and "LINUX_SRC" in reason
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["igbvf-1.1.5", "igb-upstream", "linux-igbvf"])
def test_a_user_driver_may_not_take_a_built_in_name(name, tmp_path):
    """A model's name would shadow the library: the user's code would silently never run."""
    rc, err = cli("build", "--src", str(EXAMPLE), "--name", name, CDRIVER_USER_DIR=str(tmp_path))
    assert rc != 0 and len(err) == 1 and f"DRIVER_NAME={name!r} is not allowed: it is taken" in err[0], err
    assert not any(tmp_path.iterdir()), "something was built"


def test_the_suites_own_drivers_stay_out_of_the_users_list(example_lib, monkeypatch):
    """The drivers the suite builds (test-example-vf, ...) live in its own CDRIVER_USER_DIR;
    the user's list (`python -m tb.cdriver list`, the allowed driver names) never shows them."""
    from tb.cdriver import sources
    assert example_lib.parent == Path(os.environ["CDRIVER_USER_DIR"]) != sources.CACHE
    monkeypatch.delenv("CDRIVER_USER_DIR")
    assert not [n for n in B.user_libraries() if n.startswith("test-")]
