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


# ---------------------------------------------------------------------- the whole table
def command(rtl: str, profile: str, pairs: str = None) -> str:
    """The command that produces the rows of one RTL build and timing profile."""
    opts = "" if rtl == "off" else f"RTL_OPTIONS={rtl.replace('+', ',').replace(',', '=1,')}=1 "
    pairs = f"RACE_PAIRS={pairs} " if pairs else ""
    return (f"{opts}RACE_PROFILE={profile} {pairs}make SIM=icarus "
            f"COCOTB_TEST_MODULES=mitigation_tests COCOTB_TEST_FILTER=mitigation_verdict_table")


def markdown(rows) -> str:
    """The README table: one line per RTL build x profile x pair, with its command."""
    lines = ["| RTL | timing | VF driver | PF driver | link | delivered | erased | replies "
             "dropped | never sent | PF lock refused | REQ->ACK us | REQ->reply us | command |",
             "|" + "---|" * 13]
    for r in rows:
        lines.append(f"| {r['rtl']} | {r['profile']} | {r['vf']} | {r['pf']} | {r['link']} | "
                     f"{r['delivered']} | {r['erased']} | {r['dropped']} | {r['never_sent']} | "
                     f"{r['lock_refused']} | {_num(r['req_to_ack_us'])} | "
                     f"{_num(r['req_to_reply_us'])} | `{command(r['rtl'], r['profile'], r['vf'] + ':' + r['pf'])}` |")
    return "\n".join(lines)


def plot_sweeps(sweeps: dict, out_png) -> None:
    """Failure rate of the legacy pair against handler time, one curve per RTL build:
    `sweeps` maps a label (e.g. "off") to an explorer results folder (its points.csv)."""
    import csv
    from pathlib import Path

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for (label, folder), marker in zip(sweeps.items(), "osd^v"):
        with open(Path(folder) / "points.csv") as f:
            pts = sorted((float(r["handler_us"]), float(r["failure_rate"]), float(r["wilson_lo"]),
                          float(r["wilson_hi"]), int(r["trials"])) for r in csv.DictReader(f)
                         if "~" in r["irq_latency_us"])
        x = [p[0] for p in pts]
        ax.plot(x, [p[1] for p in pts], marker=marker, ms=4,
                label=f"RTL {label} ({sum(p[4] for p in pts)} bring-ups)")
        ax.fill_between(x, [p[2] for p in pts], [p[3] for p in pts], alpha=0.12)
    ax.set_xlabel("PF handler time for SET_MULTICAST (us); IRQ latency drawn from 5-2000 us")
    ax.set_ylabel("bring-ups with link down")
    ax.set_ylim(-0.03, 1.03)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center right")
    ax.set_title("igbvf 1.1.5 + igb 3.2.10 (xen-dom0): link-down rate per RTL build (95 % Wilson band)")
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    """`python -m tb.scenarios.mitigation_report table [--out DIR]`: the race verdicts of
    every pair (Python models and, when the kernel sources are cached, the real code) for
    every RTL build (off, each switch) under xen-dom0 and bare-metal; writes
    DIR/verdicts.jsonl and DIR/verdicts.md (default results/mitigations).
    `... plot LABEL=SWEEP_DIR ... --out PNG`: plot_sweeps of explorer sweeps."""
    import argparse
    import json
    from pathlib import Path

    from tb import build
    from tb.rtl_options import MITIGATIONS
    ap = argparse.ArgumentParser(prog="python -m tb.scenarios.mitigation_report")
    ap.add_argument("command", choices=("table", "plot"))
    ap.add_argument("sweeps", nargs="*", metavar="LABEL=SWEEP_DIR")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    if args.command == "plot":
        sweeps = dict(item.split("=", 1) for item in args.sweeps if "=" in item)
        if not sweeps or len(sweeps) != len(args.sweeps) or not args.out:
            ap.error("plot needs LABEL=SWEEP_DIR arguments and --out PNG")
        plot_sweeps(sweeps, args.out)
        return 0
    out = Path(args.out or "results/mitigations").resolve()
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for rtl in ("off", *MITIGATIONS):
        for profile in ("xen-dom0", "bare-metal"):
            part = out / f"verdicts-{rtl}-{profile}.jsonl"
            part.unlink(missing_ok=True)
            build.simulate("mitigation_tests", f"mitigations/{rtl}-{profile}",
                           parameters={} if rtl == "off" else {rtl: 1},
                           test_filter="mitigation_verdict_table",
                           env={"RACE_PROFILE": profile, "MITIGATION_REPORT": str(part)})
            rows += [json.loads(line) for line in part.read_text().splitlines()]
    (out / "verdicts.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (out / "verdicts.md").write_text(markdown(rows) + "\n")
    print(outcome_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
