"""Driver objects over Linux 6.1's ixgbevf and ixgbe mailbox C code (variants linux-ixgbevf
and linux-ixgbe, shim/ixgbe/glue_*.c), every register access and delay going through the
bridge to the object's host, as for igb (tb/cdriver/adapters.py).

Method names are the kernel's function names without the ixgbevf_ / ixgbe_ prefix, which are
also the glue's entry points (cdrv_ixgbevf_<name>, cdrv_ixgbe_<name>) and the Python models'
(tb/drivers/ixgbevf.py, tb/drivers/ixgbe.py), with the models' return conventions, so either
can stand in for the other:

    vf = CIxgbevf(host, vf=0, timeline=None)    # board "82599" unless told
    err = await vf.reset_hw_vf()                # 0, or the driver's error code
    err = await vf.negotiate_api()              # 1.7 .. 1.0 as Linux 6.1 tries them
    err = await vf.get_queues()
    err, link_up = await vf.check_mac_link_vf() # the watchdog's link check
    mbx = CIxgbeMailbox(pf_host)                # board "x550" unless told
    if not await mbx.check_for_msg(host, 0): err, words = await mbx.read(host, 16, 0)

The VF's mailbox protocol is the driver's own choice: reset_hw_vf installs the legacy ops and
negotiate_api switches to the API 1.5 ops when the PF accepts 1.5 (or offers the ESX mailbox
feature under 1.7); `protocol` says which ("legacy" or "1.5"). Every operation returns the
driver's s32 (0 success, a negative IXGBE_ERR_* or -errno), with its out-parameters after it
in a tuple where the C has them. As in the kernel, two calls on one VF are not serialized
here: ixgbevf_main.c holds adapter->mbx_lock (`mbx_lock`) around its calls (negotiate_api
takes it itself; get_link_state_vf in up_complete runs after the unlock), its caller does
the same. The PF primitives take the calling context's host on every call (the mailbox
interrupt and the watchdog's pings run on different CPUs against one struct ixgbe_hw).
"""

import asyncio
import ctypes

import cocotb
from cocotb.triggers import Lock

from tb import regmap as R
from tb import regmap_ixgbe as X
from tb.cdriver.adapters import Sent, _CDriver, _now_ps
from tb.cdriver.bridge import SIGNATURES

# ixgbevf_negotiate_api's list in Linux 6.1: 1.7, 1.6, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, as the
# values of enum ixgbe_pfvf_api_rev (ixgbevf/mbx.h), which is what API_NEGOTIATE sends
API_TRIES = (8, 7, 6, 5, 4, 3, 2, 0)
API_NAMES = {0: "1.0", 1: "2.0", 2: "1.1", 3: "1.2", 4: "1.3", 5: "1.4", 6: "1.5", 7: "1.6",
             8: "1.7"}
# the boards of the glues' tables, in their order (ixgbevf_info / ixgbe_mac_type)
VF_BOARDS = ("82599", "x540", "x550", "x550em_x", "x550em_a", "e610")
PF_BOARDS = ("82599", "x540", "x550", "x550em_x", "x550em_a")
OPS = {0: "legacy", 1: "api15", -1: "none"}     # which op set hw->mbx.ops holds
PF_WINDOW = 1 << 17                  # pf_paddr is 17 bits (PFMBMEM reaches 0x13FFC)
MBX_WORDS = 16
# the message each VF operation sends (ixgbevf/mbx.h), for the `sent` records
MESSAGES = {0x01: "VF_RESET", 0x02: "SET_MAC_ADDR", 0x03: "SET_MULTICAST", 0x04: "SET_VLAN",
            0x05: "SET_LPE", 0x06: "SET_MACVLAN", 0x08: "API_NEGOTIATE", 0x09: "GET_QUEUES",
            0x0C: "UPDATE_XCAST_MODE", 0x10: "GET_LINK_STATE", 0x11: "GET_PF_LINK_STATE",
            0x12: "FEATURES_NEGOTIATE"}

