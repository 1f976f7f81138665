"""pytest entry points for the race scenario: the verdict table, and the proof that the
idle-skipping clock gives the same register trace as a free-running one."""

from sim_runner import run_cocotb


def test_driver_models_against_the_rtl():
    run_cocotb("test_drivers", "drivers")


def test_race_verdict_table():
    run_cocotb("test_race", "race-table")


def test_clock_modes_give_identical_race_trace(tmp_path):
    traces = {}
    for mode in ("idle-skip", "free"):
        out = tmp_path / f"trace-{mode}.txt"
        run_cocotb("test_race_trace", f"race-trace-{mode}",
                   env={"CLOCK_MODE": mode, "RACE_TRACE_FILE": str(out),
                        "RACE_TRACE_UNTIL_US": "17000"})
        traces[mode] = out.read_text().splitlines()
    skip, free = traces["idle-skip"], traces["free"]
    assert len(skip) > 200
    # the window holds the race: the PF's reply (0xa0010003) overwrites word 0
    assert any(line.endswith("pf W 0x0800 0xa0010003") for line in skip)
    first_difference = next((i for i, (a, b) in enumerate(zip(skip, free)) if a != b), None)
    assert first_difference is None, \
        f"traces differ at line {first_difference}: {skip[first_difference]} / {free[first_difference]}"
    assert len(skip) == len(free)
