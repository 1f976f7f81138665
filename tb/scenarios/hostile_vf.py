"""A hostile (or broken) VF: it drives the shared VF port through its own `tb.vf(n)` view
and does everything a guest can do on its side of the bus, except follow the protocol.

- spams REQ writes, each with VFU set so that it keeps the lock (a REQ written alone would
  release it: hardware.md section 3) and never lets the PF take it;
- holds VFU forever;
- accesses offsets outside its window: PF-only registers, other VFs' memory as the PF names
  it, unmapped and misaligned offsets, a write to read-only STATUS;
- drives vf_pfunc values of VFs that do not exist (only possible when NUM_VFS < 8).

Every access outside the contract must get PSLVERR, read 0 and change nothing (hardware.md
section 6). The class only makes the accesses and records them; tests judge them.
"""

from dataclasses import dataclass
from typing import Callable

from cocotb.triggers import Event, First, Timer

from tb import regmap as R
from tb.bus.apb import ApbFunction
from tb.bus.samples import Transfer

# Written to every forbidden offset: every bit set, so that whatever the offset would mean
# if it were decoded (RST, REQ, ACK, VFU, RVFU, PFRSTD, W1C of every cause) it would show.
HOSTILE_DATA = 0xFFFFFFFF
PADDR_BITS = 16                                  # vf_paddr width (hardware.md section 1)
LAST_WORD_OFFSET = (1 << PADDR_BITS) - 4         # the highest aligned offset
WORD_BYTES = 4


@dataclass(frozen=True)
class ForbiddenAccess:
    why: str
    write: bool
    addr: int
    func: int        # vf_pfunc driven


def pf_only_registers():
    """PF-window offsets with no meaning in a VF window."""
    regs = [("PF CTRL_EXT", R.PF_CTRL_EXT), ("PF ICR (read-to-clear on the PF)", R.PF_ICR),
            ("PF IMS", R.PF_IMS), ("PF IMC", R.PF_IMC), ("PF MBVFICR", R.PF_MBVFICR),
            ("PF MBVFIMR", R.PF_MBVFIMR), ("PF VFLRE", R.PF_VFLRE)]
    regs += [(f"PFMailbox({n})", R.pf_mailbox(n)) for n in range(R.MAX_VFS)]
    return regs


def other_vfs_memory():
    """Other VFs' mailbox words as the PF window names them (slot 0 overlaps the VF's own
    memory window, so it is left out): a VF has no way to name them."""
    return [(f"VMBMEM({n})[{i}] (PF naming)", R.pf_vmbmem(n, i))
            for n in range(1, R.MAX_VFS) for i in (0, R.MBX_WORDS - 1)]


def unmapped_offsets():
    return [("between CTRL and STATUS", R.VF_CTRL + WORD_BYTES),
            ("just past its memory", R.vf_vmbmem(R.MBX_WORDS)),
            ("just past VFMailbox", R.VF_MAILBOX + WORD_BYTES),
            ("top of the address space", LAST_WORD_OFFSET)]


def misaligned_offsets():
    return [("CTRL + 1 (a RST write if decoded)", R.VF_CTRL + 1),
            ("STATUS + 2", R.VF_STATUS + 2),
            ("own word 0 + 1", R.vf_vmbmem(0) + 1),
            ("own last word + 3", R.vf_vmbmem(R.MBX_WORDS - 1) + 3),
            ("VFMailbox + 2", R.VF_MAILBOX + 2)]


def in_window_offsets():
    """The offsets a VF may use: with an out-of-range vf_pfunc every one is an error."""
    return [("CTRL", R.VF_CTRL), ("STATUS", R.VF_STATUS), ("VFMailbox", R.VF_MAILBOX),
            ("word 0", R.vf_vmbmem(0)), ("last word", R.vf_vmbmem(R.MBX_WORDS - 1))]


