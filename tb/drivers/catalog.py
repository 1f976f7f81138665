"""Driver names and factories: where a scenario turns "igbvf-1.1.5" (or a factory of the
user's own) into a driver object on a host.

A VF factory is `factory(host, vf, timeline) -> VfDriver` of its family's operation set
(tb.drivers.interfaces: igbvf's `VfDriver`, ixgbevf's `IxgbevfDriver`); a PF factory is
`factory(host, num_vfs, timeline, vf_macs)` -> the family's message handling (Igb, Ixgbe)
over any of its family's mailbox primitives. Every name belongs to one driver family
(`FAMILY_OF`), and a pair must be of one family. Scenarios accept either a registered name
or a factory. The Linux kernel's C drivers (tb.cdriver) register themselves here when their
libraries can be built.
"""

from tb.drivers.igb import IGB_VERSIONS, Igb
from tb.drivers.igbvf import IGBVF_VERSIONS, Igbvf
from tb.drivers.ixgbe import IXGBE_VERSIONS, Ixgbe
from tb.drivers.ixgbevf import IXGBEVF_VERSIONS, Ixgbevf

VF_DRIVERS = {name: (lambda host, vf, timeline, v=v: Igbvf(host, v, vf, timeline))
              for name, v in IGBVF_VERSIONS.items()}
PF_DRIVERS = {name: (lambda host, num_vfs, timeline, vf_macs=None, v=v:
                     Igb(host, v, num_vfs, timeline, vf_macs))
              for name, v in IGB_VERSIONS.items()}
VF_DRIVERS.update({name: (lambda host, vf, timeline, name=name: Ixgbevf(host, vf, timeline, name))
                   for name in IXGBEVF_VERSIONS})
PF_DRIVERS.update({name: (lambda host, num_vfs, timeline, vf_macs=None, v=v:
                          Ixgbe(host, v, num_vfs, timeline, vf_macs))
                   for name, v in IXGBE_VERSIONS.items()})
# driver name -> the device family it drives (tb.family names); C drivers add theirs
FAMILY_OF = {**{n: "igb" for n in (*IGBVF_VERSIONS, *IGB_VERSIONS)},
             **{n: "ixgbe" for n in (*IXGBEVF_VERSIONS, *IXGBE_VERSIONS)}}


def _load_plugins():
    """Register the C drivers (tb.cdriver) when a name is not known yet: the kernel variants,
    and the user libraries built so far (one may have been built since the last look)."""
    from tb.cdriver.catalog import register
    register()


def _factory(what: str, spec, table):
    if callable(spec):
        return spec
    if spec not in table:
        _load_plugins()
    if spec not in table:
        raise ValueError(f"{what} {spec!r} is unknown: allowed {', '.join(table)}")
    return table[spec]


def vf_factory(spec):
    """A VF factory from a name (igbvf versions, C drivers) or a factory."""
    return _factory("VF driver", spec, VF_DRIVERS)


def pf_factory(spec):
    """A PF factory from a name (igb versions, C mailbox primitives) or a factory."""
    return _factory("PF driver", spec, PF_DRIVERS)


def parse_pair(text: str) -> tuple:
    """"vf:pf" -> (vf, pf); one line naming the form when it is not one."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"{text!r} is not a driver pair: write VF:PF, e.g. igbvf-1.1.5:igb-3.2.10")
    return parts[0], parts[1]



def driver_family(name: str) -> str:
    """The device family a registered driver name drives ("igb" unless registered else)."""
    if name not in FAMILY_OF:
        _load_plugins()
    return FAMILY_OF.get(name, "igb")


def known_pair(text: str) -> tuple:
    """"vf:pf" of two registered drivers of one family that can run here (a kernel variant
    needs the Linux sources); else one line naming what is allowed or missing."""
    vf, pf = parse_pair(text)
    vf_factory(vf), pf_factory(pf)
    if driver_family(vf) != driver_family(pf):
        raise ValueError(f"{text!r} pairs VF driver {vf} (family {driver_family(vf)}) with PF "
                         f"driver {pf} (family {driver_family(pf)}): both must be of one family")
    from tb.cdriver.catalog import unavailable   # registered by the factories' first look
    for name in (vf, pf):
        if unavailable(name):
            raise ValueError(unavailable(name))
    return vf, pf
