"""tb.cdriver's ixgbe family without a simulator: Linux 6.1 ixgbevf (mbx.c + vf.c) and ixgbe
(ixgbe_mbx.c) compiled unmodified, run under asyncio against a pure-Python fake of the
82599/X540/X550 mailbox registers (docs/hardware-ixgbe.md sections 2-6, one access at a
time, no clock). Tests that need the kernel sources skip with one reason line when they are
neither cached nor fetchable."""

import asyncio
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tb import regmap as R
from tb import regmap_ixgbe as X
from tb.bus.apb import ApbSlaveError
from tb.cdriver import build as B
from tb.cdriver.errors import CDriverError
from tests.test_cdriver import FakeHost

ROOT = Path(__file__).resolve().parents[1]
MAC = bytes([0x02, 0x11, 0x22, 0x33, 0x44, 0x55])
MC = bytes([0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB])
ACK, NACK, CTS = 0x80000000, 0x40000000, 0x20000000
VF_RESET, SET_MAC, SET_MC, SET_VLAN, SET_LPE, SET_MACVLAN = 0x01, 0x02, 0x03, 0x04, 0x05, 0x06
API_NEGOTIATE, GET_QUEUES, XCAST, GET_LINK_STATE = 0x08, 0x09, 0x0C, 0x10
FEATURES_NEGOTIATE = 0x12
API_14, API_15, API_17 = 5, 6, 8
IPSEC, ESX_MBX = 1, 2                   # IXGBEVF_PF_SUP_*
IXGBE_ERR_TIMEOUT = -6
EIO = -5
LINUX_PF_APIS = (5, 4, 3, 2, 0)        # ixgbe_negotiate_vf_api in 6.1: 1.0 .. 1.4
VFMAILBOX, PFU, VFU = X.IXGBE_VFMAILBOX, R.PFMAILBOX_PFU, R.VFMAILBOX_VFU
WALL_S = 120          # a hung exchange fails the test instead of the run


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, WALL_S))


# ----------------------------------------------------------------- fake device
QUIET_VF = ({X.IXGBE_VFCTRL, X.IXGBE_VTEICR, X.IXGBE_VTEIMS, X.IXGBE_VTEIMC, X.IXGBE_VFPSRTYPE}
            | {base + X.IXGBE_VFQ_STRIDE * q for base in (X.IXGBE_VFRXDCTL, X.IXGBE_VFTXDCTL)
               for q in range(X.IXGBE_VF_QUEUES)})


