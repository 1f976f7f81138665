"""Run compiled driver C code from a coroutine, every register access and delay going to an
async host (anything with `await read(addr) -> int`, `await write(addr, data)`,
`await udelay(us)`: tb.drivers.host.Host, or a fake under plain asyncio).

How: the ctypes call runs in a greenlet on the caller's own thread. Each C callback (readl,
writel, udelay of the shim) switches to the parent greenlet with a request; the driving
coroutine awaits the host, then switches back with the result. No thread, no lock, so a C
access costs little more than the Python model's.

On hardware a PSLVERR does not stop the CPU: an ApbSlaveError from the host is recorded in
`Bridge.pslverrs` as (kind, offset), the read returns 0 (a write is dropped), and the C code
runs on. TrialDecided from the host (a scenario stopping early) is never unwound through C
frames: the bridge turns to "draining", where every further callback returns 0 at once without
touching the host, lets the C call finish, then raises TrialDecided from `call`. Any other
exception thrown into the waiting coroutine (a cancelled task) is handled the same way.
"""

import ctypes
import itertools

import greenlet

from tb.bus.apb import ApbSlaveError

READ, WRITE, UDELAY = 0, 1, 2
KIND_NAMES = ("read", "write", "udelay")
MASK32 = 0xFFFFFFFF
BAR_BASE = 0x10000000        # fake BAR of instance n: BAR_BASE + n * BAR_STRIDE (never NULL)
BAR_STRIDE = 0x00100000
WINDOW = 0x10000             # register offsets are 16-bit

_READ_FN = ctypes.CFUNCTYPE(ctypes.c_uint32, ctypes.c_size_t)
_WRITE_FN = ctypes.CFUNCTYPE(None, ctypes.c_size_t, ctypes.c_uint32)
_UDELAY_FN = ctypes.CFUNCTYPE(None, ctypes.c_uint32)

P, U8P, U32P = ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint8), ctypes.POINTER(ctypes.c_uint32)
I32, U16, U32, INT = ctypes.c_int32, ctypes.c_uint16, ctypes.c_uint32, ctypes.c_int
SIGNATURES = {     # entry point -> (restype, argtypes): shim/cdrv_vf.h and shim/cdrv_pf.h
    "cdrv_vf_new": (P, [ctypes.c_size_t]),
    "cdrv_vf_free": (None, [P]),
    "cdrv_vf_reset_hw": (I32, [P]),
    "cdrv_vf_perm_addr": (None, [P, U8P]),
    "cdrv_vf_rar_set": (None, [P, U8P]),
    "cdrv_vf_update_mc_addr_list": (None, [P, U8P, U32]),
    "cdrv_vf_set_vfta": (I32, [P, U16, INT]),
    "cdrv_vf_promisc_set": (I32, [P, U32]),
    "cdrv_vf_rlpml_set": (None, [P, U16]),
    "cdrv_vf_check_for_link": (I32, [P]),
    "cdrv_vf_get_link_status": (INT, [P]),
    "cdrv_vf_set_link_status": (None, [P, INT]),
    "cdrv_vf_get_mbx_timeout": (U32, [P]),
    "cdrv_vf_set_mbx_timeout": (None, [P, U32]),
    "cdrv_pf_new": (P, [ctypes.c_size_t]),
    "cdrv_pf_free": (None, [P]),
    "cdrv_pf_check_for_msg": (I32, [P, U16]),
    "cdrv_pf_check_for_ack": (I32, [P, U16]),
    "cdrv_pf_check_for_rst": (I32, [P, U16]),
    "cdrv_pf_read": (I32, [P, U32P, U16, U16, INT]),
    "cdrv_pf_write": (I32, [P, U32P, U16, U16]),
    "cdrv_pf_unlock": (I32, [P, U16]),
}


class _CRun(greenlet.greenlet):
    """One C call in flight: its greenlet, and whether it is draining."""

    def __init__(self, fn, args):
        super().__init__()
        self.fn = fn
        self.args = args
        self.draining = False

    def run(self):
        return self.fn(*self.args)


