"""What the pins show: one APB transfer, and one sampled clock edge of the mailbox."""

from typing import NamedTuple, Optional

PF, VF = "pf", "vf"


# NamedTuples rather than frozen dataclasses: as immutable and hashable, and built in a
# third of the time (the monitor builds one per sampled edge, the agents one per transfer).
class Transfer(NamedTuple):
    """One completed APB transfer. `data` is the write data, or the read data seen."""

    port: str
    write: bool
    addr: int
    data: int
    slverr: bool = False
    func: int = 0  # vf_pfunc on the VF port

    def __str__(self) -> str:
        who = "PF" if self.port == PF else f"VF{self.func}"
        kind = "W" if self.write else "R"
        err = " PSLVERR" if self.slverr else ""
        return f"{who} {kind} {self.addr:#06x} {self.data:#010x}{err}"


class EdgeSample(NamedTuple):
    """The inputs and outputs of pf_vf_mailbox as sampled at one rising clock edge.

    `edge` counts rising edges on the time grid from the first one; `time_ps` is
    simulated time. Outputs are the values before the edge updates the state.
    """

    time_ps: int
    edge: int
    pf: Optional[Transfer] = None
    vf: Optional[Transfer] = None
    flr: int = 0
    reset: bool = False
    link_up: bool = False
    pf_irq: bool = False
    vf_irq: int = 0

    @property
    def transfers(self) -> list:
        pf, vf = self.pf, self.vf
        if pf is None:
            return [] if vf is None else [vf]
        return [pf] if vf is None else [pf, vf]
