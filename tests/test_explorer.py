"""The race explorer itself: statistics, argument checking; a tiny sweep that must give
byte-identical CSVs with one trial per simulator process on two Dask workers and 24 per
process on one (trials independent of what ran before them), with its plots rendered; the
same trials stopped early and run to the end agree on every column; the failure rule holds
on trials of every outcome region, and a sweep whose trials contradict it (or whose
confirmation runs disagree) fails, printing the replay command."""

import copy
import csv
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from explorer import cli, rules
from explorer.cli import parse, parser, run_command
from explorer.columns import MESSAGES, OUTCOME_COLUMNS, differences
from tb.build import ROOT
from explorer.stats import POINT_COLUMNS, wilson
from explorer.trials import Point, batches, plan_trials


def test_wilson_interval():
    assert wilson(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    lo, hi = wilson(5, 10)
    assert (lo, hi) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert wilson(10, 10)[1] == pytest.approx(1.0)


def test_trial_seeds_do_not_depend_on_batching():
    point = Point(3, "igbvf-1.1.5", "igb-3.2.10", "xen-dom0", 450, 5, 2000, 1.0, 0)
    trials = plan_trials([point], 10, 7, 4)
    assert [t.seed for t in trials] == [t.seed for b in batches(trials, 3) for t in b]
    assert len({t.seed for t in trials}) == 10
    assert [t.confirm for t in trials] == [i % 4 == 0 for i in range(10)]
    assert 5 <= trials[1].irq_latency_us() <= 2000


@pytest.mark.parametrize("argv,allowed", [
    (["sweep", "--handler-us", "a:b"], "'a:b:step', 'a,b,c' or 'a'"),
    (["sweep", "--irq-latency-us", "9~3"], "'lo~hi' with 0 <= lo < hi"),
    (["sweep", "--pairs", "igbvf-9:igb-3.2.10"], "VF driver 'igbvf-9' is unknown: allowed igbvf-1.1.5"),
    (["sweep", "--num-vfs", "9"], "'9': allowed 1..8"),
    (["regions", "--num-vfs", "0"], "'0': allowed 1..8"),
    (["sweep", "--jitter", "2"], "jitter must be below 1"),
    (["sweep", "--trials", "0"], "whole number >= 1"),
    (["sweep", "--profile", "kvm"], "choose from"),
    (["window", "--rtl-option", "PFU_WAITS_FOR_REQ=2"], "NAME=0|1 with NAME one of PFU_WAITS"),
    (["window", "--bogus"], "explorer window: unrecognized arguments: --bogus"),
    (["window", "--edges=5:1"], "explorer window: --edges 5:1: LO must not exceed HI"),
])
def test_bad_arguments_get_one_line_naming_what_is_allowed(argv, allowed, capsys):
    """One line, no usage block before it; an unknown option is named by its command."""
    with pytest.raises(SystemExit) as exit_:
        run_command(parse(argv))
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and allowed in error[0] and "--help" in error[0], error


def sweep(out, workers, batch_size, simulator, seed=5):
    cmd = [sys.executable, "-m", "explorer", "sweep", "--sim", simulator, "--pairs",
           "legacy,igbvf-1.1.5-patch:igb-3.2.10", "--handler-us", "0,450",
           "--irq-latency-us", "5~2000", "--trials", "3", "--confirm-every", "2",
           "--heatmap-handler-us", "0,450", "--heatmap-irq-us", "1000,1450",
           "--seed", str(seed), "--workers", str(workers), "--batch-size", str(batch_size),
           "--out", str(out)]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return out


def test_tiny_sweep_is_identical_whatever_the_batch_size_and_workers(tmp_path, simulator):
    """Batch size 1 (each trial alone in its simulator) on two workers, and 24 (all of them
    one after another in one simulator) on one: byte-identical CSVs, register trace digests
    included. Fails if a trial's device state depends on what ran before it (e.g. mailbox
    memory left by the previous trial: tb.clear_memory)."""
    one = sweep(tmp_path / "one", workers=2, batch_size=1, simulator=simulator)
    many = sweep(tmp_path / "many", workers=1, batch_size=24, simulator=simulator)
    for name in ("points.csv", "trials.csv"):
        assert (one / name).read_bytes() == (many / name).read_bytes(), name
    rows = list(csv.DictReader(open(one / "points.csv")))
    assert list(rows[0]) == POINT_COLUMNS
    assert len(rows) == 4 + 4 and sum(int(r["trials"]) for r in rows) == 4 * 3 + 4
    assert {r["num_vfs"] for r in rows} == {"8"}
    legacy = [r for r in rows if r["vf"] == "igbvf-1.1.5" and r["irq_latency_us"] == "5~2000"]
    assert all(float(r["wilson_lo"]) <= float(r["failure_rate"]) <= float(r["wilson_hi"])
               for r in rows)
    assert sum(int(r["confirmed_runs"]) for r in legacy) == 4
    assert all(r["confirm_contradictions"] == r["rule_contradictions"] == "0" for r in rows)
    fixed = [r for r in rows if r["vf"] == "igbvf-1.1.5-patch"]
    assert all(r["failures"] == "0" for r in fixed), "the seed's patch never loses"
    for png in ("failure_rate_vs_handler.png", "heatmap_handler_irq.png"):
        data = (one / png).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, png
    assert "9 times out of 10" in (one / "summary.md").read_text()


# --------------------------------------------------------------------------- early stop, rule
# bare-metal, IRQ latency 5 us: the legacy pair's regions over the handler time
# (`python -m explorer regions`): clear, never sent from 477.50 us, reply dropped from
# 480.86 us, erased from 484.10 us; upstream igb holds its lock: never sent.
REGION_SWEEP = ["sweep", "--pairs", "legacy,igbvf-1.1.5:igb-upstream,igbvf-upstream:igb-3.2.10",
                "--profile", "bare-metal", "--irq-latency-us", "5",
                "--handler-us", "470,478,482,484.05,490", "--trials", "1", "--confirm-every", "1",
                "--workers", "2", "--batch-size", "8", "--no-plots"]


@pytest.fixture(scope="module")
def region_sweep(tmp_path_factory):
    """Every trial of REGION_SWEEP run both stopped early and to the end; the results as
    the runner returned them, for the tests below to replay through the sweep's checks."""
    out = tmp_path_factory.mktemp("regions")
    captured = {}
    real_run = cli.Runner.run

    def run(self, trials):
        captured.update(real_run(self, trials))
        return captured

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli.Runner, "run", run)
        code = cli.main(REGION_SWEEP + ["--out", str(out)])
    return code, out, captured


