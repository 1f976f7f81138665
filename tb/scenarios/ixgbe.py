"""The ixgbe family's scenarios (docs/hardware-ixgbe.md): what the scenarios room knows about
the 82599/X540/X550 mailbox.

`IxgbeRandomTraffic` is igb's constrained-random mix (tb.scenarios.random_traffic) on the
ixgbe register map: the same lock races and same-edge REQ/ACK/STS against W1C and
read-to-clear, plus the four PFMBICR registers, both PFMBIMR words, EICR/EICS/EIMS/EIMC,
VFLRE/VFLREC, the self-clearing PFRSTD, the inert VF registers and VFLINKS. Its hot VFs
(where both ports collide) move over all NUM_VFS VFs during a run, so VFs above 15, 31 and
47 see the same corners as VF 0.

`IXGBE_CATALOGUE` is what a hostile VF (tb.scenarios.hostile_vf) tries in the ixgbe VF window.
"""

from tb import regmap as R
from tb import regmap_ixgbe as X
from tb.checkers.ixgbe import IxgbeModel
from tb.scenarios.hostile_vf import Catalogue
from tb.scenarios.random_traffic import RandomTraffic

HOT_ACCESSES = 120   # accesses of one port before the hot VFs move


class IxgbeRandomTraffic(RandomTraffic):
    def __init__(self, tb, seed: int, hot_vfs: int = 2):
        super().__init__(tb, seed, hot_vfs)
        self._picks = 0
        self._hot_vfs = self._new_hot()

    def _new_hot(self) -> list:
        return self.rng.sample(range(self.tb.num_vfs), self.hot)

    def _vf_index(self, allow_absent: bool = True) -> int:
        """Mostly a hot VF (collisions), sometimes any slot including absent ones."""
        r = self.rng
        self._picks += 1
        if self._picks % (2 * HOT_ACCESSES) == 0:
            self._hot_vfs = self._new_hot()
        if allow_absent and r.random() < 0.05:
            return r.randrange(X.IXGBE_MAX_VFS)
        return r.choice(self._hot_vfs)

    def _flr_mask(self) -> int:
        """Mostly a hot VF (whose lock and status bits the FLR then clears, rule 6), now and
        then several VFs at once (bits of different VFLRE words)."""
        r = self.rng
        mask = 0
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            mask |= 1 << (r.choice(self._hot_vfs) if r.random() < 0.7 else r.randrange(self.tb.num_vfs))
        return mask

    async def run_events(self, count: int, mean_gap_ns: int = 500):
        """igb's events, four times as often: an FLR does more here (section 5)."""
        await super().run_events(4 * count, mean_gap_ns)

    def pf_access(self):
        r = self.rng
        n = self._vf_index()
        kind = r.choices(
            ["mailbox", "pfmbicr", "mem", "pfmbimr", "eicr", "eics", "eims", "ctrl_ext",
             "vflre", "status", "error"],
            weights=[30, 12, 20, 5, 6, 2, 4, 3, 4, 3, 6])[0]
        if kind == "mailbox":
            if r.random() < 0.4:
                return False, X.pfmailbox(n), 0
            return True, X.pfmailbox(n), self._bits(R.PFMAILBOX_STS, R.PFMAILBOX_ACK,
                                                    R.PFMAILBOX_PFU, R.PFMAILBOX_PFU,
                                                    R.PFMAILBOX_RVFU if r.random() < 0.2 else 0)
        if kind == "pfmbicr":
            if r.random() < 0.5:
                return False, X.pfmbicr(n), 0
            return True, X.pfmbicr(n), r.getrandbits(32) & (X.vfreq(n) | X.vfack(n) | r.getrandbits(32))
        if kind == "mem":
            return r.random() < 0.5, X.pfmbmem(n, r.randrange(R.MBX_WORDS)), r.getrandbits(32)
        if kind == "pfmbimr":
            return (r.random() < 0.6, X.pfmbimr(n),
                    r.getrandbits(32) | r.choice([0, 0xFFFFFFFF]) if r.random() < 0.7 else 0)
        if kind == "eicr":
            if r.random() < 0.5:
                return False, X.IXGBE_EICR, 0
            return True, X.IXGBE_EICR, r.getrandbits(32) | r.choice([0, X.IXGBE_EICR_MAILBOX])
        if kind == "eics":
            return r.random() < 0.7, X.IXGBE_EICS, r.getrandbits(32)
        if kind == "eims":
            return (r.random() < 0.8, r.choice([X.IXGBE_EIMS, X.IXGBE_EIMC]),
                    r.getrandbits(32) | X.IXGBE_EICR_MAILBOX)
        if kind == "ctrl_ext":
            return r.random() < 0.7, X.IXGBE_CTRL_EXT, r.getrandbits(32)
        if kind == "vflre":
            if r.random() < 0.5:
                return False, r.choice([X.vflre(n), X.vflrec(n)]), 0
            return True, X.vflrec(n), r.getrandbits(32) | r.choice([0, X.vf_word_bit(n)])
        if kind == "status":
            return False, X.IXGBE_STATUS, 0
        return self._error_access(pf=True)

    def vf_access(self):
        r = self.rng
        func = self._vf_index()
        kind = r.choices(["mailbox", "mem", "ctrl", "status", "inert", "error"],
                         weights=[45, 30, 3, 6, 4, 6])[0]
        if kind == "mailbox":
            if r.random() < 0.45:
                return func, False, X.IXGBE_VFMAILBOX, 0
            data = self._bits(R.VFMAILBOX_REQ, R.VFMAILBOX_ACK, R.VFMAILBOX_VFU, R.VFMAILBOX_VFU)
            return (func, True, X.IXGBE_VFMAILBOX,
                    data | (r.getrandbits(32) & ~0xFF if r.random() < 0.1 else 0))
        if kind == "mem":
            return func, r.random() < 0.5, X.vfmbmem(r.randrange(R.MBX_WORDS)), r.getrandbits(32)
        if kind == "ctrl":
            if r.random() < 0.5:
                return func, False, X.IXGBE_VFCTRL, 0
            return func, True, X.IXGBE_VFCTRL, X.IXGBE_VFCTRL_RST if r.random() < 0.5 else r.getrandbits(32)
        if kind == "status":
            return func, False, r.choice([X.IXGBE_VFSTATUS, X.IXGBE_VFLINKS]), 0
        if kind == "inert":
            return func, r.random() < 0.5, r.choice(sorted(IxgbeModel.VF_INERT)), r.getrandbits(32)
        write, addr, data = self._error_access(pf=False)
        return func, write, addr, data

    def _error_access(self, pf: bool):
        """An access the contract calls an error (or, rarely, one that only looks odd)."""
        r = self.rng
        base = X.pfmbmem(0, 0) if pf else X.IXGBE_VFMBMEM
        choice = r.randrange(5)
        if choice == 0:
            return r.random() < 0.5, base + r.choice([1, 2, 3]), r.getrandbits(32)   # misaligned
        if choice == 1:   # read-only
            return True, r.choice([X.IXGBE_STATUS, X.IXGBE_VFLRE0, X.IXGBE_VFLRE1] if pf else
                                  [X.IXGBE_VFSTATUS, X.IXGBE_VFLINKS]), r.getrandbits(32)
        if choice == 2:   # what the drivers' headers have but this mailbox does not
            return r.random() < 0.5, r.choice(
                [X.IXGBE_PFMBIMR + 8, X.IXGBE_PFMBIMR + 12, 0x04C00 + 4 * r.randrange(64),
                 X.IXGBE_PFMBICR + 16] if pf else [0x0140, 0x0004, 0x1000, 0x02F8]), 0
        if choice == 3:   # anywhere
            return r.random() < 0.5, r.randrange(0, 0x20000 if pf else 0x10000, 4), r.getrandbits(32)
        return r.random() < 0.5, r.choice([0x00004, 0x0070C, 0x00804, 0x1FFFC] if pf else
                                          [0x0204 + 0x40, 0x0FFFC, 0x2FFC]), 0


