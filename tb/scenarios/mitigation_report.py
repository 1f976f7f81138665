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
        "dropped_replies_to": [r.name for r in v.monitor.replies_dropped],
        "never_sent": v.count("never sent"),
        "lock_refused": sum(e.kind == "pf-lock-refused" for e in v.timeline.events),
        "req_to_ack_us": round(mean(acked), 1) if acked else None,
        "req_to_reply_us": round(mean(replied), 1) if replied else None,
    }


# (heading, row key, width of the text table's column)
CELLS = (("RTL", "rtl", 20), ("VF driver", "vf", 27), ("PF driver", "pf", 13), ("link", "link", 5),
         ("delivered", "delivered", 9), ("erased", "erased", 6), ("replies dropped", "dropped", 15),
         ("never sent", "never_sent", 10), ("PF lock refused", "lock_refused", 15),
         ("REQ->ACK us", "req_to_ack_us", 11), ("REQ->reply us", "req_to_reply_us", 13))


def _cells(r) -> list:
    return [_num(r[key]) if key.endswith("_us") else str(r[key]) for _, key, _ in CELLS]


def outcome_table(rows) -> str:
    head = " ".join(f"{name:<{w}s}" for name, _, w in CELLS)
    return "\n".join([head, "-" * len(head)] + [
        " ".join(f"{c:<{w}s}" for c, (_, _, w) in zip(_cells(r), CELLS)) for r in rows])


def _num(x) -> str:
    return "-" if x is None else f"{x:.1f}"


# ---------------------------------------------------------------------- the whole table
def command(rtl: str, profile: str, pairs: str = None) -> str:
    """The command that produces the rows of one RTL build and timing profile."""
    opts = "" if rtl == "off" else "RTL_OPTIONS=" + ",".join(f"{n}=1" for n in rtl.split("+")) + " "
    pairs = f"RACE_PAIRS={pairs} " if pairs else ""
    return (f"{opts}RACE_PROFILE={profile} {pairs}make SIM=icarus "
            f"COCOTB_TEST_MODULES=mitigation_tests COCOTB_TEST_FILTER=mitigation_verdict_table")


def markdown(rows) -> str:
    """The README table: one line per RTL build x profile x pair, with its command."""
    lines = ["| " + " | ".join(["timing"] + [name for name, _, _ in CELLS] + ["command"]) + " |",
             "|" + "---|" * (len(CELLS) + 2)]
    for r in rows:
        cmd = command(r["rtl"], r["profile"], f"{r['vf']}:{r['pf']}")
        lines.append("| " + " | ".join([r["profile"]] + _cells(r) + [f"`{cmd}`"]) + " |")
    return "\n".join(lines)


# docs/mitigations-link-down.png: the legacy pair over handler time, IRQ latency drawn per
# trial, one explorer sweep per RTL build (make mitigations-png)
PICTURE_SWEEP = ("--pairs", "legacy", "--handler-us", "0:2000:125", "--trials", "20",
                 "--seed", "1", "--no-plots")


def picture(out_png, results="results/mitigations-link-down") -> list:
    """Run PICTURE_SWEEP on every RTL build (off, each mitigation) into RESULTS/<build>, plot
    them into `out_png` and return the counts, one line per build."""
    import subprocess
    import sys
    from pathlib import Path

    from tb.rtl_options import MITIGATIONS
    sweeps = {}
    for rtl in ("off", *MITIGATIONS):
        folder = Path(results) / rtl
        option = [] if rtl == "off" else ["--rtl-option", f"{rtl}=1"]
        command = [sys.executable, "-m", "explorer", "sweep", *PICTURE_SWEEP, *option,
                   "--out", str(folder)]
        print(" ".join(["python"] + command[1:]), flush=True)
        subprocess.run(command, check=True)
        sweeps[rtl] = folder
    return plot_sweeps(sweeps, out_png)


def plot_sweeps(sweeps: dict, out_png) -> list:
    """One question: does an RTL build stop the legacy pair's link-down? Link-down rate
    against handler time, one curve per build (`sweeps`: label -> explorer results folder),
    with 95 % Wilson intervals; overlapping curves stay visible (markers, offsets). Returns
    the legend's counts, one line per build, also kept in the PNG (its Description) so that
    a text quoting them can be checked against the picture."""
    import csv
    from pathlib import Path

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 4.5))
    counts = []
    styles = [("o", "-", 0), ("s", "--", -12), ("^", ":", 12), ("d", "-.", 24)]
    for (label, folder), (marker, line, shift) in zip(sweeps.items(), styles):
        with open(Path(folder) / "points.csv") as f:
            pts = sorted((float(r["handler_us"]), float(r["failure_rate"]), float(r["wilson_lo"]),
                          float(r["wilson_hi"]), int(r["trials"]), int(r["failures"]))
                         for r in csv.DictReader(f) if "~" in r["irq_latency_us"])
        rate = [p[1] for p in pts]
        counts.append(f"RTL {label}: {sum(p[5] for p in pts)} of {sum(p[4] for p in pts)} "
                      "bring-ups link down")
        ax.errorbar([p[0] + shift for p in pts], rate,
                    yerr=[[r - p[2] for r, p in zip(rate, pts)], [p[3] - r for r, p in zip(rate, pts)]],
                    marker=marker, linestyle=line, ms=5, capsize=2, label=counts[-1])
    ax.set_xlabel("PF handler time for SET_MULTICAST (us); IRQ latency drawn from 5-2000 us")
    ax.set_ylabel("bring-ups with link down")
    ax.set_ylim(-0.05, 1.05)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="center right")
    ax.set_title("igbvf 1.1.5 + igb 3.2.10 under xen-dom0: link down per RTL build (95 % interval)",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(out_png, dpi=110, metadata={"Description": "; ".join(counts)})
    plt.close(fig)
    return counts


def main(argv=None) -> int:
    """`python -m tb.scenarios.mitigation_report table [--out DIR]`: the race verdicts of
    every pair (Python models and, when the kernel sources are cached, the real code) for
    every RTL build (off, each switch) under xen-dom0 and bare-metal; writes
    DIR/verdicts.jsonl and DIR/verdicts.md (default results/mitigations).
    `... plot LABEL=SWEEP_DIR ... --out PNG`: plot_sweeps of explorer sweeps.
    `... picture [--out PNG]`: measure and plot docs/mitigations-link-down.png (picture())."""
    import argparse
    import json
    from pathlib import Path

    from tb import build
    from tb.rtl_options import MITIGATIONS
    ap = argparse.ArgumentParser(prog="python -m tb.scenarios.mitigation_report")
    ap.add_argument("command", choices=("table", "plot", "picture"))
    ap.add_argument("sweeps", nargs="*", metavar="LABEL=SWEEP_DIR")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    if args.command == "plot":
        sweeps = dict(item.split("=", 1) for item in args.sweeps if "=" in item)
        if not sweeps or len(sweeps) != len(args.sweeps) or not args.out:
            ap.error("plot needs LABEL=SWEEP_DIR arguments and --out PNG")
        print("\n".join(plot_sweeps(sweeps, args.out)))
        return 0
    if args.command == "picture":
        out = args.out or "docs/mitigations-link-down.png"
        print(f"{out}:", "; ".join(picture(out)))
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