_getcurrent = greenlet.getcurrent


def _read_cb(addr):
    run = _getcurrent()
    if run.__class__ is not _CRun or run.draining:   # draining, or C called outside a bridge
        return 0
    return run.parent.switch((READ, addr, 0))


def _write_cb(addr, data):
    run = _getcurrent()
    if run.__class__ is _CRun and not run.draining:
        run.parent.switch((WRITE, addr, data))


def _udelay_cb(us):
    run = _getcurrent()
    if run.__class__ is _CRun and not run.draining:
        run.parent.switch((UDELAY, 0, us))


class Library:
    """One loaded driver library (one per file; its callbacks are bound once)."""

    _loaded = {}

    def __init__(self, path, role: str):
        self.path = str(path)
        self.role = role
        # PyDLL: the GIL stays held in C, which the greenlet switch from a callback needs
        self.dll = ctypes.PyDLL(self.path)
        for name, (restype, argtypes) in SIGNATURES.items():
            fn = getattr(self.dll, name, None)
            if fn is not None:
                fn.restype, fn.argtypes = restype, argtypes
        self._callbacks = (_READ_FN(_read_cb), _WRITE_FN(_write_cb), _UDELAY_FN(_udelay_cb))
        self.dll.cdrv_set_callbacks(*self._callbacks)
        self._bars = itertools.count()

    @classmethod
    def load(cls, path, role: str) -> "Library":
        key = str(path)
        if key not in cls._loaded:
            cls._loaded[key] = cls(path, role)
        return cls._loaded[key]

    def has(self, name: str) -> bool:
        return getattr(self.dll, name, None) is not None

    def next_bar(self) -> int:
        return BAR_BASE + next(self._bars) * BAR_STRIDE


class Bridge:
    """One driver instance's path from its C code to its host."""

    def __init__(self, library: Library, host, name: str = ""):
        self.library = library
        self.host = host
        self.name = name
        self.base = library.next_bar()
        self.window = WINDOW   # offsets past it are strays (the ixgbe PF window is 17 bits)
        self.reads = 0
        self.writes = 0
        self.udelays = 0
        self.udelay_us = 0
        self.calls = 0
        self.pslverrs = []     # (kind, offset) of every access that ended in PSLVERR
        self.strays = []       # (kind, address) the C code aimed outside its BAR: dropped
        self.trace = None      # set to a list to record (kind, offset, data) of every request

    @property
    def accesses(self) -> int:
        return self.reads + self.writes

    def c(self, name: str):
        """A raw entry point, for calls that touch no register (getters, setters)."""
        return getattr(self.library.dll, name)

    async def call(self, fn, *args, host=None):
        """Run C function `fn` (an entry-point name or a ctypes function) to its end, its
        accesses on `host` (default: the bridge's); returns its result."""
        if isinstance(fn, str):
            fn = getattr(self.library.dll, fn)
        run = _CRun(fn, args)
        stop = None
        host, base, trace, window = host or self.host, self.base, self.trace, self.window
        request = run.switch()
        while not run.dead:
            kind, addr, data = request
            value = 0
            try:
                if kind == UDELAY:
                    self.udelays += 1
                    self.udelay_us += data
                    if trace is not None:
                        trace.append(("udelay", 0, data))
                    await host.udelay(data)
                else:
                    offset = addr - base
                    if not 0 <= offset < window:
                        self.strays.append((KIND_NAMES[kind], addr))
                    elif kind == READ:
                        self.reads += 1
                        value = await host.read(offset) & MASK32
                        if trace is not None:
                            trace.append(("read", offset, value))
                    else:
                        self.writes += 1
                        if trace is not None:
                            trace.append(("write", offset, data))
                        await host.write(offset, data)
            except ApbSlaveError:
                self.pslverrs.append((KIND_NAMES[kind], addr - base))
                value = 0
            except BaseException as exc:       # TrialDecided, or a cancelled coroutine
                stop = exc
                run.draining = True
                value = 0
            request = run.switch(value)
        self.calls += 1
        if stop is not None:
            raise stop
        return request
