"""Each register map is named once in Verilog and once in Python: check the two agree, for
the igb top (tb/regmap.py) and the ixgbe top (tb/regmap_ixgbe.py)."""

import re
from pathlib import Path

import pytest

from tb import regmap, regmap_ixgbe

RTL = Path(__file__).resolve().parents[1] / "rtl"
MAPS = {"igb": (RTL / "pf_vf_mailbox_regs.vh", regmap),
        "ixgbe": (RTL / "pf_vf_mailbox_ixgbe_regs.vh", regmap_ixgbe)}
LOCALPARAM = re.compile(r"^\s*localparam\s+(?:\[\d+:\d+\]\s+)?(\w+)\s*=\s*([^;]+);", re.M)


def _verilog_int(text: str) -> int:
    text = text.strip().replace("_", "")
    sized = re.fullmatch(r"\d+'([hdb])([0-9a-fA-F]+)", text)
    if sized:
        return int(sized.group(2), {"h": 16, "d": 10, "b": 2}[sized.group(1)])
    return int(text)


def verilog_constants(family: str) -> dict:
    header = MAPS[family][0]
    return {name: _verilog_int(value) for name, value in LOCALPARAM.findall(header.read_text())}


def python_constants(family: str) -> dict:
    return {name: value for name, value in vars(MAPS[family][1]).items()
            if name.isupper() and isinstance(value, int)}


@pytest.mark.parametrize("family", MAPS)
def test_header_parses(family):
    assert len(verilog_constants(family)) >= 30


@pytest.mark.parametrize("family", MAPS)
def test_every_verilog_name_has_the_same_value_in_python(family):
    python, module = python_constants(family), MAPS[family][1].__name__
    for name, value in verilog_constants(family).items():
        assert name in python, f"{name} is in the Verilog header but not in {module}"
        assert python[name] == value, f"{name}: Verilog {value:#x}, Python {python[name]:#x}"


@pytest.mark.parametrize("family", MAPS)
def test_every_python_name_is_in_verilog_or_a_derived_mask(family):
    verilog, module = verilog_constants(family), MAPS[family][1].__name__
    for name, value in python_constants(family).items():
        if name in verilog:
            continue
        assert f"{name}_BIT" in verilog, f"{name} is in {module} but not in the Verilog header"
        assert value == 1 << verilog[f"{name}_BIT"], f"mask {name} does not match {name}_BIT"
