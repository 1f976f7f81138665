"""Reports of the 10 GbE scenarios: the ixgbe verdict table (pair x scenario x outcome) and
the steps of a loss as they happened, with time and clock edge from the scenario's start."""

from tb import messages_ixgbe as M
from tb.scenarios.ixgbe_hunt import outcome_class, summary


def verdict_row(scenario: str, v, pair: str = None) -> dict:
    """One table row: the pins' counts for every VF the scenario ran. `pair`: the names
    the run was asked for (vf:pf), default the drivers' own."""
    s = summary(v, 0, 0)
    vfs = list(v.verdicts)
    delivered = sum(x.count("delivered") for x in v.verdicts.values())
    asked = sum(len(x.messages) for x in v.verdicts.values())
    api = sorted({f"{a[0]}/{a[1]} {a[2]}" for a in v.api.values()})
    return {"vf": v.vf_driver, "pf": v.pf_driver, "scenario": scenario, "vfs": len(vfs),
            "pair": pair or f"{v.vf_driver}:{v.pf_driver}",
            "link": "up" if s["link_up"] else "DOWN", "delivered": f"{delivered} of {asked}",
            "lost": len(s["lost"]), "replies_lost": len(s["pf_messages_lost"]),
            "wrong": len(s["wrong_replies"]), "silent": len(s["silent"]),
            "errors": len(s["errors"]), "timeouts": s["timeouts"],
            "shared": len(s["pf_lock_shared"]), "api": ", ".join(api),
            "outcome": outcome_class(s)}


COLUMNS = [("VF driver", "vf"), ("PF driver", "pf"), ("scenario", "scenario"), ("link", "link"),
           ("delivered", "delivered"), ("lost", "lost"), ("replies lost", "replies_lost"),
           ("wrong reply", "wrong"), ("silent", "silent"), ("VF errors", "errors"),
           ("timeouts", "timeouts"), ("PF lock shared", "shared"), ("API VF/PF ops", "api"),
           ("outcome", "outcome")]


def verdict_table(rows) -> str:
    widths = [max(len(head), *(len(str(r[key])) for r in rows)) for head, key in COLUMNS]
    line = lambda cells: "  ".join(f"{c:{w}s}" for c, w in zip(cells, widths)).rstrip()
    out = [line([h for h, _ in COLUMNS]), "-" * sum(w + 2 for w in widths)]
    out += [line([str(r[k]) for _, k in COLUMNS]) for r in rows]
    out.append("lost: VF requests the PF never read (erased, overwritten); replies lost: PF "
               "messages overwritten before the VF read them; wrong reply: the VF took another "
               "message as its reply; silent: an operation returned success for a request the "
               "PF never read")
    return "\n".join(out)


def loss_steps(v, vf: int = None) -> list:
    """The steps of the first loss in a trial (a ping meeting a request or a reply), each
    with time and clock edge from the scenario's start: the 2011 report's 9 steps, for the
    10 GbE family."""
    vf = min(v.verdicts) if vf is None else vf
    events = [e for e in v.timeline.in_order() if e.vf == vf or e.source == "PF"]
    keep = {"req", "pf-ack", "pf-sts", "vfreq-cleared", "erased", "overwritten", "link-change",
            "reply", "send", "rcv", "handler", "lock-failed", "vf-sees-sts", "nack"}
    lost_at = [t for _, t, n, _, _ in v.messages_to_vf.overwritten if n == vf]
    lost_at += [e.time_ps for e in v.timeline.of_kind("erased") if e.vf == vf]
    if not lost_at:
        return []
    first = min(lost_at)
    window = [e for e in events if e.kind in keep and e.by != "VF"
              and first - 700 * 10**6 <= e.time_ps <= first + 1200 * 10**6]
    lines = [e.line(v.start_ps, v.start_edge) for e in window]
    for edge, t, n, lost, by in v.messages_to_vf.overwritten:
        if n == vf:
            lines.append(f"{(t - v.start_ps) / 1e9:12.6f} ms  edge {edge - v.start_edge:>9d}  "
                         f"pins    PF STS {by or 0:#010x} ({M.msg_name(by or 0)}) overwrites "
                         f"the unread {M.msg_name(lost or 0)} {lost or 0:#010x}")
    return sorted(set(lines), key=lambda l: float(l.split()[0]))
