"""BUS_PATH=hdl changes nothing the pins show: every scenario of the family's regression
(`make SIM=... [FAMILY=ixgbe]`, the race included) gives the same register trace, edge for
edge, through the shell's clock, transactors and monitor half (tb/hdl/mailbox_shell.v) as
through the Python agents, clock and monitor (the reference); and explorer trials with host
jitter end alike in every column. The golden race copy on the hdl path:
`BUS_PATH=hdl pytest tests/test_race.py -k golden`."""

import pytest

from explorer.simulate import build, run_batch
from explorer.trials import Point, plan_trials
from tb.build import BUS_PATHS
from tb.family import FAMILIES
from tests.ixgbe_race_tests import PAIRS as IXGBE_MODEL_PAIRS
from tests.race_tests import ALL_PAIRS as IGB_MODEL_PAIRS

# The race runs the model pairs only: a real-code pair's SET_MULTICAST sends words its C code
# never filled (stack contents, docs/drivers-ixgbe.md 3.5), different in every process, so no
# two runs of it trace alike, whatever the bus path. The bus layer is the same for every pair.
MODEL_PAIRS = {"igb": IGB_MODEL_PAIRS, "ixgbe": IXGBE_MODEL_PAIRS}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_register_trace_is_the_same_on_both_bus_paths(sim, tmp_path, family):
    family = FAMILIES[family]
    traces = {}
    for path in BUS_PATHS:
        out = tmp_path / f"trace-{path}.txt"
        # Fixed seeds: the random regression draws the same accesses on both paths.
        sim(family.regression, family.default_num_vfs, family=family, bus_path=path,
            env={"REGISTER_TRACE_FILE": str(out), "MAILBOX_SEED": "21",
                 "COCOTB_RANDOM_SEED": "21", "FAMILY": family.name,
                 "RACE_PAIRS": ",".join(f"{vf}:{pf}" for vf, pf in MODEL_PAIRS[family.name])})
        traces[path] = out.read_text().splitlines()
    reference, hdl = traces["python"], traces["hdl"]
    assert sum("Transfer(" in line for line in reference) > 10000, "too few transfers traced"
    first = next((i for i, (a, b) in enumerate(zip(reference, hdl)) if a != b), None)
    assert first is None, (f"line {first + 1} differs: python {reference[first]!r}, "
                           f"hdl {hdl[first]!r}")
    assert len(reference) == len(hdl)


def test_explorer_trials_end_alike_on_both_bus_paths(simulator, tmp_path):
    """The legacy pair and the seed's patch under jittered host costs (the PF and VF hosts
    draw from one generator, so the order in which their coroutines resume counts): every
    outcome column, register trace digest included, and the confirmation runs."""
    points = [Point(i, vf, "igb-3.2.10", "xen-dom0", handler, 5.0, 2000.0, 1.0, 0.2)
              for i, (vf, handler) in enumerate([("igbvf-1.1.5", 450.0), ("igbvf-1.1.5", 0.0),
                                                 ("igbvf-1.1.5-patch", 450.0)])]
    trials = [t.to_json() for t in plan_trials(points, 6, 21, 3)]
    results = {}
    for path in BUS_PATHS:
        build(tmp_path / path, sim=simulator, bus_path=path)
        results[path] = run_batch(trials, str(tmp_path / path), str(tmp_path), sim=simulator,
                                  bus_path=path)
    assert len(results["python"]) == len(trials)
    assert any(not r["link_up"] for r in results["python"]), "no trial lost the race"
    for reference, hdl in zip(results["python"], results["hdl"]):
        assert reference == hdl, f"trial {reference['trial_id']} differs"
