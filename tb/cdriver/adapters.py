"""Driver objects over compiled C code, with the interfaces the scenarios call on the Python
models: the plug points of tb/drivers/interfaces.py (VfDriver, PfMailbox).

    vf = CIgbvf(host, vf=0, timeline=None, library="linux-igbvf")
    ok = await vf.reset_hw_vf(); await vf.rar_set_vf(vf.mac); ...
    mbx = CIgbMailbox(host, library="linux-igb")
    if await mbx.check_for_msg(0): words = await mbx.read(16, 0, unlock=True)

`library` is a variant name (built on first use), a user library built with
`make cdriver DRIVER_SRC=DIR DRIVER_NAME=NAME [DRIVER_ROLE=pf]`, a .so path, or a bridge.Library.
"""

import ctypes
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from tb import messages as M
from tb import regmap as R
from tb.cdriver.bridge import Bridge, Library
from tb.cdriver.build import library_path
from tb.cdriver.errors import CDriverError
from tb.cdriver.variants import VARIANTS


def load_library(library, role: str, src=None) -> Library:
    """A Library of the wanted role ("vf" or "pf") from a name, a .so path or a Library."""
    if isinstance(library, Library):
        lib = library
    elif str(library).endswith(".so") or "/" in str(library):
        path = Path(library).resolve()
        if not path.is_file():
            raise CDriverError(f"tb.cdriver: no library file {library}")
        lib = Library.load(path, role)
    else:
        path, _ = library_path(str(library), src)
        lib = Library.load(path, role)
    if not lib.has(f"cdrv_{role}_new"):
        raise CDriverError(f"tb.cdriver: {lib.path} is not a {role.upper()} driver library "
                           f"(no cdrv_{role}_new)")
    return lib


def driver_facts(name: str) -> SimpleNamespace:
    """What a library's code does, in the fields of tb/igbvf.py's IgbvfVersion (empty for a
    user library: its behaviour is whatever its C does)."""
    v = VARIANTS.get(name)
    return SimpleNamespace(name=name, source=v.description if v else f"user driver {name}",
                           lock_tries=v.lock_tries if v else 0,
                           reply_words=dict(v.reply_words) if v else {},
                           sleep_after_send_us=0)


def _now_ps() -> int:
    try:
        from cocotb.utils import get_sim_time
        return int(get_sim_time("ps"))
    except Exception:
        return 0


@dataclass
class Sent:
    """One message as the C driver wrote it, read back from its own accesses (the same fields
    as tb/igbvf.py's Sent)."""

    name: str
    word0: int
    written: bool = False
    acked: bool = False
    reply: list = field(default_factory=list)


class _CDriver:
    """One instance of a compiled driver: its library, its bridge onto a host, and its
    `struct e1000_hw` (made by the glue's cdrv_<role>_new, freed with the object)."""

    def __init__(self, host, library, role: str, who: str, src=None):
        self.host = host
        self.lib = load_library(library, role, src)
        self.name = library if isinstance(library, str) else Path(self.lib.path).stem
        self.bridge = Bridge(self.lib, host, who)
        self._dll = self.lib.dll
        self._free = getattr(self._dll, f"cdrv_{role}_free")
        self._hw = getattr(self._dll, f"cdrv_{role}_new")(self.bridge.base)
        if not self._hw:
            raise CDriverError(f"tb.cdriver: {self.name}: the driver's init_params failed")

    def __del__(self):
        hw, self._hw = getattr(self, "_hw", None), None
        if hw:
            self._free(hw)

    @property
    def pslverrs(self):
        """(kind, offset) of every access that got PSLVERR (the run went on, as on hardware)."""
        return self.bridge.pslverrs

    @property
    def accesses(self) -> int:
        return self.bridge.accesses


