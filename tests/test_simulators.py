"""Two simulators, one reading of the Verilog: Icarus and Verilator give the race the same
register trace and verdicts; both places that name the simulators agree; a bad SIM gets
one line naming the simulators, before anything is built."""

import os
import re
import subprocess
import sys

from tb import build

# The report's pair, which loses SET_PROMISC, and the seed's patch, which loses nothing.
TRACE_PAIRS = "igbvf-1.1.5:igb-3.2.10,igbvf-1.1.5-patch:igb-3.2.10"


def test_icarus_and_verilator_give_identical_race_traces(sim, tmp_path):
    traces = {}
    for simulator in build.SUPPORTED_SIMS:
        out = tmp_path / f"trace-{simulator}.txt"
        sim("race_trace_tests", sim=simulator,
            env={"RACE_TRACE_FILE": str(out), "RACE_PAIRS": TRACE_PAIRS})
        traces[simulator] = out.read_text().splitlines()
    icarus, verilator = traces["icarus"], traces["verilator"]
    assert any(line.startswith("== igbvf-1.1.5 + igb-3.2.10: link DOWN") for line in icarus)
    assert any(line.startswith("== igbvf-1.1.5-patch + igb-3.2.10: link up") for line in icarus)
    first = next((i for i, (a, b) in enumerate(zip(icarus, verilator)) if a != b), None)
    assert first is None, \
        f"line {first + 1}: Icarus {icarus[first]!r}, Verilator {verilator[first]!r}"
    assert len(icarus) == len(verilator)


def test_makefile_allows_the_simulators_tb_build_does():
    makefile = (build.ROOT / "Makefile").read_text()
    listed = re.search(r"^SUPPORTED_SIMS\s*:=\s*(.*)$", makefile, re.M).group(1).split()
    assert tuple(listed) == build.SUPPORTED_SIMS


def test_bad_sim_is_refused_in_one_line_before_any_build():
    for cmd in (["make", "-s", "sim"], ["make", "-s", "test"], [sys.executable, "-m", "tb.build"],
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                 "tests/test_regmap.py"]):
        result = subprocess.run(cmd, cwd=build.ROOT, env=dict(os.environ, SIM="bogus"),
                                capture_output=True, text=True)
        lines = (result.stdout + result.stderr).strip().splitlines()
        assert result.returncode != 0 and len(lines) == 1, (cmd, lines)
        assert "SIM" in lines[0] and "bogus" in lines[0], lines[0]
        assert all(name in lines[0] for name in build.SUPPORTED_SIMS), lines[0]
