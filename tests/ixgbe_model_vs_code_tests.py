"""The ixgbe family's Python models checked against the C code they model (tb/cdriver:
linux-ixgbevf, linux-ixgbe): the same bring-up (tb/scenarios/ixgbe_bringup.py), the same
timing, once with the models and once with the code; the register traces on the pins (port,
R/W, address, value, clock edge from the scenario's start) must agree access by access, and
so must the verdicts. Run with FAMILY=ixgbe (tests/test_cdriver_ixgbe.py).

The one explained difference (README "The 10 GbE pair"): ixgbevf's update_mc_addr_list sends
its 16-word SET_MULTICAST buffer uninitialised past the vectors it fills (C stack contents,
docs/drivers-ixgbe.md 3.5): the model writes 0 there, the code whatever the stack held, and
the PF reads those words and echoes them in its reply. Such a transfer (a mailbox word past
word 1, 0 in the model) may differ in its data, never in anything else."""

import cocotb

from tb import regmap_ixgbe as X
from tb.drivers.host import profile
from tb.scenarios.ixgbe_bringup import Flap, run_ixgbe_scenario
from tb.scenarios.ixgbe_hunt import flap_for_ping_at, request_times
from tb.scenarios.ixgbe_report import verdict_row
from tb.testbench import MailboxTB
from tests.model_vs_code_tests import compare, pin_trace

TIMING = "bare-metal"
PING_AFTER_REQ_US = 2.0     # hypothesis 1: the watchdog's ping 2 us after SET_MULTICAST's REQ

# (what is compared, model VF:PF, code VF:PF, ping on SET_MULTICAST)
COMPARISONS = [
    ("ixgbevf-6.1 vs linux-ixgbevf", "ixgbevf-6.1:ixgbe-6.1", "linux-ixgbevf:ixgbe-6.1", False),
    ("ixgbe-6.1 primitives vs linux-ixgbe", "ixgbevf-6.1:ixgbe-6.1", "ixgbevf-6.1:linux-ixgbe",
     False),
    ("both, a ping on SET_MULTICAST (a loss)", "ixgbevf-6.1:ixgbe-6.1",
     "linux-ixgbevf:linux-ixgbe", True),
    ("ixgbevf-6.1 vs linux-ixgbevf, API 1.5 PF", "ixgbevf-6.1:ixgbe-api15",
     "linux-ixgbevf:ixgbe-api15", False),
    ("both, the mixed PF (hypothesis 3)", "ixgbevf-6.1:ixgbe-mixed",
     "linux-ixgbevf:linux-ixgbe-mixed", False),
]


def stack_garbage(model, code) -> bool:
    """The explained difference: a mailbox word past word 1, 0 in the model, other data in
    the code."""
    (e1, m), (e2, c) = model, code
    if m.port == "vf":
        word = (m.addr - X.IXGBE_VFMBMEM) // 4 if X.vfmbmem(0) <= m.addr < X.vfmbmem(16) else -1
    else:
        word = (m.addr - X.IXGBE_PFMBMEM) % X.IXGBE_PFMBMEM_STRIDE // 4 \
            if m.addr >= X.IXGBE_PFMBMEM else -1
    return (e1, m.port, m.write, m.addr, m.func) == (e2, c.port, c.write, c.addr, c.func) \
        and word >= 2 and m.data == 0


def outcome(v) -> dict:
    row = verdict_row("", v)
    return {k: row[k] for k in row if k not in ("vf", "pf", "pair")}


@cocotb.test()
async def ixgbe_models_match_the_code_they_model(dut):
    tb = MailboxTB(dut)
    assert tb.family.name == "ixgbe", "run this module with FAMILY=ixgbe"
    timing = profile(TIMING)
    report, mismatches = [], []
    for what, model_pair, code_pair, ping in COMPARISONS:
        flap = None
        if ping:
            reference = await run_ixgbe_scenario(tb, *model_pair.split(":"), timing, num_vfs=1)
            req = request_times(reference)["SET_MULTICAST"][0][0]
            flap = Flap(flap_for_ping_at(req + PING_AFTER_REQ_US, timing))
        runs = [await pin_trace(tb, *pair.split(":"), TIMING, run_ixgbe_scenario, num_vfs=1,
                                flap=flap) for pair in (model_pair, code_pair)]
        (model, mv), (code, cv) = runs
        equal, explained, first = compare(model, code, stack_garbage)
        agree = outcome(mv) == outcome(cv)
        report.append(f"{what:42s} {len(code):>6d} accesses: {equal:>6d} equal, {explained:>4d} "
                      f"stack garbage; verdicts {'agree' if agree else 'DIFFER'} "
                      f"({outcome(cv)['outcome']})")
        if first is not None or not agree:
            def show(trace, i):
                return f"edge {trace[i][0]} {trace[i][1]}" if i is not None and i < len(trace) \
                    else "(end)"
            mismatches.append(f"{what}: first difference at access {first}: model "
                              f"{show(model, first)}, code {show(code, first)}; verdicts "
                              f"{outcome(mv)} / {outcome(cv)}")
    tb.log.info("ixgbe models against the code they model (%s):\n%s", TIMING, "\n".join(report))
    await tb.finish()
    assert not mismatches, "\n".join(mismatches)