def test_early_stop_agrees_with_runs_to_the_end_on_every_column(region_sweep):
    code, out, results = region_sweep
    assert code == 0, (out / "summary.md").read_text()
    assert len(results) == 15 and all("early" in r for r in results.values())
    for tid, r in results.items():
        assert not differences(r["early"], r), (tid, differences(r["early"], r))
    stopped = [r for r in results.values() if r["early"]["fate_SET_PROMISC"] == "erased"]
    assert stopped, "no trial stopped at an erasure: the comparison proves nothing"
    trials = list(csv.DictReader(open(out / "trials.csv")))
    seen = {t["rule_observed"] for t in trials}
    assert seen == {"clear", "never sent", "reply dropped", "erased"}, seen
    assert all(t["rule_predicted"] == t["rule_observed"] for t in trials)
    summary = (out / "summary.md").read_text()
    assert re.search(r"It predicted 15 of 15 trials \(erased: [1-9]\d*, reply dropped: [1-9]\d*, "
                     r"never sent: [1-9]\d*, clear: [1-9]\d*\); 0 contradict it", summary), summary
    # the table's erased column and the rule's erased region, both counted and told apart
    table = sum(any(t[f"fate_{m}"] == "erased" for m in MESSAGES) for t in trials)
    erased_next = sum(t["rule_observed"] == "erased" for t in trials)
    assert f"The table's erased column ({table}) counts trials with any message erased" in summary
    assert f"erased in {erased_next} trials: the other {table - erased_next} " in summary, summary


