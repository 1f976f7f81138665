"""Run mutants: each on its own copy of rtl/, its stages one after another in child
processes (tb.mutation.job), two mutants at a time. The fast stages of the mutant's top run
for every mutant; the survivor stages (ending with the whole regression) one by one, only
for the mutants every earlier stage let through."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tb.mutation.mutate import write_mutant

# Per top (tb.family name): the fast stages every mutant meets (the first tells a stillborn),
# then the stages only survivors meet, in order, until one kills; the last is the whole
# regression (MUTANT_FULL=0 leaves it out).
FAST_STAGES = {"igb": ("fast-vfs8", "bounds", "fast-vfs3"),
               "ixgbe": ("ixgbe-fast-vfs33", "ixgbe-bounds")}
SURVIVOR_STAGES = {"igb": ("full",), "ixgbe": ("ixgbe-sweep", "ixgbe-fast-vfs64", "ixgbe-full")}
FULL_STAGES = ("full", "ixgbe-full")
TIMEOUT_S = {"fast-vfs8": 180, "bounds": 60, "fast-vfs3": 180, "full": 900,
             "ixgbe-fast-vfs64": 600, "ixgbe-bounds": 120, "ixgbe-fast-vfs33": 600,
             "ixgbe-sweep": 900, "ixgbe-full": 1800}
MAX_JOBS = 2


class Interrupted(Exception):
    """Ctrl-C: every running job was ended; the message says how far the run got."""


class LiveJobs:
    """The job process groups now running, so that an interrupt ends them all (they run in
    sessions of their own, out of reach of the terminal's Ctrl-C)."""

    def __init__(self):
        self.procs, self.lock, self.stopped = set(), threading.Lock(), False

    def start(self, *args, **kwargs) -> subprocess.Popen:
        with self.lock:
            if self.stopped:
                raise Interrupted("interrupted")
            proc = subprocess.Popen(*args, start_new_session=True, **kwargs)
            self.procs.add(proc)
            return proc

    def done(self, proc):
        with self.lock:
            self.procs.discard(proc)

    def stop(self):
        with self.lock:
            self.stopped = True
            for proc in self.procs:
                kill_group(proc)


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)   # the job and the simulator it started
    except ProcessLookupError:
        pass


@dataclass
class MutantResult:
    name: str
    family: str
    verdict: str               # killed | survived | equivalent | stillborn
    killers: list = field(default_factory=list)   # [(stage, test, first line)]
    stages: list = field(default_factory=list)    # stages that ran
    seconds: float = 0.0
    equivalent: str = ""       # the catalogue's reason, if it says so
    work_dir: str = ""

    @property
    def wrongly_equivalent(self) -> bool:
        """Catalogued as equivalent, yet a test told it from the real RTL."""
        return bool(self.equivalent) and self.verdict == "killed"


def run_stage(stage: str, rtl_dir: Path, work: Path, seed: int, live: LiveJobs) -> dict:
    """One job process; on a timeout its whole process group (the simulator too) is killed
    and the mutant counts as killed by the hang: the regression would never finish."""
    log = work / f"{stage}.log"
    work.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        proc = live.start(
            [sys.executable, "-m", "tb.mutation.job", stage, str(rtl_dir), str(work), str(seed)],
            stdout=out, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=TIMEOUT_S[stage])
        except subprocess.TimeoutExpired:
            kill_group(proc)
            proc.wait()
            return {"status": "killed", "ran": 0,
                    "killers": [("timeout", f"no end within {TIMEOUT_S[stage]} s (log: {log})")]}
        finally:
            live.done(proc)
    if live.stopped:
        raise Interrupted("interrupted")
    result = work / f"{stage}.json"
    if proc.returncode != 0 or not result.is_file():
        raise RuntimeError(f"mutation job {stage} failed with exit {proc.returncode}: see {log}")
    return json.loads(result.read_text())


def run_mutant(mutant, out_dir: Path, seed: int, full: bool, live: LiveJobs = None) -> MutantResult:
    start = time.perf_counter()
    work = out_dir / mutant.name
    rtl_dir = write_mutant(mutant, work / "rtl")
    live = live or LiveJobs()
    result = MutantResult(mutant.name, mutant.family, "survived",
                          equivalent=mutant.equivalent, work_dir=str(work))
    stages = list(FAST_STAGES[mutant.top])
    survivor_stages = [s for s in SURVIVOR_STAGES[mutant.top] if full or s not in FULL_STAGES]
    while stages:
        stage = stages.pop(0)
        outcome = run_stage(stage, rtl_dir, work, seed, live)
        result.stages.append(stage)
        if outcome["status"] == "stillborn":
            result.verdict = "stillborn"
            result.killers = [(stage, *k) for k in outcome["killers"]]
            break
        result.killers += [(stage, *k) for k in outcome["killers"]]
        if not stages and not result.killers and survivor_stages:
            stages.append(survivor_stages.pop(0))
    if result.verdict != "stillborn":
        if result.killers:
            result.verdict = "killed"
        elif mutant.equivalent:
            result.verdict = "equivalent"
    result.seconds = time.perf_counter() - start
    return result


def run_mutants(mutants, out_dir: Path, *, jobs: int = MAX_JOBS, seed: int = 1,
                full: bool = True, progress=print) -> list:
    """Every mutant in `mutants`, at most `jobs` (<= 2) at a time; results in catalogue order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs, MAX_JOBS))
    done, live = [], LiveJobs()

    def one(mutant):
        result = run_mutant(mutant, out_dir, seed, full, live)
        done.append(result)
        progress(f"[{len(done)}/{len(mutants)}] {result.name}: {result.verdict}"
                 f" ({', '.join(result.stages)}; {result.seconds:.1f} s)")
        return result

    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        futures = [pool.submit(one, m) for m in mutants]
        return [f.result() for f in futures]
    except KeyboardInterrupt:
        live.stop()
        pool.shutdown(cancel_futures=True)
        raise Interrupted(f"interrupted after {len(done)} of {len(mutants)} mutants: every job "
                          f"ended, no report written; partial logs in {out_dir}") from None
    finally:
        pool.shutdown()
