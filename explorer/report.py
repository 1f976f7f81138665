"""A sweep's outputs: points.csv, trials.csv, PNG plots and a Markdown summary."""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from explorer import rules
from explorer.columns import OUTCOME_COLUMNS
from explorer.stats import POINT_COLUMNS, wilson

LEGACY = ("igbvf-1.1.5", "igb-3.2.10")
TRIAL_COLUMNS = ["trial_id", "point_id", "index", "seed", "confirm", "irq_latency_us",
                 "decided_early", *OUTCOME_COLUMNS, "rule_predicted", "rule_observed",
                 "trace_sha1"]


@dataclass
class Checks:
    """What the sweep's checks found: confirmation runs that disagree (replay command,
    differing columns), and the failure rule's score (wrong: replay, predicted, observed)."""
    contradictions: list = field(default_factory=list)
    reran: int = 0        # confirmation trials that stopped early and ran again to the end
    rule_right: dict = field(default_factory=dict)   # region -> trials predicted
    rule_not_applicable: int = 0
    rule_wrong: list = field(default_factory=list)
    rule_skipped: str = ""   # why the rule was not checked (a mitigated RTL), or ""


def write_csvs(out: Path, rows, trials, results):
    with open(out / "points.csv", "w", newline="") as f:
        w = csv.DictWriter(f, POINT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(out / "trials.csv", "w", newline="") as f:
        w = csv.DictWriter(f, TRIAL_COLUMNS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for t in trials:
            r = dict(results[t.trial_id])
            predicted = rules.predicted(r)
            r.update(point_id=t.point.point_id, index=t.index, seed=t.seed, confirm=t.confirm,
                     rule_predicted=predicted or "",
                     rule_observed=rules.observed(r, rules.next_fate(r)) if predicted else "")
            w.writerow(r)


PF_COLOURS = ("#c0392b", "#2471a3", "#7d3c98", "#1e8449", "#b9770e")


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


SERIES = (("failures", "-", "link down"),
          ("never_sent_lock_failed_trials", "--", "a message silently never sent (VF lock failed)"))


def plot_failure_rate(out: Path, rows) -> Path:
    """What each VF driver loses against the PF's handler time: one panel per VF driver;
    per PF driver, link-down bring-ups (solid) and bring-ups in which the VF's lock failed
    and a message was never sent (dashed), each with its 95 % Wilson interval as a bar."""
    plt = _pyplot()
    drawn = [r for r in rows if "~" in r["irq_latency_us"]] or rows   # not the heatmap grid
    vfs = list(dict.fromkeys(r["vf"] for r in drawn))
    pfs = list(dict.fromkeys(r["pf"] for r in drawn))
    irqs = list(dict.fromkeys(r["irq_latency_us"] for r in drawn))
    handlers = sorted({float(r["handler_us"]) for r in drawn})
    nudge = (handlers[-1] - handlers[0]) / 150 if len(handlers) > 1 else 1.0
    cols = min(2, len(vfs))
    nrows = (len(vfs) + cols - 1) // cols
    fig, axes = plt.subplots(nrows, cols, figsize=(max(5.2 * cols, 9.0), 3.0 * nrows + 1.2),
                             sharex=True, sharey=True, squeeze=False)
    for ax, vf in zip(axes.flat, vfs):
        mine = [r for r in drawn if r["vf"] == vf]
        series = 0
        for k, pf in enumerate(pfs):
            for irq in irqs:
                pts = sorted((float(r["handler_us"]), r) for r in mine
                             if r["pf"] == pf and r["irq_latency_us"] == irq)
                if not pts:
                    continue
                suffix = f", IRQ {irq} us" if len(irqs) > 1 else ""
                for count, style, what in SERIES:
                    x = [h + (series - 1.5) * nudge for h, _ in pts]   # bars side by side
                    series += 1
                    y = [r[count] / r["trials"] for _, r in pts]
                    ci = [wilson(r[count], r["trials"]) for _, r in pts]
                    colour = PF_COLOURS[k % len(PF_COLOURS)]
                    ax.plot(x, y, style, color=colour, marker="o", ms=3.5, lw=1.6,
                            label=f"{pf}: {what}{suffix}")
                    if any(y):
                        ax.errorbar(x, y, yerr=[[max(0, v - lo) for v, (lo, _) in zip(y, ci)],
                                                [max(0, hi - v) for v, (_, hi) in zip(y, ci)]],
                                    fmt="none", ecolor=colour, alpha=0.45, capsize=2, lw=1)
        trials = sum(r["trials"] for r in mine)
        if not any(r[count] for r in mine for count, _, _ in SERIES):
            ax.text(0.5, 0.5, f"never link down, nothing silently lost\n({trials} bring-ups)",
                    transform=ax.transAxes, ha="center", va="center", fontsize=10,
                    color="#1e8449", bbox={"fc": "white", "ec": "#1e8449"})
        ax.set_title(f"VF driver {vf}", fontsize=10)
        ax.set_ylim(-0.03, 1.03)
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(vfs):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("PF handler time for SET_MULTICAST (us)")
    for ax in axes[:, 0]:
        ax.set_ylabel("fraction of bring-ups")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=8, frameon=False)
    first = drawn[0]
    n = max(r["trials"] for r in drawn)
    fig.suptitle(f"What each VF driver loses, per PF driver\n{first['profile']} costs, IRQ "
                 f"latency {', '.join(irqs)} us, {first['num_vfs']} VFs, {n} bring-ups per "
                 f"point (bars: 95 % Wilson)", fontsize=10)
    legend_rows = (len(labels) + 1) // 2
    fig.tight_layout(rect=(0, 0.03 + 0.035 * legend_rows / nrows, 1, 0.95))
    path = out / "failure_rate_vs_handler.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _cell_edges(values):
    """Cell boundaries halfway between sampled values, so each cell is centred on its value."""
    mids = [(a + b) / 2 for a, b in zip(values, values[1:])]
    first = values[0] - (mids[0] - values[0])
    last = values[-1] + (values[-1] - mids[-1])
    return [first, *mids, last]


def plot_heatmap(out: Path, rows, pair=LEGACY):
    """Failure rate over handler time x fixed IRQ latency, for one pair (None when the
    sweep has fewer than two values of either)."""
    cells = {(float(r["handler_us"]), float(r["irq_latency_us"])): r
             for r in rows if (r["vf"], r["pf"]) == pair and "~" not in r["irq_latency_us"]}
    xs = sorted({k[0] for k in cells})
    ys = sorted({k[1] for k in cells})
    if len(xs) < 2 or len(ys) < 2:
        return None
    plt = _pyplot()
    grid = [[float(cells[(x, y)]["failure_rate"]) if (x, y) in cells else float("nan")
             for x in xs] for y in ys]
    fig, ax = plt.subplots(figsize=(7, 5.2))
    mesh = ax.pcolormesh(_cell_edges(xs), _cell_edges(ys), grid, cmap="magma_r", vmin=0,
                         vmax=1, edgecolors="white", linewidth=0.5)
    fig.colorbar(mesh, ax=ax, label="fraction of bring-ups with link down")
    step = max(1, len(xs) // 10)
    ax.set_xticks(xs[::step])
    ax.set_yticks(ys[::max(1, len(ys) // 10)])
    ax.set_xlabel("PF handler time for SET_MULTICAST (us)")
    ax.set_ylabel("PF interrupt latency, fixed (us)")
    some = next(iter(cells.values()))
    n = max(r["trials"] for r in cells.values())
    ax.set_title(f"{pair[0]} + {pair[1]}: link-down bring-ups\n({some['profile']} costs, "
                 f"{n} trial(s) per cell, {some['num_vfs']} VFs)", fontsize=10)
    fig.tight_layout()
    path = out / "heatmap_handler_irq.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def summary(out: Path, args_line: str, rows, trials, wall_s: float, workers: int,
            checks: Checks) -> Path:
    num_vfs = sorted({r["num_vfs"] for r in rows})
    lines = [f"# Race explorer: {out.name}", "", f"Command: `{args_line}`", "",
             f"{len(trials)} trials at {len(rows)} points in {wall_s:.1f} s on {workers} "
             f"worker(s); the RTL built with NUM_VFS={', '.join(map(str, num_vfs))}, all "
             f"enabled by the PF.", ""]
    by_pair = defaultdict(lambda: defaultdict(int))
    for r in rows:
        for key in ("trials", "failures", "erased_trials", "never_sent_trials",
                    "never_sent_lock_failed_trials", "reply_dropped_trials", "vf_timeout_trials"):
            by_pair[(r["vf"], r["pf"])][key] += r[key]
    lines += ["Trials with at least one:", "",
              "| VF driver | PF driver | trials | link down | erased | never sent "
              "(lock failed) | PF reply dropped | VF timeout |", "|---|---|---|---|---|---|---|---|"]
    for (vf, pf), c in sorted(by_pair.items()):
        lines.append(f"| {vf} | {pf} | {c['trials']} | {c['failures']} | {c['erased_trials']} "
                     f"| {c['never_sent_trials']} ({c['never_sent_lock_failed_trials']}) | "
                     f"{c['reply_dropped_trials']} | {c['vf_timeout_trials']} |")
    legacy = [r for r in rows if (r["vf"], r["pf"]) == LEGACY and r["trials"]]
    nine = [r for r in legacy if 0.85 <= float(r["failure_rate"]) <= 0.95]
    lines += ["", "## The report's \"9 times out of 10\"", ""]
    if nine:
        lines.append("Points where igbvf 1.1.5 + igb 3.2.10 fails 85-95 % of bring-ups:")
        lines.append("")
        lines += [f"- handler {r['handler_us']} us, IRQ latency {r['irq_latency_us']} us, "
                  f"MMIO read {r['mmio_read_us']} us: {r['failures']}/{r['trials']} "
                  f"({float(r['failure_rate']):.0%}, 95 % CI {float(r['wilson_lo']):.0%}-"
                  f"{float(r['wilson_hi']):.0%})" for r in nine]
    else:
        lines.append("No point of this sweep has the legacy pair failing 85-95 % of bring-ups.")
    confirmed = sum(r["confirmed_runs"] for r in rows)
    lines += ["", "## Early stops and confirmation runs", "",
              f"{sum(r['early_stops'] for r in rows)} trials stopped at an erasure (the rest of "
              f"their columns by rule: tb/scenarios/race.py complete_after_erasure). Of the "
              f"{confirmed} confirmation trials, {checks.reran} stopped early and ran again to "
              f"the end (the others ran to the end at once); compared column by column, "
              f"{len(checks.contradictions)} disagree."]
    for replay, diffs in checks.contradictions:
        lines += [f"- `{replay}`: {'; '.join(diffs)}"]
    lines += ["", "## The failure rule (explorer/rules.py), on the SET_MULTICAST exchange", ""]
    lines += [f"- {line}" for line in rules.RULE_LINES]
    if checks.rule_skipped:
        lines += ["", f"Not checked: {checks.rule_skipped}."]
    right = sum(checks.rule_right.values())
    lines += [] if checks.rule_skipped else [
        "", f"It predicted {right} of {right + len(checks.rule_wrong)} trials ("
        + ", ".join(f"{region}: {n}" for region, n in checks.rule_right.items())
        + f"); {len(checks.rule_wrong)} contradict it; {checks.rule_not_applicable} "
        f"had no SET_MULTICAST exchange to judge."]
    for replay, want, got in checks.rule_wrong:
        lines += [f"- predicted {want}, observed {got}: `{replay}`"]
    # The table above and the rule count different things; say so, with both numbers.
    any_erased = sum(c["erased_trials"] for c in by_pair.values())
    rule_erased = checks.rule_right.get("erased", 0) + sum(got == "erased" for _, _, got in checks.rule_wrong)
    lines += ["", f"The table's erased column ({any_erased}) counts trials with any message "
              f"erased; the rule judges only the message sent after SET_MULTICAST, erased in "
              f"{rule_erased} trials: the other {any_erased - rule_erased} lost another message "
              "(a later exchange), or had no SET_MULTICAST exchange to judge."]
    lines += ["", "Files: points.csv (one row per point), trials.csv (one row per trial: every "
              "outcome, margins, the rule's prediction), failure_rate_vs_handler.png, "
              "heatmap_handler_irq.png (when the sweep has a grid)."]
    path = out / "summary.md"
    path.write_text("\n".join(lines) + "\n")
    return path
