"""Per-point statistics of a sweep."""

import math
from collections import Counter, defaultdict

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
    """A failed bring-up: the VF shows link down (or will: a request was erased)."""
    return not result["link_up"]


POINT_COLUMNS = ["point_id", "vf", "pf", "profile", "handler_us", "irq_latency_us",
                 "mmio_read_us", "jitter", "trials", "failures", "failure_rate",
                 "wilson_lo", "wilson_hi", "erased_trials", "never_sent_trials",
                 "never_sent_messages", "early_stops", "confirmed_runs", "early_mismatches"]


def point_rows(points, trials, results):
    """One row per point, in point order; `results` maps trial_id -> result."""
    by_point = defaultdict(list)
    for t in trials:
        by_point[t.point.point_id].append((t, results[t.trial_id]))
    rows = []
    for p in points:
        done = by_point[p.point_id]
        n = len(done)
        fails = sum(failed(r) for _, r in done)
        lo, hi = wilson(fails, n)
        never = Counter(name for _, r in done for name in r["never_sent"])
        # A confirmation run reached the real end: a loss in it must have ended link down.
        confirmed = [r for t, r in done if t.confirm]
        mismatches = sum(1 for r in confirmed if r["erased"] and r["link_up"])
        rows.append({
            "point_id": p.point_id, "vf": p.vf, "pf": p.pf, "profile": p.profile,
            "handler_us": f"{p.handler_us:g}", "irq_latency_us": p.irq_label,
            "mmio_read_us": f"{p.mmio_read_us:g}", "jitter": f"{p.jitter:g}",
            "trials": n, "failures": fails, "failure_rate": f"{fails / n:.4f}" if n else "",
            "wilson_lo": f"{lo:.4f}", "wilson_hi": f"{hi:.4f}",
            "erased_trials": sum(1 for _, r in done if r["erased"]),
            "never_sent_trials": sum(1 for _, r in done if r["never_sent"]),
            "never_sent_messages": " ".join(f"{k}:{v}" for k, v in sorted(never.items())),
            "early_stops": sum(1 for _, r in done if r["decided_early"]),
            "confirmed_runs": len(confirmed),
            "early_mismatches": mismatches,
        })
    return rows
