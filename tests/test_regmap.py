"""The register map is named once in Verilog and once in Python: check the two agree."""

import re
from pathlib import Path

from tb import regmap

HEADER = Path(__file__).resolve().parents[1] / "rtl" / "pf_vf_mailbox_regs.vh"
LOCALPARAM = re.compile(r"^\s*localparam\s+(?:\[\d+:\d+\]\s+)?(\w+)\s*=\s*([^;]+);", re.M)


def _verilog_int(text: str) -> int:
    text = text.strip().replace("_", "")
    sized = re.fullmatch(r"\d+'([hdb])([0-9a-fA-F]+)", text)
    if sized:
        return int(sized.group(2), {"h": 16, "d": 10, "b": 2}[sized.group(1)])
    return int(text)


def verilog_constants() -> dict:
    return {name: _verilog_int(value) for name, value in LOCALPARAM.findall(HEADER.read_text())}


def python_constants() -> dict:
    return {name: value for name, value in vars(regmap).items()
            if name.isupper() and isinstance(value, int)}


def test_header_parses():
    assert len(verilog_constants()) >= 30


def test_every_verilog_name_has_the_same_value_in_python():
    python = python_constants()
    for name, value in verilog_constants().items():
        assert name in python, f"{name} is in the Verilog header but not in tb/regmap.py"
        assert python[name] == value, f"{name}: Verilog {value:#x}, Python {python[name]:#x}"


def test_every_python_name_is_in_verilog_or_a_derived_mask():
    verilog = verilog_constants()
    for name, value in python_constants().items():
        if name in verilog:
            continue
        assert f"{name}_BIT" in verilog, f"{name} is in tb/regmap.py but not in the Verilog header"
        assert value == 1 << verilog[f"{name}_BIT"], f"mask {name} does not match {name}_BIT"