P, U8P, U32P = ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint8), ctypes.POINTER(ctypes.c_uint32)
I32, U16, U32, INT = ctypes.c_int32, ctypes.c_uint16, ctypes.c_uint32, ctypes.c_int
INTP = ctypes.POINTER(ctypes.c_int)
# shim/ixgbe/cdrv_ixgbevf.h and cdrv_ixgbe.h; declared with the igb ones, so that a library
# gets them when it is loaded (ctypes would truncate the handles to int otherwise)
SIGNATURES.update({
    "cdrv_ixgbevf_new": (P, [ctypes.c_size_t]),
    "cdrv_ixgbevf_free": (None, [P]),
    "cdrv_ixgbevf_set_mac_type": (INT, [P, INT]),
    "cdrv_ixgbevf_reset_hw_vf": (I32, [P]),
    "cdrv_ixgbevf_stop_hw_vf": (I32, [P]),
    "cdrv_ixgbevf_negotiate_api_version_vf": (I32, [P, INT]),
    "cdrv_ixgbevf_negotiate_api": (I32, [P, INTP, INT]),
    "cdrv_ixgbevf_negotiate_features_vf": (I32, [P, U32P]),
    "cdrv_ixgbevf_get_queues": (I32, [P, U32P, U32P]),
    "cdrv_ixgbevf_update_xcast_mode": (I32, [P, INT]),
    "cdrv_ixgbevf_update_mc_addr_list_vf": (I32, [P, U8P, U32]),
    "cdrv_ixgbevf_set_uc_addr_vf": (I32, [P, U32, U8P]),
    "cdrv_ixgbevf_set_vfta_vf": (I32, [P, U32, INT]),
    "cdrv_ixgbevf_set_rlpml_vf": (I32, [P, U16]),
    "cdrv_ixgbevf_set_rar_vf": (I32, [P, U8P]),
    "cdrv_ixgbevf_get_link_state_vf": (I32, [P, INTP]),
    "cdrv_ixgbevf_check_mac_link_vf": (I32, [P, U32P, INTP]),
    "cdrv_ixgbevf_write_mbx": (I32, [P, U32P, U16]),
    "cdrv_ixgbevf_poll_mbx": (I32, [P, U32P, U16]),
    "cdrv_ixgbevf_perm_addr": (None, [P, U8P]),
    "cdrv_ixgbevf_addr": (None, [P, U8P]),
    "cdrv_ixgbevf_api_version": (INT, [P]),
    "cdrv_ixgbevf_mbx_protocol": (INT, [P]),
    "cdrv_ixgbevf_get_pf_features": (U32, [P]),
    "cdrv_ixgbevf_set_pf_features": (None, [P, U32]),
    "cdrv_ixgbevf_get_link_status": (INT, [P]),
    "cdrv_ixgbevf_set_link_status": (None, [P, INT]),
    "cdrv_ixgbevf_get_mbx_timeout": (U32, [P]),
    "cdrv_ixgbevf_set_mbx_timeout": (None, [P, U32]),
    "cdrv_ixgbevf_mbx_udelay": (U32, [P]),
    "cdrv_ixgbevf_vf_mailbox": (U32, [P]),
    "cdrv_ixgbevf_mc_filter_type": (I32, [P]),
    "cdrv_ixgbevf_queues": (None, [P, U32P, U32P]),
    "cdrv_ixgbe_new": (P, [ctypes.c_size_t]),
    "cdrv_ixgbe_free": (None, [P]),
    "cdrv_ixgbe_set_mac_type": (INT, [P, INT]),
    "cdrv_ixgbe_check_for_msg": (I32, [P, U16]),
    "cdrv_ixgbe_check_for_ack": (I32, [P, U16]),
    "cdrv_ixgbe_check_for_rst": (I32, [P, U16]),
    "cdrv_ixgbe_obtain_mbx_lock_pf": (I32, [P, U16]),
    "cdrv_ixgbe_read": (I32, [P, U32P, U16, U16]),
    "cdrv_ixgbe_write": (I32, [P, U32P, U16, U16]),
    "cdrv_ixgbe_mbx_size": (U32, [P]),
})