class FakeIxgbe:
    """pf_vf_mailbox_ixgbe's registers as the mailbox code uses them, one access at a time.
    `log` holds every access of both sides in device order: (side, kind, offset, data)."""

    def __init__(self, num_vfs: int = 2, link: bool = True):
        self.num_vfs, self.link = num_vfs, link
        bits = ("vfu", "pfu", "pfsts", "pfack", "rsti", "vfreq", "vfack", "flr")
        for name in bits:
            setattr(self, name, [0] * num_vfs)
        self.rstd = [1] * num_vfs          # the PF reset is done, and says so once
        self.mem = [[0] * 16 for _ in range(num_vfs)]
        self.ctrl_ext = 0
        self.log = []

    def access(self, side, vf, kind, offset, data=0):
        value = self._vf(vf, kind, offset, data) if side == "vf" else self._pf(kind, offset, data)
        self.log.append((side, kind, offset, value if kind == "read" else data))
        return value

    def vfmailbox(self, n):
        return (self.vfu[n] << 2 | self.pfu[n] << 3 | self.pfsts[n] << 4 | self.pfack[n] << 5
                | self.rsti[n] << 6 | self.rstd[n] << 7)

    def _vf(self, n, kind, off, data):
        read = kind == "read"
        if off == VFMAILBOX and read:
            value = self.vfmailbox(n)
            self.pfsts[n] = self.pfack[n] = self.rstd[n] = 0     # read-to-clear
            return value
        if off == VFMAILBOX:
            self.vfreq[n] |= data & R.VFMAILBOX_REQ
            self.vfack[n] |= (data & R.VFMAILBOX_ACK) >> 1
            self.vfu[n] = int(bool(data & VFU) and (self.vfu[n] or not self.pfu[n]))
        elif X.vfmbmem(0) <= off < X.vfmbmem(16):
            return self._mem(n, (off - X.IXGBE_VFMBMEM) // 4, read, data)
        elif off in (X.IXGBE_VFSTATUS, X.IXGBE_VFLINKS) and read:
            up = X.IXGBE_STATUS_LINK_UP if off == X.IXGBE_VFSTATUS else X.IXGBE_VFLINKS_LINK_UP
            return up if self.link else 0
        elif off not in QUIET_VF:
            raise ApbSlaveError(f"vf {kind} {off:#06x}")
        return 0

    def _mem(self, n, word, read, data):
        if read:
            return self.mem[n][word]
        self.mem[n][word] = data
        return 0

    def _bits(self, name, vfs):
        return sum(getattr(self, name)[n] << j for j, n in enumerate(vfs) if n < self.num_vfs)

    def _clear(self, name, vfs, mask):
        for j, n in enumerate(vfs):
            if mask >> j & 1 and n < self.num_vfs:
                getattr(self, name)[n] = 0

    def _pf(self, kind, off, data):
        read = kind == "read"
        mbicr = {X.IXGBE_PFMBICR + 4 * i: range(16 * i, 16 * i + 16) for i in range(4)}
        flr = {X.IXGBE_VFLRE0: range(32), X.IXGBE_VFLRE1: range(32, 64)}
        flrc = {X.IXGBE_VFLREC + 4 * k: range(32 * k, 32 * k + 32) for k in range(2)}
        if off == X.IXGBE_STATUS and read:
            return X.IXGBE_STATUS_LINK_UP if self.link else 0
        if off == X.IXGBE_CTRL_EXT:
            if read:
                return self.ctrl_ext
            self.ctrl_ext = data & ~X.IXGBE_CTRL_EXT_PFRSTD
            if data & X.IXGBE_CTRL_EXT_PFRSTD:
                self.rsti, self.rstd = [0] * self.num_vfs, [1] * self.num_vfs
        elif off in mbicr:
            if read:
                return self._bits("vfreq", mbicr[off]) | self._bits("vfack", mbicr[off]) << 16
            self._clear("vfreq", mbicr[off], data & 0xFFFF)
            self._clear("vfack", mbicr[off], data >> 16)
        elif off in flr and read:
            return self._bits("flr", flr[off])
        elif off in flrc:
            if read:
                return self._bits("flr", flrc[off])
            self._clear("flr", flrc[off], data)
        elif X.pfmailbox(0) <= off < X.pfmailbox(self.num_vfs):
            return self._pfmailbox((off - X.IXGBE_PFMAILBOX) // 4, read, data)
        elif X.pfmbmem(0, 0) <= off < X.pfmbmem(self.num_vfs, 0):
            n, word = divmod((off - X.IXGBE_PFMBMEM) // 4, 16)
            return self._mem(n, word, read, data)
        else:
            raise ApbSlaveError(f"pf {kind} {off:#07x}")
        return 0

    def _pfmailbox(self, n, read, data):
        if read:
            return self.vfu[n] << 2 | self.pfu[n] << 3
        self.pfsts[n] |= data & R.PFMAILBOX_STS
        self.pfack[n] |= (data & R.PFMAILBOX_ACK) >> 1
        self.pfu[n] = int(bool(data & PFU) and (self.pfu[n] or not self.vfu[n]))
        if data & R.PFMAILBOX_RVFU:
            self.vfu[n] = 0
        return 0

    def vf_log(self, start=0):
        return [(kind, off, data) for side, kind, off, data in self.log[start:] if side == "vf"]


# ----------------------------------------------------------------- the PF side
def words_of(mac: bytes) -> list:
    return [int.from_bytes(mac[:4], "little"), int.from_bytes(mac[4:6], "little")]


def reply_to(msg: list, accept_apis, features=IPSEC) -> list:
    """What a PF answers (ixgbe_rcv_msg_from_vf's replies, reduced to what the tests check):
    VF_RESET 4 words with the MAC, anything else the 16 words back with ACK|CTS or NACK|CTS;
    FEATURES_NEGOTIATE with `features`."""
    kind = msg[0] & 0xFFFF
    if kind == VF_RESET:
        return [VF_RESET | ACK] + words_of(MAC) + [0]
    out = list(msg)
    ok = kind != API_NEGOTIATE or msg[1] in accept_apis
    if kind == GET_QUEUES:
        out[1:5] = [4, 4, 0, 0]
    if kind == GET_LINK_STATE:
        out[1] = 1
    if kind == FEATURES_NEGOTIATE:
        out[1] = features
    out[0] = (msg[0] & 0xFFFF) | (ACK if ok else NACK) | CTS
    return out


def switches_vf(msg: list, reply: list) -> bool:
    """Whether this reply moves the VF to the API 1.5 mailbox: 1.5 accepted, or the ESX
    mailbox feature offered under 1.7."""
    kind = msg[0] & 0xFFFF
    return bool(reply[0] & ACK) and (kind == API_NEGOTIATE and msg[1] == API_15
                                     or kind == FEATURES_NEGOTIATE and reply[1] & ESX_MBX)


async def msg_task(mbx, vf, host, stop, received, accept_apis=LINUX_PF_APIS, api15=None,
                   features=IPSEC):
    """ixgbe_msg_task for one VF over PF primitives (CIxgbeMailbox); with `api15`, the
    primitives it switches to once its reply has moved the VF to the 1.5 mailbox (sent with
    the old ones, since the VF reads it on legacy ops: docs/drivers-ixgbe.md 3.5)."""
    while not stop.is_set():
        await mbx.check_for_rst(host, vf)
        if not await mbx.check_for_msg(host, vf):
            err, msg = await mbx.read(host, 16, vf)
            if not err:
                received.append(msg)
                reply = reply_to(msg, accept_apis, features)
                await mbx.write(host, reply, len(reply), vf)
                if api15 and switches_vf(msg, reply):
                    mbx = api15
        await mbx.check_for_ack(host, vf)
        await host.udelay(100)


class Api15Pf:
    """Intel's shared-code PF primitives of API 1.5 (docs/drivers-ixgbe.md 3.2) in a few lines:
    read without the lock, write under a retried lock that it keeps until the VF's ACK."""

    async def _w1c(self, host, vf, mask):
        bits = await host.read(X.pfmbicr(vf)) & mask
        if bits:
            await host.write(X.pfmbicr(vf), bits)
        return bool(bits)

    async def check_for_msg(self, host, vf):
        return 0 if await host.read(X.pfmbicr(vf)) & X.vfreq(vf) else -1

    async def check_for_ack(self, host, vf):
        return -1

    async def check_for_rst(self, host, vf):
        return -1

    async def _rmw(self, host, vf, set_bits=0, clear_bits=0):
        value = await host.read(X.pfmailbox(vf))
        await host.write(X.pfmailbox(vf), (value | set_bits) & ~clear_bits)

    async def read(self, host, size, vf):
        await self._w1c(host, vf, X.vfreq(vf))
        words = [await host.read(X.pfmbmem(vf, i)) for i in range(size)]
        await self._rmw(host, vf, R.PFMAILBOX_ACK)
        return 0, words

    async def write(self, host, msg, size, vf):
        while await host.read(X.pfmailbox(vf)) & PFU or not await self._lock(host, vf):
            await host.udelay(500)
        await self._w1c(host, vf, X.vfreq(vf) | X.vfack(vf))
        for i, word in enumerate(msg[:size]):
            await host.write(X.pfmbmem(vf, i), word)
        await self._rmw(host, vf, R.PFMAILBOX_STS)
        tries = 2000 if msg[0] & CTS else 0        # the ACK poll only for a CTS message
        while tries and not await self._w1c(host, vf, X.vfack(vf)):
            tries -= 1
            await host.udelay(500)
        await self._rmw(host, vf, clear_bits=PFU)
        return 0

    async def _lock(self, host, vf):
        await self._rmw(host, vf, PFU)
        return bool(await host.read(X.pfmailbox(vf)) & PFU)


async def with_pf(work, pf, pf_host, vf=0, **kw):
    received, stop = [], asyncio.Event()
    task = asyncio.ensure_future(msg_task(pf, vf, pf_host, stop, received, **kw))
    try:
        result = await work()
    finally:
        stop.set()
        await task
    return result, received


def make_vf(dev, vf=0, **kw):
    from tb.cdriver.ixgbe import CIxgbevf
    return CIxgbevf(FakeHost(dev, "vf", vf), vf, **kw)


def make_pf(dev, **kw):
    from tb.cdriver.ixgbe import CIxgbeMailbox
    host = FakeHost(dev, "pf")
    return CIxgbeMailbox(host, **kw), host


async def bring_up(vf):
    """ixgbevf's probe and open, in drivers-ixgbe.md 2.3's order; the results in order."""
    out = [await vf.reset_hw_vf(), await vf.negotiate_api(), await vf.get_queues(),
           await vf.update_xcast_mode(1), await vf.update_mc_addr_list_vf([MC]),
           await vf.set_uc_addr_vf(0), await vf.set_vfta_vf(100, True),
           await vf.set_rlpml_vf(1522), await vf.set_rar_vf(vf.mac), await vf.get_link_state_vf()]
    vf.get_link_status = True
    return out + [await vf.check_mac_link_vf()]


# ----------------------------------------------------------------- tests: the libraries
def test_both_libraries_build_and_offer_their_entry_points(ixgbe_kernel):
    """Every entry point of the glue headers is declared to ctypes (else a handle would be
    truncated to an int) and exported by its library; the unmodified sources compile
    without a warning against the family shim."""
    from tb.cdriver import ixgbe as I
    from tb.cdriver.bridge import Library
    for name, header in (("linux-ixgbevf", "cdrv_ixgbevf.h"), ("linux-ixgbe", "cdrv_ixgbe.h")):
        lib = Library.load(B.build(name), B.VARIANTS[name].role)
        declared = set(re.findall(r"\b(cdrv_\w+)\(", (B.SHIM / "ixgbe" / header).read_text()))
        assert len(declared) > 8 and declared <= set(I.SIGNATURES), name
        assert all(lib.has(s) for s in declared), name
        assert B.VARIANTS[name].family == "ixgbe" and not B.VARIANTS[name].transforms
        meta = json.loads(B.library_file(name).with_suffix(".json").read_text())
        assert meta["warnings"] == [], meta["warnings"]     # the shim satisfies the headers


def test_bring_up_against_the_linux_pf_primitives(ixgbe_kernel):
    dev = FakeIxgbe()
    vf = make_vf(dev)
    pf, pf_host = make_pf(dev)
    assert vf.protocol == "legacy" and vf.timeout == 2000 and vf.udelay == 500
    assert vf.get_link_status and vf.queues == (2, 2)      # as up_complete and sw_init leave them
    results, received = run(with_pf(lambda: bring_up(vf), pf, pf_host))
    assert results == [0] * 9 + [(0, 1), (0, True)]
    assert vf.mac == MAC and vf.addr == MAC and vf.protocol == "legacy"
    assert vf.api_version == API_14 and vf.queues == (4, 4) and vf.num_tcs == 0
    assert vf.pf_features == 1 and vf.link_speed == 0x80      # 1.4 implies IPsec; 10G
    assert [m[0] & 0xFFFF for m in received] == [VF_RESET] + [API_NEGOTIATE] * 4 + [
        GET_QUEUES, XCAST, SET_MC, SET_MACVLAN, SET_VLAN, SET_LPE, SET_MAC, GET_LINK_STATE]
    assert [m[1] for m in received[1:5]] == [8, 7, 6, 5]       # 1.7, 1.6, 1.5 NACKed; 1.4
    assert received[7][0] == SET_MC | 1 << 16                   # one vector (MSGINFO)
    assert all(s.written and s.reply for s in vf.sent)
    assert [s.name for s in vf.sent][:2] == ["VF_RESET", "API_NEGOTIATE"]
    assert vf.received == [[CTS | ACK | GET_LINK_STATE]]      # the link check read word 0
    assert vf.pslverrs == [] and pf.pslverrs == [] and not vf.bridge.strays


def test_legacy_write_is_lock_rmw_clears_words_then_req_alone(ixgbe_kernel):
    """ixgbevf_write_mbx_vf_legacy: obtain by read-modify-write of VFU (echoing what it
    read, R2C bits included), four flush reads, the words, then REQ alone (drops VFU)."""
    dev = FakeIxgbe()
    vf = make_vf(dev)
    dev.rstd[0] = 0
    dev.pfsts[0] = 1                                  # a PF message nobody read yet
    assert run(vf.write_mbx([SET_LPE, 1522], 2)) == 0
    assert dev.vf_log() == [
        ("read", VFMAILBOX, 0x10), ("write", VFMAILBOX, 0x10 | VFU),
        ("read", VFMAILBOX, VFU), ("read", VFMAILBOX, VFU), ("read", VFMAILBOX, VFU),
        ("read", VFMAILBOX, VFU), ("read", VFMAILBOX, VFU),
        ("write", X.vfmbmem(0), SET_LPE), ("write", X.vfmbmem(1), 1522),
        ("write", VFMAILBOX, R.VFMAILBOX_REQ)]
    assert dev.vfu[0] == 0 and dev.vfreq[0] == 1 and vf.vf_mailbox == 0


def test_api15_write_keeps_vfu_and_polls_pfack(ixgbe_kernel):
    """After negotiating 1.5 with a PF that speaks it, ixgbevf_write_mbx_vf writes REQ with
    VFU kept, polls PFACK while holding VFU, then releases by read-modify-write; the reply is
    read without the lock."""
    dev = FakeIxgbe()
    vf = make_vf(dev)
    pf, pf_host = make_pf(dev)

    async def work():
        assert await vf.reset_hw_vf() == 0
        assert await vf.negotiate_api() == 0 and vf.api_version == API_15
        start = len(dev.log)
        return await vf.set_vfta_vf(100, True), start
    (err, start), received = run(with_pf(work, pf, pf_host, accept_apis=(API_15,),
                                         api15=Api15Pf()))
    assert err == 0 and vf.protocol == "1.5" and vf.pf_features == 2     # ESX_MBX
    assert [m[1] for m in received if m[0] & 0xFFFF == API_NEGOTIATE] == [8, 7, 6]
    log = dev.vf_log(start)
    mbx_writes = [d for k, o, d in log if k == "write" and o == VFMAILBOX]
    req = mbx_writes.index(R.VFMAILBOX_REQ | VFU)            # REQ written with VFU kept
    # the lock: one read-modify-write, echoing the PFSTS/PFACK its shadow kept from the
    # negotiation's reads (R2C bits the hardware must ignore on write); then the release
    assert mbx_writes[:req] == [VFU | R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK]
    assert mbx_writes[req + 1] == 0
    # the reply's ACK, without the VF lock, echoing the PFU the PF holds while it waits for
    # that ACK (a bit the VF's writes must not change: docs/hardware-ixgbe.md section 3)
    assert mbx_writes[req + 2:] == [R.VFMAILBOX_ACK | R.VFMAILBOX_PFU]
    at_req = log.index(("write", VFMAILBOX, R.VFMAILBOX_REQ | VFU))
    polls = log[at_req + 1:log.index(("write", VFMAILBOX, 0))]
    # polled while holding VFU until PFACK; then one read to drop it from the shadow and
    # the release's read
    seen = [d & R.VFMAILBOX_PFACK for _, _, d in polls]
    assert seen.index(R.VFMAILBOX_PFACK) == len(polls) - 3 and len(polls) > 3
    assert all(k == "read" and d & VFU for k, _, d in polls)
    reply_reads = [o for k, o, _ in log[log.index(("write", VFMAILBOX, 0)):] if k == "read"]
    assert X.vfmbmem(0) in reply_reads and log[-1][1:] == (VFMAILBOX, mbx_writes[-1])


@pytest.mark.parametrize("features,ops", [(IPSEC, "legacy"), (IPSEC | ESX_MBX, "api15")])
def test_api17_features_choose_the_mailbox(ixgbe_kernel, features, ops):
    """Under API 1.7 the VF asks for IPsec and the ESX mailbox (FEATURES_NEGOTIATE, word 1 =
    3) and takes the new mailbox only if the PF offers it: a Linux PF of 2025 answers IPsec
    alone and the VF stays legacy."""
    dev = FakeIxgbe()
    vf = make_vf(dev)
    pf, pf_host = make_pf(dev)

    async def work():
        assert await vf.reset_hw_vf() == 0
        return await vf.negotiate_api(), await vf.set_rlpml_vf(1522)
    results, received = run(with_pf(work, pf, pf_host, accept_apis=(API_17,), api15=Api15Pf(),
                                    features=features))
    assert results == (0, 0) and vf.api_version == API_17
    assert (vf.ops, vf.pf_features) == (ops, features)
    assert [m[:2] for m in received[1:3]] == [[API_NEGOTIATE, API_17], [FEATURES_NEGOTIATE, 3]]
    new_write = ("vf", "write", VFMAILBOX, R.VFMAILBOX_REQ | VFU)  # REQ with VFU kept
    assert (new_write in dev.log) == (ops == "api15")


def test_api15_vf_against_linux_pf_primitives_loses_its_request(ixgbe_kernel):
    """drivers-ixgbe.md section 5, hypothesis 3 in miniature: a PF that accepts 1.5 but
    keeps ixgbe_mbx.c's primitives cannot read (the VF holds VFU until PFACK), so the
    request is never read and the VF times out after 2000 polls of 500 us."""
    dev = FakeIxgbe()
    vf = make_vf(dev)
    pf, pf_host = make_pf(dev)

    async def work():
        assert await vf.reset_hw_vf() == 0
        assert await vf.negotiate_api() == 0 and vf.api_version == API_15
        start = vf.bridge.udelay_us
        return await vf.set_rlpml_vf(1522), vf.bridge.udelay_us - start
    (err, waited_us), received = run(with_pf(work, pf, pf_host, accept_apis=(API_15,)))
    assert err == IXGBE_ERR_TIMEOUT and waited_us == 2000 * 500
    assert SET_LPE not in [m[0] & 0xFFFF for m in received]
    assert dev.vfu[0] == 0                        # released after the timeout


def test_pf_primitives_one_try_lock_and_register_order(ixgbe_kernel):
    dev = FakeIxgbe(num_vfs=40)
    pf, host = make_pf(dev)
    dev.vfreq[33] = dev.vfack[33] = 1
    start = len(dev.log)
    assert run(pf.write(host, [0x100 | CTS], 1, 33)) == 0
    assert dev.log[start:] == [
        ("pf", "write", X.pfmailbox(33), PFU), ("pf", "read", X.pfmailbox(33), PFU),
        ("pf", "read", X.pfmbicr(33), X.vfreq(33) | X.vfack(33)),
        ("pf", "write", X.pfmbicr(33), X.vfreq(33)),
        ("pf", "read", X.pfmbicr(33), X.vfack(33)), ("pf", "write", X.pfmbicr(33), X.vfack(33)),
        ("pf", "write", X.pfmbmem(33, 0), 0x100 | CTS),
        ("pf", "write", X.pfmailbox(33), R.PFMAILBOX_STS)]
    assert dev.pfu[33] == 0 and dev.pfsts[33] == 1
    dev.vfu[33] = 1                                # the VF holds it: one try, no wait
    start = len(dev.log)
    assert run(pf.read(host, 16, 33)) == (EIO, None)
    assert run(pf.obtain_mbx_lock_pf(host, 33)) == EIO
    assert [e[1] for e in dev.log[start:]] == ["write", "read"] * 2
    dev.vfu[33] = 0
    dev.mem[33][:2] = [SET_LPE, 1522]
    assert run(pf.read(host, 2, 33)) == (0, [SET_LPE, 1522])
    assert dev.log[-1] == ("pf", "write", X.pfmailbox(33), R.PFMAILBOX_ACK)


def test_pf_calls_run_on_the_host_they_are_given(ixgbe_kernel):
    """Two PF contexts (interrupt, watchdog) share one struct ixgbe_hw but not a CPU."""
    dev = FakeIxgbe()
    pf, host = make_pf(dev)
    other = FakeHost(dev, "pf")
    assert run(pf.check_for_msg(other, 1)) == EIO
    assert other.log == [("read", X.pfmbicr(1))] and host.log == []


@pytest.mark.parametrize("board,seen", [("82599", X.IXGBE_VFLRE1), ("x550", X.IXGBE_VFLREC + 4)])
def test_pf_check_for_rst_reads_the_board_register(ixgbe_kernel, board, seen):
    dev = FakeIxgbe(num_vfs=40)
    pf, host = make_pf(dev, board=board)
    dev.flr[35] = 1
    assert run(pf.check_for_rst(host, 35)) == 0 and run(pf.check_for_rst(host, 35)) == EIO
    assert dev.log[:2] == [("pf", "read", seen, 1 << 3), ("pf", "write", X.IXGBE_VFLREC + 4, 1 << 3)]


def test_legacy_link_check_takes_a_pending_ping_as_the_pf_talking(ixgbe_kernel):
    """ixgbevf_check_mac_link_vf on legacy ops reads word 0 of whatever the PF left (lock,
    read, ACK): a ping with CTS brings the link up; the ping is consumed."""
    dev = FakeIxgbe()
    vf = make_vf(dev)
    dev.rstd[0] = 0
    dev.mem[0][0], dev.pfsts[0] = 0x100 | CTS, 1
    vf.get_link_status = True
    assert run(vf.check_mac_link_vf()) == (0, True) and vf.link_speed == 0x80
    assert vf.received == [[0x100 | CTS]] and dev.vfack[0] == 1 and not vf.get_link_status
    dev.mem[0][0], dev.pfsts[0] = 0x100 | NACK, 1          # a NACK without CTS: reset task
    vf.get_link_status = True
    assert run(vf.check_mac_link_vf()) == (-1, False)


def test_reset_reply_without_a_mac(ixgbe_kernel):
    """A PF NACKs VF_RESET when no MAC was set: reset succeeds, perm_addr stays zero."""
    dev = FakeIxgbe()
    vf = make_vf(dev)
    pf, host = make_pf(dev)

    async def pf_side():
        while await pf.check_for_msg(host, 0):
            await host.udelay(100)
        err, msg = await pf.read(host, 1, 0)
        assert (err, msg) == (0, [VF_RESET])
        await pf.write(host, [VF_RESET | NACK, 0, 0, 3], 4, 0)

    async def both():
        return await asyncio.gather(vf.reset_hw_vf(), pf_side())
    err, _ = run(both())
    assert err == 0 and vf.mac is None and vf.mc_filter_type == 3


def test_timeline_stamps_each_event_at_its_access(ixgbe_kernel):
    """The send is logged at the time of its REQ write and the reply at its ACK write, not
    when the C call returns."""
    class Timeline:
        def __init__(self):
            self.events = []

        def add(self, time_ps, source, kind, text, **kw):
            self.events.append((time_ps, kind))
    clock, tl, dev = itertools.count(), Timeline(), FakeIxgbe()
    vf = make_vf(dev, timeline=tl, now=lambda: next(clock))
    pf, host = make_pf(dev)
    assert run(with_pf(vf.reset_hw_vf, pf, host))[0] == 0
    stamp = {(k, o, d): t for k, o, d, t in vf.bridge.trace}
    assert tl.events == [(stamp["write", VFMAILBOX, R.VFMAILBOX_REQ], "send"),
                         (stamp["write", VFMAILBOX, R.VFMAILBOX_ACK], "reply")]
    assert tl.events[0][0] < tl.events[1][0] < next(clock)


def test_a_large_pf_offset_reaches_the_host(ixgbe_kernel):
    """PFMBMEM of VF 63 sits at 0x13FC0: past the 16-bit window of the igb PF."""
    dev = FakeIxgbe(num_vfs=64)
    pf, host = make_pf(dev)
    dev.mem[63][0] = 0x12345678
    assert run(pf.read(host, 1, 63)) == (0, [0x12345678])
    assert not pf.bridge.strays and ("pf", "read", 0x13FC0, 0x12345678) in dev.log


# ----------------------------------------------------------------- tests: bad input, one line
def test_unknown_board_is_one_line(ixgbe_kernel):
    with pytest.raises(ValueError) as e:
        make_vf(FakeIxgbe(), board="82598")
    assert "\n" not in str(e.value) and "82599" in str(e.value) and "e610" in str(e.value)


def test_an_igb_library_is_not_an_ixgbevf(ixgbe_kernel, kernel):
    with pytest.raises(CDriverError) as e:
        make_vf(FakeIxgbe(), library="linux-igbvf")
    assert "\n" not in str(e.value) and "cdrv_ixgbevf_new" in str(e.value)


def test_missing_ixgbe_sources_is_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "tb.cdriver", "build", "linux-ixgbevf"],
                          cwd=ROOT, text=True, capture_output=True,
                          env={**os.environ, "LINUX_SRC": str(tmp_path)})
    err = proc.stderr.strip().splitlines()
    assert proc.returncode != 0 and len(err) == 1
    assert "LINUX_SRC" in err[0] and "ixgbe and ixgbevf" in err[0]


# ----------------------------------------------------------------- on the RTL
def test_real_code_on_the_ixgbe_rtl(sim, ixgbe_kernel):
    """cdriver_ixgbe_tests.py: the compiled code through the testbench on pf_vf_mailbox_ixgbe."""
    from tb.family import IXGBE
    sim("cdriver_ixgbe_tests", 40, family=IXGBE)


def test_ixgbe_models_match_the_code(sim, ixgbe_kernel):
    """ixgbe_model_vs_code_tests.py: the models' pin traces against the code's, access by
    access, plain, with a ping on SET_MULTICAST, with the API 1.5 PF and the mixed PF."""
    from tb.family import IXGBE
    sim("ixgbe_model_vs_code_tests", 1, family=IXGBE)


def test_real_code_pairs_in_the_ixgbe_verdict_table(sim, ixgbe_kernel):
    """ixgbe_race_tests.py with the kernel's code: linux-ixgbevf against linux-ixgbe, the API
    1.5 PF and linux-ixgbe-mixed, held to what the model pairs must show."""
    from tb.family import IXGBE
    from tests.ixgbe_race_tests import REAL_CODE_PAIRS
    from tests.test_race import pair_list
    sim("ixgbe_race_tests", 1, family=IXGBE,
        env={"FAMILY": "ixgbe", "RACE_PAIRS": pair_list(REAL_CODE_PAIRS)})
