"""The NIC families the testbench simulates: one object per family, the one plug point.

A family is an RTL top with its register map (igb: the 82576/i350, `pf_vf_mailbox`; ixgbe:
the 82599/X540/X550, `pf_vf_mailbox_ixgbe`, docs/hardware-ixgbe.md). What differs between
them lives here (the build's side) or in one module per room that this object names:
    tb/checkers/ixgbe.py    the reference model's and coverage's differences
    tb/scenarios/ixgbe.py   its random register traffic and hostile-VF catalogue
Every other module asks the family (`FAMILIES[name]`, `of_dut(dut)`) rather than testing
its name. `FAMILY=igb|ixgbe` (tb/options.py) picks the family of `make SIM=...`.
"""

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

from tb import regmap as R
from tb import regmap_ixgbe as X


@dataclass(frozen=True)
class Windows:
    """The mailbox addresses every family has, for code that works on any family."""

    pf_mem: Callable        # (vf, word) -> PF offset of VF vf's mailbox word
    pf_mailbox: Callable    # vf -> PF offset of PFMailbox(vf) / PFMAILBOX(vf)
    vf_mem: Callable        # word -> VF offset of its own mailbox word
    vf_mailbox: int         # VF offset of VFMailbox / VFMAILBOX


@dataclass(frozen=True)
class Family:
    name: str
    toplevel: str            # the RTL top module
    max_vfs: int             # NUM_VFS is 1..max_vfs
    default_num_vfs: int     # NUM_VFS unless the user sets it
    regression: str          # the cocotb modules of `make SIM=... FAMILY=<name>`
    model_class: str         # "module:Class" of the reference model (tb.checkers)
    coverage_class: str      # "module:Class" of the functional coverage (tb.checkers)
    traffic_class: str       # "module:Class" of the random register traffic (tb.scenarios)
    hostile: str             # "module:NAME" of what a hostile VF tries (tb.scenarios.hostile_vf)
    label: str               # the devices, for tables and logs
    windows: Windows         # the mailbox addresses
    regmap: object           # the register map module (tb.regmap, tb.regmap_ixgbe)

    @property
    def vfs_range(self) -> tuple:
        return (1, self.max_vfs)

    def model(self, num_vfs: int, memory_known: bool = True, options=None):
        """The family's reference model: a tb.checkers.register_model.MailboxModel."""
        return _load(self.model_class)(num_vfs, memory_known=memory_known, options=options)

    def coverage(self, tb):
        """The family's functional coverage, observing `tb` (a MailboxTB)."""
        return _load(self.coverage_class)(tb)

    def hostile_catalogue(self):
        """What a hostile VF tries in this family's VF window (tb.scenarios.hostile_vf)."""
        return _load(self.hostile)

    def traffic(self, tb, seed: int, **kwargs):
        """The family's constrained-random traffic on `tb` (tb.scenarios.random_traffic)."""
        return _load(self.traffic_class)(tb, seed, **kwargs)

    def build_prefix(self) -> str:
        """Prefix of the family's build directories (igb keeps the directories it had)."""
        return "" if self is IGB else f"{self.name}-"


IGB = Family(
    name="igb", toplevel="pf_vf_mailbox", max_vfs=8, default_num_vfs=8,
    regression=("mailbox_regs_tests,mailbox_random_tests,drivers_tests,faults_tests,"
                "hostile_vf_tests,stress_tests,coverage_tests,race_tests"),
    model_class="tb.checkers.register_model:MailboxModel",
    coverage_class="tb.checkers.coverage:MailboxCoverage",
    traffic_class="tb.scenarios.random_traffic:RandomTraffic",
    hostile="tb.scenarios.hostile_vf:IGB_CATALOGUE", label="82576/i350 (igb/igbvf)",
    windows=Windows(R.pf_vmbmem, R.pf_mailbox, R.vf_vmbmem, R.VF_MAILBOX), regmap=R)

# 64: the 82599/X540/X550 have 64 VF mailboxes per port (docs/hardware-ixgbe.md section 1).
IXGBE = Family(
    name="ixgbe", toplevel="pf_vf_mailbox_ixgbe", max_vfs=64, default_num_vfs=64,
    regression=("ixgbe_regs_tests,mailbox_random_tests,ixgbe_hostile_vf_tests,"
                "ixgbe_coverage_tests,ixgbe_race_tests"),
    model_class="tb.checkers.ixgbe:IxgbeModel",
    coverage_class="tb.checkers.ixgbe:IxgbeCoverage",
    traffic_class="tb.scenarios.ixgbe:IxgbeRandomTraffic",
    hostile="tb.scenarios.ixgbe:IXGBE_CATALOGUE", label="82599/X540/X550 (ixgbe/ixgbevf)",
    windows=Windows(X.pfmbmem, X.pfmailbox, X.vfmbmem, X.IXGBE_VFMAILBOX), regmap=X)

def _load(where: str):
    """"module:Name" -> the object (imported only when a family needs it)."""
    module, _, name = where.partition(":")
    return getattr(import_module(module), name)


FAMILIES = {f.name: f for f in (IGB, IXGBE)}


def named(name: str) -> Family:
    """FAMILIES[name], or a ValueError naming the allowed families."""
    if name not in FAMILIES:
        raise ValueError(f"family {name!r} is unknown: allowed {', '.join(FAMILIES)}")
    return FAMILIES[name]


def of_dut(dut) -> Family:
    """The family of a running simulation, from its top module's name."""
    by_top = {f.toplevel: f for f in FAMILIES.values()}
    return by_top[dut._name]


def selected() -> Family:
    """The family the user chose with FAMILY (default igb)."""
    from tb.options import option
    return option("FAMILY", IGB)
