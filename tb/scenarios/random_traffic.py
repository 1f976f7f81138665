"""Constrained-random register traffic for both ports of the mailbox.

The mix aims at the corners of hardware.md: lock requests of both sides on the same VF
(`hot_vfs` narrows the targets so that they collide), REQ/ACK/STS writes against W1C and
read-to-clear on the same edge, error accesses (unmapped, misaligned, read-only, VF
slots and functions past NUM_VFS), FLR pulses and resets. Every choice comes from one
`random.Random(seed)`, so a seed replays the run.
"""

import random

from cocotb.triggers import Timer

from tb import regmap as R


class RandomTraffic:
    def __init__(self, tb, seed: int, hot_vfs: int = 2):
        self.tb = tb
        self.seed = seed
        self.rng = random.Random(seed)
        self.hot = max(1, min(hot_vfs, tb.num_vfs))

    def _vf_index(self, allow_absent: bool = True) -> int:
        """Mostly a hot VF (collisions), sometimes any slot including absent ones."""
        r = self.rng
        if allow_absent and r.random() < 0.05:
            return r.randrange(R.MAX_VFS)
        return r.randrange(self.hot)

    def _bits(self, *masks) -> int:
        return sum(m for m in masks if self.rng.random() < 0.5)

    def pf_access(self):
        """One random PF transfer: (write, addr, data)."""
        r = self.rng
        n = self._vf_index()
        kind = r.choices(
            ["mailbox", "mbvficr", "mem", "mbvfimr", "icr", "ims", "ctrl_ext", "vflre",
             "status", "error"],
            weights=[30, 12, 20, 5, 6, 4, 3, 4, 4, 6])[0]
        if kind == "mailbox":
            if r.random() < 0.4:
                return False, R.pf_mailbox(n), 0
            return True, R.pf_mailbox(n), self._bits(R.PFMAILBOX_STS, R.PFMAILBOX_ACK,
                                                     R.PFMAILBOX_PFU, R.PFMAILBOX_PFU,
                                                     R.PFMAILBOX_RVFU if r.random() < 0.2 else 0)
        if kind == "mbvficr":
            if r.random() < 0.5:
                return False, R.PF_MBVFICR, 0
            return True, R.PF_MBVFICR, r.getrandbits(32) & (R.vfreq(n) | R.vfack(n) | r.getrandbits(32))
        if kind == "mem":
            return r.random() < 0.5, R.pf_vmbmem(n, r.randrange(R.MBX_WORDS)), r.getrandbits(32)
        if kind == "mbvfimr":
            return r.random() < 0.6, R.PF_MBVFIMR, r.getrandbits(8) | r.choice([0, 0xFF])
        if kind == "icr":
            return False, R.PF_ICR, 0
        if kind == "ims":
            return True, r.choice([R.PF_IMS, R.PF_IMC]), r.getrandbits(32) | R.ICR_VMMB
        if kind == "ctrl_ext":
            return r.random() < 0.7, R.PF_CTRL_EXT, r.getrandbits(32)
        if kind == "vflre":
            return r.random() < 0.5, R.PF_VFLRE, r.getrandbits(8)
        if kind == "status":
            return False, R.PF_STATUS, 0
        return self._error_access(pf=True)

    def vf_access(self):
        """One random VF transfer: (func, write, addr, data)."""
        r = self.rng
        func = self._vf_index()
        kind = r.choices(["mailbox", "mem", "ctrl", "status", "error"],
                         weights=[45, 30, 3, 6, 6])[0]
        if kind == "mailbox":
            if r.random() < 0.45:
                return func, False, R.VF_MAILBOX, 0
            data = self._bits(R.VFMAILBOX_REQ, R.VFMAILBOX_ACK, R.VFMAILBOX_VFU, R.VFMAILBOX_VFU)
            return func, True, R.VF_MAILBOX, data | (r.getrandbits(32) & ~0xFF if r.random() < 0.1 else 0)
        if kind == "mem":
            return func, r.random() < 0.5, R.vf_vmbmem(r.randrange(R.MBX_WORDS)), r.getrandbits(32)
        if kind == "ctrl":
            if r.random() < 0.5:
                return func, False, R.VF_CTRL, 0
            return func, True, R.VF_CTRL, R.CTRL_RST if r.random() < 0.3 else r.getrandbits(26)
        if kind == "status":
            return func, False, R.VF_STATUS, 0
        write, addr, data = self._error_access(pf=False)
        return func, write, addr, data

    def _error_access(self, pf: bool):
        """An access the contract calls an error (or, rarely, one that only looks odd)."""
        r = self.rng
        base = R.pf_vmbmem(0, 0) if pf else R.VF_VMBMEM
        choice = r.randrange(5)
        if choice == 0:
            return r.random() < 0.5, base + r.choice([1, 2, 3]), r.getrandbits(32)   # misaligned
        if choice == 1:
            return True, R.PF_STATUS if pf else R.VF_STATUS, r.getrandbits(32)        # read-only
        if choice == 2 and pf:
            return True, R.PF_ICR, r.getrandbits(32)                                  # read-only
        if choice == 3:
            return r.random() < 0.5, r.randrange(0, 0x10000, 4), r.getrandbits(32)   # anywhere
        return r.random() < 0.5, r.choice([0x0004, 0x0C44, 0x0C8C, 0x1000, 0xFFFC]), 0

    def _flr_mask(self) -> int:
        """The VFs one FLR pulse resets."""
        return 1 << self.rng.randrange(self.tb.num_vfs)

    async def _gap(self):
        """Mostly back to back (same-edge collisions), sometimes a pause that shifts phase."""
        r = self.rng.random()
        if r < 0.85:
            return
        await Timer(self.rng.choice([1, 3, 4, 8, 12, 20, 36]), "ns")

    async def run_pf(self, count: int):
        pf = self.tb.pf
        for _ in range(count):
            write, addr, data = self.pf_access()
            await pf.transfer_any(write, addr, data)
            await self._gap()

    async def run_vf(self, count: int):
        vf = self.tb.vf_port
        for _ in range(count):
            func, write, addr, data = self.vf_access()
            await vf.transfer_any(write, addr, data, func)
            await self._gap()

    async def run_events(self, count: int, mean_gap_ns: int = 2000):
        """FLR pulses, link changes and, rarely, a device reset, between the transfers."""
        r = self.rng
        for _ in range(count):
            await Timer(r.randrange(8, 2 * mean_gap_ns), "ns")
            what = r.random()
            if what < 0.45:
                await self.tb.flr(self._flr_mask(), cycles=r.choice([1, 1, 2]))
            elif what < 0.9:
                await self.tb.set_link(r.random() < 0.5)
            else:
                await self.tb.reset(cycles=r.choice([1, 2]))
