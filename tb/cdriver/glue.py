"""What each glue file of shim/ calls in the driver's code, operation by operation.

A glue (shim/glue_vf.c, shim/glue_pf.c, ...) calls every driver operation through a macro
CDRV_OP_<op>. The build chooses its expression: the first of the op's `sources` that the
driver's header declares (probed with the compiler, one small file), or the function the user
names with DRIVER_OPS=<op>=<function>. A required op found nowhere fails the build in one
line naming it and the DRIVER_OPS fallback; an optional op found nowhere leaves its entry
point out of the library, and the adapter offers None for it (a scenario then does not ask).

This module is generic: a glue for another family or role is one more Glue entry.
"""

import re
from dataclasses import dataclass, field

from tb.cdriver.errors import CDriverError

IDENT = re.compile(r"^[A-Za-z_]\w*$")


@dataclass(frozen=True)
class Op:
    name: str
    what: str                      # what it does, for messages
    sources: tuple                 # C expressions over `hw`, first declared wins
    optional: bool = False
    hints: tuple = ()              # functions some code bases have instead (named in the error)


@dataclass(frozen=True)
class Glue:
    file: str                      # in shim/
    role: str                      # "vf" or "pf"
    family: str                    # "e1000", ...
    hw_type: str                   # the driver's hardware struct, as the glue names it
    headers: tuple                 # a user directory's header to include, first present wins
    ops: dict = field(default_factory=dict)
    markers: tuple = ()            # globs: a user directory with any of these is this family

    @property
    def header_macro(self) -> str:
        return f"CDRV_{self.role.upper()}_HEADER"

    def op(self, name: str) -> Op:
        if name not in self.ops:
            raise CDriverError(f"tb.cdriver: DRIVER_OPS: {self.role.upper()} op {name!r} is "
                               f"unknown: allowed {', '.join(self.ops)}")
        return self.ops[name]


def _ops(*ops) -> dict:
    return {o.name: o for o in ops}


GLUES = {g.file: g for g in (
    Glue("glue_vf.c", "vf", "e1000", "struct e1000_hw", ("e1000_api.h", "e1000_vf.h", "vf.h"), _ops(
        Op("init", "sets hw->mac.ops and hw->mbx.ops", ("e1000_init_function_pointers_vf",)),
        Op("reset_hw", "VF_RESET", ("hw->mac.ops.reset_hw",)),
        Op("rar_set", "SET_MAC_ADDR", ("hw->mac.ops.rar_set",)),
        Op("update_mc_addr_list", "SET_MULTICAST", ("hw->mac.ops.update_mc_addr_list",)),
        Op("set_vfta", "SET_VLAN", ("hw->mac.ops.set_vfta",), hints=("e1000_vfta_set_vf",)),
        Op("rlpml_set", "SET_LPE", ("e1000_rlpml_set_vf",)),
        Op("check_for_link", "the watchdog's link check", ("hw->mac.ops.check_for_link",)),
        Op("promisc_set", "SET_PROMISC", ("e1000_promisc_set_vf",), optional=True))),
    Glue("glue_pf.c", "pf", "e1000", "struct e1000_hw", ("e1000_api.h", "e1000_mbx.h"), _ops(
        Op("init", "sets hw->mbx.ops for the PF",
           ("igb_init_mbx_params_pf", "e1000_init_mbx_params_pf")),
        Op("check_for_msg", "VFREQ seen and cleared", ("igb_check_for_msg", "e1000_check_for_msg")),
        Op("check_for_ack", "VFACK seen and cleared", ("igb_check_for_ack", "e1000_check_for_ack")),
        Op("check_for_rst", "VFLRE seen and cleared", ("igb_check_for_rst", "e1000_check_for_rst")),
        Op("read", "lock, read, ACK", ("igb_read_mbx", "e1000_read_mbx")),
        Op("write", "lock, write, STS", ("igb_write_mbx", "e1000_write_mbx")),
        Op("unlock", "drop PFU", ("igb_unlock_mbx", "e1000_unlock_mbx"), optional=True))),
)}


def glue(file: str):
    """The Glue of a shim file, or None for a glue that takes no CDRV_OP_ macros."""
    return GLUES.get(file)


def for_user(role: str, directory) -> Glue:
    """The glue for a user directory of this role: the family whose markers match a file
    there, else the role's glue without markers."""
    candidates = [g for g in GLUES.values() if g.role == role]
    for g in candidates:
        if any(any(directory.glob(m)) for m in g.markers):
            return g
    return next(g for g in candidates if not g.markers)


def parse_ops(text: str) -> dict:
    """DRIVER_OPS=op=function,... -> {op: function}; ValueError naming the form."""
    out = {}
    for item in filter(None, (s.strip() for s in (text or "").split(","))):
        op, _, func = item.partition("=")
        if not IDENT.match(op) or not IDENT.match(func) or op in out:
            raise ValueError(f"{item!r} is not op=function (C names, each op once), e.g. "
                             "set_vfta=e1000_vfta_set_vf")
        out[op] = func
    return out


def roles() -> tuple:
    return tuple(dict.fromkeys(g.role for g in GLUES.values()))
