"""The explorer on a Dask cluster of one's own (README: "a farm of your own"), started as the
README says: `dask scheduler`, then `dask worker` from the checkout's .venv; a sweep through
`--scheduler` runs on it. A worker that cannot import the project makes the sweep fail in one
line naming the cause, well within a minute, with its folder marked INCOMPLETE (it waited
forever, silently, before)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tb.build import ROOT

VENV_BIN = Path(sys.executable).parent
SITE_PACKAGES = next(Path(p) for p in sys.path if p.endswith("site-packages"))


def start(cmd, log: Path, env=None) -> subprocess.Popen:
    """Started in the log's directory, away from the checkout (`python -m` puts the current
    directory on sys.path)."""
    with open(log, "w") as f:   # the child keeps its own copy of the descriptor
        return subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=log.parent,
                                env={**os.environ, **(env or {})}, start_new_session=True)


def stop(proc: subprocess.Popen):
    """End a process this test started, and the processes it started (its own session)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.fixture
def scheduler(tmp_path):
    """`dask scheduler` on a free port; yields its address."""
    address_file = tmp_path / "scheduler.json"
    proc = start([str(VENV_BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                  "--no-dashboard", "--scheduler-file", str(address_file)], tmp_path / "scheduler.log")
    deadline = time.monotonic() + 60
    while not address_file.is_file() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    assert address_file.is_file(), (tmp_path / "scheduler.log").read_text()[-2000:]
    yield json.loads(address_file.read_text())["address"]
    stop(proc)


def explorer_sweep(address: str, out: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "explorer", "sweep", "--scheduler", address,
                           "--pairs", "legacy", "--handler-us", "0", "--irq-latency-us", "5",
                           "--trials", "2", "--no-plots", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_a_sweep_runs_on_a_scheduler_and_worker_started_as_the_readme_says(scheduler, tmp_path):
    worker = start([str(VENV_BIN / "dask"), "worker", scheduler, "--nworkers", "1",
                    "--nthreads", "1", "--no-dashboard"], tmp_path / "worker.log")
    try:
        run = explorer_sweep(scheduler, tmp_path / "out")
    finally:
        stop(worker)
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"scheduler {scheduler}" in run.stdout
    rows = (tmp_path / "out" / "trials.csv").read_text().splitlines()
    assert len(rows) == 1 + 2 and not (tmp_path / "out" / "INCOMPLETE").exists()


def test_a_worker_that_cannot_import_the_project_fails_the_sweep_in_one_line(scheduler, tmp_path):
    """The worker has the pinned packages (PYTHONPATH) but not the project: -S skips the
    site-packages .pth files, among them the checkout's editable install."""
    worker = start([sys.executable, "-S", "-m", "distributed.cli.dask_worker", scheduler,
                    "--nthreads", "1", "--no-nanny", "--no-dashboard"], tmp_path / "worker.log",
                   env={"PYTHONPATH": str(SITE_PACKAGES)})
    try:
        started = time.monotonic()
        run = explorer_sweep(scheduler, tmp_path / "out", timeout=150)   # it used to hang
        took = time.monotonic() - started
    finally:
        stop(worker)
    assert run.returncode == 1, run.stderr[-2000:]
    lines = run.stderr.strip().splitlines()   # the sweep's header line, then the reason
    assert len(lines) == 2 and lines[0].startswith("sweep: ") and "Traceback" not in run.stderr
    assert "cannot import the project" in lines[1] and "No module named 'explorer'" in lines[1] \
        and "marked INCOMPLETE" in lines[1], lines[1]
    assert (tmp_path / "out" / "INCOMPLETE").is_file() and not (tmp_path / "out" / "batches").exists()
    assert took < 60 + 30, f"{took:.0f} s"   # the worker check's bound, plus the build
