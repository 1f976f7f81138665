"""Command line of the race explorer: `python -m explorer sweep|window --help`.

Trials run in batches, one simulator process per batch (the device is reset between
trials), spread by Dask distributed: a local cluster on all cores by default, or any Dask
scheduler with --scheduler ADDRESS (e.g. one that dask-jobqueue started on an LSF or Slurm
farm; see README). Results never depend on how batches were spread: every trial's seed
comes from the sweep's seed and the trial's place in the sweep.
"""

import argparse
import ctypes
import json
import logging
import os
import shutil
import signal
import sys
import time
import warnings
from pathlib import Path

from explorer import report, rules
from explorer.columns import OUTCOME_COLUMNS, differences
from explorer.simulate import build, run_batch
from tb import rtl_options
from tb.build import DEFAULT_NUM_VFS, NUM_VFS_RANGE, ROOT, SUPPORTED_SIMS
from tb.rtl_options import MITIGATIONS
from explorer.stats import point_rows
from explorer.trials import Point, Trial, batches, plan_trials
from tb.drivers.catalog import FAMILY_OF, known_pair
from tb.family import IXGBE
from tb.drivers.host import PROFILES
from tb.scenarios.race import ALL_PAIRS, REAL_CODE_PAIRS

IXGBE_LINUX = ("ixgbevf-6.1", "ixgbe-6.1")
PAIR_SETS = {"all": ALL_PAIRS, "legacy": [("igbvf-1.1.5", "igb-3.2.10")],
             "fixes": [p for p in ALL_PAIRS if p != ("igbvf-1.1.5", "igb-3.2.10")],
             "real-code": REAL_CODE_PAIRS}
CLOCK_PERIOD_US = 0.008
PR_SET_CHILD_SUBREAPER = 36   # linux/prctl.h