# ---------------------------------------------------------------------- a hostile VF
def pf_only_registers():
    """ixgbe PF-window offsets with no meaning in a VF window (none is a VF offset)."""
    regs = [("PF CTRL_EXT", X.IXGBE_CTRL_EXT), ("PF EICR", X.IXGBE_EICR), ("PF EICS", X.IXGBE_EICS),
            ("PF EIMS", X.IXGBE_EIMS), ("PF EIMC", X.IXGBE_EIMC)]
    regs += [(f"PF VFLRE({k})", a) for k, a in enumerate((X.IXGBE_VFLRE0, X.IXGBE_VFLRE1))]
    regs += [(f"PF VFLREC({k})", X.IXGBE_VFLREC + 4 * k) for k in range(2)]
    regs += [(f"PF PFMBICR({i})", X.IXGBE_PFMBICR + 4 * i) for i in range(X.IXGBE_PFMBICR_COUNT)]
    regs += [(f"PF PFMBIMR({k})", X.IXGBE_PFMBIMR + 4 * k) for k in range(X.IXGBE_PFMBIMR_COUNT)]
    regs += [(f"PFMAILBOX({n})", X.pfmailbox(n)) for n in range(X.IXGBE_MAX_VFS)]
    return regs


def other_vfs_memory():
    """Other VFs' words as PFMBMEM names them, cut to the 16 bits of vf_paddr."""
    return [(f"PFMBMEM({n})[{i}] (PF naming, low 16 bits)", X.pfmbmem(n, i) & 0xFFFF)
            for n in range(1, X.IXGBE_MAX_VFS, 7) for i in (0, R.MBX_WORDS - 1)]


