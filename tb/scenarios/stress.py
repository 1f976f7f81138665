"""Many VFs at once: every VF brings up, then reconfigures at random times (multicast lists,
VLANs, frame size) while the PF serves them all through igb_msg_task.

A per-VF scoreboard, kept from the pins by the protocol monitor, checks that every request a
VF signalled reached the PF exactly once and in order, and that every reply the VF's version
reads came back for that message; the drivers' own accounts must agree with the pins. With
the legacy drivers messages get lost: each loss must be one the protocol monitor saw happen
(an erased request of that VF), never an unexplained one.
"""

import random
from dataclasses import dataclass, field

from cocotb.triggers import gather

from tb import messages as M
from tb.options import choose
from tb.scenarios.rig import DriverRig
from tb.drivers.igb import Igb
from tb.drivers.igbvf import Igbvf
from tb.checkers.protocol_monitor import ProtocolMonitor
from tb.scenarios.race import PF_SETTLE_US, align_to_microsecond, bring_up_vf
from tb.drivers.host import TimingProfile

# VF drivers that do not read the PF's reply to every message (the 2011 caller pattern):
# under stress they lose messages to the race; every other driver must lose none.
LOSSY_VFS = {"igbvf-1.1.5", "igbvf-1.1.5-sleep", "linux-igbvf-writeonly", "linux-igbvf-writeonly-1try"}
MAX_START_US = 2000          # VFs start their bring-up at random times in this span
MAX_GAP_US = 3000            # and reconfigure after random pauses up to this
INVALID_FRAME = 20000        # an LPE the PF refuses (NACK), now and then
STRESS_EXPECTATIONS = ("all", "explained", "delivered")   # StressResult.problems


def expects_losses(vf_driver: str) -> bool:
    return vf_driver in LOSSY_VFS


@dataclass
class VfAccount:
    """One VF's messages as the pins show them (the protocol monitor's requests), and where
    the drivers' own accounts differ from the pins."""

    vf: int
    sent: list = field(default_factory=list)        # word0 of every request it signalled
    received: list = field(default_factory=list)    # word0 the PF read of each of them
    erased: int = 0                                  # requests the monitor saw erased
    never_sent: int = 0       # given up before REQ (lock, timeout 0): the driver's account,
                              # as a message never signalled leaves nothing on the pins
    replies_missing: list = field(default_factory=list)
    link_up: bool = False
    disagreements: list = field(default_factory=list)   # a driver's account vs the pins

    @property
    def lost(self) -> int:
        return len(self.sent) - len(self.received)

    @property
    def delivered_exactly_once_in_order(self) -> bool:
        return self.sent == self.received

    @property
    def explained(self) -> bool:
        """Every message that did not arrive is an erased request; nothing arrived twice or
        out of order beyond that."""
        remaining = list(self.received)
        for word0 in self.sent:
            if remaining and remaining[0] == word0:
                remaining.pop(0)
        return not remaining and self.lost == self.erased


@dataclass
class StressResult:
    seed: int
    vf_version: str
    pf_version: str
    accounts: list
    monitor: ProtocolMonitor = field(repr=False)

    @property
    def messages(self) -> int:
        return sum(len(a.sent) for a in self.accounts)

    @property
    def lost(self) -> int:
        return sum(a.lost for a in self.accounts)

    @property
    def never_sent(self) -> int:
        return sum(a.never_sent for a in self.accounts)

    def problems(self, expect: str = "all") -> list:
        """Lines for everything the pair must never show, by what is expected of it:
        - "all" (a VF driver that reads every reply): every message delivered, none never
          sent, every reply read, every link up;
        - "explained" (the 2011 caller pattern on today's RTL): messages may be lost, each
          to an erased request;
        - "delivered" (the 2011 caller pattern on a mitigated RTL): every message signalled
          is delivered; what the old drivers get wrong by themselves is counted by
          `driver_faults`, not a problem here.
        A driver whose account differs from the pins is a problem whatever is expected."""
        choose("stress expectation", expect, STRESS_EXPECTATIONS)
        out = [f"VF{a.vf}: {line}" for a in self.accounts for line in a.disagreements]
        for a in self.accounts:
            if expect == "explained":
                if not a.explained:
                    out.append(f"VF{a.vf}: sent {_words(a.sent)}, PF got {_words(a.received)}, "
                               f"{a.erased} erased")
                continue
            if not a.delivered_exactly_once_in_order:
                out.append(f"VF{a.vf}: sent {len(a.sent)}, PF got {len(a.received)} "
                           f"({a.erased} erased)")
            if expect == "delivered":
                continue
            if a.never_sent:
                out.append(f"VF{a.vf}: {a.never_sent} messages never sent")
            out += [f"VF{a.vf}: no reply to {name}" for name in a.replies_missing]
            if not a.link_up:
                out.append(f"VF{a.vf}: link down")
        return out

    @property
    def driver_faults(self) -> dict:
        """What a VF driver got wrong without any message lost on the way: messages it never
        sent (a failed one-try lock), replies it did not get for what it sent, links down."""
        return {"never sent": self.never_sent,
                "replies missing": sum(len(a.replies_missing) for a in self.accounts),
                "link down": sum(not a.link_up for a in self.accounts)}


