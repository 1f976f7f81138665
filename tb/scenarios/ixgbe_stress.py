"""The multi-VF stress for the 10 GbE family: every VF brings up as ixgbevf does (the bring-up
scenario, tb.scenarios.ixgbe_bringup), starting at a random time, then reconfigures at random
moments through ixgbevf's operation set (multicast lists, VLANs, frame size, xcast mode,
MACVLAN filters) while the ixgbe PF serves them all through ixgbe_msg_task.

The accounting is igb's (tb.scenarios.stress: VfAccount, StressResult.problems): from the
pins, every request a VF signalled must reach the PF exactly once and in order; the PF
driver's account of what it read and the VF driver's account of what it sent must agree with
the pins; every reply a VF read must be the reply to its message.
"""

import random

from tb import messages_ixgbe as M
from tb.drivers.host import TimingProfile
from tb.scenarios.ixgbe_bringup import run_ixgbe_scenario
from tb.scenarios.stress import (INVALID_FRAME, MAX_GAP_US, MAX_START_US, StressResult,
                                 VfAccount, _words)

XCAST_MODES = (0, 1, 2, 3)           # none, multi, allmulti, promisc (the PF may refuse)


def change(d, rng: random.Random) -> tuple:
    """One random configuration change, as the bring-up's steps: (message, operation, lock)."""
    what = rng.randrange(5)
    if what == 0:
        addrs = [bytes([0x01, 0x00, 0x5E, rng.randrange(128), rng.randrange(256),
                        rng.randrange(256)]) for _ in range(rng.randrange(31))]
        return M.IXGBE_VF_SET_MULTICAST, lambda: d.update_mc_addr_list_vf(addrs), True
    if what == 1:
        vlan, on = rng.randrange(1, 4095), rng.random() < 0.7
        return M.IXGBE_VF_SET_VLAN, lambda: d.set_vfta_vf(vlan, on), True
    if what == 2:
        size = INVALID_FRAME if rng.random() < 0.1 else rng.randrange(64, 9729)
        return M.IXGBE_VF_SET_LPE, lambda: d.set_rlpml_vf(size), True
    if what == 3:
        mode = rng.choice(XCAST_MODES)
        return M.IXGBE_VF_UPDATE_XCAST_MODE, lambda: d.update_xcast_mode(mode), True
    index = rng.randrange(4)
    mac = bytes([0x02, 0x5A, rng.randrange(256), rng.randrange(256), d.vf >> 8 & 0xFF, d.vf & 0xFF])
    return M.IXGBE_VF_SET_MACVLAN, lambda: d.set_uc_addr_vf(index, mac if index else None), True


async def run_ixgbe_stress(tb, vf_driver, pf_driver, timing: TimingProfile, seed: int,
                           rounds: int = 4, num_vfs: int = None) -> StressResult:
    """VFs 0..num_vfs-1 (default all the RTL has) bring up from a random start and
    reconfigure `rounds` times; returns igb's StressResult of per-VF accounts."""
    num_vfs = num_vfs or tb.num_vfs
    rng = random.Random(seed)
    vf_rngs = {n: random.Random(rng.random()) for n in range(num_vfs)}
    starts = {n: vf_rngs[n].uniform(0, MAX_START_US) for n in range(num_vfs)}

    async def reconfigure(d, run_op):
        for _ in range(rounds):
            await d.host.udelay(vf_rngs[d.vf].uniform(0, MAX_GAP_US))
            await run_op(*change(d, vf_rngs[d.vf]))

    v = await run_ixgbe_scenario(tb, vf_driver, pf_driver, timing, seed=seed,
                                 vfs=range(num_vfs), num_vfs=num_vfs, start_us=starts,
                                 watchdog_runs=1, after_up=reconfigure)
    accounts = [account(v, n) for n in range(num_vfs)]
    return StressResult(seed, v.vf_driver, v.pf_driver, accounts, v.monitor)


def account(v, vf: int) -> VfAccount:
    """VF `vf`'s messages as the pins show them, and where the drivers' accounts differ."""
    requests = [r for r in v.monitor.requests if r.vf == vf]
    a = VfAccount(vf, link_up=v.of(vf).link_up)
    a.sent = [r.word0 for r in requests]
    a.received = [r.read_word0 for r in requests if r.read_edge is not None]
    a.erased = sum(r.erased for r in requests)
    d = v.drivers[vf]
    says_sent = [r.name for r in d.replies]             # one per message it wrote
    if says_sent != [M.msg_name(w) for w in a.sent]:
        a.disagreements.append(f"the VF driver says it sent {' '.join(says_sent)}, the pins "
                               f"show {' '.join(M.msg_name(w) for w in a.sent)}")
    says_received = [r.words[0] for r in v.pf_received if r.vf == vf]
    if says_received != a.received:
        a.disagreements.append(f"the PF driver says it got {_words(says_received)}, the pins "
                               f"show {_words(a.received)}")
    a.replies_missing = [r.name for r in d.replies
                         if r.words and M.msg_name(r.words[0]) != r.name]
    return a
