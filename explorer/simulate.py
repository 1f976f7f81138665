"""Running batches of trials in simulator processes (what a Dask worker does).

The simulator is built once per sweep (`build()`); each batch then runs in its own test
directory, so that any number of batches can run at once from one build.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
RTL = ROOT / "rtl"
TOPLEVEL = "pf_vf_mailbox"
PYTHONPATH = os.pathsep.join(str(ROOT / d) for d in ("", "tests"))


def build(build_dir: Path, num_vfs: int = 8):
    from cocotb_tools.runner import get_runner
    get_runner("icarus").build(
        sources=sorted(RTL.glob("*.v")), includes=[RTL], hdl_toplevel=TOPLEVEL,
        parameters={"NUM_VFS": num_vfs}, build_dir=build_dir, timescale=("1ns", "1ps"),
        always=True, log_file=str(Path(build_dir) / "build.log"))


def run_batch(trials_json: list, build_dir: str, work_dir: str = None) -> list:
    """Run one batch in a simulator process; returns one result dict per trial."""
    from cocotb_tools.runner import get_runner
    work = Path(tempfile.mkdtemp(prefix="batch-", dir=work_dir))
    batch_file, out_file = work / "batch.json", work / "results.json"
    batch_file.write_text(json.dumps(trials_json))
    runner = get_runner("icarus")
    try:
        runner.test(hdl_toplevel=TOPLEVEL, hdl_toplevel_lang="verilog",
                    test_module="explorer.batch_cocotb",
                    build_dir=build_dir, test_dir=work,
                    extra_env={"PYTHONPATH": PYTHONPATH, "EXPLORER_BATCH": str(batch_file),
                               "EXPLORER_OUT": str(out_file)},
                    results_xml=str(work / "results.xml"), log_file=str(work / "sim.log"))
    except (SystemExit, subprocess.CalledProcessError) as e:
        raise RuntimeError(f"simulator failed on a batch, see {work / 'sim.log'}") from e
    failures = ElementTree.parse(work / "results.xml").getroot().findall(".//failure")
    if failures or not out_file.exists():
        raise RuntimeError(f"batch failed, see {work / 'sim.log'}")
    return json.loads(out_file.read_text())


if __name__ == "__main__":   # a batch by hand: python -m explorer.simulate BUILD_DIR BATCH.json
    print(json.dumps(run_batch(json.loads(Path(sys.argv[2]).read_text()), sys.argv[1])))