async def reconfigure(vf: Igbvf, rng: random.Random, rounds: int):
    """`rounds` configuration changes at random times, as a guest's network stack makes."""
    for _ in range(rounds):
        await vf.host.udelay(rng.uniform(0, MAX_GAP_US))
        what = rng.randrange(3)
        if what == 0:
            addrs = [bytes([0x01, 0x00, 0x5E, rng.randrange(128), rng.randrange(256),
                            rng.randrange(256)]) for _ in range(rng.randrange(31))]
            await vf.update_mc_addr_list_vf(addrs)
        elif what == 1:
            await vf.vfta_set_vf(rng.randrange(1, 4095), add=rng.random() < 0.7)
        else:
            size = INVALID_FRAME if rng.random() < 0.1 else rng.randrange(64, 9729)
            await vf.rlpml_set_vf(size)


async def run_multi_vf_stress(tb, vf_version: str, pf_version: str, timing: TimingProfile,
                              seed: int, rounds: int = 4) -> StressResult:
    """Every VF of the device brings up and reconfigures `rounds` times; returns the
    per-VF accounts. The testbench's scoreboard checks every register access meanwhile."""
    await align_to_microsecond()
    await tb.reset()
    await tb.set_link(True)
    rig = DriverRig(tb, pf_version, {n: vf_version for n in range(tb.num_vfs)}, timing, seed)
    await rig.start_pf()
    rng = random.Random(seed)

    async def life(vf: Igbvf, vf_rng: random.Random):
        await vf.host.udelay(vf_rng.uniform(0, MAX_START_US))
        link = await bring_up_vf(vf)
        await reconfigure(vf, vf_rng, rounds)
        return link

    links = await gather(*(life(vf, random.Random(rng.random())) for vf in rig.vfs.values()))
    await rig.finish(PF_SETTLE_US)
    accounts = [_account(vf, rig.pf, rig.monitor, link) for vf, link in zip(rig.vfs.values(), links)]
    return StressResult(seed, vf_version, pf_version, accounts, rig.monitor)


def _account(vf: Igbvf, pf: Igb, monitor: ProtocolMonitor, link_up: bool) -> VfAccount:
    requests = [r for r in monitor.requests if r.vf == vf.vf]
    a = VfAccount(vf.vf, link_up=link_up)
    a.sent = [r.word0 for r in requests]
    a.received = [r.read_word0 for r in requests if r.read_edge is not None]
    a.erased = sum(r.erased for r in requests)
    a.never_sent = sum(not s.written for s in vf.sent)
    says_sent = [s.word0 for s in vf.sent if s.written]
    says_received = [r.words[0] for r in pf.received if r.vf == vf.vf]
    if says_sent != a.sent:
        a.disagreements.append(f"the VF driver says it sent {_words(says_sent)}, the pins "
                               f"show {_words(a.sent)}")
    if says_received != a.received:
        a.disagreements.append(f"the PF driver says it got {_words(says_received)}, the pins "
                               f"show {_words(a.received)}")
    for s in vf.sent:
        words = vf.version.reply_words.get(M.msg_type(s.word0))
        if s.name == "VF_RESET":
            words = 3
        if words and s.acked and not _is_reply_to(s.reply, s.word0):
            a.replies_missing.append(s.name)
    return a


def _words(words: list) -> str:
    return "[" + " ".join(f"{w:#010x}" if w is not None else "-" for w in words) + "]"


def _is_reply_to(reply, word0: int) -> bool:
    return bool(reply) and M.msg_type(reply[0]) == M.msg_type(word0) and \
        bool(reply[0] & (M.E1000_VT_MSGTYPE_ACK | M.E1000_VT_MSGTYPE_NACK))
