"""One stage of one mutant, run as its own process (the runner kills its process group on
a timeout, simulator included):

    python -m tb.mutation.job <stage> <mutant rtl dir> <work dir> <seed>

writes <work dir>/<stage>.json: {"status": "passed" | "killed" | "stillborn", "ran": n,
"killers": [[test, first line of its failure], ...]}.

Stages: `bounds` (NUM_VFS 0 and 9 must be refused by name, as
tests/test_mailbox_regs.py::test_num_vfs_out_of_range_is_refused checks), the fast subset
`fast-vfs8` (rule tests and a short random run) and `fast-vfs3` (rule tests with absent
VF slots), and `full` (the regression of `make SIM=icarus`).
"""

import json
import sys
from pathlib import Path

from tb import build

REFUSAL = "NUM_VFS_must_be_1_to_8"   # the module name the RTL's range check instantiates
FAST_RANDOM_ACCESSES = 1000

# stage -> (NUM_VFS, cocotb test modules, random traffic size or None for the default)
SIM_STAGES = {
    "fast-vfs8": (8, "mailbox_regs_tests,mailbox_random_tests", FAST_RANDOM_ACCESSES),
    "fast-vfs3": (3, "mailbox_regs_tests", None),
    "full": (8, build.REGRESSION, None),
}
STAGES = ("bounds",) + tuple(SIM_STAGES)


def bounds(rtl_dir: Path, work: Path) -> dict:
    """Elaborating with NUM_VFS 0 or 9 must fail and name the rule."""
    killers = []
    for num_vfs in (0, 9):
        log = work / f"bounds-vfs{num_vfs}.log"
        try:
            build.build(work / f"bounds-vfs{num_vfs}", num_vfs, log_file=log, rtl_dir=rtl_dir)
            refused = False
        except build.SimulationFailed:   # the build refused it
            refused = REFUSAL in log.read_text()
        if not refused:
            killers.append((f"num_vfs_out_of_range_is_refused[{num_vfs}]",
                            f"NUM_VFS={num_vfs} elaborated without the {REFUSAL} error"))
    return {"status": "killed" if killers else "passed", "ran": 2, "killers": killers}


def simulate(stage: str, rtl_dir: Path, work: Path, seed: int) -> dict:
    num_vfs, modules, accesses = SIM_STAGES[stage]
    build_dir = work / f"icarus-vfs{num_vfs}"
    try:
        build.build(build_dir, num_vfs, rtl_dir=rtl_dir)
    except build.SimulationFailed as e:   # it does not compile
        return {"status": "stillborn", "ran": 0, "killers": [("compile", str(e))]}
    env = {"MAILBOX_SEED": str(seed)}
    if accesses:
        env["MAILBOX_ACCESSES"] = str(accesses)
    test_dir = work / stage
    test_dir.mkdir(parents=True, exist_ok=True)
    try:
        results = build.run(modules, build_dir, env=env, test_dir=test_dir)
    except build.SimulationFailed as e:
        results = build.results_file(test_dir, modules)
        if not results.is_file():   # the simulator died before writing results
            return {"status": "killed", "ran": 0, "killers": [("simulator", str(e).splitlines()[0])]}
    ran, failed = build.outcomes(results)
    if ran == 0:
        return {"status": "killed", "ran": 0, "killers": [("simulator", "no cocotb test ran")]}
    return {"status": "killed" if failed else "passed", "ran": ran, "killers": failed}


def main(argv=None) -> int:
    stage, rtl_dir, work, seed = (argv or sys.argv[1:])
    rtl_dir, work = Path(rtl_dir), Path(work)
    work.mkdir(parents=True, exist_ok=True)
    outcome = bounds(rtl_dir, work) if stage == "bounds" else simulate(stage, rtl_dir, work, int(seed))
    (work / f"{stage}.json").write_text(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
