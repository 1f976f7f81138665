"""A sweep's outputs: points.csv, trials.csv, PNG plots and a Markdown summary."""

import csv
from collections import defaultdict
from pathlib import Path

from explorer.stats import POINT_COLUMNS

LEGACY = ("igbvf-1.1.5", "igb-3.2.10")
TRIAL_COLUMNS = ["trial_id", "point_id", "index", "seed", "confirm", "irq_latency_us", "link_up",
                 "decided_early", "erased", "overwritten", "never_sent", "promisc",
                 "first_loss_ps", "promisc_req_edge", "flush_read_edge"]


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
            r.update(point_id=t.point.point_id, index=t.index, seed=t.seed, confirm=t.confirm,
                     never_sent=" ".join(r["never_sent"]))
            w.writerow(r)


def plot_failure_rate(out: Path, rows) -> Path:
    """Failure rate against handler time, one curve per version pair (per IRQ setting)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    curves = defaultdict(list)
    drawn = [r for r in rows if "~" in r["irq_latency_us"]] or rows   # not the heatmap grid
    for r in drawn:
        curves[(r["vf"], r["pf"], r["irq_latency_us"])].append(
            (float(r["handler_us"]), float(r["failure_rate"]), float(r["wilson_lo"]),
             float(r["wilson_hi"])))
    fig, ax = plt.subplots(figsize=(8, 4.8))
    for (vf, pf, irq), pts in sorted(curves.items()):
        pts.sort()
        x = [p[0] for p in pts]
        ax.plot(x, [p[1] for p in pts], marker="o", ms=3, label=f"{vf} + {pf} (IRQ {irq} us)")
        ax.fill_between(x, [p[2] for p in pts], [p[3] for p in pts], alpha=0.08)
    ax.set_xlabel("PF handler time for SET_MULTICAST (us)")
    ax.set_ylabel("bring-ups with link down")
    ax.set_ylim(-0.03, 1.03)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="center right")
    ax.set_title("Failure rate (95 % Wilson band)")
    fig.tight_layout()
    path = out / "failure_rate_vs_handler.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_heatmap(out: Path, rows, pair=LEGACY):
    """Failure rate over handler time x fixed IRQ latency, for one pair (None when the
    sweep has fewer than two values of either)."""
    cells = {(float(r["handler_us"]), float(r["irq_latency_us"])): float(r["failure_rate"])
             for r in rows if (r["vf"], r["pf"]) == pair and "~" not in r["irq_latency_us"]}
    xs = sorted({k[0] for k in cells})
    ys = sorted({k[1] for k in cells})
    if len(xs) < 2 or len(ys) < 2:
        return None
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    grid = [[cells.get((x, y), float("nan")) for x in xs] for y in ys]
    fig, ax = plt.subplots(figsize=(7, 5))
    im = ax.imshow(grid, origin="lower", aspect="auto", cmap="magma_r", vmin=0, vmax=1,
                   extent=[xs[0], xs[-1], ys[0], ys[-1]])
    fig.colorbar(im, ax=ax, label="failure rate")
    ax.set_xlabel("PF handler time for SET_MULTICAST (us)")
    ax.set_ylabel("PF interrupt latency (us)")
    ax.set_title(f"{pair[0]} + {pair[1]}: link-down bring-ups")
    fig.tight_layout()
    path = out / "heatmap_handler_irq.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def summary(out: Path, args_line: str, rows, trials, wall_s: float, workers: int) -> Path:
    lines = [f"# Race explorer: {out.name}", "", f"Command: `{args_line}`", "",
             f"{len(trials)} trials at {len(rows)} points in {wall_s:.1f} s on {workers} worker(s).",
             ""]
    by_pair = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows:
        s = by_pair[(r["vf"], r["pf"])]
        s[0] += r["trials"]
        s[1] += r["failures"]
        s[2] += r["never_sent_trials"]
        s[3] += r["early_mismatches"]
    lines += ["| VF driver | PF driver | trials | link-down | with messages never sent |",
              "|---|---|---|---|---|"]
    for (vf, pf), (n, fails, never, _) in sorted(by_pair.items()):
        lines.append(f"| {vf} | {pf} | {n} | {fails} | {never} |")
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
    mismatches = sum(v[3] for v in by_pair.values())
    confirmed = sum(r["confirmed_runs"] for r in rows)
    lines += ["", "## Early stops", "",
              f"{sum(r['early_stops'] for r in rows)} trials stopped at the loss; {confirmed} ran "
              f"to the real timeout and link check; early verdicts contradicted: {mismatches}."]
    lines += ["", "Files: points.csv (one row per point), trials.csv (one row per trial), "
              "failure_rate_vs_handler.png, heatmap_handler_irq.png (when the sweep has a grid)."]
    path = out / "summary.md"
    path.write_text("\n".join(lines) + "\n")
    return path