def unmapped_offsets():
    return [("between VFCTRL and VFSTATUS", X.IXGBE_VFCTRL + 4),
            ("VTIVAR_MISC (ixgbevf_main.c, not modelled)", 0x0140),
            ("just past its memory", X.vfmbmem(R.MBX_WORDS)),
            ("just before VFMAILBOX", X.IXGBE_VFMAILBOX - 4),
            ("just past VFPSRTYPE", X.IXGBE_VFPSRTYPE + 4),
            ("VFRXDCTL of a ninth queue", X.IXGBE_VFRXDCTL + X.IXGBE_VFQ_STRIDE * X.IXGBE_VF_QUEUES),
            ("top of the address space", 0xFFFC)]


def misaligned_offsets():
    return [("VFCTRL + 1 (a RST write if decoded)", X.IXGBE_VFCTRL + 1),
            ("VFSTATUS + 2", X.IXGBE_VFSTATUS + 2), ("VFLINKS + 1", X.IXGBE_VFLINKS + 1),
            ("own word 0 + 1", X.vfmbmem(0) + 1),
            ("own last word + 3", X.vfmbmem(R.MBX_WORDS - 1) + 3),
            ("VFMAILBOX + 2", X.IXGBE_VFMAILBOX + 2)]


def in_window_offsets():
    return [("VFCTRL", X.IXGBE_VFCTRL), ("VFSTATUS", X.IXGBE_VFSTATUS), ("VFLINKS", X.IXGBE_VFLINKS),
            ("VTEICR", X.IXGBE_VTEICR), ("VFMAILBOX", X.IXGBE_VFMAILBOX),
            ("word 0", X.vfmbmem(0)), ("last word", X.vfmbmem(R.MBX_WORDS - 1))]


IXGBE_CATALOGUE = Catalogue(
    pf_only_registers, other_vfs_memory, unmapped_offsets, misaligned_offsets, in_window_offsets,
    (("write to read-only VFSTATUS", X.IXGBE_VFSTATUS),
     ("write to read-only VFLINKS", X.IXGBE_VFLINKS)), X.IXGBE_MAX_VFS, X.IXGBE_VFMAILBOX)
