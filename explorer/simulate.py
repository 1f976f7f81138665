"""Running batches of trials in simulator processes (what a Dask worker does).

The simulator is built once per sweep (`tb.build.build`); each batch then runs in its own
test directory, so that any number of batches can run at once from one build.
"""

import json
import sys
import tempfile
from pathlib import Path

from tb import build as sim_build
from tb.family import named


def build(build_dir: Path, num_vfs: int = sim_build.DEFAULT_NUM_VFS, parameters: dict = None,
          sim: str = "icarus", family: str = "igb", bus_path: str = None):
    """`parameters`: the RTL's mitigation switches, {NAME: 1} (tb.rtl_options); `family`:
    the device family whose top is built (tb.family); `bus_path`: tb.build.BUS_PATHS
    (default $BUS_PATH or python)."""
    sim_build.build(build_dir, num_vfs, sim=sim, log_file=Path(build_dir) / "build.log",
                    parameters=parameters, family=named(family), bus_path=bus_path)


def run_batch(trials_json: list, build_dir: str, work_dir: str = None,
              sim: str = "icarus", family: str = "igb", bus_path: str = None) -> list:
    """Run one batch in a simulator process (`sim`, `family`, `bus_path`: those of the
    build); returns one result dict per trial."""
    work = Path(tempfile.mkdtemp(prefix="batch-", dir=work_dir))
    batch_file, out_file = work / "batch.json", work / "results.json"
    batch_file.write_text(json.dumps(trials_json))
    try:
        sim_build.run("explorer.batch_cocotb", build_dir, test_dir=work, log_file=work / "sim.log",
                      sim=sim, family=named(family), bus_path=bus_path,
                      env={"EXPLORER_BATCH": str(batch_file), "EXPLORER_OUT": str(out_file),
                           # A batch reports results, not assertion messages: no pytest
                           # rewriting of every module at each start (a quarter second).
                           "COCOTB_REWRITE_ASSERTION_FILES": ""})
    except sim_build.SimulationFailed as e:
        raise RuntimeError(f"batch failed: {e}") from e
    if not out_file.exists():
        raise RuntimeError(f"batch wrote no results, see {work / 'sim.log'}")
    return json.loads(out_file.read_text())


if __name__ == "__main__":   # a batch by hand: python -m explorer.simulate BUILD_DIR BATCH.json [SIM]
    print(json.dumps(run_batch(json.loads(Path(sys.argv[2]).read_text()), sys.argv[1],
                               sim=sys.argv[3] if len(sys.argv) > 3 else "icarus")))