# ---------------------------------------------------------------------- argument types
def numbers(text: str) -> list:
    """'a:b:step' (inclusive), 'a,b,c' or 'a': a list of numbers >= 0."""
    try:
        if ":" in text:
            lo, hi, step = (float(x) for x in text.split(":"))
            if step <= 0 or hi < lo:
                raise ValueError
            count = int(round((hi - lo) / step)) + 1
            values = [round(lo + i * step, 6) for i in range(count) if lo + i * step <= hi + 1e-9]
        else:
            values = [float(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of numbers: use 'a:b:step', 'a,b,c' or 'a'") from None
    if any(v < 0 for v in values):
        raise argparse.ArgumentTypeError(f"{text!r}: values must be >= 0")
    return values


def latencies(text: str) -> list:
    """Fixed latencies and 'lo~hi' ranges drawn per trial: a list of (lo, hi)."""
    out = []
    for item in text.split(","):
        if "~" in item:
            try:
                lo, hi = (float(x) for x in item.split("~"))
            except ValueError:
                lo = hi = -1
            if not 0 <= lo < hi:
                raise argparse.ArgumentTypeError(
                    f"{item!r} is not a range: use 'lo~hi' with 0 <= lo < hi")
            out.append((lo, hi))
        else:
            out += [(v, v) for v in numbers(item)]
    return out


def pairs(text: str) -> list:
    chosen = []
    for item in text.split(","):
        if item in PAIR_SETS:
            chosen += [p for p in PAIR_SETS[item] if p not in chosen]
            continue
        try:
            pair = known_pair(item)
        except ValueError as e:
            raise argparse.ArgumentTypeError(
                f"pair {item!r}: {e} (or a set: {', '.join(PAIR_SETS)})") from None
        chosen.append(pair)
    return chosen


def num_vfs(text: str, vfs_range: tuple = NUM_VFS_RANGE) -> int:
    lo, hi = vfs_range
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{text!r}: allowed {lo}..{hi}")
    return value


def jitters(text: str) -> list:
    values = numbers(text)
    if any(v >= 1 for v in values):
        raise argparse.ArgumentTypeError(f"{text!r}: jitter must be below 1")
    return values


def rtl_option(text: str) -> dict:
    """NAME=0|1: a hardware mitigation switch (tb.rtl_options)."""
    try:
        return rtl_options.parse([text])
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be a whole number >= 1")
    return value


# ---------------------------------------------------------------------- running
class Progress:
    """One status line: bar, trials done, rate and ETA."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.start, self.stream = total, 0, time.perf_counter(), stream
        self.tty = stream.isatty()
        self.shown = -1

    def add(self, n: int):
        self.done += n
        tenth = 10 * self.done // self.total
        if not self.tty and tenth == self.shown:   # in a log: one line per 10 %
            return
        self.shown = tenth
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed else 0.0
        eta = (self.total - self.done) / rate if rate else 0.0
        filled = int(30 * self.done / self.total)
        line = (f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} trials "
                f"{rate:5.1f}/s ETA {int(eta) // 60}:{int(eta) % 60:02d}")
        self.stream.write(f"\r{line} " if self.tty else line + "\n")
        if self.tty and self.done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def dask_client(scheduler: str, workers: int):
    from dask.distributed import Client, LocalCluster
    logging.getLogger("distributed").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Port .* is already in use")
    # Workers import `explorer` and `tb` from the .venv they run in (installed editable from
    # this checkout; on a farm: a shared file system).
    if scheduler:
        return Client(scheduler)
    # The workers, and the simulators they start, ignore SIGINT: a Ctrl-C reaches only this
    # process, which stops them itself (Interrupted) instead of every process printing a
    # KeyboardInterrupt traceback.
    adopt_orphans()
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
    finally:
        signal.signal(signal.SIGINT, handler)
    return Client(cluster)


def adopt_orphans():
    """Become the reaper of this process's descendants (Linux's PR_SET_CHILD_SUBREAPER): a
    simulator or worker whose parent is stopped first then stays ours to find and stop
    (stop_local_processes), instead of passing to init and running on."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):   # not Linux: the descendant walk alone
        pass


def _cmdline(process) -> list:
    import psutil
    try:
        return process.cmdline()
    except psutil.Error:
        return []


class RunFailed(Exception):
    """The run cannot go on (the Dask workers cannot run trials, or every worker left): one
    line naming the cause; main() marks the results folder INCOMPLETE."""


# How long the client waits for a first worker, and for one to come back when every worker
# has left mid-run (a farm may take a while to start one), before it gives up.
WORKER_WAIT_S = 60


def check_workers(client, build_dir: Path, sim: str):
    """Before any trial: the workers import the project, see the build (a shared file
    system) and have the simulator; else RunFailed naming the first thing missing and where.
    The probes are standard-library functions, so a worker without the project can run them."""
    import importlib
    address = client.scheduler.address
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError:
        raise RunFailed(f"no Dask worker joined the scheduler {address} within {WORKER_WAIT_S:g} s "
                        "(README: Race explorer, a farm of your own)") from None
    needs = "each worker needs the pinned packages and this checkout installed (README: Race " \
            "explorer, a farm of your own)"
    for worker, result in client.run(importlib.import_module, "explorer.simulate",
                                     on_error="return").items():
        if isinstance(result, BaseException):
            raise RunFailed(f"the Dask worker {worker} cannot import the project "
                            f"({type(result).__name__}: {result}): {needs}")
    for worker, seen in client.run(os.path.isdir, str(build_dir)).items():
        if not seen:
            raise RunFailed(f"the Dask worker {worker} cannot see the build {build_dir}: the "
                            "checkout and the results folder must be on a file system it shares")
    tool = "vvp" if sim == "icarus" else None
    for worker, path in (client.run(shutil.which, tool) if tool else {}).items():
        if path is None:
            raise RunFailed(f"the Dask worker {worker} has no {tool} on its PATH: install Icarus "
                            "Verilog there (Debian package iverilog)")


class Interrupted(Exception):
    """Ctrl-C during a run: how far it got."""

    def __init__(self, done: int, total: int):
        super().__init__(f"interrupted after {done} of {total} trials")
        self.done, self.total = done, total


def stop_local_processes():
    """Kill every process this one started (Dask nannies, workers and their simulators)
    until none is left: a nanny may start a new worker meanwhile. SIGKILL, because a worker
    stopped gracefully reports its lost scheduler on stderr; an orphan is still ours
    (adopt_orphans)."""
    import psutil
    for _ in range(10):
        children = [c for c in psutil.Process().children(recursive=True)
                    if "resource_tracker" not in " ".join(_cmdline(c))]   # it leaves by itself
        if not children:
            return
        for child in children:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(children, timeout=3)


def runner_for(args, out: Path, workers: int = None, batch_size: int = None) -> "Runner":
    """A Runner on the build the command's options name (NUM_VFS, RTL options, simulator)."""
    return Runner(out, args.scheduler, workers or args.workers, batch_size or args.batch_size,
                  args.num_vfs, args.rtl_options, args.sim, getattr(args, "family", "igb"))


class Runner:
    """Builds the simulator once and runs trials on Dask workers, in batches."""

    def __init__(self, out: Path, scheduler: str, workers: int, batch_size: int, num_vfs: int,
                 parameters: dict = None, sim: str = "icarus", family: str = "igb"):
        self.build_dir = out / "build"
        self.sim, self.family = sim, family
        build(self.build_dir, num_vfs, parameters=parameters, sim=sim, family=family)
        self.work = out / "batches"
        self.work.mkdir(exist_ok=True)
        self.batch_size = batch_size
        self.client = dask_client(scheduler, workers)
        self.runs = 0             # Dask keys must differ between runs of one client
        try:
            check_workers(self.client, self.build_dir, sim)
        except RunFailed:
            self.shut_down()
            raise

    def run(self, trials) -> dict:
        """Run every trial; returns {trial_id: result}."""
        from dask.distributed import wait
        progress = Progress(len(trials))
        self.runs += 1
        results, pending, alone_since = {}, set(), None
        try:   # submitting takes a while: the first batches already run meanwhile
            pending = {self.client.submit(run_batch, [t.to_json() for t in b], str(self.build_dir),
                                          str(self.work), self.sim, self.family,
                                          key=f"run{self.runs}-batch{i}",
                                          pure=False)
                       for i, b in enumerate(batches(trials, self.batch_size))}
            while pending:
                try:
                    done, pending = wait(pending, timeout=5, return_when="FIRST_COMPLETED")
                except TimeoutError:   # nothing finished: are there still workers to wait for?
                    done = ()
                    alone_since = None if self.client.scheduler_info()["workers"] else \
                        alone_since or time.monotonic()
                    if alone_since and time.monotonic() - alone_since > WORKER_WAIT_S:
                        raise RunFailed(f"every Dask worker left the scheduler and none came back "
                                        f"within {WORKER_WAIT_S:g} s") from None
                for future in done:
                    batch = future.result()
                    results.update((r["trial_id"], r) for r in batch)
                    progress.add(len(batch))
        except KeyboardInterrupt:
            stop_local_processes()
            self.shut_down()
            raise Interrupted(len(results), len(trials)) from None
        except RunFailed:
            self.shut_down()
            raise
        except Exception as e:   # noqa: BLE001 (a batch or a worker failed: one line, no hang)
            self.shut_down()
            raise RunFailed(f"after {len(results)} of {len(trials)} trials: "
                            f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from None
        return results

    def shut_down(self):
        """After an interrupt: close the Dask client and its local cluster, whose processes
        stop_local_processes has killed; the scheduler's complaints about them are expected."""
        logging.getLogger("distributed").setLevel(logging.CRITICAL)
        cluster = getattr(self.client, "cluster", None)
        try:
            self.client.close(timeout=10)
            if cluster is not None:
                cluster.close(timeout=10)
        except Exception:   # noqa: BLE001 (interrupted: nothing to report beyond the one line)
            pass

    def close(self):
        """Close the client and its local cluster now, in order: left to the interpreter's
        exit, a worker may outlive the scheduler and report it on stderr."""
        cluster = getattr(self.client, "cluster", None)
        self.client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(self.work, ignore_errors=True)


# ---------------------------------------------------------------------- sweep
def sweep_points(args) -> list:
    points = []
    for vf, pf in args.pairs:
        for h in args.handler_us:
            for lo, hi in args.irq_latency_us:
                for m in args.mmio_read_us:
                    for j in args.jitter:
                        points.append(Point(len(points), vf, pf, args.profile, h, lo, hi, m, j,
                                            args.num_vfs))
    return points


def heatmap_points(args, first_id: int) -> list:
    vf, pf = report.LEGACY
    return [Point(first_id + i, vf, pf, args.profile, h, lat, lat, args.mmio_read_us[0], 0.0,
                  args.num_vfs)
            for i, (h, lat) in enumerate((h, lat) for lat in args.heatmap_irq_us
                                         for h in args.heatmap_handler_us)]


def cmd_sweep(args) -> int:
    out = prepare_out(args)
    points = sweep_points(args)
    trials = plan_trials(points, args.trials, args.seed, args.confirm_every)
    if args.heatmap_handler_us and args.heatmap_irq_us:
        grid = heatmap_points(args, len(points))
        extra = plan_trials(grid, args.heatmap_trials, args.seed, 0)
        trials += [Trial(len(trials) + t.trial_id, t.point, t.index, t.seed, t.confirm)
                   for t in extra]
        points += grid
    print(f"sweep: {len(points)} points, {len(trials)} trials, seed {args.seed}, "
          f"{'scheduler ' + args.scheduler if args.scheduler else f'{args.workers} local workers'}"
          f" -> {out}", file=sys.stderr)
    start = time.perf_counter()
    runner = runner_for(args, out)
    try:
        results = runner.run(trials)
    finally:
        runner.close()
    wall = time.perf_counter() - start
    contradicting = {t.trial_id: differences(results[t.trial_id]["early"], results[t.trial_id])
                     for t in trials if t.confirm}
    contradicting = {k: v for k, v in contradicting.items() if v}
    right, not_applicable, wrong = rules.check([results[t.trial_id] for t in trials])
    switched_on = sorted(name for name, value in args.rtl_options.items() if value)
    skipped = (f"the rule is the contract's (docs/hardware.md, every mitigation switch off); "
               f"this RTL has {', '.join(switched_on)} on" if switched_on else "")
    if skipped:   # a mitigation exists to break the rule's erased region: nothing to check
        right, not_applicable, wrong = dict.fromkeys(rules.REGIONS, 0), 0, []
    unpredicted = {row["trial_id"] for row, _, _ in wrong}
    rows = point_rows(points, trials, results, set(contradicting), unpredicted)
    report.write_csvs(out, rows, trials, results)
    if not args.no_plots:
        report.plot_failure_rate(out, rows)
        report.plot_heatmap(out, rows)
    by_id = {t.trial_id: t for t in trials}
    checks = report.Checks(
        contradictions=[(replay_command(by_id[k], results[k], args), v) for k, v in contradicting.items()],
        reran=sum(results[t.trial_id]["early"]["decided_early"] for t in trials if t.confirm),
        rule_right=right, rule_not_applicable=not_applicable, rule_skipped=skipped,
        rule_wrong=[(replay_command(by_id[row["trial_id"]], row, args), want, got)
                    for row, want, got in wrong])
    report.summary(out, "python -m explorer " + " ".join(sys.argv[1:]), rows, trials, wall,
                   args.workers, checks)
    print((out / "summary.md").read_text())
    failed = 0
    if contradicting:
        print(f"error: {len(contradicting)} confirmation runs: the early-stopped run and the run "
              f"to the end disagree (summary.md lists them with replay commands)", file=sys.stderr)
        failed = 1
    if wrong:
        print(f"error: {len(wrong)} trials contradict the failure rule (summary.md lists them "
              f"with replay commands)", file=sys.stderr)
        failed = 1
    return failed


def replay_command(trial: Trial, result: dict, args) -> str:
    """The command that runs this one trial again, stopped early and to the end, on the same
    build (RTL options, simulator)."""
    p = trial.point
    rtl_flags = "".join(f" --rtl-option {name}={value}"
                        for item in args.rtl_option for name, value in item.items())
    sim = args.sim

    def exact(x: float) -> str:   # every digit the trial used (':g' keeps only six)
        return f"{x:.6f}".rstrip("0").rstrip(".")
    return (f"python -m explorer trial --pair {p.vf}:{p.pf} --profile {p.profile} "
            f"--handler-us {exact(p.handler_us)} --irq-latency-us "
            f"{exact(result['irq_latency_us'])} --mmio-read-us {exact(p.mmio_read_us)} "
            f"--jitter {exact(p.jitter)} --num-vfs {p.num_vfs} --seed {trial.seed}"
            f"{rtl_flags}{'' if sim == 'icarus' else ' --sim ' + sim}")


# ---------------------------------------------------------------------- regions
def cmd_regions(args) -> int:
    from explorer import regions
    out = prepare_out(args)
    runner = runner_for(args, out)
    try:
        starts = regions.find_regions(args, runner)
    finally:
        runner.close()
    text = regions.table(args, starts)
    (out / "regions.md").write_text(text + "\n")
    print(text)
    return 0


# ---------------------------------------------------------------------- one trial
def cmd_trial(args) -> int:
    """One trial, stopped early and to the end: every outcome column of both runs."""
    out = prepare_out(args)
    vf, pf = args.pair
    point = Point(0, vf, pf, args.profile, args.handler_us, args.irq_latency_us,
                  args.irq_latency_us, args.mmio_read_us[0], args.jitter, args.num_vfs)
    runner = runner_for(args, out, workers=1, batch_size=1)
    try:
        result = runner.run([Trial(0, point, 0, args.seed, True)])[0]
    finally:
        runner.close()
    early = result["early"]
    print(f"{'column':32s} {'stopped early':>26s} {'to the end':>26s}")
    for c in OUTCOME_COLUMNS:
        mark = "" if early[c] == result[c] else "   <- differs"
        print(f"{c:32s} {str(early[c]):>26s} {str(result[c]):>26s}{mark}")
    want = rules.predicted(result)
    got = rules.observed(result, rules.next_fate(result)) if want else "-"
    print(f"failure rule: predicted {want or 'n/a'}, observed {got}")
    print(f"register trace digest (run to the end): {result['trace_sha1']}")
    return 1 if differences(early, result) or (want and want != got) else 0


def prepare_out(args) -> Path:
    out = Path(args.out).resolve() if args.out else \
        ROOT / "results" / time.strftime("sweep-%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    (out / "INCOMPLETE").unlink(missing_ok=True)   # an earlier interrupted run's mark
    args.out_dir = out
    return out


# ---------------------------------------------------------------------- flap (ixgbe)
def flap_points(args) -> list:
    points = []
    for vf, pf in args.pairs:
        for h in args.handler_us:
            for lo, hi in args.irq_latency_us:
                for at in args.flap_us:
                    points.append(Point(len(points), vf, pf, args.profile, h, lo, hi,
                                        args.mmio_read_us[0], 0.0, args.num_vfs, "ixgbe", at,
                                        args.down_us))
    return points


def flap_replay(trial: Trial, args) -> str:
    """The command that runs this trial alone (a drawn IRQ latency replayed as the value
    drawn). A flap trial with a fixed IRQ latency and no jitter uses its seed for nothing, so
    the lone run (another seed) is the same run."""
    p = trial.point

    def exact(x: float) -> str:
        return f"{x:.12g}"
    return (f"python -m explorer flap --pairs {p.vf}:{p.pf} --flap-us {exact(p.flap_us)} "
            f"--down-us {exact(p.down_us)} --handler-us {exact(p.handler_us)} "
            f"--irq-latency-us {exact(trial.irq_latency_us())} --profile {p.profile} "
            f"--num-vfs {p.num_vfs} --mmio-read-us {exact(p.mmio_read_us)}"
            + "".join(f" --rtl-option {k}={v}" for k, v in args.rtl_options.items()))


def cmd_flap(args) -> int:
    """The 10 GbE bring-up with the link flapping, over flap time x handler time x IRQ
    latency; one JSON line per trial (trials.jsonl, in trial order) and the regions of one
    outcome over flap time per (pair, handler, IRQ) (regions.txt)."""
    from tb.scenarios.ixgbe_hunt_report import report as regions_report
    out = prepare_out(args)
    points = flap_points(args)
    trials = plan_trials(points, args.trials, args.seed, 0)
    print(f"flap: {len(points)} points, {len(trials)} trials, seed {args.seed}, "
          f"{'scheduler ' + args.scheduler if args.scheduler else f'{args.workers} local workers'}"
          f" -> {out}", file=sys.stderr)
    runner = runner_for(args, out)
    try:
        results = runner.run(trials)
    finally:
        runner.close()
    rows = [{**results[t.trial_id], "replay": flap_replay(t, args)} for t in trials]
    (out / "trials.jsonl").write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    groups = {}
    for r in rows:
        groups.setdefault((r["pair"], r["handler_us"], r["irq_us"]), []).append(r)
    text = "\n".join(f"handler {h:g} us, IRQ latency {irq} us: " + regions_report(g)
                     for (_, h, irq), g in groups.items())
    (out / "regions.txt").write_text(text + "\n")
    print(text)
    return 0


# ---------------------------------------------------------------------- window
def cmd_window(args) -> int:
    """Move the PF's reply (its MBVFICR flush read) against the VF's next REQ one clock
    edge at a time, and report for each offset what became of SET_PROMISC."""
    out = prepare_out(args)
    vf, pf = args.pair
    lat = args.irq_latency_us

    def point(pid, handler_us):
        return Point(pid, vf, pf, args.profile, handler_us, lat, lat, args.mmio_read_us, 0.0,
                     args.num_vfs)

    runner = runner_for(args, out)
    try:
        return _window(args, out, point, runner)
    finally:
        runner.close()


def _window(args, out, point, runner) -> int:
    base = runner.run([Trial(0, point(0, args.handler_us), 0, args.seed, False)])[0]
    if None in (base["promisc_req_edge"], base["flush_read_edge"], base["lock_write_edge"]):
        print("error: the baseline has no SET_PROMISC REQ or no PF reply flush: choose another "
              "--handler-us / --irq-latency-us", file=sys.stderr)
        return 1
    req, flush = base["promisc_req_edge"], base["flush_read_edge"]
    lock_lead = flush - base["lock_write_edge"]   # the PF's lock write comes this much earlier
    trials, offsets = [], {}
    for k in range(args.edges[0], args.edges[1] + 1):
        # Every PF step after its handler work moves rigidly with the handler time.
        handler = round(args.handler_us + (req + k - flush) * CLOCK_PERIOD_US, 6)
        if handler >= 0:
            offsets[len(trials)] = k
            trials.append(Trial(len(trials), point(len(trials), handler), 0, args.seed, False))
    results = runner.run(trials)
    rows = []
    for t in trials:
        r = results[t.trial_id]
        k = offsets[t.trial_id]
        if r["flush_read_edge"] is not None and r["promisc"] == "erased" and \
                r["flush_read_edge"] - req != k:
            print(f"error: offset {k} landed at {r['flush_read_edge'] - req}", file=sys.stderr)
            return 1
        rows.append({"offset_edges": k, "handler_us": t.point.handler_us, "promisc": r["promisc"],
                     "other_losses": " ".join(sorted(set(r["lost"]) - {"SET_PROMISC"})),
                     "link_up": r["link_up"]})
    (out / "window.json").write_text(json.dumps(rows, indent=0))
    table = window_table(rows, req, lock_lead)
    (out / "window.md").write_text(table + "\n")
    print(table)
    return 0


def window_table(rows, req_edge: int, lock_lead: int) -> str:
    """Runs of equal outcome over the offset of the PF's reply (its MBVFICR flush read in
    write_mbx_pf; its lock request comes `lock_lead` edges before) from the VF's REQ
    write of SET_PROMISC, in clock edges."""
    lines = [f"Offsets in clock edges from the VF's REQ write of SET_PROMISC (edge {req_edge} of "
             f"the scenario). The PF's reply: lock request (PFU write), then {lock_lead} edges "
             "later its MBVFICR flush read.", "",
             "| PF flush read | PF lock request | SET_PROMISC | other messages lost | link |",
             "|---|---|---|---|---|"]
    run = None
    for r in sorted(rows, key=lambda r: r["offset_edges"]):
        key = (r["promisc"], r["other_losses"], r["link_up"])
        if run and run[2] == key and r["offset_edges"] == run[1] + 1:
            run[1] = r["offset_edges"]
            continue
        if run:
            lines.append(_window_line(run, lock_lead))
        run = [r["offset_edges"], r["offset_edges"], key]
    if run:
        lines.append(_window_line(run, lock_lead))
    return "\n".join(lines)


def _window_line(run, lock_lead: int) -> str:
    lo, hi, (fate, others, link) = run

    def span(a, b):
        return f"{a:+d}" if a == b else f"{a:+d} .. {b:+d}"
    return (f"| {span(lo, hi)} | {span(lo - lock_lead, hi - lock_lead)} | {fate} | "
            f"{others or '-'} | {'up' if link else 'down'} |")


# ---------------------------------------------------------------------- main
class OneLineParser(argparse.ArgumentParser):
    """An argument error is one line, naming the command, what is wrong and where the usage
    is (argparse's usage block first would push the line that matters out of sight)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (usage: {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    ap = OneLineParser(prog="python -m explorer", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)   # its parsers: OneLineParser too
    ap.set_defaults(commands=sub.choices)

    def common(p, batch_size, vfs_range=NUM_VFS_RANGE):
        p.add_argument("--profile", choices=PROFILES, default="xen-dom0",
                       help="base timing profile (default %(default)s)")
        p.add_argument("--mmio-read-us", type=numbers, default=[1.0],
                       help="MMIO read round trip(s), us (default 1)")
        p.add_argument("--seed", type=int, default=1, help="seed of the sweep (default 1)")
        p.add_argument("--batch-size", type=positive, default=batch_size,
                       help="trials per simulator process (default %(default)s)")
        p.add_argument("--workers", type=positive, default=os.cpu_count() or 1,
                       help="local Dask workers (default: all cores)")
        p.add_argument("--scheduler", metavar="ADDRESS",
                       help="a running Dask scheduler, e.g. tcp://host:8786 (dask-jobqueue)")
        p.add_argument("--num-vfs", type=lambda t: num_vfs(t, vfs_range), default=DEFAULT_NUM_VFS,
                       help="VFs in the RTL and enabled by the PF (default %(default)s, as "
                            "make SIM=icarus)")
        p.add_argument("--out", help="results folder (default results/sweep-<time>)")
        p.add_argument("--rtl-option", action="append", default=[], metavar="NAME=0|1",
                       type=rtl_option,
                       help="a hardware mitigation switch of the RTL (docs/mitigations.md: "
                            f"{', '.join(MITIGATIONS)}); repeatable; default all off")
        p.add_argument("--sim", choices=SUPPORTED_SIMS, default="icarus",
                       help="simulator (default %(default)s; verilator compiles ~20 s first)")

    s = sub.add_parser("sweep", help="failure rates over timing, per driver pair")
    s.add_argument("--pairs", type=pairs, default=ALL_PAIRS,
                   help="all | legacy | fixes | VF:PF,... (default all)")
    s.add_argument("--handler-us", type=numbers, default=numbers("0:2000:250"),
                   help="PF handler time(s) for SET_MULTICAST, us (default 0:2000:250)")
    s.add_argument("--irq-latency-us", type=latencies, default=latencies("5~2000"),
                   help="PF IRQ latency: fixed values and/or lo~hi drawn per trial (default 5~2000)")
    s.add_argument("--jitter", type=jitters, default=[0.0], help="jitter fraction(s) (default 0)")
    s.add_argument("--trials", type=positive, default=12, help="trials per point (default 12)")
    s.add_argument("--confirm-every", type=int, default=10,
                   help="every Nth trial of a point runs to the real timeout and link check "
                        "(default 10; 0: none)")
    s.add_argument("--heatmap-handler-us", type=numbers, default=None,
                   help="with --heatmap-irq-us: a handler x fixed-IRQ grid for the legacy pair")
    s.add_argument("--heatmap-irq-us", type=numbers, default=None)
    s.add_argument("--heatmap-trials", type=positive, default=1)
    s.add_argument("--no-plots", action="store_true", help="CSV and summary only")
    common(s, 48)   # few simulator start-ups: each costs about a second of CPU
    s.set_defaults(func=cmd_sweep)

    f = sub.add_parser("flap", help="the 10 GbE family (ixgbe): a link flap during VF "
                                    "bring-up, over flap time x handler time x IRQ latency")
    f.add_argument("--pairs", type=pairs, default=[IXGBE_LINUX],
                   help="ixgbe VF:PF,... (default ixgbevf-6.1:ixgbe-6.1; the real code too: "
                        "linux-ixgbevf:linux-ixgbe)")
    f.add_argument("--flap-us", type=numbers, default=numbers("13590:13610:2"),
                   help="link-down time(s) from the bring-up's start, us (default 13590:13610:2, "
                        "around SET_MULTICAST)")
    f.add_argument("--down-us", type=float, default=100.0, help="link down for, us (default 100)")
    f.add_argument("--handler-us", type=numbers, default=[100.0],
                   help="PF handler time(s) for SET_MULTICAST, us (default 100)")
    f.add_argument("--irq-latency-us", type=latencies, default=latencies("5"),
                   help="PF IRQ latency: fixed values and/or lo~hi drawn per trial (default 5)")
    f.add_argument("--trials", type=positive, default=1, help="trials per point (default 1)")
    common(f, 8, IXGBE.vfs_range)
    f.set_defaults(func=cmd_flap, family="ixgbe", profile="bare-metal", num_vfs=1)

    w = sub.add_parser("window", help="the race window in clock edges")
    w.add_argument("--pair", type=lambda t: pairs(t)[0], default=report.LEGACY,
                   help="VF:PF (default igbvf-1.1.5:igb-3.2.10)")
    w.add_argument("--handler-us", type=float, default=450.0,
                   help="baseline handler time, us (default 450: the race)")
    w.add_argument("--irq-latency-us", type=float, default=1450.0,
                   help="fixed PF IRQ latency, us (default 1450)")
    w.add_argument("--edges", type=lambda t: tuple(int(x) for x in t.split(":")),
                   default=(-300, 400), help="offsets to try, LO:HI edges; negative: write "
                   "--edges=-300:400 (default -300:400)")
    common(w, 40)
    w.set_defaults(func=cmd_window)

    r = sub.add_parser("regions", help="where each outcome region begins over handler time "
                                       "(grid, then bisection)")
    r.add_argument("--pair", type=lambda t: pairs(t)[0], default=report.LEGACY,
                   help="VF:PF (default igbvf-1.1.5:igb-3.2.10)")
    r.add_argument("--handler-us", type=numbers, default=numbers("0:1000:10"),
                   help="the grid scanned first, us (default 0:1000:10)")
    r.add_argument("--irq-latency-us", type=float, default=5.0,
                   help="fixed PF IRQ latency, us (default 5)")
    r.add_argument("--resolution-us", type=float, default=0.01,
                   help="bisect each boundary down to this, us (default 0.01)")
    common(r, 8)
    r.set_defaults(func=cmd_regions, profile="bare-metal")

    t = sub.add_parser("trial", help="one trial, stopped early and to the end (the replay "
                                     "command a sweep prints)")
    t.add_argument("--pair", type=lambda t: pairs(t)[0], default=report.LEGACY,
                   help="VF:PF (default igbvf-1.1.5:igb-3.2.10)")
    t.add_argument("--handler-us", type=float, default=450.0, help="SET_MULTICAST handler, us")
    t.add_argument("--irq-latency-us", type=float, default=1450.0, help="PF IRQ latency, us")
    t.add_argument("--jitter", type=lambda t: jitters(t)[0], default=0.0)
    common(t, 1)
    t.set_defaults(func=cmd_trial)
    return ap


def main(argv=None) -> int:
    """Ctrl-C stops the run with one line: the workers and their simulators are ended, the
    results folder is marked INCOMPLETE (its CSVs and plots, if any, are from an earlier run)
    and its unfinished batches are removed; exit 130."""
    args = parse(argv)
    # Our own Ctrl-C handling, whatever we inherited: a background job of a non-interactive
    # shell starts with SIGINT ignored, and Ctrl-C would then do nothing.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return run_command(args)
    except (Interrupted, KeyboardInterrupt, RunFailed) as e:
        stop_local_processes()
        out = getattr(args, "out_dir", None)
        where = ""
        if out is not None:
            shutil.rmtree(out / "batches", ignore_errors=True)
            (out / "INCOMPLETE").write_text(
                f"{str(e) or 'interrupted'} at {time.strftime('%Y-%m-%d %H:%M:%S')}: the CSVs and "
                "plots here, if any, are from an earlier run\n")
            where = f"; {out} marked INCOMPLETE"
        print(f"{str(e) or 'interrupted'}{where}", file=sys.stderr)
        return 1 if isinstance(e, RunFailed) else 130


def parse(argv=None):
    """The arguments; an unknown option is reported by its command's parser (`explorer
    window: unrecognized arguments: --bogus`), not by the top level's."""
    args, extra = parser().parse_known_args(argv)
    if extra:
        args.commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def run_command(args) -> int:
    args.rtl_options = {k: v for item in args.rtl_option for k, v in item.items()}
    want = getattr(args, "family", "igb")
    for vf, pf in getattr(args, "pairs", []):
        if FAMILY_OF.get(vf) != want or FAMILY_OF.get(pf) != want:
            other = "explorer flap" if want == "igb" else "explorer sweep"
            parser().error(f"--pairs {vf}:{pf}: `{args.command}` runs {want} pairs ({other} "
                           "runs the other family)")
    if args.command == "window" and args.edges[0] > args.edges[1]:
        args.commands["window"].error(f"--edges {args.edges[0]}:{args.edges[1]}: LO must not exceed HI")
    if args.command == "window":
        args.mmio_read_us = args.mmio_read_us[0]
    if args.command == "regions" and not args.resolution_us > 0:
        args.commands["regions"].error(f"--resolution-us {args.resolution_us:g}: must be above 0")
    return args.func(args)
