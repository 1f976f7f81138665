"""The race explorer itself: statistics, argument checking, and a tiny sweep that must give
byte-identical CSVs on one and two Dask workers, with its plots rendered."""

import csv
import subprocess
import sys

import pytest

from explorer.cli import parser
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
    (["sweep", "--pairs", "igbvf-9:igb-3.2.10"], "(or a set: all, legacy, fixes"),
    (["sweep", "--jitter", "2"], "jitter must be below 1"),
    (["sweep", "--trials", "0"], "whole number >= 1"),
    (["sweep", "--profile", "kvm"], "choose from"),
])
def test_bad_arguments_get_one_line_naming_what_is_allowed(argv, allowed, capsys):
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args(argv)
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert allowed in error


def sweep(out, workers, seed=5):
    cmd = [sys.executable, "-m", "explorer", "sweep", "--pairs",
           "legacy,igbvf-1.1.5-patch:igb-3.2.10", "--handler-us", "0,450",
           "--irq-latency-us", "5~2000", "--trials", "3", "--confirm-every", "2",
           "--heatmap-handler-us", "0,450", "--heatmap-irq-us", "1000,1450",
           "--seed", str(seed), "--workers", str(workers), "--batch-size", "5", "--out", str(out)]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return out


def test_tiny_sweep_is_identical_on_one_and_two_workers(tmp_path):
    one = sweep(tmp_path / "one", workers=1)
    two = sweep(tmp_path / "two", workers=2)
    for name in ("points.csv", "trials.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    rows = list(csv.DictReader(open(one / "points.csv")))
    assert list(rows[0]) == POINT_COLUMNS
    assert len(rows) == 4 + 4 and sum(int(r["trials"]) for r in rows) == 4 * 3 + 4
    legacy = [r for r in rows if r["vf"] == "igbvf-1.1.5" and r["irq_latency_us"] == "5~2000"]
    assert all(float(r["wilson_lo"]) <= float(r["failure_rate"]) <= float(r["wilson_hi"])
               for r in rows)
    assert sum(int(r["confirmed_runs"]) for r in legacy) == 4
    assert all(int(r["early_mismatches"]) == 0 for r in rows)
    fixed = [r for r in rows if r["vf"] == "igbvf-1.1.5-patch"]
    assert all(r["failures"] == "0" for r in fixed), "the seed's patch never loses"
    for png in ("failure_rate_vs_handler.png", "heatmap_handler_irq.png"):
        data = (one / png).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, png
    assert "9 times out of 10" in (one / "summary.md").read_text()
