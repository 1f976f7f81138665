"""Reports of race scenarios: the verdict table, and the seed report's 9 steps found in the
timeline of a pair that lost a message."""

from tb.scenarios.verdict import Verdict


def fates_line(v: Verdict) -> str:
    """One pair's verdict on one line: its link and every message's fate."""
    return (f"== {v.vf_version} + {v.pf_version}: link {'up' if v.link_up else 'DOWN'}, "
            + ", ".join(f"{m.name} {m.fate}" for m in v.messages))


def verdict_table(verdicts) -> str:
    vw = max([19] + [len(v.vf_version) + 1 for v in verdicts])   # driver names set the width
    pw = max([13] + [len(v.pf_version) + 1 for v in verdicts])
    head = (f"{'VF driver':{vw}s} {'PF driver':{pw}s} {'link':5s} {'delivered':>9s} {'erased':>6s} "
            f"{'overwritten':>11s} {'never sent':>10s} {'VF timeouts':>11s}  first loss*")
    lines = [head, "-" * len(head)]
    group = {}   # rows grouped by VF driver, in the order each first ran (a stable sort)
    for v in verdicts:
        group.setdefault(v.vf_version, len(group))
    for v in sorted(verdicts, key=lambda v: group[v.vf_version]):
        first = f"{v.first_loss_ps / 1e9:.3f} ms" if v.first_loss_ps is not None else "-"
        lines.append(
            f"{v.vf_version:{vw}s} {v.pf_version:{pw}s} {'up' if v.link_up else 'DOWN':5s} "
            f"{v.count('delivered'):>4d} of {len(v.messages):<2d} {v.erased:>6d} "
            f"{v.overwritten:>11d} {v.count('never sent'):>10d} {v.timeouts:>11d}  {first}")
    lines.append("* simulated time from the scenario's reset to the first message lost or not sent")
    return "\n".join(lines)


def nine_steps(v: Verdict) -> list:
    """The report's 9 steps, found in the timeline of a pair that lost a message; each line
    has simulated time and clock edge from the scenario's start, the register access and
    its values."""
    erased = next((r for r in v.monitor.requests if r.erased), None)
    if erased is None:
        return []
    events = v.timeline.in_order()
    earlier = [r for r in v.monitor.requests if r.vf == erased.vf and r.req_edge < erased.req_edge]
    if not earlier or erased.cleared is None:     # any driver's run: no report shape to fit
        return [f"{erased.name} {erased.word0:#010x} was erased, but not by the reply to an "
                "earlier request (no 9 steps)"]
    first = earlier[-1]
    t_first = first.req_time_ps
    on_pins = [e for e in events if e.source == "monitor"]

    def find(kind, after, where=lambda e: True):
        return next((e for e in on_pins if e.kind == kind and e.time_ps > after and where(e)), None)

    def shows_vfreq(e):   # an MBVFICR read, as seen for the erased request's VF, with VFREQ set
        return e.vf == erased.vf and bool(e.value & (1 << erased.vf))

    req1 = find("req", t_first - 1, lambda e: e.edge == first.req_edge)
    seen = find("pf-reads-mbvficr", t_first, shows_vfreq)
    read1 = find("pf-reads-msg", t_first)
    ack1 = find("pf-ack", read1.time_ps if read1 else t_first)
    work = next((e for e in events if e.kind == "handler" and e.time_ps >= t_first), None)
    vf_ack = find("vf-sees-ack", ack1.time_ps if ack1 else t_first)
    req2 = find("req", t_first, lambda e: e.edge == erased.req_edge)
    cleared_time, cleared_edge, cleared_xfer = erased.cleared
    overwrite = find("overwritten", cleared_time - 1, lambda e: e.by == "PF")
    sts = find("pf-sts", cleared_time)
    handled = find("pf-reads-mbvficr", sts.time_ps if sts else cleared_time,
                   lambda e: e.vf == erased.vf and not shows_vfreq(e))
    # the driver's own word where it gives one (the Python models), else the pins' silence
    timeout = next((e for e in events if e.kind == "mbx-timeout"
                    and e.time_ps > erased.req_time_ps), None) or \
        next((e for e in on_pins if e.kind == "timeout" and e.vf == erased.vf
              and e.time_ps > erased.req_time_ps), None)

    def at(e):
        return e.line(v.start_ps, v.start_edge) if e else "   (not seen)"

    # Step 4 is the PF CPU's time, the other steps the pins': the CPU starts its handler work
    # once it has issued the ACK write, which is posted and reaches the pins later.
    posted = ack1.time_ps - work.time_ps if work and ack1 else 0
    cpu_note = (f"  (PF CPU time; its posted ACK write reached the pins {posted / 1e6:.3f} us "
                "later, step 3)") if posted > 0 else ""

    clear_line = (f"{(cleared_time - v.start_ps) / 1e9:12.6f} ms  "
                  f"edge {cleared_edge - v.start_edge:>9d}  monitor "
                  f"PF clears VFREQ: the VF's new REQ is erased  [{cleared_xfer}]")
    return [
        f"1. VF sends {first.name} {first.word0:#010x}: VFU, buffer, REQ; waits for ACK",
        "   " + at(req1),
        "2. PF igb_msg_task reads MBVFICR and finds REQ set",
        "   " + at(seen),
        "3. PF igb_rcv_msg_from_vf reads the message and ACKs it",
        "   " + at(read1), "   " + at(ack1),
        "4. PF deals with the message (handler work)",
        "   " + at(work) + cpu_note,
        "5. VF receives the ACK",
        "   " + at(vf_ack),
        f"6. VF sends its next message {erased.name} {erased.word0:#010x}, waits for ACK",
        "   " + at(req2),
        "7. PF sends its reply: clears REQ/ACK in MBVFICR (erasing the new REQ), overwrites "
        "the VF's pending message, signals STS",
        "   " + clear_line, "   " + at(overwrite), "   " + at(sts),
        "8. PF igb_msg_task runs again, but REQ is zero: the message is not handled",
        "   " + at(handled),
        "9. VF times out waiting for the ACK of its second message",
        "   " + at(timeout),
    ]


def link_fate(v: Verdict) -> str:
    """What RACE_EXPECT compares: "down" (link down), "up" (link up, every message
    delivered), or "up, lossy" (link up, some message lost or never sent)."""
    if not v.link_up:
        return "down"
    return "up" if v.all_delivered else "up, lossy"


def lost_anything(v: Verdict) -> bool:
    return not (v.link_up and v.all_delivered and v.erased == 0 and v.timeouts == 0)


def losses(v: Verdict) -> str:
    """The messages that did not arrive, e.g. "SET_VLAN erased, SET_LPE never sent"."""
    lost = [f"{m.name} {m.fate}" for m in v.messages if m.fate != "delivered"]
    return ", ".join(lost) or "every message delivered"


def expectation_mismatches(verdicts, expect: dict) -> list:
    """One line per stated expectation ({(vf, pf): "down"|"up"}, RACE_EXPECT) the run did
    not meet; a stated pair that did not run is one too."""
    got = {(v.vf_version, v.pf_version): v for v in verdicts}
    out = []
    for (vf, pf), want in expect.items():
        v = got.get((vf, pf))
        if v is None:
            out.append(f"{vf}:{pf} expected {want}, but it did not run")
        elif link_fate(v) != want:
            out.append(f"{vf}:{pf} expected {want}, got link {'up' if v.link_up else 'down'} "
                       f"({losses(v)})")
    return out