def _board(board: str, boards: tuple, what: str) -> int:
    if board not in boards:
        raise ValueError(f"{what} board={board!r} is unknown: allowed {', '.join(boards)}")
    return boards.index(board)


class _Stamped(list):
    """A bridge trace whose entries carry the time of the access: (kind, offset, data, ps)."""

    def __init__(self, now):
        super().__init__()
        self._now = now

    def append(self, entry):
        super().append((*entry, self._now()))


def _lock():
    """adapter->mbx_lock: a cocotb Lock in a simulation, an asyncio one outside."""
    return Lock() if cocotb.is_simulation else asyncio.Lock()


class CIxgbevf(_CDriver):
    """A VF running Linux 6.1 ixgbevf's vf.c + mbx.c (or a library built from them)."""

    def __init__(self, host, vf: int, timeline=None, library="linux-ixgbevf", src=None,
                 now=None, board: str = "82599", api_tries=None):
        index = _board(board, VF_BOARDS, "ixgbevf")
        super().__init__(host, library, "ixgbevf", f"VF{vf}", src)
        self._dll.cdrv_ixgbevf_set_mac_type(self._hw, index)
        self.vf = vf
        self.board = board
        self.timeline = timeline
        self.api_tries = list(API_TRIES if api_tries is None else api_tries)
        self.mbx_lock = _lock()
        self._now = now or _now_ps
        self.bridge.trace = _Stamped(self._now)
        self.sent = []          # Sent per request the code wrote (or tried to)
        self.received = []      # PF messages read outside a request (the link check's read)

    # ------------------------------------------------------------ state in the C structs
    def _get(self, field: str):
        return getattr(self._dll, f"cdrv_ixgbevf_{field}")(self._hw)

    def _bytes6(self, fn: str) -> bytes:
        buf = (ctypes.c_uint8 * 6)()
        getattr(self._dll, fn)(self._hw, buf)
        return bytes(buf)

    @property
    def perm_addr(self):
        """hw->mac.perm_addr, the MAC the PF gave in its VF_RESET reply (None while zero)."""
        addr = self._bytes6("cdrv_ixgbevf_perm_addr")
        return addr if any(addr) else None

    mac = perm_addr

    @property
    def addr(self) -> bytes:
        """hw->mac.addr (set_rar_vf puts it there; a NACK restores perm_addr)."""
        return self._bytes6("cdrv_ixgbevf_addr")

    @property
    def api_version(self) -> int:
        return self._get("api_version")

    @property
    def ops(self) -> str:
        """Which mailbox op set hw->mbx.ops holds: "legacy" or "api15"."""
        return OPS[self._get("mbx_protocol")]

    @property
    def protocol(self) -> str:
        return "1.5" if self.ops == "api15" else "legacy"

    @property
    def pf_features(self) -> int:
        return self._get("get_pf_features")

    @pf_features.setter
    def pf_features(self, value: int):
        self._dll.cdrv_ixgbevf_set_pf_features(self._hw, value)

    @property
    def get_link_status(self) -> bool:
        return bool(self._get("get_link_status"))

    @get_link_status.setter
    def get_link_status(self, value: bool):
        self._dll.cdrv_ixgbevf_set_link_status(self._hw, int(bool(value)))

    @property
    def timeout(self) -> int:
        """hw->mbx.timeout (0: the mailbox is off until the next reset)."""
        return self._get("get_mbx_timeout")

    @timeout.setter
    def timeout(self, value: int):
        self._dll.cdrv_ixgbevf_set_mbx_timeout(self._hw, value)

    @property
    def udelay(self) -> int:
        return self._get("mbx_udelay")

    @property
    def vf_mailbox(self) -> int:
        """hw->mbx.vf_mailbox: the R2C bits (PFSTS, PFACK, RSTD...) the code has seen."""
        return self._get("vf_mailbox")

    @property
    def mc_filter_type(self) -> int:
        return self._get("mc_filter_type")

    @property
    def queues(self) -> tuple:
        """(hw->mac.max_tx_queues, max_rx_queues)."""
        tx, rx = ctypes.c_uint32(), ctypes.c_uint32()
        self._dll.cdrv_ixgbevf_queues(self._hw, ctypes.byref(tx), ctypes.byref(rx))
        return tx.value, rx.value

    def log(self, kind: str, text: str, at_ps: int = None):
        if self.timeline is not None:
            at_ps = self._now() if at_ps is None else at_ps
            self.timeline.add(at_ps, f"VF{self.vf}", kind, text, vf=self.vf)

    # ------------------------------------------------------------ the calls
    async def _op(self, name: str, *args, sends: bool = True):
        start = len(self.bridge.trace)
        result = await self.bridge.call(f"cdrv_ixgbevf_{name}", self._hw, *args)
        self._account(name, self.bridge.trace[start:], sends)
        return result

    def _account(self, name: str, trace, sends: bool):
        """Sent records from the call's own accesses: a VFMAILBOX write with REQ sends what
        VFMBMEM word 0 holds; a VFMAILBOX read showing PFACK after it acknowledges it;
        VFMBMEM reads closed by a VFMAILBOX write with ACK are its reply, or, with no
        request of this call waiting for one, a PF message received (a ping, a NACK)."""
        words, reading, last, ours = {}, [], None, []
        for kind, offset, data, at in trace:
            if offset == X.IXGBE_VFMAILBOX and kind == "write" and data & R.VFMAILBOX_REQ:
                word0 = words.get(0, 0)
                last = Sent(MESSAGES.get(word0 & 0xFFFF, f"type {word0 & 0xFFFF:#06x}"),
                            word0, True)
                ours.append(last)
                self.log("send", f"{last.name} {word0:#010x} ({self.protocol} ops)", at)
            elif offset == X.IXGBE_VFMAILBOX and kind == "write" and data & R.VFMAILBOX_ACK:
                if last is not None and not last.reply:
                    last.reply = reading
                    self.log("reply", f"{last.name}: reads {reading[0]:#010x} as its reply", at)
                elif reading:
                    self.received.append(reading)
                    self.log("receive", f"{name} read {reading[0]:#010x} outside a request", at)
                reading = []
            elif offset == X.IXGBE_VFMAILBOX and kind == "read" and data & R.VFMAILBOX_PFACK:
                if last is not None:
                    last.acked = True
            elif X.vfmbmem(0) <= offset < X.vfmbmem(MBX_WORDS):
                if kind == "write":
                    words[(offset - X.IXGBE_VFMBMEM) // 4] = data
                else:
                    reading.append(data)
        if sends and not ours:
            ours.append(Sent(name, 0, False))
            self.log("not-sent", f"{name}: nothing sent (lock not had or mbx->timeout 0)")
        self.sent.extend(ours)

    async def stop_hw_vf(self) -> int:
        return await self._op("stop_hw_vf", sends=False)

    async def reset_hw_vf(self) -> int:
        """ixgbevf_reset_hw_vf: stop, legacy ops, VFCTRL.RST, wait out RSTI/RSTD, VF_RESET,
        10 ms, the 4-word reply (MAC, mc_filter_type)."""
        err = await self._op("reset_hw_vf")
        if err:
            self.log("reset-failed", f"ixgbevf_reset_hw_vf returned {err}")
        return err

    async def negotiate_api_version_vf(self, api: int) -> int:
        return await self._op("negotiate_api_version_vf", api)

    async def negotiate_api(self) -> int:
        """ixgbevf_negotiate_api, under mbx_lock: each API of `api_tries` until the PF
        accepts one, the features (1.7), and the API 1.5 mailbox ops if the PF offers them.
        Returns the last try's error (0 when one was accepted)."""
        arr = (ctypes.c_int * max(len(self.api_tries), 1))(*self.api_tries)
        async with self.mbx_lock:
            err = await self._op("negotiate_api", arr, len(self.api_tries))
        self.log("api", f"api {API_NAMES.get(self.api_version)}, {self.protocol} ops")
        return err

    async def negotiate_features_vf(self) -> tuple:
        """(err, the PF's features); -EOPNOTSUPP below API 1.7."""
        features = ctypes.c_uint32(0)
        err = await self._op("negotiate_features_vf", ctypes.byref(features),
                             sends=self.api_version == 8)
        return err, features.value

    async def get_queues(self) -> int:
        """ixgbevf_get_queues (0 without a message below 1.1); num_tcs and default_tc are
        kept in the attributes of those names, the queue counts in `queues`."""
        tcs, tc = ctypes.c_uint32(), ctypes.c_uint32()
        err = await self._op("get_queues", ctypes.byref(tcs), ctypes.byref(tc),
                             sends=self.api_version >= 2)
        self.num_tcs, self.default_tc = tcs.value, tc.value
        return err

    async def update_xcast_mode(self, xcast_mode: int) -> int:
        """UPDATE_XCAST_MODE from API 1.2 on (PROMISC, mode 3, from 1.3); else -EOPNOTSUPP."""
        api = self.api_version
        return await self._op("update_xcast_mode", xcast_mode,
                              sends=api >= 4 or (api == 3 and xcast_mode != 3))

    async def update_mc_addr_list_vf(self, addrs) -> int:
        """SET_MULTICAST of the 12-bit vectors of `addrs` (at most 30 sent, as the driver)."""
        flat = b"".join(bytes(a)[:6].ljust(6, b"\0") for a in addrs)
        buf = (ctypes.c_uint8 * max(len(flat), 1)).from_buffer_copy(flat or b"\0")
        return await self._op("update_mc_addr_list_vf", buf, len(addrs))

    async def set_uc_addr_vf(self, index: int, addr=None) -> int:
        """SET_MACVLAN: index 0 clears the VF's list, 1 starts a new one."""
        buf = (ctypes.c_uint8 * 6)(*bytes(addr)[:6]) if addr else None
        return await self._op("set_uc_addr_vf", index, buf)

    async def set_vfta_vf(self, vlan: int, vlan_on: bool) -> int:
        return await self._op("set_vfta_vf", vlan, int(bool(vlan_on)))

    async def set_rlpml_vf(self, max_size: int) -> int:
        return await self._op("set_rlpml_vf", max_size)

    async def set_rar_vf(self, addr: bytes) -> int:
        return await self._op("set_rar_vf", (ctypes.c_uint8 * 6)(*bytes(addr)[:6]))

    async def get_link_state_vf(self) -> tuple:
        """GET_LINK_STATE: (err, the PF's link state for this VF, None on an error)."""
        state = ctypes.c_int()
        err = await self._op("get_link_state_vf", ctypes.byref(state))
        return err, None if err else state.value

    async def check_mac_link_vf(self) -> tuple:
        """hw->mac.ops.check_link, the watchdog's: (err, link_up). On the legacy mailbox it
        reads word 0 of whatever the PF left (lock, read, ACK: VFACK at the PF)."""
        speed, up = ctypes.c_uint32(), ctypes.c_int()
        err = await self._op("check_mac_link_vf", ctypes.byref(speed), ctypes.byref(up),
                             sends=False)
        self.link_speed = speed.value
        self.log("link", f"check_mac_link_vf: link {'up' if up.value else 'down'}"
                         + (", error: reset requested" if err else ""))
        return err, bool(up.value)

    async def write_mbx(self, msg, size: int) -> int:
        """ixgbevf_write_mbx with the installed op set (no reply read)."""
        buf = (ctypes.c_uint32 * max(size, 1))(*[w & 0xFFFFFFFF for w in list(msg)[:size]])
        return await self._op("write_mbx", buf, size)

    async def poll_mbx(self, size: int) -> tuple:
        """ixgbevf_poll_mbx: (err, the words read, None on an error)."""
        buf = (ctypes.c_uint32 * max(size, 1))()
        err = await self._op("poll_mbx", buf, size, sends=False)
        return err, None if err else list(buf[:min(size, MBX_WORDS)])

    async def write_msg_read_ack(self, msg, size: int) -> tuple:
        """vf.c's ixgbevf_write_msg_read_ack (an inline there): write, then poll the reply
        of the same size. (err, reply words or None)."""
        err = await self.write_mbx(msg, size)
        return (err, None) if err else await self.poll_mbx(size)


class CIxgbeMailbox(_CDriver):
    """The PF mailbox primitives of Linux 6.1 ixgbe (ixgbe_mbx.c), per VF number, as the
    ixgbe PfMailbox plug point names them: check_for_* return 0 when the bit was seen, read
    returns (err, words), write returns err; `host` is the calling context's CPU. There is
    no unlock: read and write end by writing ACK or STS alone, which drops PFU."""

    def __init__(self, host, library="linux-ixgbe", src=None, board: str = "x550", log=None):
        index = _board(board, PF_BOARDS, "ixgbe")
        super().__init__(host, library, "ixgbe", "PF", src)
        self.bridge.window = PF_WINDOW
        self._dll.cdrv_ixgbe_set_mac_type(self._hw, index)
        self.board = board
        self.log = log or (lambda *args, **kw: None)

    async def _call(self, host, name: str, *args) -> int:
        return await self.bridge.call(f"cdrv_ixgbe_{name}", self._hw, *args, host=host)

    async def check_for_msg(self, host, vf: int) -> int:
        """VFREQ[vf] seen in PFMBICR and cleared (W1C): 0; else -EIO."""
        return await self._call(host, "check_for_msg", vf)

    async def check_for_ack(self, host, vf: int) -> int:
        """VFACK[vf] seen in PFMBICR and cleared (W1C): 0; else -EIO."""
        return await self._call(host, "check_for_ack", vf)

    async def check_for_rst(self, host, vf: int) -> int:
        """VF vf's reset event seen (VFLRE on 82599, VFLREC on X540/X550) and cleared."""
        return await self._call(host, "check_for_rst", vf)

    def _lock_failed(self, host, vf: int):
        self.log("lock-failed", f"{getattr(host, 'name', 'PF')}: obtain_mbx_lock_pf(VF{vf}) "
                                "failed", vf)

    async def obtain_mbx_lock_pf(self, host, vf: int) -> int:
        """Write PFU alone, read it back; one try."""
        err = await self._call(host, "obtain_mbx_lock_pf", vf)
        if err:
            self._lock_failed(host, vf)
        return err

    async def read(self, host, size: int, vf: int) -> tuple:
        """ixgbe_read_mbx: lock, read `size` words (at most 16), ACK; (err, words or None)."""
        buf = (ctypes.c_uint32 * max(size, 1))()
        err = await self._call(host, "read", buf, size, vf)
        if err:
            self._lock_failed(host, vf)
        return err, None if err else list(buf[:min(size, MBX_WORDS)])

    async def write(self, host, msg, size: int, vf: int) -> int:
        """ixgbe_write_mbx: lock, flush VFREQ/VFACK, the words, STS; -EIO when the lock was
        not had, -EINVAL for size > 16 (nothing written either way)."""
        buf = (ctypes.c_uint32 * max(size, 1))(*[w & 0xFFFFFFFF for w in list(msg)[:size]])
        err = await self._call(host, "write", buf, size, vf)
        if err and size <= MBX_WORDS:
            self._lock_failed(host, vf)
        return err

    def upgrade_mbx_params_pf(self, vf: int):
        """Linux ixgbe has one op table: no per-VF upgrade (a PF accepting 1.5 over these
        primitives stays legacy, the 2024 attempt)."""
