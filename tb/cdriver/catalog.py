"""Registers the C drivers under their names in tb.drivers.catalog (called on first use of
a name the Python models do not have): the Linux 6.1 variants and every user library built
with `make cdriver DRIVER_SRC=DIR DRIVER_NAME=NAME [DRIVER_ROLE=vf|pf]`.

A C PF is igb's message handling as Linux 6.1 runs it (the igb-upstream model: read with
unlock=false, keep PFU until the reply) over the compiled e1000_mbx.c primitives."""

from tb.cdriver.adapters import CIgbMailbox, CIgbvf
from tb.cdriver.build import user_libraries
from tb.cdriver.variants import VARIANTS
from tb.drivers import catalog
from tb.drivers.igb import Igb, igb_version

PF_MESSAGE_HANDLING = "igb-upstream"


def c_vf(library: str):
    return lambda host, vf, timeline: CIgbvf(host, vf, timeline, library)


def c_pf(library: str):
    return lambda host, num_vfs, timeline, vf_macs=None: Igb(
        host, igb_version(PF_MESSAGE_HANDLING), num_vfs, timeline, vf_macs,
        mailbox=CIgbMailbox(host, library))


def register():
    roles = {name: v.role for name, v in VARIANTS.items()}
    roles.update({name: meta["role"] for name, meta in user_libraries().items()})
    for name, role in roles.items():
        if role == "vf":
            catalog.VF_DRIVERS.setdefault(name, c_vf(name))
        else:
            catalog.PF_DRIVERS.setdefault(name, c_pf(name))
