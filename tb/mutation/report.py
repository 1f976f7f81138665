"""The kill matrix (mutant -> the cocotb tests that killed it, or SURVIVED), the kill rate,
and the same as JSON and CSV."""

import csv
import json
from pathlib import Path

SHOWN_KILLERS = 4   # per mutant in the printed matrix; the reports hold them all


def kill_rate(results) -> tuple:
    """(killed, non-equivalent): a stillborn mutant proves nothing, so it counts against."""
    relevant = [r for r in results if not r.equivalent or r.verdict == "killed"]
    return sum(r.verdict == "killed" for r in relevant), len(relevant)


def killer_names(result) -> list:
    """`test` for the fast rule/random stage, `test [stage]` for the others."""
    return [test if stage == "fast-vfs8" else f"{test} [{stage}]"
            for stage, test, _ in result.killers]


def verdict_text(result) -> str:
    if result.verdict == "killed":
        names = killer_names(result)
        more = f" (+{len(names) - SHOWN_KILLERS} more)" if len(names) > SHOWN_KILLERS else ""
        flag = "  <- catalogued as equivalent!" if result.wrongly_equivalent else ""
        return ", ".join(names[:SHOWN_KILLERS]) + more + flag
    if result.verdict == "survived":
        return "SURVIVED"
    if result.verdict == "equivalent":
        return f"equivalent: {result.equivalent}"
    return f"stillborn: {result.killers[0][2].splitlines()[0] if result.killers else 'did not compile'}"


def print_matrix(results, print_=print):
    width = max(len(r.name) for r in results)
    fam = max(len(r.family) for r in results)
    print_(f"{'mutant':{width}}  {'family':{fam}}  killed by")
    for r in results:
        print_(f"{r.name:{width}}  {r.family:{fam}}  {verdict_text(r)}")
    killed, relevant = kill_rate(results)
    counts = {v: sum(r.verdict == v for r in results)
              for v in ("killed", "survived", "equivalent", "stillborn")}
    rate = f"{100 * killed / relevant:.1f}%" if relevant else "n/a"
    print_(f"kill rate: {killed}/{relevant} non-equivalent mutants killed ({rate}); "
           + ", ".join(f"{n} {v}" for v, n in counts.items()))


def write_reports(results, out_dir: Path, meta: dict) -> tuple:
    """report.json (meta, kill rate, every mutant) and report.csv (one row per mutant)."""
    out_dir = Path(out_dir)
    killed, relevant = kill_rate(results)
    rows = [{"mutant": r.name, "family": r.family, "verdict": r.verdict,
             "killers": [{"stage": s, "test": t, "failure": f} for s, t, f in r.killers],
             "stages": r.stages, "seconds": round(r.seconds, 2), "equivalent": r.equivalent,
             "work_dir": r.work_dir} for r in results]
    json_path = out_dir / "report.json"
    json_path.write_text(json.dumps({**meta, "killed": killed, "non_equivalent": relevant,
                                     "mutants": rows}, indent=1) + "\n")
    csv_path = out_dir / "report.csv"
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["mutant", "family", "verdict", "killers", "seconds", "equivalent"])
        for r in results:
            w.writerow([r.name, r.family, r.verdict, "; ".join(killer_names(r)),
                        f"{r.seconds:.2f}", r.equivalent])
    return json_path, csv_path