def test_the_replay_command_reproduces_a_trial(region_sweep, tmp_path):
    _, out, results = region_sweep
    trials = list(csv.DictReader(open(out / "trials.csv")))
    row = next(t for t in trials if t["rule_observed"] == "erased")
    trial = next(t for t in plan_sweep() if t.trial_id == int(row["trial_id"]))
    args = cli.parser().parse_args(REGION_SWEEP)
    command = cli.replay_command(trial, results[trial.trial_id], args).split()[1:]
    run = subprocess.run([sys.executable, *command, "--out", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    assert f"register trace digest (run to the end): {row['trace_sha1']}" in run.stdout


def plan_sweep():
    args = parser().parse_args(REGION_SWEEP)
    return plan_trials(cli.sweep_points(args), args.trials, args.seed, args.confirm_every)


class Replayed:
    """A Runner that returns recorded results (no simulator): the sweep's checks on them."""
    results = {}

    def __init__(self, *args):
        pass

    def run(self, trials):
        return self.results

    def close(self):
        pass


def rerun(results, tmp_path, monkeypatch, capsys, extra=()):
    monkeypatch.setattr(cli, "Runner", Replayed)
    Replayed.results = results
    code = cli.main(REGION_SWEEP + list(extra) + ["--out", str(tmp_path)])
    return code, (tmp_path / "summary.md").read_text(), capsys.readouterr().err


@pytest.mark.parametrize("column", ["link_up", "fate_SET_LPE", "replies_dropped",
                                    "reply_lock_to_req_edges"])
@pytest.mark.parametrize("which", ["early", "full"])
def test_a_confirmation_run_that_disagrees_fails_the_sweep(region_sweep, tmp_path, monkeypatch,
                                                           capsys, column, which):
    results = copy.deepcopy(region_sweep[2])
    tid = next(k for k, r in results.items() if r["fate_SET_PROMISC"] == "erased")
    target = results[tid]["early"] if which == "early" else results[tid]
    target[column] = {"link_up": True, "fate_SET_LPE": "delivered", "replies_dropped":
                      "SET_VLAN", "reply_lock_to_req_edges": 7}[column]
    code, summary, err = rerun(results, tmp_path, monkeypatch, capsys)
    assert code == 1 and "1 confirmation runs" in err
    assert "--seed " in summary and column in summary
    line = next(x for x in summary.splitlines() if column in x and "explorer trial" in x)
    assert "--irq-latency-us 5 " in line and "--pair igbvf-1.1.5:igb-3.2.10" in line


def test_a_trial_that_contradicts_the_rule_fails_the_sweep(region_sweep, tmp_path, monkeypatch,
                                                          capsys):
    results = copy.deepcopy(region_sweep[2])
    tid = next(k for k, r in results.items() if r["fate_SET_PROMISC"] == "delivered"
               and not r["replies_dropped"])
    for r in (results[tid], results[tid]["early"]):   # both runs: no confirmation mismatch
        r["reply_lock_to_req_edges"] = rules.ERASE_MIN_EDGES
    code, summary, err = rerun(results, tmp_path, monkeypatch, capsys)
    assert code == 1 and "1 trials contradict the failure rule" in err
    assert "predicted erased, observed clear: `python -m explorer trial" in summary


def test_the_rule_is_not_held_against_a_mitigated_rtl(region_sweep, tmp_path, monkeypatch,
                                                      capsys):
    """The rule is the contract's: a mitigation exists to turn its erased region clear. A
    sweep with a switch on (make mitigations-png runs two) says the rule was not checked and
    does not fail on it."""
    results = copy.deepcopy(region_sweep[2])
    tid = next(k for k, r in results.items() if r["fate_SET_PROMISC"] == "delivered"
               and not r["replies_dropped"])
    for r in (results[tid], results[tid]["early"]):
        r["reply_lock_to_req_edges"] = rules.ERASE_MIN_EDGES   # what a mitigation makes of it
    code, summary, err = rerun(results, tmp_path, monkeypatch, capsys,
                               ["--rtl-option", "PROTECT_VF_REQUEST=1"])
    assert code == 0, err
    assert "Not checked: the rule is the contract's" in summary
    assert "PROTECT_VF_REQUEST on" in summary and "contradict it" not in summary


@pytest.mark.parametrize("p_r,p_v,locks,in_hold,region", [
    (1, 400, 1, 0, "erased"),            # the PF's lock one edge after the REQ
    (0, 400, 1, 0, "reply dropped"),     # on the REQ's edge: a same-edge release
    (-300, 1, 1, 0, "reply dropped"),    # one edge after the VF's lock
    (-301, 0, 1, 1, "never sent"),       # a tie on the lock: the PF wins
    (-5000, -4600, 2, 2, "never sent"),  # every try in the PF's hold
    (-5000, -4600, 2, 1, "clear"),       # a later try got the lock
    (-60000, -59600, 1, 0, "clear"),
    (-560663, 64894, 1, 1, "never sent"),  # before P but in upstream igb's hold from its ACK
    (-560663, 64894, 2, 1, "clear"),     # ... and a later try got the lock: no VFU against P
])
def test_the_failure_rule_at_its_edges(p_r, p_v, locks, in_hold, region):
    row = {"ack_to_poll_edges": 59991, "reply_lock_to_req_edges": p_r,
           "reply_lock_to_vf_lock_edges": p_v, "next_vf_locks": locks,
           "next_vf_locks_in_pf_hold": in_hold}
    assert rules.predicted(row) == region


def test_the_failure_rule_past_the_sleep_workaround(tmp_path):
    """igbvf-1.1.5-sleep against upstream igb with the PF's reply later than the 5 ms sleep:
    the VF's one-try lock for SET_PROMISC lands before the PF's reply lock, but inside the
    lock upstream igb holds from its ACK, so the message is never sent (no reply dropped)."""
    cmd = [sys.executable, "-m", "explorer", "trial", "--pair", "igbvf-1.1.5-sleep:igb-upstream",
           "--profile", "bare-metal", "--handler-us", "6000", "--irq-latency-us", "5",
           "--workers", "1", "--out", str(tmp_path)]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "failure rule: predicted never sent, observed never sent" in run.stdout, run.stdout


def trial_output(tmp_path, num_vfs) -> dict:
    cmd = [sys.executable, "-m", "explorer", "trial", "--num-vfs", str(num_vfs), "--workers", "1",
           "--out", str(tmp_path / f"vfs{num_vfs}")]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return {line.split()[0]: line.split()[-1] for line in run.stdout.splitlines() if line}


def test_the_number_of_vfs_reaches_the_pf(tmp_path):
    """--num-vfs builds the RTL with that many VFs and the PF enables them all: igb_msg_task
    then visits each on every interrupt, and the register trace shows it."""
    one, eight = trial_output(tmp_path, 1), trial_output(tmp_path, 8)
    assert one["register"] != eight["register"]   # the trace digest line


def test_outcome_columns_differ_both_ways():
    a = {c: 0 for c in OUTCOME_COLUMNS}
    assert differences(a, dict(a)) == []
    for c in OUTCOME_COLUMNS:
        b = dict(a, **{c: 1})
        assert differences(a, b) == [f"{c}: 0 / 1"] and differences(b, a) == [f"{c}: 1 / 0"]


def test_ctrl_c_stops_a_sweep_in_one_line_and_marks_its_results(tmp_path):
    """SIGINT to the whole process group, as a terminal's Ctrl-C sends it: one line, exit 130,
    no traceback from the client, the workers or the simulators, none of them left running,
    the unfinished batches gone and the folder marked INCOMPLETE."""
    import psutil
    out = tmp_path / "sweep"
    proc = subprocess.Popen(
        [sys.executable, "-m", "explorer", "sweep", "--pairs", "legacy", "--handler-us",
         "0:2000:100", "--trials", "20", "--workers", "2", "--batch-size", "4", "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,   # and with SIGINT ignored, as `make sweep &` in a script starts it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    deadline = time.time() + 120
    while not any((out / "batches").glob("batch-*")) and time.time() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the sweep ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr[-2000:]
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("interrupted after ") and " of 420 trials" in last, last
    assert (out / "INCOMPLETE").is_file() and not (out / "batches").exists()
    # multiprocessing's resource tracker leaves only when the client has exited: give a
    # process already on its way out a moment, but not one that stays
    ending = [p for p in psutil.process_iter(["pid"]) if _in_session(p, proc.pid)]
    _, left = psutil.wait_procs(ending, timeout=10)
    left = [p for p in left if _in_session(p, proc.pid)]
    assert not left, f"still running: {[(p.pid, _cmdline(p)) for p in left]}"


def _cmdline(process) -> str:
    try:
        return " ".join(process.cmdline())
    except Exception:   # noqa: BLE001 (it ended meanwhile)
        return "?"


def _in_session(process, sid: int) -> bool:
    import psutil
    try:   # a zombie is already dead: only its parent's bookkeeping is left
        return os.getsid(process.pid) == sid and process.status() != psutil.STATUS_ZOMBIE
    except (ProcessLookupError, PermissionError, psutil.Error):
        return False


# --------------------------------------------------------------------------- the ixgbe family
def flap_sweep(out, workers, batch_size, simulator):
    cmd = [sys.executable, "-m", "explorer", "flap", "--sim", simulator,
           "--flap-us", "13590,13598,13602,13606", "--irq-latency-us", "5",
           "--workers", str(workers), "--batch-size", str(batch_size), "--out", str(out)]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return out


def test_flap_sweep_finds_the_silent_window_whatever_the_batching(tmp_path, simulator):
    """explorer flap (ixgbe, Linux pair, bare-metal, IRQ latency 5 us): the ping erases
    SET_MULTICAST silently for flaps 13596 .. 13603 us (README "The 10 GbE drivers", the
    hunt); outside it a PF message is overwritten. One trial per process on two workers and
    all in one process give the same lines, register trace digests included; a silent
    trial's replay command, run alone, gives the same register trace."""
    one = flap_sweep(tmp_path / "one", 2, 1, simulator)
    many = flap_sweep(tmp_path / "many", 1, 4, simulator)
    assert (one / "trials.jsonl").read_bytes() == (many / "trials.jsonl").read_bytes()
    rows = [json.loads(line) for line in (one / "trials.jsonl").read_text().splitlines()]
    assert {r["flap_us"]: r["class"] for r in rows} == {
        13590.0: "reply-lost", 13598.0: "silent", 13602.0: "silent", 13606.0: "reply-lost"}
    assert all(r["silent"] == ["SET_MULTICAST"] for r in rows if r["class"] == "silent")
    silent_one = next(r for r in rows if r["class"] == "silent")
    alone = subprocess.run(silent_one["replay"].replace("python", sys.executable, 1).split()
                           + ["--sim", simulator, "--workers", "1", "--out", str(tmp_path / "r")],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert alone.returncode == 0, alone.stderr[-2000:]
    again = json.loads((tmp_path / "r" / "trials.jsonl").read_text())
    assert (again["class"], again["trace_sha1"]) == ("silent", silent_one["trace_sha1"])
    regions = (one / "regions.txt").read_text()
    silent = [line for line in regions.splitlines() if "silent: SET_MULTICAST" in line]
    assert [line.split()[0] for line in silent] == ["13598.000", "13602.000"], regions


@pytest.mark.parametrize("command,pair,other", [
    ("flap", "igbvf-1.1.5:igb-3.2.10", "explorer sweep"),
    ("sweep", "ixgbevf-6.1:ixgbe-6.1", "explorer flap")])
def test_a_pair_of_the_other_family_is_one_line(command, pair, other, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--pairs", pair, "--out", "/nonexistent/never-made"])
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert pair in error and other in error
