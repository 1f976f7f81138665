"""The seed report's race at hardware timing: every igbvf x igb version pair brought up as in
the report, a verdict table at the end, and the 9 steps of the report as they happened.

The main job (`make SIM=icarus`) runs this module. RACE_PROFILE picks the timing profile
(default xen-dom0, see README); RACE_PAIRS=vf:pf,... runs a subset.
"""

import os

import cocotb

from tb.scenarios.race import ALL_PAIRS, DEFAULT_PROFILE, run_race_scenario
from tb.scenarios.report import nine_steps, verdict_table
from tb.drivers.catalog import parse_pair, pf_factory, vf_factory
from tb.options import env_choice
from tb.testbench import MailboxTB
from tb.drivers.host import PROFILES, profile
from tb.waves.views import write_race_view_if_waves


def selected_pairs():
    """RACE_PAIRS=vf:pf,... (registered driver names), or every Python model pair."""
    text = os.environ.get("RACE_PAIRS")
    if not text:
        return ALL_PAIRS
    pairs = [parse_pair(p) for p in text.split(",")]
    for vf, pf in pairs:
        vf_factory(vf), pf_factory(pf)   # one line naming what is allowed, before any simulation
    return pairs


def check_verdict(v):
    """What the default timing must show for each pair (README, "The race")."""
    pair = (v.vf_version, v.pf_version)
    if pair == ("igbvf-1.1.5", "igb-3.2.10"):
        # the report: SET_PROMISC erased by the reply to SET_MULTICAST, VF timeout, link down
        assert not v.link_up
        assert v.fate_of("SET_PROMISC") == "erased" and v.erased == 1 and v.overwritten == 1
        assert v.fate_of("SET_VLAN") == v.fate_of("SET_LPE") == "never sent"
        assert v.timeouts == 1
        # the monitor's account: the request after SET_MULTICAST was erased at step 7, by a
        # W1C that came after its REQ (step 6) and before the PF looked again (step 8)
        erased = [r for r in v.monitor.requests if r.erased]
        assert [r.name for r in erased] == ["SET_PROMISC"]
        steps = nine_steps(v)
        assert steps and not any("(not seen)" in line for line in steps), "\n".join(steps)
        cleared_edge = erased[0].cleared[1]
        assert erased[0].req_edge < cleared_edge and erased[0].read_edge is None
    elif pair == ("igbvf-1.1.5", "igb-upstream"):
        # no erasure, no timeout, link up; but the one-try lock failed against the PF's held
        # PFU and the old VF ignored it: messages silently never sent
        assert v.link_up and v.erased == 0 and v.timeouts == 0
        assert v.count("never sent") >= 1 and v.fate_of("SET_PROMISC") == "never sent"
    else:
        assert v.link_up and v.all_delivered and v.erased == 0 and v.timeouts == 0, \
            f"{pair}: {[(m.name, m.fate) for m in v.messages]}"
    assert v.lockless == 0, "a driver wrote the mailbox without holding the lock"


@cocotb.test()
async def race_verdict_table(dut):
    """Every VF x PF pair under one timing; the table; the legacy pair's 9 steps."""
    tb = MailboxTB(dut)
    timing = profile(env_choice("RACE_PROFILE", DEFAULT_PROFILE, PROFILES))
    verdicts = []
    for vf_version, pf_version in selected_pairs():
        v = await run_race_scenario(tb, vf_version, pf_version, timing)
        write_race_view_if_waves(tb, v)   # WAVES=1: a GTKWave view of this scenario
        verdicts.append(v)
        tb.log.info("%s + %s: link %s, %s", vf_version, pf_version,
                    "up" if v.link_up else "DOWN",
                    ", ".join(f"{m.name} {m.fate}" for m in v.messages))
    for v in verdicts:
        steps = nine_steps(v)
        if steps:
            tb.log.info("The report's 9 steps, %s + %s (%s timing):\n%s", v.vf_version,
                        v.pf_version, v.profile, "\n".join(steps))
            break
    tb.log.info("Verdicts, timing profile %s:\n%s", timing.name, verdict_table(verdicts))
    await tb.finish()
    if timing.name == DEFAULT_PROFILE:
        for v in verdicts:
            check_verdict(v)
