"""The hunt for lost messages with today's drivers (docs/drivers-ixgbe.md section 5): one
trial is the bring-up scenario (tb.scenarios.ixgbe_bringup) with the link flapping at a
given time; its summary is what the pins showed, one JSON line per trial, so that a sweep
can be replayed trial by trial (`summary["replay"]`).
"""

import json

from tb import messages_ixgbe as M
from tb.scenarios.ixgbe_bringup import Flap, run_ixgbe_scenario


def summary(v, num_vfs: int, seed: int) -> dict:
    """What a trial showed, for VF 0 (the VF the hunt follows) and all VFs."""
    first = v.of(min(v.verdicts))
    wrong = [{"op": o.name, "read": f"{o.reply_word0:#010x}", "as": M.msg_name(o.reply_word0),
              "err": o.err} for o in v.wrong_replies()]
    silent = [o.name for o in v.silent()]
    flap = v.flap
    return {
        "pair": f"{v.vf_driver}:{v.pf_driver}", "profile": v.profile, "num_vfs": num_vfs,
        "seed": seed, "flap_us": flap.at_us if flap else None,
        "down_us": flap.down_us if flap else None,
        "link_up": all(x.link_up for x in v.verdicts.values()),
        "lost": v.lost(), "erased": sum(x.erased for x in v.verdicts.values()),
        "timeouts": sum(x.timeouts for x in v.verdicts.values()),
        "wrong_replies": wrong, "silent": silent, "pf_messages_lost": v.pf_messages_lost(),
        "errors": [o.name for n in v.outcomes for o in v.outcomes[n] if o.err],
        "api": {str(n): list(a) for n, a in v.api.items()},
        "api_mismatch": v.api_mismatch(),
        "fates": [[m.name, m.fate] for m in first.messages],
        "pf_lock_shared": [[e - v.start_edge, n] for e, _, n in v.shared_pf_locks],
        "pf_lock_failed": len(v.timeline.of_kind("pf-lock-failed")),
        "pings": len(v.pings), "pings_failed": sum(1 for p in v.pings if p[2]),
        "first_loss_ms": first.first_loss_ps / 1e9 if first.first_loss_ps is not None else None,
    }


def outcome_class(s: dict) -> str:
    """One word per trial for tables and region maps."""
    if s["silent"]:
        return "silent"
    if s["lost"] or s["erased"]:
        return "lost"
    if s["pf_messages_lost"]:
        return "reply-lost"
    if s["wrong_replies"]:
        return "wrong-reply"
    if s["pf_lock_shared"]:
        return "pf-lock-shared"
    if s["api_mismatch"]:
        return "api-mismatch"
    if s["errors"] or s["timeouts"]:
        return "error"
    return "clean"


async def flap_trial(tb, vf_driver, pf_driver, timing, at_us: float, down_us: float,
                     num_vfs: int = None, seed: int = 0, vfs=(0,), watchdog_runs: int = 1):
    v = await run_ixgbe_scenario(tb, vf_driver, pf_driver, timing, seed=seed, vfs=vfs,
                                 num_vfs=num_vfs, flap=Flap(at_us, down_us),
                                 watchdog_runs=watchdog_runs)
    s = summary(v, num_vfs or tb.num_vfs, seed)
    s["class"] = outcome_class(s)
    return v, s


def write_line(path, s: dict):
    with open(path, "a") as f:
        f.write(json.dumps(s) + "\n")


def request_times(v, vf: int = 0) -> dict:
    """message name -> [(REQ, PF reply STS) in us from the start] of a trial, from the pins:
    where a reference run puts each request, so that a flap can be aimed at one."""
    times = {}
    for r in v.monitor.requests:
        if r.vf == vf:
            sts = (r.reply_time_ps - v.start_ps) / 1e6 if r.reply_time_ps else None
            times.setdefault(r.name, []).append(((r.req_time_ps - v.start_ps) / 1e6, sts))
    return times


# Where the first ping's first access lands after the link change, beyond pf_link_change_us:
# the watchdog CPU's first posted write (PFU) lands one flight time later.
def flap_for_ping_at(target_us: float, timing) -> float:
    """The flap time whose first ping (ping_all_vfs, VF 0 first) starts at `target_us`."""
    return target_us - timing.pf_link_change_us - timing.posted_write_flight_us