class CIgbvf(_CDriver):
    """A VF driver running compiled C (Linux igbvf or a user's VF driver)."""

    # SET_PROMISC only where the code offers it (glue op promisc_set); Linux igbvf has none,
    # and a scenario sees None
    promisc_set_vf = None

    def __init__(self, host, vf: int, timeline=None, library="linux-igbvf", src=None, now=None):
        super().__init__(host, library, "vf", f"VF{vf}", src)
        self.vf = vf
        self.timeline = timeline
        self.version = driver_facts(self.name)
        self.bridge.trace = []
        self._now = now or _now_ps
        self._mac = None
        self.sent = []
        if self.lib.has("cdrv_vf_promisc_set"):
            self.promisc_set_vf = self._promisc_set_vf

    # ------------------------------------------------------------ state in the C struct
    @property
    def mac(self):
        """The permanent MAC the PF gave in its VF_RESET reply (None before a good reset)."""
        return self._mac

    @property
    def get_link_status(self) -> bool:
        return bool(self._dll.cdrv_vf_get_link_status(self._hw))

    @get_link_status.setter
    def get_link_status(self, value: bool):
        self._dll.cdrv_vf_set_link_status(self._hw, int(bool(value)))

    @property
    def mbx_timeout(self) -> int:
        return self._dll.cdrv_vf_get_mbx_timeout(self._hw)

    @mbx_timeout.setter
    def mbx_timeout(self, value: int):
        self._dll.cdrv_vf_set_mbx_timeout(self._hw, value)

    timeout = mbx_timeout     # the Python model's name for mbx->timeout

    def log(self, kind: str, text: str):
        if self.timeline is not None:
            self.timeline.add(self._now(), f"VF{self.vf}", kind, text, vf=self.vf)

    # ------------------------------------------------------------ the operations
    async def _op(self, msg_type: int, fn: str, *args):
        before = len(self.bridge.trace)
        timeout_before = self.mbx_timeout
        result = await self.bridge.call(fn, self._hw, *args)
        self._account(msg_type, self.bridge.trace[before:])
        if timeout_before and not self.mbx_timeout:
            self.log("mbx-timeout", f"{fn} returned with mbx->timeout = 0: the driver's poll "
                     "for the ACK timed out")
        return result

    def _account(self, msg_type: int, trace):
        """Sent records from the call's own accesses: a REQ write sends what VMBMEM word 0
        holds; a VFMailbox read showing PFACK acknowledges it; VMBMEM reads closed by an ACK
        write are its reply."""
        words, reading, last, ours, locking = {}, [], None, [], False
        for kind, offset, data in trace:
            if kind == "read" and offset == R.VF_MAILBOX and locking and not data & R.VFMAILBOX_VFU:
                self.log("lock-failed", "obtain_mbx_lock_vf: VFU not granted (the PF holds it)")
            locking = kind == "write" and offset == R.VF_MAILBOX and data == R.VFMAILBOX_VFU
            if kind == "write" and offset == R.VF_MAILBOX:
                if data & R.VFMAILBOX_REQ:
                    last = Sent(M.msg_name(words.get(0, msg_type)), words.get(0, msg_type), True)
                    ours.append(last)
                    self.log("send", f"{last.name} {last.word0:#010x}")
                elif data & R.VFMAILBOX_ACK and last is not None and reading:
                    last.reply = reading
                reading = []
            elif kind == "write" and R.vf_vmbmem(0) <= offset < R.vf_vmbmem(M.E1000_VFMAILBOX_SIZE):
                words[(offset - R.VF_VMBMEM) // 4] = data
            elif kind == "read" and offset == R.VF_MAILBOX and data & R.VFMAILBOX_PFACK:
                if last is not None:
                    last.acked = True
            elif kind == "read" and R.vf_vmbmem(0) <= offset < R.vf_vmbmem(M.E1000_VFMAILBOX_SIZE):
                reading.append(data)
        if not ours:
            ours.append(Sent(M.msg_name(msg_type), msg_type, False))
            self.log("not-sent", f"{ours[0].name} never sent (lock failed or mbx->timeout 0)")
        self.sent.extend(ours)

    async def reset_hw_vf(self) -> bool:
        ok = await self._op(M.E1000_VF_RESET, "cdrv_vf_reset_hw") == 0
        if ok:
            buf = (ctypes.c_uint8 * 6)()
            self._dll.cdrv_vf_perm_addr(self._hw, buf)
            self._mac = bytes(buf)
        else:
            self.log("reset-failed", "e1000_reset_hw_vf failed")
        return ok

    async def rar_set_vf(self, mac: bytes):
        buf = (ctypes.c_uint8 * 6)(*bytes(mac)[:6])
        await self._op(M.E1000_VF_SET_MAC_ADDR, "cdrv_vf_rar_set", buf)
        return self.sent[-1]

    async def update_mc_addr_list_vf(self, addrs):
        flat = b"".join(bytes(a)[:6] for a in addrs)
        buf = (ctypes.c_uint8 * max(len(flat), 1)).from_buffer_copy(flat or b"\0")
        await self._op(M.E1000_VF_SET_MULTICAST, "cdrv_vf_update_mc_addr_list", buf, len(addrs))
        return self.sent[-1]

    async def vfta_set_vf(self, vid: int, add: bool):
        await self._op(M.E1000_VF_SET_VLAN, "cdrv_vf_set_vfta", vid, int(bool(add)))
        return self.sent[-1]

    async def _promisc_set_vf(self, flags: int):
        await self._op(M.E1000_VF_SET_PROMISC, "cdrv_vf_promisc_set", flags)
        return self.sent[-1]

    async def rlpml_set_vf(self, max_size: int):
        await self._op(M.E1000_VF_SET_LPE, "cdrv_vf_rlpml_set", max_size)
        return self.sent[-1]

    async def check_for_link_vf(self) -> bool:
        """e1000_check_for_link_vf through hw->mac.ops; returns the link state the VF shows
        (up once get_link_status is false). An error return is logged as the Python model
        logs its reset task."""
        start = len(self.bridge.trace)
        err = await self.bridge.call("cdrv_vf_check_for_link", self._hw)
        del self.bridge.trace[start:]          # a link check sends nothing
        if err:
            self.log("reset-task", f"e1000_check_for_link_vf returned {err}: reset task")
        link_up = not self.get_link_status
        self.log("link", f"link {'up' if link_up else 'down'}")
        return link_up


class CIgbMailbox(_CDriver):
    """The PF mailbox primitives of compiled C (Linux 6.1 igb's e1000_mbx.c, or a user's PF
    mailbox code), per VF number."""

    def __init__(self, host, library="linux-igb", src=None):
        super().__init__(host, library, "pf", "PF", src)

    async def check_for_msg(self, vf: int) -> bool:
        return await self.bridge.call("cdrv_pf_check_for_msg", self._hw, vf) == 0

    async def check_for_ack(self, vf: int) -> bool:
        return await self.bridge.call("cdrv_pf_check_for_ack", self._hw, vf) == 0

    async def check_for_rst(self, vf: int) -> bool:
        return await self.bridge.call("cdrv_pf_check_for_rst", self._hw, vf) == 0

    async def read(self, size: int, vf: int, unlock: bool = True):
        """igb_read_mbx: the words, or None when the lock was not taken."""
        buf = (ctypes.c_uint32 * max(size, 1))()
        err = await self.bridge.call("cdrv_pf_read", self._hw, buf, size, vf, int(bool(unlock)))
        return None if err else list(buf[:min(size, M.E1000_VFMAILBOX_SIZE)])

    async def write(self, msg, size: int, vf: int) -> bool:
        """igb_write_mbx: True when written (the lock was taken)."""
        buf = (ctypes.c_uint32 * max(size, 1))(*[w & 0xFFFFFFFF for w in list(msg)[:size]])
        return await self.bridge.call("cdrv_pf_write", self._hw, buf, size, vf) == 0

    async def unlock(self, vf: int):
        """igb_unlock_mbx (igb_release_mbx_lock_pf): drop PFU if it is set. A code base with
        no unlock (Intel's shared code: its read's ACK write already dropped PFU) does
        nothing here, as that code would."""
        if self.lib.has("cdrv_pf_unlock"):
            await self.bridge.call("cdrv_pf_unlock", self._hw, vf)
