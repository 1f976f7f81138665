"""make formal: every check of tb/formal/catalogue.py, two jobs at a time; one line per check,
the counterexamples as text tables and GTKWave views, then `N proven, N failed`; exit 1 when
a check's verdict is not the one the contract predicts.

    FORMAL_CHECKS=lock_exclusion,w1c@igb-vfs8-B   only these (a property: on every build)
    FORMAL_JOBS=1                                 one job at a time
    python -m tb.formal --list                    the checks, with what each expects
    python -m tb.formal --table                   the last run's results as a Markdown table
"""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

from tb.formal import catalogue as C, cex, sby
from tb.options import check_environment, option

RESULTS = sby.WORK / "results.json"


def seed_mechanism(result) -> bool:
    """The race's root counterexample is the seed report's: the edge that drops the pending
    request completes a PF write-1-to-clear of MBVFICR (igb 0x0C80; ixgbe PFMBICR(i))."""
    top = sby.TOPS[result.check.build.top]
    rows = cex.rows(result.vcd, top["harness"], result.check.build.num_vfs, result.step)
    return rows[result.step - 1][2].startswith(top["w1c"])


def report(result) -> str:
    harness = sby.TOPS[result.check.build.top]["harness"]
    line = (f"{result.verdict:14} {result.seconds:6.1f} s  {result.check.name}"
            f"{'' if result.as_expected else '   (expected: ' + result.check.expect + ')'}")
    if result.vcd is not None and result.vcd.is_file():
        text = cex.table(result, harness)
        (result.workdir.parent / "counterexample.txt").write_text(text)
        (result.workdir.parent / "counterexample.gtkw").write_text(cex.view(result, harness))
        if result.check.prop.name == C.RACE_ROOT and result.as_expected and not seed_mechanism(result):
            result.verdict = "other-counterexample"
            line += "   (not the seed's W1C)"
        line += f"\n{'':24}{result.workdir.parent / 'counterexample.txt'}"
        if not result.as_expected:
            line += "\n" + text
    elif result.verdict in ("unknown", "error"):
        line += f"\n{'':24}{result.workdir.parent / 'sby.log'}"
    return line


def markdown_table() -> str:
    """One row per property: its rule, then verdict and seconds on each build it ran on."""
    runs = json.loads(RESULTS.read_text())
    builds = list(dict.fromkeys(r["build"] for r in runs))
    by = {(r["property"], r["build"]): r for r in runs}
    lines = ["| property | rule | " + " | ".join(builds) + " |",
             "|---|---|" + "---|" * len(builds)]
    for p in C.PROPERTIES:
        cells = []
        for b in builds:
            r = by.get((p.name, b))
            mark = "" if r is None else (
                ("proven" if r["verdict"] == C.PROVEN else "**cex**" if r["verdict"] == C.COUNTEREXAMPLE
                 else r["verdict"]) + f" {r['seconds']:.0f} s" + ("" if r["verdict"] == r["expect"] else " (!)"))
            cells.append(mark)
        if any(cells):
            lines.append(f"| `{p.name}` | {p.rule} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv) -> int:
    if "--table" in argv:
        print(markdown_table())
        return 0
    problems = check_environment()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    selected = option("FORMAL_CHECKS", None)
    todo = [c for c in C.checks() if selected is None or c.name in selected or c.prop.name in selected]
    if "--list" in argv:
        for c in todo:
            print(f"{c.name:55} {c.expect:14} {c.prop.rule}")
        return 0
    if sby.missing_tools():
        print(sby.missing_tools(), file=sys.stderr)
        return 2
    results = []
    with ThreadPoolExecutor(option("FORMAL_JOBS", 2)) as pool:
        for result in pool.map(sby.run, todo):
            print(report(result), flush=True)
            results.append(result)
    # A partial run (FORMAL_CHECKS) updates its rows; rows of checks no longer catalogued go.
    known = {c.name for c in C.checks()}
    rows = {r["check"]: r for r in (json.loads(RESULTS.read_text()) if RESULTS.is_file() else [])
            if r["check"] in known}
    rows.update({r.check.name: {
        "check": r.check.name, "property": r.check.prop.name, "build": r.check.build.name,
        "expect": r.check.expect, "verdict": r.verdict, "seconds": round(r.seconds, 1),
        "failed": r.failed, "step": r.step} for r in results})
    order = [c.name for c in C.checks()]
    RESULTS.write_text(json.dumps(sorted(rows.values(), key=lambda r: order.index(r["check"])),
                                  indent=1))
    proven = sum(r.verdict == C.PROVEN and r.as_expected for r in results)
    expected_cex = sum(r.verdict == C.COUNTEREXAMPLE and r.as_expected for r in results)
    failed = sum(not r.as_expected for r in results)
    if expected_cex:
        print(f"{expected_cex} counterexamples found where one is predicted (the race's root "
              f"without mitigation B, A4 as worded): see README, Formal proofs")
    print(f"{proven} proven, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
