"""One row per race verdict for the mitigation evaluation (docs/mitigations.md): the
verdict's outcome plus what a mitigation can cost, all from the pins (protocol monitor):
- replies dropped: requests the PF read that no STS of the PF answered;
- PF lock refused: PF lock requests the hardware refused (the VF held VFU, or with
  PFU_WAITS_FOR_REQ a request was pending): upstream igb's retries, the starvation measure;
- REQ->ACK and REQ->reply: mean time from a delivered request's REQ write to the PF's ACK
  and to its reply's STS (the latency a mitigation adds, if any).
"""

from statistics import mean

COLUMNS = ("rtl", "profile", "vf", "pf", "link", "delivered", "erased", "dropped", "never_sent",
           "lock_refused", "req_to_ack_us", "req_to_reply_us")


def outcome(v, options) -> dict:
    requests = [r for r in v.monitor.requests if r.vf == 0 and r.read_edge is not None]
    acked = [(r.ack_time_ps - r.req_time_ps) / 1e6 for r in requests if r.ack_time_ps]
    replied = [(r.reply_time_ps - r.req_time_ps) / 1e6 for r in requests if r.reply_time_ps]
    return {
        "rtl": options.label, "profile": v.profile, "vf": v.vf_version, "pf": v.pf_version,
        "link": "up" if v.link_up else "DOWN",
        "delivered": f"{v.count('delivered')} of {len(v.messages)}",
        "erased": v.count("erased"),
        "dropped": len(v.monitor.replies_dropped),
        "never_sent": v.count("never sent"),
        "lock_refused": sum(e.kind == "pf-lock-refused" for e in v.timeline.events),
        "req_to_ack_us": round(mean(acked), 1) if acked else None,
        "req_to_reply_us": round(mean(replied), 1) if replied else None,
    }


def outcome_table(rows) -> str:
    head = (f"{'RTL':<20s} {'VF driver':<27s} {'PF driver':<13s} {'link':<5s} {'delivered':>9s} "
            f"{'erased':>6s} {'dropped':>7s} {'never sent':>10s} {'PF lock refused':>15s} "
            f"{'REQ->ACK us':>11s} {'REQ->reply us':>13s}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['rtl']:<20s} {r['vf']:<27s} {r['pf']:<13s} {r['link']:<5s} "
                     f"{r['delivered']:>9s} {r['erased']:>6d} {r['dropped']:>7d} "
                     f"{r['never_sent']:>10d} {r['lock_refused']:>15d} "
                     f"{_num(r['req_to_ack_us']):>11s} {_num(r['req_to_reply_us']):>13s}")
    return "\n".join(lines)


def _num(x) -> str:
    return "-" if x is None else f"{x:.1f}"
