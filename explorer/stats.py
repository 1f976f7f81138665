"""Per-point statistics of a sweep."""

import math
from collections import Counter, defaultdict

from explorer.columns import fates, never_sent

Z95 = 1.959963984540054


def wilson(failures: int, trials: int, z: float = Z95):
    """Wilson score interval of a binomial proportion (95 % by default)."""
    if trials == 0:
        return 0.0, 1.0
    p = failures / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def failed(result: dict) -> bool:
    """A failed bring-up: the VF shows link down."""
    return not result["link_up"]


# What points.csv counts per point: trials with at least one message of each fate, with a
# PF reply dropped, with a VF timeout; then how the trials ran and what the checks found.
COUNTS = {
    "erased_trials": lambda r: "erased" in fates(r),
    "overwritten_trials": lambda r: "overwritten" in fates(r),
    "lost_trials": lambda r: "lost" in fates(r),
    "never_sent_trials": lambda r: bool(never_sent(r)),
    "never_sent_lock_failed_trials": lambda r: "never sent: lock failed" in fates(r),
    "never_sent_vf_timed_out_trials": lambda r: "never sent: VF timed out" in fates(r),
    "reply_dropped_trials": lambda r: bool(r["replies_dropped"]),
    "vf_timeout_trials": lambda r: r["vf_timeouts"] > 0,
}
POINT_COLUMNS = ["point_id", "vf", "pf", "profile", "num_vfs", "handler_us", "irq_latency_us",
                 "mmio_read_us", "jitter", "trials", "failures", "failure_rate",
                 "wilson_lo", "wilson_hi", *COUNTS, "never_sent_rate", "never_sent_lo",
                 "never_sent_hi", "never_sent_messages", "early_stops", "confirmed_runs",
                 "confirm_contradictions", "rule_contradictions"]


def point_rows(points, trials, results, contradicting=frozenset(), unpredicted=frozenset()):
    """One row per point, in point order; `results` maps trial_id -> result; the trial ids
    whose confirmation runs disagreed, and those the failure rule did not predict."""
    by_point = defaultdict(list)
    for t in trials:
        by_point[t.point.point_id].append((t, results[t.trial_id]))
    rows = []
    for p in points:
        done = by_point[p.point_id]
        n = len(done)
        fails = sum(failed(r) for _, r in done)
        lo, hi = wilson(fails, n)
        never = Counter(name for _, r in done for name in never_sent(r))
        never_n = sum(1 for _, r in done if never_sent(r))
        never_lo, never_hi = wilson(never_n, n)
        row = {
            "point_id": p.point_id, "vf": p.vf, "pf": p.pf, "profile": p.profile,
            "num_vfs": p.num_vfs, "handler_us": f"{p.handler_us:g}",
            "irq_latency_us": p.irq_label, "mmio_read_us": f"{p.mmio_read_us:g}",
            "jitter": f"{p.jitter:g}", "trials": n, "failures": fails,
            "failure_rate": f"{fails / n:.4f}" if n else "",
            "wilson_lo": f"{lo:.4f}", "wilson_hi": f"{hi:.4f}"}
        row.update({name: sum(1 for _, r in done if test(r)) for name, test in COUNTS.items()})
        row.update({
            "never_sent_rate": f"{never_n / n:.4f}" if n else "",
            "never_sent_lo": f"{never_lo:.4f}", "never_sent_hi": f"{never_hi:.4f}",
            "never_sent_messages": " ".join(f"{k}:{v}" for k, v in sorted(never.items())),
            "early_stops": sum(1 for _, r in done if r["decided_early"]),
            "confirmed_runs": sum(1 for t, _ in done if t.confirm),
            "confirm_contradictions": sum(1 for t, _ in done if t.trial_id in contradicting),
            "rule_contradictions": sum(1 for t, _ in done if t.trial_id in unpredicted),
        })
        rows.append(row)
    return rows
