"""`make mutants`: run the mutant catalogue and print the kill matrix.

    python -m tb.mutation            every mutant (MUTANTS=a,b: only those)
    python -m tb.mutation --list     the catalogue: name, family, the rule each breaks
    python -m tb.mutation --diff X   what mutant X changes in rtl/

Options (environment, as `make mutants VAR=...` passes them): MUTANTS (comma-separated
names), FAMILY (igb or ixgbe: only the mutants of that RTL top; default both), MUTANT_JOBS (1 or 2 at a time, default 2), MUTANT_SEED (the random stage's seed,
default 1), MUTANT_FULL (1: the whole regression for fast-stage survivors, default 1).
Reports: sim_build/mutants/<selection>/report.json and report.csv. Exit 1 when a mutant
survived, was stillborn, or was catalogued as equivalent but killed.
"""

import argparse
import difflib
import hashlib
import os
import signal
import sys
import time

from tb.build import SIM_BUILD, RTL
from tb.mutation.catalogue import BY_NAME, CATALOGUE
from tb.mutation.mutate import mutated_source
from tb.mutation.report import print_matrix, write_reports
from tb.mutation.runner import MAX_JOBS, Interrupted, run_mutants
from tb.options import choose, option


def selected(text: str, family=None) -> list:
    """The mutants MUTANTS names (when empty: all, or those of `family`'s top); a ValueError
    names an unknown one."""
    if not text.strip():
        return [m for m in CATALOGUE if family is None or m.top == family.name]
    names = [n.strip() for n in text.split(",") if n.strip()]
    return [choose("mutant", n, BY_NAME, refusal=f"MUTANTS={text!r} names an unknown mutant {n!r}")
            for n in dict.fromkeys(names)]


def selection_dir(mutants) -> str:
    """sim_build/mutants/<this>: `all`, the names of up to 3, or a count and a hash."""
    if len(mutants) == len(CATALOGUE):
        return "all"
    for top in {m.top for m in CATALOGUE}:
        if len(mutants) == sum(m.top == top for m in CATALOGUE) and {m.top for m in mutants} == {top}:
            return top
    names = sorted(m.name for m in mutants)
    if len(names) <= 3:
        return "+".join(names)
    return f"{len(names)}-mutants-{hashlib.sha1(','.join(names).encode()).hexdigest()[:8]}"


def diff(mutant) -> str:
    lines = []
    for name, text in mutated_source(mutant).items():
        old = (RTL / name).read_text().splitlines(keepends=True)
        lines += difflib.unified_diff(old, text.splitlines(keepends=True),
                                      f"rtl/{name}", f"mutant {mutant.name}: rtl/{name}")
    return "".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tb.mutation", description=__doc__.splitlines()[0])
    ap.add_argument("--list", action="store_true", help="list the catalogue and exit")
    ap.add_argument("--diff", metavar="MUTANT", help="show what a mutant changes and exit")
    args = ap.parse_args(argv)
    # Our own Ctrl-C handling, whatever we inherited: a background job of a non-interactive
    # shell starts with SIGINT ignored, and Ctrl-C would then do nothing.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if args.diff:
            print(diff(choose("mutant", args.diff, BY_NAME, refusal=f"--diff {args.diff!r} is unknown")), end="")
            return 0
        mutants = selected(os.environ.get("MUTANTS", ""), option("FAMILY"))
        jobs = option("MUTANT_JOBS", MAX_JOBS)
        seed = option("MUTANT_SEED", 1)
        full = option("MUTANT_FULL", "1") == "1"
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    if args.list:
        for m in mutants:
            print(f"{m.name:46} {m.top:6} {m.family:16} {m.rule}{'  [equivalent]' if m.equivalent else ''}")
        return 0
    out_dir = SIM_BUILD / "mutants" / selection_dir(mutants)
    print(f"{len(mutants)} mutants, {jobs} at a time, random stage seed {seed}; work in "
          f"{out_dir.relative_to(SIM_BUILD.parent)}", flush=True)
    start = time.perf_counter()
    try:
        results = run_mutants(mutants, out_dir, jobs=jobs, seed=seed, full=full,
                              progress=lambda line: print(line, flush=True))
    except Interrupted as e:
        print(e, file=sys.stderr)
        return 130
    wall = time.perf_counter() - start
    print_matrix(results)
    json_path, csv_path = write_reports(results, out_dir, {
        "seed": seed, "jobs": jobs, "full_regression_for_survivors": full,
        "wall_seconds": round(wall, 1)})
    print(f"wall time {wall:.0f} s; reports: {json_path.relative_to(SIM_BUILD.parent)}, "
          f"{csv_path.relative_to(SIM_BUILD.parent)}")
    bad = [r for r in results if r.verdict in ("survived", "stillborn") or r.wrongly_equivalent]
    for r in bad:
        print(f"{r.name} {r.verdict}{' (catalogued as equivalent)' if r.wrongly_equivalent else ''}: "
              f"replay with `make mutants MUTANTS={r.name} MUTANT_SEED={seed}`; "
              f"see `python -m tb.mutation --diff {r.name}`, logs in {r.work_dir}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