@dataclass(frozen=True)
class Catalogue:
    """What a hostile VF tries in one family's VF window (igb's here, ixgbe's in
    tb/scenarios/ixgbe.py): lists of (why, offset)."""

    pf_only: Callable           # PF-window offsets with no meaning in a VF window
    other_vfs_memory: Callable  # other VFs' words as the PF names them
    unmapped: Callable
    misaligned: Callable
    in_window: Callable         # the offsets a VF may use (errors under a vf_pfunc >= NUM_VFS)
    read_only: tuple            # (why, offset) of the registers a write to is an error
    max_vfs: int                # vf_pfunc values the pins carry
    vf_mailbox: int             # VFMailbox / VFMAILBOX


IGB_CATALOGUE = Catalogue(pf_only_registers, other_vfs_memory, unmapped_offsets,
                          misaligned_offsets, in_window_offsets,
                          (("write to read-only STATUS", R.VF_STATUS),), R.MAX_VFS, R.VF_MAILBOX)


class HostileVf:
    """VF `port.func` misbehaving on the shared VF port (igb's window unless `catalogue`
    says otherwise: tb.family's hostile_catalogue())."""

    def __init__(self, port: ApbFunction, num_vfs: int, catalogue: Catalogue = IGB_CATALOGUE):
        self.port = port
        self.vf = port.func
        self.num_vfs = num_vfs
        self.catalogue = catalogue
        self.req_writes = 0
        self.forbidden = []            # (ForbiddenAccess, Transfer) of every bad access made

    # ------------------------------------------------------------ the catalogue
    def forbidden_accesses(self):
        """Every access this VF must be refused: its own vf_pfunc at offsets outside its
        window (reads and writes), STATUS written, and, when NUM_VFS < 8, the legal
        offsets under every vf_pfunc of a VF that does not exist."""
        own, c = self.vf, self.catalogue
        out = []
        for why, addr in c.pf_only() + c.other_vfs_memory() + c.unmapped() + c.misaligned():
            out += [ForbiddenAccess(why, True, addr, own), ForbiddenAccess(why, False, addr, own)]
        out += [ForbiddenAccess(why, True, addr, own) for why, addr in c.read_only]
        for func in range(self.num_vfs, c.max_vfs):
            for why, addr in c.in_window():
                why = f"vf_pfunc {func} >= NUM_VFS, {why}"
                out += [ForbiddenAccess(why, True, addr, func),
                        ForbiddenAccess(why, False, addr, func)]
        return out

    # ------------------------------------------------------------ the accesses
    async def forbidden_access(self, access: ForbiddenAccess) -> Transfer:
        """One bad access; never raises, whatever the slave answers (the test judges)."""
        done = await self.port.master.transfer_any(access.write, access.addr, HOSTILE_DATA,
                                                   func=access.func)
        self.forbidden.append((access, done))
        return done

    async def take_lock_forever(self) -> bool:
        """Write VFU and read it back, like a driver taking its lock; never release it."""
        await self.port.write(self.catalogue.vf_mailbox, R.VFMAILBOX_VFU)
        return bool(await self.port.read(self.catalogue.vf_mailbox) & R.VFMAILBOX_VFU)

    async def spam_req(self):
        """A REQ that keeps the lock: every one raises the PF's mailbox interrupt."""
        await self.port.write(self.catalogue.vf_mailbox, R.VFMAILBOX_REQ | R.VFMAILBOX_VFU)
        self.req_writes += 1

    async def run(self, stop: Event, period_us: float):
        """Until `stop`: one REQ spam and one forbidden access per period, cycling through
        the catalogue. The lock is taken first and never released."""
        await self.take_lock_forever()
        catalogue = self.forbidden_accesses()
        i = 0
        while not stop.is_set():
            await self.spam_req()
            await self.forbidden_access(catalogue[i % len(catalogue)])
            i += 1
            await First(Timer(period_us, "us"), stop.wait())

    def refused_wrongly(self):
        """The bad accesses that did not get PSLVERR with read data 0."""
        return [(a, t) for a, t in self.forbidden
                if not t.slverr or (not t.write and t.data != 0)]
