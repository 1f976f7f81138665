"""The PF driver and any number of VF drivers wired to their hosts on one MailboxTB, with a
protocol monitor on the pins: the set-up of the fault and hostile-VF tests.

Like tb/scenarios/race.py's scenario, but for several VFs and with no fixed script: tests call the
drivers' own functions and inject faults between them. The PF's interrupt path runs in the
background from `start_pf()` to `stop_pf()`.
"""

import random

import cocotb

from tb import regmap as R
from tb.checkers.timeline import Timeline
from tb.drivers.catalog import pf_factory, vf_factory
from tb.drivers.igbvf import VF_MBX_TIMEOUT_PS
from tb.checkers.protocol_monitor import ProtocolMonitor
from tb.drivers.host import TimingProfile

RIG_SETTLE_US = 2_000       # long enough for the PF to handle every interrupt still pending
PATTERN_MARK = 0xB0000000   # marks a test pattern word (bit 28 is no message flag)


class DriverRig:
    def __init__(self, tb, pf_version, vf_versions: dict, timing: TimingProfile,
                 seed: int = 0):
        """`vf_versions`: {VF number: VF driver} of the VFs that run a driver; drivers are
        registered names or factories (tb.drivers.catalog)."""
        self.tb = tb
        self.timing = timing
        self.rng = random.Random(seed)
        self.timeline = Timeline()
        self.monitor = ProtocolMonitor(tb.model, self.timeline, VF_MBX_TIMEOUT_PS)
        tb.observers.append(self.monitor.observe)
        self.pf = self.new_pf_driver(pf_version)
        self.vfs = {n: self.new_vf_driver(n, version) for n, version in vf_versions.items()}
        self._interrupts = None

    # ------------------------------------------------------------ drivers
    def new_pf_driver(self, version):
        """A freshly probed igb (after a PF reset the driver starts from scratch)."""
        host = self.tb.pf_host(self.timing, self.rng)
        return pf_factory(version)(host, self.tb.num_vfs, self.timeline)

    def new_vf_driver(self, vf: int, version):
        """A freshly probed VF driver on VF `vf` (a guest reloading its driver after an FLR)."""
        host = self.tb.vf_host(vf, self.timing, self.rng)
        return vf_factory(version)(host, vf, self.timeline)

    async def start_pf(self):
        """PF bring-up (MBVFIMR, IMS, PFRSTD), then its mailbox interrupt path. Returns
        when bring-up's posted writes have landed."""
        await self.pf.bring_up()
        await self.pf.host.drain()
        self._interrupts = cocotb.start_soon(self.pf.igb_intr())

    async def pf_quiet(self, settle_us: float = 0):
        """Let the PF run `settle_us`, then wait until it is back waiting for an interrupt
        with every posted write landed."""
        if settle_us:
            await self.pf.host.udelay(settle_us)
        await self.pf.idle()
        await self.pf.host.drain()

    async def stop_pf(self, settle_us: float = 0):
        """Stop the interrupt path while it waits for pf_irq (no transfer is cut)."""
        await self.pf_quiet(settle_us)
        if self._interrupts is not None:
            self._interrupts.cancel()
            self._interrupts = None

    async def finish(self, settle_us: float = 0):
        """Stop the PF, let every host's writes land, close the protocol monitor."""
        await self.stop_pf(settle_us)
        for vf in self.vfs.values():
            await vf.host.drain()
        self.monitor.finish()
        self.tb.observers.remove(self.monitor.observe)

    # ------------------------------------------------------------ what happened
    def flags_of(self, vf: int, *kinds):
        """The protocol monitor's flags about VF `vf` (all four kinds by default)."""
        kinds = kinds or ("erased", "overwritten", "lockless", "timeout")
        return [e for e in self.monitor.flags if e.vf == vf and e.kind in kinds]

    def erased_requests(self, vf: int):
        return [r for r in self.monitor.requests if r.vf == vf and r.erased]

    def received_from(self, vf: int):
        """Word 0 of every message igb_rcv_msg_from_vf read from VF `vf`, in order."""
        return [r.words[0] for r in self.pf.received if r.vf == vf]

    def pf_events(self, kind: str, vf: int = None):
        return [e for e in self.timeline.of_kind(kind, source="PF") if vf is None or e.vf == vf]


async def mailbox_words(tb, vf: int, written_by: str = "pf") -> list:
    """VF `vf`'s 16 mailbox words as `written_by` ("pf" or "vf") last wrote them, read through
    the PF window (reads change nothing). With PROTECT_VF_REQUEST (docs/mitigations.md) each
    direction has its own words: the PF's are read through the VF's window, the VF's through
    the PF window, where reading word 0 consumes a pending request."""
    if tb.options.protect_vf_request and written_by == "pf":
        return [await tb.vf(vf).read(tb.family.windows.vf_mem(i)) for i in range(R.MBX_WORDS)]
    return [await tb.pf.read(tb.family.windows.pf_mem(vf, i)) for i in range(R.MBX_WORDS)]


def word_pattern(vf: int) -> list:
    """16 words that say which VF and word they belong to (a stray write shows)."""
    return [PATTERN_MARK | vf << 8 | i for i in range(R.MBX_WORDS)]


async def fill_mailbox(tb, vf: int) -> list:
    pattern = word_pattern(vf)
    for i, word in enumerate(pattern):
        await tb.pf.write(tb.family.windows.pf_mem(vf, i), word)
    return pattern


def differing_words(before: list, after: list) -> list:
    """(word, before, after) of every word that changed: a readable failure message."""
    return [(i, f"{b:#010x}", f"{a:#010x}") for i, (b, a) in enumerate(zip(before, after)) if a != b]


def changes(before: dict, after: dict) -> dict:
    """{name: (before, after)} of the readings that differ."""
    return {k: (before[k], after[k]) for k in before if before[k] != after[k]}


class IrqWatch:
    """Counts vf_irq pulses and pf_irq rises on the sampled edges."""

    def __init__(self, tb):
        self.vf_irq_pulses = 0
        self.pf_irq_rises = 0
        self._pf_irq = None
        tb.observers.append(self._observe)

    def _observe(self, s):
        self.vf_irq_pulses += s.vf_irq != 0
        self.pf_irq_rises += self._pf_irq is False and s.pf_irq
        self._pf_irq = s.pf_irq
