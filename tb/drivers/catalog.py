"""Driver names and factories: where a scenario turns "igbvf-1.1.5" (or a factory of the
user's own) into a driver object on a host.

A VF factory is `factory(host, vf, timeline) -> VfDriver`; a PF factory is
`factory(host, num_vfs, timeline, vf_macs) -> Igb` (igb's message handling over any
PfMailbox). Scenarios accept either a registered name or a factory. The Linux kernel's C
drivers (tb.cdriver) register themselves here when their libraries can be built.
"""

from tb.drivers.igb import IGB_VERSIONS, Igb
from tb.drivers.igbvf import IGBVF_VERSIONS, Igbvf

VF_DRIVERS = {name: (lambda host, vf, timeline, v=v: Igbvf(host, v, vf, timeline))
              for name, v in IGBVF_VERSIONS.items()}
PF_DRIVERS = {name: (lambda host, num_vfs, timeline, vf_macs=None, v=v:
                     Igb(host, v, num_vfs, timeline, vf_macs))
              for name, v in IGB_VERSIONS.items()}


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



def known_pair(text: str) -> tuple:
    """"vf:pf" of two registered drivers that can run here (a kernel variant needs the
    Linux sources); else one line naming what is allowed or missing."""
    vf, pf = parse_pair(text)
    vf_factory(vf), pf_factory(pf)
    from tb.cdriver.catalog import unavailable   # registered by the factories' first look
    for name in (vf, pf):
        if unavailable(name):
            raise ValueError(unavailable(name))
    return vf, pf
