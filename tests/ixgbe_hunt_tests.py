"""The hunt's sweeps (tb.scenarios.ixgbe_hunt), one trial per link-flap time, appended as
JSON lines to HUNT_OUT; RACE_PAIRS picks the pairs, RACE_PROFILE the timing, HUNT_* the
ranges (tb/options.py). Run by `python -m tb.scenarios.ixgbe_hunt_report` and the README's
hunt commands, never by the regression (a sweep takes minutes)."""

import cocotb

from tb.drivers.host import profile
from tb.options import option
from tb.scenarios.ixgbe_bringup import run_ixgbe_scenario
from tb.scenarios.ixgbe_hunt import flap_for_ping_at, flap_trial, request_times, write_line
from tb.scenarios.ixgbe_report import loss_steps
from tb.testbench import MailboxTB


def hunt_timing():
    changes = {}
    if option("HUNT_HANDLER_US") is not None:
        changes["handler_us"] = {"default": option("HUNT_HANDLER_US"),
                                 "SET_MULTICAST": option("HUNT_HANDLER_US")}
    if option("HUNT_IRQ_US") is not None:
        changes["pf_irq_latency_us"] = option("HUNT_IRQ_US")
    if option("HUNT_LINK_CHANGE_US") is not None:
        changes["pf_link_change_us"] = option("HUNT_LINK_CHANGE_US")
    return profile(option("RACE_PROFILE", "bare-metal"), **changes)


@cocotb.test()
async def flap_sweep(dut):
    tb = MailboxTB(dut)
    timing = hunt_timing()
    lo, hi, step = option("HUNT_FLAP_US", (0.0, 0.0, 1.0))
    pairs = option("RACE_PAIRS", [("ixgbevf-6.1", "ixgbe-6.1")])
    num_vfs = option("HUNT_NUM_VFS", tb.num_vfs)
    down = option("HUNT_DOWN_US", 100.0)
    out = option("HUNT_OUT", "hunt.jsonl")
    count = int(round((hi - lo) / step)) + 1
    aim = option("HUNT_AIM")
    for vf_driver, pf_driver in pairs:
        origin = 0.0
        if aim:   # HUNT_FLAP_US counts from the first ping at aim's REQ in a plain run
            plain = await run_ixgbe_scenario(tb, vf_driver, pf_driver, timing, num_vfs=num_vfs)
            origin = flap_for_ping_at(request_times(plain)[aim][0][0], timing)
        for i in range(count):
            at = round(origin + lo + i * step, 3)
            v, s = await flap_trial(tb, vf_driver, pf_driver, timing, at, down, num_vfs)
            s["handler_us"] = timing.handler_us["default"]
            s["irq_us"] = timing.pf_irq_latency_us
            s["link_change_us"] = timing.pf_link_change_us
            s["aim"], s["offset_us"] = aim, round(lo + i * step, 3)
            write_line(out, s)
            if s["class"] != "clean":
                tb.log.info("flap at %.3f us: %s %s", at, s["class"],
                            {k: s[k] for k in ("lost", "wrong_replies", "silent", "api")})
                if count == 1:    # one trial: its steps, for a person (the replay command)
                    tb.log.info("steps:\n%s", "\n".join(loss_steps(v)))
                    with open(f"{out}.timeline.txt", "w") as f:
                        f.writelines(e.line(v.start_ps, v.start_edge) + "\n"
                                     for e in v.timeline.in_order()
                                     if e.kind not in ("pf-reads-mbvficr",) and e.by != "VF")
    await tb.finish()
