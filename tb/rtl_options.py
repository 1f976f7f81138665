"""The RTL's mitigation switches (docs/mitigations.md): their names, checked parsing of
`NAME=VALUE` text, and reading their values back from a running DUT.

Every switch is a pf_vf_mailbox parameter, 0 (off, hardware.md exactly) or 1. The build
passes them (tb.build.build(..., parameters=...)); the testbench reads them from the DUT
so that the reference model and every checker follow what was actually built.
"""

from dataclasses import dataclass, fields

# parameter name -> one line saying what it does
MITIGATIONS = {
    "PFU_WAITS_FOR_REQ": "a PF lock request for VF n is refused while VFREQ[n] is set",
    "PROTECT_VF_REQUEST": "VF->PF words in their own buffer; VFREQ[n] clears only when the "
                          "PF reads word 0 of it (a W1C no longer does)",
}


@dataclass(frozen=True)
class RtlOptions:
    """The mitigation switches of one build (field names: the parameters in lower case)."""

    pfu_waits_for_req: bool = False
    protect_vf_request: bool = False

    @property
    def parameters(self) -> dict:
        """The Verilog parameters that differ from the default (all off)."""
        return {f.name.upper(): 1 for f in fields(self) if getattr(self, f.name)}

    @property
    def label(self) -> str:
        """`off`, or the switches that are on, e.g. `PFU_WAITS_FOR_REQ`."""
        return "+".join(self.parameters) or "off"

    @classmethod
    def from_parameters(cls, parameters: dict) -> "RtlOptions":
        return cls(**{name.lower(): bool(value) for name, value in (parameters or {}).items()})

    @classmethod
    def of_dut(cls, dut) -> "RtlOptions":
        """The switches the simulated pf_vf_mailbox was built with."""
        return cls(**{name.lower(): bool(int(getattr(dut, name).value)) for name in MITIGATIONS})


def parse(items, variable: str = "--rtl-option") -> dict:
    """`NAME=VALUE` strings (or one comma-separated string) -> {NAME: 0|1}. Anything else
    raises ValueError with one line naming `variable` and what is allowed."""
    if isinstance(items, str):
        items = [i for i in items.split(",") if i.strip()]
    allowed = f"allowed: NAME=0|1 with NAME one of {', '.join(MITIGATIONS)}"
    parameters = {}
    for item in items or ():
        name, sep, value = item.strip().partition("=")
        if not sep or name not in MITIGATIONS or value not in ("0", "1"):
            raise ValueError(f"{variable}={item!r} is not valid: {allowed}")
        parameters[name] = int(value)
    return {name: value for name, value in parameters.items() if value}
