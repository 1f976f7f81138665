"""Checked choices and the user's options.

Every environment variable a user may set (NUM_VFS, CLOCK_MODE, MAILBOX_SEED, RACE_PAIRS, ...)
is registered here once, with its parser. `check_environment()` runs every parser before any
simulation starts, so a bad value stops the run once, with one line naming the variable the
user set and what is allowed, and nothing is built or written. Test modules read their
options through the same parsers (`option(name)`).

    python -m tb.options NAME=VALUE ...    check values as the make targets pass them
"""

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


def choose(what: str, name, table, refusal: str = None):
    """table[name] (or name, for a list), or a ValueError naming the allowed keys. The line
    reads "<what> <name> is unknown: allowed ...", or "<refusal>: use one of ..." when given."""
    if name not in table:
        said = f"{refusal}: use one of" if refusal else f"{what} {name!r} is unknown: allowed"
        raise ValueError(f"{said} {', '.join(map(str, table))}")
    return table[name] if isinstance(table, dict) else name


# ---------------------------------------------------------------------- the user's options
def _integer(low: int, high: int):
    def parse(name: str, text: str) -> int:
        try:
            value = int(text, 0)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise ValueError(f"{name}={text!r} is not allowed: use an integer from {low} to {high}")
        return value
    return parse


def _one_of(*allowed):
    def parse(name: str, text: str) -> str:
        choose(name, text, allowed, refusal=f"{name}={text!r} is not allowed")
        return text
    return parse


def _simulator(name: str, text: str) -> str:
    from tb.build import SUPPORTED_SIMS
    return _one_of(*SUPPORTED_SIMS)(name, text)


def _bus_path(name: str, text: str) -> str:
    from tb.build import BUS_PATHS
    return _one_of(*BUS_PATHS)(name, text)


def _clock_mode(name: str, text: str) -> str:
    from tb.bus.clock import CLOCK_MODES
    return _one_of(*CLOCK_MODES)(name, text)


def _profile(name: str, text: str) -> str:
    from tb.drivers.host import PROFILES
    return _one_of(*PROFILES)(name, text)


def _seed_range(name: str, text: str) -> range:
    """a..b, a <= b: the seeds a, a+1, ..., b."""
    try:
        lo, hi = (int(x) for x in text.split(".."))
    except ValueError:
        lo = hi = None
    if lo is None or not 0 <= lo <= hi:
        raise ValueError(f"{name}={text!r} is not allowed: use a..b with 0 <= a <= b, e.g. 1..200")
    return range(lo, hi + 1)


def _time_range(name: str, text: str) -> tuple:
    """from:to:step in microseconds, from <= to, step > 0 (a sweep's times; from may be
    negative when they count from HUNT_AIM's request)."""
    try:
        lo, hi, step = (float(x) for x in text.split(":"))
    except ValueError:
        lo = hi = step = None
    if lo is None or not lo <= hi or step <= 0:
        raise ValueError(f"{name}={text!r} is not allowed: use from:to:step in microseconds, "
                         "e.g. 0:17000:25")
    return lo, hi, step


def _message_name(name: str, text: str) -> str:
    from tb.messages_ixgbe import NAMES
    return _one_of(*NAMES.values())(name, text)


