"""The hunt's sweep, summarised: the link-flap times grouped into regions of one outcome,
with what was lost and what the VF took as its reply, and each region's width in clock
edges (8 ns) bounded by the sweep's step.

    python -m tb.scenarios.ixgbe_hunt_report FILE.jsonl [FILE.jsonl ...]
"""

import json
import sys
from collections import Counter

CLOCK_NS = 8.0


def detail(s: dict) -> str:
    parts = []
    if s["silent"]:
        parts.append("silent: " + ",".join(s["silent"]))
    if s["lost"]:
        parts.append("lost: " + ",".join(s["lost"]))
    if s["pf_messages_lost"]:
        parts.append("PF msgs overwritten: " + ",".join(s["pf_messages_lost"]))
    if s["wrong_replies"]:
        parts.append("VF took " + ",".join(f"{w['as']} for {w['op']} (err {w['err']})"
                                           for w in s["wrong_replies"]))
    if s.get("pf_lock_shared"):
        parts.append("PF lock taken twice")
    api = {tuple(a) for a in s["api"].values()}
    if any(a[0] != "1.4" and a[2] == "legacy" for a in api) or any(a[0] != a[1] for a in api):
        parts.append("API " + ";".join(f"{a[0]}/{a[1]}" for a in sorted(api)))
    return "; ".join(parts) or "clean"


def regions(rows: list) -> list:
    """Consecutive trials (by flap time) with one outcome detail: (from, to, step, n, detail)."""
    rows = sorted(rows, key=lambda s: s["flap_us"])
    out = []
    for s in rows:
        d = f"{s['class']}: {detail(s)}"
        if out and out[-1][4] == d:
            out[-1][1] = s["flap_us"]
            out[-1][3] += 1
        else:
            step = s["flap_us"] - out[-1][1] if out else 0
            out.append([s["flap_us"], s["flap_us"], step, 1, d])
    return out


def report(rows: list) -> str:
    if not rows:
        return "no trials"
    first = rows[0]
    lines = [f"{first['pair']} ({first['profile']}, PF enables {first['num_vfs']} VFs, link down "
             f"{first['down_us']:g} us, link change to ping {first.get('link_change_us')} us): "
             f"{len(rows)} trials, flap {min(r['flap_us'] for r in rows):g} .. "
             f"{max(r['flap_us'] for r in rows):g} us",
             "classes: " + ", ".join(f"{k} {v}" for k, v in Counter(r["class"] for r in rows)
                                     .most_common())]
    for lo, hi, step, n, d in regions(rows):
        edges = (hi - lo) * 1000 / CLOCK_NS
        lines.append(f"  {lo:10.3f} .. {hi:10.3f} us  ({n:4d} trials, >= {edges:8.0f} edges)  {d}")
    return "\n".join(lines)


def main(argv) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    for path in argv:
        rows = [json.loads(line) for line in open(path) if line.strip()]
        by_pair = {}
        for r in rows:
            by_pair.setdefault((r["pair"], r["num_vfs"], r.get("handler_us"), r.get("irq_us")),
                               []).append(r)
        for group in by_pair.values():
            print(report(group))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
