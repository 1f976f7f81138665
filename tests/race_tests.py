"""The seed report's race at hardware timing: every igbvf x igb version pair brought up as in
the report, a verdict table at the end, and the 9 steps of the report as they happened.

The main job (`make SIM=icarus`) runs this module. RACE_PROFILE picks the timing profile
(default xen-dom0, see README); RACE_PAIRS=vf:pf,... runs a subset; RACE_NUM_VFS=n: the PF
enables n VFs (default: all NUM_VFS the RTL has, 8 unless NUM_VFS says otherwise, as the
explorer's --num-vfs).

Built-in pairs (the Python models, the kernel variants) must show what the README says they
show. A pair with a user's driver is reported, never asserted: the project cannot know what
that code should do. RACE_EXPECT=vf:pf=down|up,... states expectations (those pairs run too);
only a stated one that is not met fails the run, in one line.
"""

import cocotb

from tb.scenarios.race import ALL_PAIRS, DEFAULT_PROFILE, REAL_CODE_PAIRS, run_race_scenario
from tb.scenarios.report import expectation_mismatches, lost_anything, nine_steps, verdict_table
from tb.cdriver.sources import have_sources
from tb.cdriver.variants import VARIANTS
from tb.drivers.igb import IGB_VERSIONS
from tb.drivers.igbvf import IGBVF_VERSIONS
from tb.options import option
from tb.testbench import MailboxTB
from tb.drivers.host import profile
from tb.waves.views import write_race_view_if_waves


# What decides each pair's fate: does the VF read the reply to SET_MULTICAST before sending
# again, does its lock try once, does the PF hold its lock from ACK to reply.
WRITE_ONLY = {"igbvf-1.1.5", "linux-igbvf-writeonly", "linux-igbvf-writeonly-1try"}
ONE_TRY_LOCK = {"igbvf-1.1.5", "linux-igbvf-writeonly-1try"}
PF_HOLDS_LOCK = {"igb-upstream", "linux-igb"}


def selected_pairs(log):
    """RACE_PAIRS=vf:pf,... (registered driver names), or every Python model pair and, when
    the kernel sources are cached, every real-code pair; then RACE_EXPECT's pairs not yet
    there."""
    if option("RACE_PAIRS"):
        pairs = list(option("RACE_PAIRS"))
    elif have_sources():
        pairs = ALL_PAIRS + REAL_CODE_PAIRS
    else:
        log.info("real-code pairs (linux-igbvf*, linux-igb) skipped: no kernel sources cached; "
                 "`make cdriver` fetches them")
        pairs = list(ALL_PAIRS)
    return pairs + [p for p in option("RACE_EXPECT", {}) if p not in pairs]


def builtin_pair(vf: str, pf: str) -> bool:
    """Both drivers the project's own (models or kernel variants): their fates are known."""
    return (vf in IGBVF_VERSIONS or vf in VARIANTS) and (pf in IGB_VERSIONS or pf in VARIANTS)


def check_verdict(v, timing: str, options=None):
    """What each pair must show (README, "The race" and "Real driver code"). `options`: the
    RTL's mitigation switches (tb.rtl_options); with any on, the race must not bite
    (docs/mitigations.md), but a one-try VF lock against a PF holding its lock still fails."""
    vf, pf = v.vf_version, v.pf_version
    if not builtin_pair(vf, pf):
        return      # a user's driver: reported (RACE_EXPECT states what to check)
    mitigated = options is not None and options.label != "off"
    assert v.lockless == 0 and not v.pslverrs, "a driver wrote without the lock, or erred"
    if timing == DEFAULT_PROFILE and vf in WRITE_ONLY and pf not in PF_HOLDS_LOCK \
            and not mitigated:
        # the report: the message after SET_MULTICAST is erased by the reply to it, the VF
        # times out, its later messages are never sent, link down
        assert not v.link_up and v.erased == 1 and v.overwritten == 1 and v.timeouts == 1
        names = [m.name for m in v.messages]
        erased = [r for r in v.monitor.requests if r.erased]
        assert [r.name for r in erased] == [names[names.index("SET_MULTICAST") + 1]]
        assert v.fate_of(erased[0].name) == "erased"
        assert all(m.fate == "never sent" for m in v.messages[names.index(erased[0].name) + 1:])
        # the monitor's account: erased at step 7, by a W1C that came after its REQ (step 6)
        # and before the PF looked again (step 8)
        steps = nine_steps(v)
        assert steps and not any("(not seen)" in line for line in steps), "\n".join(steps)
        assert erased[0].req_edge < erased[0].cleared[1] and erased[0].read_edge is None
    elif timing == DEFAULT_PROFILE and vf in ONE_TRY_LOCK and pf in PF_HOLDS_LOCK:
        # no erasure, no timeout, link up; but the one-try lock failed against the PF's held
        # PFU and the old VF ignored it: messages silently never sent
        assert v.link_up and v.erased == 0 and v.timeouts == 0
        assert v.count("never sent") >= 1, [(m.name, m.fate) for m in v.messages]
    else:
        assert v.link_up and v.all_delivered and v.erased == 0 and v.timeouts == 0, \
            f"{vf}:{pf}: {[(m.name, m.fate) for m in v.messages]}"


def check_expectations(verdicts):
    """RACE_EXPECT: the user's stated verdicts, every mismatch in one line."""
    mismatches = expectation_mismatches(verdicts, option("RACE_EXPECT", {}))
    assert not mismatches, "RACE_EXPECT not met: " + "; ".join(mismatches)


@cocotb.test()
async def race_verdict_table(dut):
    """Every VF x PF pair under one timing; the table; the 9 steps of every losing pair."""
    tb = MailboxTB(dut)
    timing = profile(option("RACE_PROFILE", DEFAULT_PROFILE))
    num_vfs = option("RACE_NUM_VFS", tb.num_vfs)
    assert num_vfs <= tb.num_vfs, f"RACE_NUM_VFS={num_vfs}: this build has NUM_VFS={tb.num_vfs}"
    verdicts = []
    for vf_version, pf_version in selected_pairs(tb.log):
        v = await run_race_scenario(tb, vf_version, pf_version, timing, num_vfs=num_vfs)
        write_race_view_if_waves(tb, v)   # WAVES=1: a GTKWave view of this scenario
        verdicts.append(v)
        tb.log.info("%s + %s: link %s, %s", vf_version, pf_version,
                    "up" if v.link_up else "DOWN",
                    ", ".join(f"{m.name} {m.fate}" for m in v.messages))
    # the 9 steps of every pair that lost a message to the race
    if not any(nine_steps(v) for v in verdicts):
        tb.log.info("The report's 9 steps: none to show, no pair had a request erased under "
                    "%s timing (xen-dom0, the default, shows them)", timing.name)
    for v in verdicts:
        steps = nine_steps(v)
        if steps:
            tb.log.info("The report's 9 steps, %s + %s (%s timing, times from the scenario's "
                        "start):\n%s", v.vf_version, v.pf_version, v.profile, "\n".join(steps))
        elif lost_anything(v):
            tb.log.info("%s + %s lost messages without an erasure (no 9 steps): link %s, %s",
                        v.vf_version, v.pf_version, "up" if v.link_up else "DOWN",
                        ", ".join(f"{m.name} {m.fate}" for m in v.messages))
    tb.log.info("Verdicts, timing profile %s, PF with %d VFs enabled (RTL NUM_VFS=%d):\n%s",
                timing.name, num_vfs, tb.num_vfs, verdict_table(verdicts))
    await tb.finish()
    for v in verdicts:
        check_verdict(v, timing.name)
    check_expectations(verdicts)
