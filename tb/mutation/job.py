"""One stage of one mutant, run as its own process (the runner kills its process group on
a timeout, simulator included):

    python -m tb.mutation.job <stage> <mutant rtl dir> <work dir> <seed>

writes <work dir>/<stage>.json: {"status": "passed" | "killed" | "stillborn", "ran": n,
"killers": [[test, first line of its failure], ...]}.

Stages of the igb top: `bounds` (NUM_VFS 0 and 9 must be refused by name, as
tests/test_mailbox_regs.py::test_num_vfs_out_of_range_is_refused checks), the fast subset
`fast-vfs8` (rule tests and a short random run) and `fast-vfs3` (rule tests with absent
VF slots), and `full` (the regression of `make SIM=icarus`). Those of the ixgbe top
(tb.family.IXGBE), named `ixgbe-...`: `ixgbe-fast-vfs33` (the rule tests but the every-offset
sweeps, and a short random run: 33 VFs cross the 16- and 32-VF boundaries and leave absent
slots), `ixgbe-bounds` (0 and 65), and for survivors `ixgbe-sweep` (the sweeps, at NUM_VFS 1,
where a transfer costs least), `ixgbe-fast-vfs64` and `ixgbe-full` (`make SIM=icarus
FAMILY=ixgbe`).
"""

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from tb import build
from tb.family import IGB, IXGBE

FAST_RANDOM_ACCESSES = 1000
# The ixgbe rule tests but the every-offset sweeps (~50 000 transfers), and the sweeps alone.
IXGBE_RULES = "ixgbe_regs_tests"
WITHOUT_SWEEPS = r"^(?!.*\.s6_every_)"
SWEEPS = r"\.s6_every_"


@dataclass(frozen=True)
class SimStage:
    family: object            # tb.family.Family: the top built
    num_vfs: int
    modules: str              # cocotb test modules
    accesses: int = None      # random traffic size (None: the default)
    test_filter: str = None   # COCOTB_TEST_FILTER


SIM_STAGES = {
    "fast-vfs8": SimStage(IGB, 8, "mailbox_regs_tests,mailbox_random_tests", FAST_RANDOM_ACCESSES),
    "fast-vfs3": SimStage(IGB, 3, "mailbox_regs_tests"),
    "full": SimStage(IGB, 8, IGB.regression),
    "ixgbe-fast-vfs33": SimStage(IXGBE, 33, f"{IXGBE_RULES},mailbox_random_tests",
                                 FAST_RANDOM_ACCESSES, WITHOUT_SWEEPS),
    "ixgbe-fast-vfs64": SimStage(IXGBE, 64, IXGBE_RULES, test_filter=WITHOUT_SWEEPS),
    "ixgbe-sweep": SimStage(IXGBE, 1, IXGBE_RULES, test_filter=SWEEPS),
    "ixgbe-full": SimStage(IXGBE, 64, IXGBE.regression),
}
BOUNDS_STAGES = {"bounds": IGB, "ixgbe-bounds": IXGBE}
STAGES = tuple(BOUNDS_STAGES) + tuple(SIM_STAGES)


def refusal(family) -> str:
    """The module name the RTL's NUM_VFS range check instantiates."""
    return f"NUM_VFS_must_be_1_to_{family.max_vfs}"


def bounds(family, rtl_dir: Path, work: Path) -> dict:
    """Elaborating with NUM_VFS 0 or max + 1 must fail and name the rule."""
    killers = []
    prefix = family.build_prefix()
    for num_vfs in (0, family.max_vfs + 1):
        log = work / f"{prefix}bounds-vfs{num_vfs}.log"
        try:
            build.build(work / f"{prefix}bounds-vfs{num_vfs}", num_vfs, log_file=log,
                        rtl_dir=rtl_dir, family=family)
            refused = False
        except build.SimulationFailed:   # the build refused it
            refused = refusal(family) in log.read_text()
        if not refused:
            killers.append((f"{prefix}num_vfs_out_of_range_is_refused[{num_vfs}]",
                            f"NUM_VFS={num_vfs} elaborated without the {refusal(family)} error"))
    return {"status": "killed" if killers else "passed", "ran": 2, "killers": killers}


def simulate(stage: str, rtl_dir: Path, work: Path, seed: int) -> dict:
    s = SIM_STAGES[stage]
    build_dir = work / f"{s.family.build_prefix()}icarus-vfs{s.num_vfs}"
    try:
        build.build(build_dir, s.num_vfs, rtl_dir=rtl_dir, family=s.family)
    except build.SimulationFailed as e:   # it does not compile
        return {"status": "stillborn", "ran": 0, "killers": [("compile", str(e))]}
    env = {"MAILBOX_SEED": str(seed)}
    if s.accesses:
        env["MAILBOX_ACCESSES"] = str(s.accesses)
    test_dir = work / stage
    test_dir.mkdir(parents=True, exist_ok=True)
    try:
        results = build.run(s.modules, build_dir, env=env, test_dir=test_dir,
                            test_filter=s.test_filter, family=s.family)
    except build.SimulationFailed as e:
        results = build.results_file(test_dir, s.modules, test_filter=s.test_filter)
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
    if stage in BOUNDS_STAGES:
        outcome = bounds(BOUNDS_STAGES[stage], rtl_dir, work)
    else:
        outcome = simulate(stage, rtl_dir, work, int(seed))
    (work / f"{stage}.json").write_text(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
