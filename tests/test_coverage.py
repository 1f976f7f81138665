"""pytest entry point of the functional coverage regression (tests/coverage_tests.py): one run at
NUM_VFS=8 that must write a fresh coverage report saying 100 % of the reachable bins."""

import time


FULL = "(100.0 % of reachable bins)"


def test_functional_coverage_reaches_every_reachable_bin(sim):
    started = time.time()
    build = sim("coverage_tests", num_vfs=8)
    text, xml = build / "coverage.txt", build / "coverage.xml"
    for report in (text, xml):
        assert report.exists(), f"no coverage report {report}"
        assert report.stat().st_mtime >= started, f"{report} is left over from an earlier run"
    summary = text.read_text().splitlines()[0]
    assert FULL in summary, summary
    assert "MISSED" not in text.read_text()
