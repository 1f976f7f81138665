"""The benchmarks' verdicts: a missed target names the machine's load (figures taken on a
busy machine are not the code's)."""

import os

from bench import target


def test_a_missed_target_names_the_load(monkeypatch):
    assert target(True) == "met"
    monkeypatch.setattr(os, "getloadavg", lambda: (5.0, 4.0, 3.0))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert target(False) == ("MISSED (load average 5.0 on 2 cores: busy: other processes share "
                             "the cores, rerun on a quiet machine)")
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.1, 0.1))
    assert target(False) == "MISSED (load average 0.2 on 2 cores: quiet)"
