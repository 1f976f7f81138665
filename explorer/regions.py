"""`python -m explorer regions`: where each outcome region of a pair begins, over the PF's
SET_MULTICAST handler time at one fixed timing, by scanning a grid and then bisecting every
change of outcome down to --resolution-us (a region narrower than the grid step is found
when a bisection's midpoint lands in it: each midpoint with a third outcome splits its
interval in two).

An outcome is every column a trial reports (link, each message's fate, PF replies dropped);
the table names the region by what the failure rule calls it (explorer/rules.py).
"""

import sys

from explorer import rules
from explorer.columns import FATE_COLUMNS
from explorer.trials import Point, Trial


def signature(r: dict) -> tuple:
    return (r["link_up"], *(r[c] for c in FATE_COLUMNS), r["replies_dropped"])


def describe(r: dict) -> str:
    lost = [f"{c[5:]} {r[c]}" for c in FATE_COLUMNS if r[c] not in ("delivered", "-")]
    dropped = f"; PF reply to {r['replies_dropped']} dropped" if r["replies_dropped"] else ""
    return (f"{rules.observed(r, rules.next_fate(r))}: link {'up' if r['link_up'] else 'down'}"
            f"{'; ' + ', '.join(lost) if lost else ''}{dropped}")


def find_regions(args, runner) -> list:
    """[(first handler time in us, its outcome row)], in order of handler time."""
    unit = args.resolution_us
    vf, pf = args.pair

    def run(units):
        trials = [Trial(i, Point(i, vf, pf, args.profile, round(u * unit, 6),
                                 args.irq_latency_us, args.irq_latency_us, args.mmio_read_us[0],
                                 0.0, args.num_vfs), 0, args.seed, False)
                  for i, u in enumerate(units)]
        results = runner.run(trials)
        return {u: results[i] for i, u in enumerate(units)}

    grid = sorted({round(h / unit) for h in args.handler_us})
    seen = run(grid)
    todo = [(a, b) for a, b in zip(grid, grid[1:]) if signature(seen[a]) != signature(seen[b])]
    while todo:
        mids = sorted({(a + b) // 2 for a, b in todo if b - a > 1})
        seen.update(run(mids))
        nxt = []
        for a, b in todo:
            if b - a <= 1:
                continue
            m = (a + b) // 2
            nxt += [(x, y) for x, y in ((a, m), (m, b))
                    if signature(seen[x]) != signature(seen[y])]
        todo = nxt
        print(f"regions: {len(todo)} boundaries narrowing", file=sys.stderr)
    starts, last = [], None
    for u in sorted(seen):
        if signature(seen[u]) != last:
            starts.append((u, seen[u]))
            last = signature(seen[u])
    return [(u * unit, r) for u, r in starts]


def table(args, starts) -> str:
    vf, pf = args.pair
    lines = [f"{vf} + {pf}, {args.profile} costs, fixed PF IRQ latency {args.irq_latency_us:g} us,"
             f" {args.num_vfs} VFs: outcome regions over the SET_MULTICAST handler time "
             f"(boundaries to {args.resolution_us:g} us)", "",
             "| region begins at handler (us) | outcome |", "|---|---|"]
    decimals = max(0, len(f"{args.resolution_us:g}".partition(".")[2]))
    lines += [f"| {h:.{decimals}f} | {describe(r)} |" for h, r in starts]
    return "\n".join(lines)