def _microseconds(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 10**7:
        raise ValueError(f"{name}={text!r} is not allowed: use a number of microseconds "
                         "from 0 to 10000000")
    return value


def _rtl_options(name: str, text: str) -> dict:
    from tb.rtl_options import parse
    return parse(text, name)


def _family(name: str, text: str):
    from tb.family import FAMILIES
    return FAMILIES[_one_of(*FAMILIES)(name, text)]


def _chosen_family(env):
    """The family FAMILY names in `env` (igb when unset; igb too when FAMILY is refused, whose
    own line then says so)."""
    from tb.family import FAMILIES, IGB
    return FAMILIES.get((env or {}).get("FAMILY") or "igb", IGB)


def _num_vfs(name: str, text: str, env=None) -> int:
    """1..the family's VF count (igb 8, ixgbe 64)."""
    family = _chosen_family(env)
    try:
        return _integer(*family.vfs_range)(name, text)
    except ValueError as e:
        raise ValueError(f"{e} (FAMILY={family.name})") from None


def _rtl_dir(name: str, text: str, env=None) -> Path:
    """A directory whose .v files define the family's top module (a hardware variant of the
    user's)."""
    top = _chosen_family(env).toplevel
    directory = Path(text).expanduser().resolve()
    files = sorted(directory.glob("*.v")) if directory.is_dir() else []
    if not any(re.search(rf"\bmodule\s+{top}\b", f.read_text(errors="replace")) for f in files):
        raise ValueError(f"{name}={text!r} is not allowed: use a directory whose .v files define "
                         f"module {top} with the ports of docs/hardware.md "
                         "(docs/hardware-ixgbe.md for FAMILY=ixgbe), e.g. a copy of rtl/")
    return directory


def _formal_checks(name: str, text: str) -> set:
    """property or property@build,... of tb/formal/catalogue.py."""
    from tb.formal.catalogue import checks
    known = {c.name for c in checks()} | {c.prop.name for c in checks()}
    asked = set(text.split(","))
    if not asked <= known:
        raise ValueError(f"{name}={text!r} is not allowed: {', '.join(sorted(asked - known))} "
                         "is no property or check (python -m tb.formal --list shows them)")
    return asked


def _pairs(name: str, text: str, env=None) -> list:
    """vf:pf,... of registered drivers (tb.drivers.catalog) of the chosen FAMILY's drivers."""
    from tb.drivers.catalog import driver_family, known_pair
    family = _chosen_family(env).name
    try:
        pairs = [known_pair(item) for item in text.split(",")]
    except ValueError as e:
        raise ValueError(f"{name}={text!r} is not allowed: {e}") from None
    other = [f"{vf}:{pf}" for vf, pf in pairs if driver_family(vf) != family]
    if other:
        raise ValueError(f"{name}={text!r} is not allowed: {', '.join(other)} drives the "
                         f"{driver_family(pairs[0][0])} family, not FAMILY={family}")
    return pairs


def _driver_src(name: str, text: str) -> Path:
    directory = Path(text).expanduser().resolve()
    if not directory.is_dir():
        raise ValueError(f"{name}={text!r} is not allowed: it is not a directory (use the "
                         "directory of your driver's .c and .h files)")
    if not any(directory.glob("*.c")):
        raise ValueError(f"{name}={text!r} is not allowed: it holds no .c files (use a "
                         "directory holding your driver's .c files)")
    return directory


def _driver_name(name: str, text: str) -> str:
    from tb.cdriver.variants import VARIANTS
    from tb.drivers.igb import IGB_VERSIONS
    from tb.drivers.igbvf import IGBVF_VERSIONS
    from tb.drivers.ixgbe import IXGBE_VERSIONS
    from tb.drivers.ixgbevf import IXGBEVF_VERSIONS
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", text):
        raise ValueError(f"{name}={text!r} is not allowed: use letters, digits, _ . - (first a "
                         "letter or digit)")
    # the Python models and the kernel variants (a user library of that name may be rebuilt)
    taken = [*IGBVF_VERSIONS, *IGB_VERSIONS, *IXGBEVF_VERSIONS, *IXGBE_VERSIONS, *VARIANTS]
    if text in taken:   # the built-in driver would keep the name: your code would never run
        raise ValueError(f"{name}={text!r} is not allowed: it is taken by a built-in driver "
                         f"({', '.join(taken)})")
    return text


def _driver_role(name: str, text: str) -> str:
    from tb.cdriver.glue import roles
    return _one_of(*roles())(name, text)


def _driver_header(name: str, text: str) -> str:
    from tb.cdriver.build import shim_osdeps
    if not re.match(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]*\.h$", text) or text in shim_osdeps():
        raise ValueError(f"{name}={text!r} is not allowed: use the file name of the header in "
                         "DRIVER_SRC that declares the hardware struct, e.g. e1000_api.h (not "
                         "an *_osdep.h: the shim replaces those)")
    return text


def _driver_ops(name: str, text: str) -> dict:
    """op=function,...: a glue op (tb/cdriver/glue.py) and the C function that does it."""
    from tb.cdriver.glue import GLUES, parse_ops
    known = list(dict.fromkeys(op for g in GLUES.values() for op in g.ops))
    try:
        ops = parse_ops(text)
    except ValueError as e:
        raise ValueError(f"{name}={text!r} is not allowed: {e}") from None
    for op in ops:
        if op not in known:
            raise ValueError(f"{name}={text!r} is not allowed: op {op!r} is unknown: allowed "
                             f"{', '.join(known)}")
    return ops


RACE_FATES = ("down", "up")


def _race_expect(name: str, text: str) -> dict:
    """vf:pf=down|up,...: the link state the user expects of each pair (up: every message
    delivered too) -> {(vf, pf): fate}."""
    from tb.drivers.catalog import known_pair
    out = {}
    for item in text.split(","):
        pair, _, fate = item.strip().rpartition("=")
        if not pair:
            fate = None     # no "=": the form below
        try:
            key = known_pair(pair) if fate else None
        except ValueError as e:
            raise ValueError(f"{name}={text!r} is not allowed: {e}") from None
        if fate not in RACE_FATES or key in out:
            raise ValueError(f"{name}={text!r} is not allowed: write vf:pf=down|up,... (each "
                             "pair once), e.g. my-vf:igb-3.2.10=down")
        out[key] = fate
    return out


@dataclass(frozen=True)
class Option:
    name: str
    parse: Callable
    meaning: str
    uses_env: bool = False   # the parser also reads other options (NUM_VFS: the FAMILY's range)

    def check(self, text: str, env):
        return self.parse(self.name, text, env) if self.uses_env else self.parse(self.name, text)


OPTIONS = {o.name: o for o in (
    Option("SIM", _simulator, "the simulator"),
    Option("FAMILY", _family, "the NIC family: igb (82576/i350) or ixgbe (82599/X540/X550)"),
    Option("NUM_VFS", _num_vfs, "VFs in the RTL (igb 1..8, ixgbe 1..64)", uses_env=True),
    Option("RACE_NUM_VFS", _integer(1, 8), "VFs the PF enables in the race (at most NUM_VFS)"),
    Option("RTL_OPTIONS", _rtl_options, "mitigation switches of the RTL, NAME=1,..."),
    Option("RTL_DIR", _rtl_dir, "the RTL to simulate in place of rtl/ (a hardware variant)",
           uses_env=True),
    Option("WAVES", _one_of("0", "1"), "record an FST dump"),
    Option("CLOCK_MODE", _clock_mode, "the clock"),
    Option("BUS_PATH", _bus_path, "python: the agents drive the APB pins (reference); hdl: "
           "a transactor per port in a shell around the top"),
    Option("MAILBOX_SEED", _integer(0, 2**32 - 1), "seed of the random regression"),
    Option("FRESH_SEED", _integer(0, 2**32 - 1), "make test's fresh seed of the random regression"),
    Option("MAILBOX_ACCESSES", _integer(2, 10**7), "accesses of the random regression"),
    Option("RACE_PROFILE", _profile, "timing profile of the race"),
    Option("RACE_PAIRS", _pairs, "driver pairs of the race, vf:pf,...", uses_env=True),
    Option("RACE_EXPECT", _race_expect, "the verdicts you expect of your pairs, vf:pf=down|up,..."),
    Option("DRIVER_SRC", _driver_src, "your driver's directory for make cdriver"),
    Option("DRIVER_NAME", _driver_name, "the name your driver is built and run under"),
    Option("DRIVER_ROLE", _driver_role, "your driver's side, vf or pf"),
    Option("DRIVER_HEADER", _driver_header, "the header of DRIVER_SRC the glue includes"),
    Option("DRIVER_OPS", _driver_ops, "glue ops your code has under other names, op=func,..."),
    Option("RACE_TRACE_UNTIL_US", _integer(0, 10**8), "length of a recorded race trace (0: to the end)"),
    Option("STRESS_SEEDS", _seed_range, "seeds of the multi-VF stress, a..b"),
    Option("STRESS_PAIRS", _pairs, "driver pairs of the multi-VF stress, vf:pf,...", uses_env=True),
    Option("STRESS_PROFILE", _profile, "timing profile of the multi-VF stress"),
    Option("MUTANT_JOBS", _integer(1, 2), "mutants simulated at a time (make mutants)"),
    Option("MUTANT_SEED", _integer(0, 2**32 - 1), "seed of the mutants' random stage"),
    Option("MUTANT_FULL", _one_of("0", "1"), "run the whole regression on survivors"),
    Option("FORMAL_CHECKS", _formal_checks, "the checks of make formal, property[@build],..."),
    Option("FORMAL_JOBS", _integer(1, 2), "formal jobs at a time (make formal)"),
    Option("HUNT_FLAP_US", _time_range, "ixgbe hunt: link-flap times from:to:step (us)"),
    Option("HUNT_DOWN_US", _microseconds, "ixgbe hunt: how long the link stays down (us)"),
    Option("HUNT_HANDLER_US", _microseconds, "ixgbe hunt: PF handler work per message (us)"),
    Option("HUNT_IRQ_US", _microseconds, "ixgbe hunt: PF interrupt latency (us)"),
    Option("HUNT_LINK_CHANGE_US", _microseconds, "ixgbe hunt: link change to ping_all_vfs (us)"),
    Option("HUNT_NUM_VFS", _num_vfs, "ixgbe hunt: VFs the PF enables (at most NUM_VFS)",
           uses_env=True),
    Option("HUNT_AIM", _message_name, "ixgbe hunt: flap times count from this message's REQ"),
    Option("HUNT_OUT", lambda name, text: text, "ixgbe hunt: JSON-lines file the trials are appended to"),
)}


def option(name: str, default=None, env=None):
    """The parsed value of option `name` from the environment, or `default` when unset."""
    env = os.environ if env is None else env
    text = env.get(name)
    return default if text in (None, "") else OPTIONS[name].check(text, env)


def check_environment(env=None) -> list:
    """One line per option set to a value its parser refuses (empty: all good)."""
    env = os.environ if env is None else env
    problems = []
    for name, opt in OPTIONS.items():
        if env.get(name) not in (None, ""):
            try:
                opt.check(env[name], env)
            except ValueError as e:
                problems.append(str(e))
    return problems


def main(argv) -> int:
    """`python -m tb.options NAME=VALUE ...`: exit 2 with one line per refused value; with no
    argument, the options set in the environment."""
    env = dict(arg.split("=", 1) for arg in argv if "=" in arg) if argv else None
    problems = check_environment(env)
    for line in problems:
        print(line, file=sys.stderr)
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
