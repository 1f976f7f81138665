"""Registers the C drivers under their names in tb.drivers.catalog (called on first use of
a name the Python models do not have): the Linux 6.1 variants and every user library built
with `make cdriver DRIVER_SRC=DIR DRIVER_NAME=NAME [DRIVER_ROLE=vf|pf]`.

A C PF is igb's message handling as Linux 6.1 runs it (the igb-upstream model: read with
unlock=false, keep PFU until the reply) over the compiled e1000_mbx.c primitives; for ixgbe,
the ixgbe model's message handling (tb/drivers/ixgbe.py) over the compiled ixgbe_mbx.c
primitives, as Linux 6.1 runs it (linux-ixgbe) or accepting API 1.5 over them, the 2024
attempt (linux-ixgbe-mixed)."""

from tb.cdriver.adapters import CIgbMailbox, CIgbvf
from tb.cdriver import sources
from tb.cdriver.build import user_libraries
from tb.cdriver.ixgbe import CIxgbeMailbox, CIxgbevf
from tb.cdriver.variants import VARIANTS
from tb.drivers import catalog
from tb.drivers.igb import Igb, igb_version
from tb.drivers.ixgbe import Ixgbe, ixgbe_version

PF_MESSAGE_HANDLING = "igb-upstream"
IXGBE_PFS = {"linux-ixgbe": "ixgbe-6.1", "linux-ixgbe-mixed": "ixgbe-mixed"}


def c_vf(library: str):
    return lambda host, vf, timeline: CIgbvf(host, vf, timeline, library)


def c_pf(library: str):
    return lambda host, num_vfs, timeline, vf_macs=None: Igb(
        host, igb_version(PF_MESSAGE_HANDLING), num_vfs, timeline, vf_macs,
        mailbox=CIgbMailbox(host, library))


def unavailable(name: str) -> str:
    """Why driver `name` cannot run here (a kernel variant without the Linux sources), or
    "": checked with the options, before a simulator starts."""
    family = VARIANTS[name].family if name in VARIANTS else None
    if family and not sources.have_sources(family=family):
        dirs = sources.DIRS[family].replace(" and ", "/")
        return (f"{name} is built from the Linux 6.1 {dirs} sources, which are not here: "
                "run make cdriver (it fetches them) or set LINUX_SRC=<kernel tree>")
    return ""


def c_ixgbevf(library: str):
    return lambda host, vf, timeline: CIxgbevf(host, vf, timeline, library)


def c_ixgbe(version: str, library: str = "linux-ixgbe"):
    def make(host, num_vfs, timeline, vf_macs=None):
        mailbox = CIxgbeMailbox(host, library)
        pf = Ixgbe(host, ixgbe_version(version), num_vfs, timeline, vf_macs, mailbox=mailbox)
        mailbox.log = pf.log
        return pf
    return make


def register():
    for name, v in VARIANTS.items():
        if v.family == "ixgbe" and v.role == "vf":
            catalog.VF_DRIVERS.setdefault(name, c_ixgbevf(name))
            catalog.FAMILY_OF.setdefault(name, "ixgbe")
    for name, version in IXGBE_PFS.items():
        catalog.PF_DRIVERS.setdefault(name, c_ixgbe(version))
        catalog.FAMILY_OF.setdefault(name, "ixgbe")
    roles = {name: v.role for name, v in VARIANTS.items() if v.family == "igb"}
    roles.update({name: meta["role"] for name, meta in user_libraries().items()})
    for name, role in roles.items():
        if role == "vf":
            catalog.VF_DRIVERS.setdefault(name, c_vf(name))
        else:
            catalog.PF_DRIVERS.setdefault(name, c_pf(name))
