"""The driver variants tb.cdriver builds, and the build-time transformations that make the
older callers' patterns out of the real Linux 6.1 source.

A transformation is our own small function over a named C function's body in the fetched
text; it fails loudly (CDriverError, one line naming the file and the function) when the text
it expects is not there, so a different kernel version can never be built silently wrong.
"""

import re
from dataclasses import dataclass, field

from tb.cdriver.errors import CDriverError
from tb.cdriver.sources import INTEL

_DEFINITION = r"^[ \t]*(?:static[ \t]+)?(?:inline[ \t]+)?[\w \t\*]*\b{name}[ \t]*\([^;{{]*\)[ \t]*\n?\{{"


def function_span(text: str, name: str, filename: str):
    """(start, end) of the body of C function `name`'s definition: text[start] is its '{',
    text[end - 1] its closing '}'."""
    m = re.search(_DEFINITION.format(name=re.escape(name)), text, re.M)
    if not m:
        raise CDriverError(f"tb.cdriver: {filename}: function {name} not found")
    start = m.end() - 1
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return start, i + 1
    raise CDriverError(f"tb.cdriver: {filename}: function {name} has no closing brace")


def edit_function(text: str, filename: str, name: str, edits, what: str) -> str:
    """Apply (pattern, replacement) regex edits to the body of `name`; at least one edit must
    match, else a one-line CDriverError saying `what` was not found."""
    start, end = function_span(text, name, filename)
    body = text[start:end]
    total = 0
    for pattern, repl in edits:
        body, n = re.subn(pattern, repl, body)
        total += n
    if not total:
        raise CDriverError(f"tb.cdriver: {filename}: {name}: {what} not found")
    return text[:start] + body + text[end:]


# ---- the transformations -------------------------------------------------------------

# The senders whose reply the 2011 igbvf 1.1.5 caller never read (drivers.md section 4).
WRITEONLY_SENDERS = ("e1000_update_mc_addr_list_vf", "e1000_set_vfta_vf", "e1000_rlpml_set_vf")
_READ_POSTED = r"mbx->ops\.read_posted\s*\([^;]*\)\s*;"
_DROP_REPLY_READ = [
    # "if (!ret) <reply read>;"  ->  the status is left unused
    (r"if\s*\(\s*!\s*(\w+)\s*\)\s*" + _READ_POSTED, r"(void)\1; /* tb.cdriver: reply not read */"),
    # "err = <reply read>;"  ->  err = 0 (the caller only ever saw write_posted's outcome)
    (r"(\w+)\s*=\s*" + _READ_POSTED, r"\1 = 0; /* tb.cdriver: reply not read */"),
    (_READ_POSTED, r"/* tb.cdriver: reply not read */;"),
]


def drop_reply_reads(text: str, filename: str) -> str:
    """igbvf 1.1.5's callers: SET_MULTICAST, SET_VLAN and SET_LPE do write_posted only."""
    for name in WRITEONLY_SENDERS:
        text = edit_function(text, filename, name, _DROP_REPLY_READ,
                             "the reply read (mbx->ops.read_posted)")
    return text


def one_try_vf_lock(text: str, filename: str) -> str:
    """2011-era e1000_obtain_mbx_lock_vf: write VFU, read it back once, no wait."""
    text = edit_function(text, filename, "e1000_obtain_mbx_lock_vf",
                         [(r"\bint\s+count\s*=\s*\d+\s*;", "int count = 0; /* tb.cdriver: one try */")],
                         "the retry counter (int count = N;)")
    return edit_function(text, filename, "e1000_obtain_mbx_lock_vf",
                         [(r"\budelay\s*\(\s*\d+\s*\)\s*;", "/* tb.cdriver: no wait */;")],
                         "the wait between tries (udelay)")


# ---- the variants ---------------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    name: str
    role: str                      # "vf" (CIgbvf, CIxgbevf) or "pf" (CIgbMailbox, CIxgbeMailbox)
    description: str
    driver_dir: str                # inside the kernel tree
    files: tuple                   # .c files of driver_dir compiled into the library
    glue: str                      # our glue file in shim/
    header: str = ""               # the driver header the glue includes (CDRV_<ROLE>_HEADER)
    transforms: dict = field(default_factory=dict)   # file -> (functions, in order)
    family: str = "igb"            # sources.FAMILIES: which kernel directories it needs
    shim: str = ""                 # a family shim in shim/: its include/ comes before shim/include
    defines: tuple = ()            # -D for the kernel's own #ifdefs (CONFIG_...)
    included: tuple = ()           # driver_dir files the glue #includes (to reach static functions)
    entry: str = ""                # the glue's entry points are cdrv_<entry>_*; default: the role
    # What the built code does, stated for scenarios and checked by tests/test_cdriver.py:
    lock_tries: int = 0            # obtain_mbx_lock attempts (udelay(1000) after each failure)
    reply_words: dict = field(default_factory=dict)  # VF message type -> reply words it reads
    shim_files: tuple = ()         # more of our files from shim/ (helpers the driver expects)


IGBVF = str(INTEL / "igbvf")
_REPLIES_61 = {0x0002: 3, 0x0003: 1, 0x0004: 2, 0x0005: 1}   # SET_MAC_ADDR, MC, VLAN, LPE
_REPLIES_WRITEONLY = {0x0002: 3}
IGB = str(INTEL / "igb")

VARIANTS = {v.name: v for v in (
    Variant("linux-igbvf", "vf", "Linux 6.1 igbvf mbx.c + vf.c as shipped (11-try lock; MC, "
            "VLAN, LPE read their replies)", IGBVF, ("mbx.c", "vf.c"), "glue_vf.c", "vf.h",
            lock_tries=11, reply_words=_REPLIES_61),
    Variant("linux-igbvf-writeonly", "vf", "Linux 6.1 igbvf without the reply reads after "
            "SET_MULTICAST, SET_VLAN, SET_LPE (igbvf 1.1.5's callers)", IGBVF,
            ("mbx.c", "vf.c"), "glue_vf.c", "vf.h", {"vf.c": (drop_reply_reads,)},
            lock_tries=11, reply_words=_REPLIES_WRITEONLY),
    Variant("linux-igbvf-writeonly-1try", "vf", "linux-igbvf-writeonly with a one-try VF lock "
            "(2011 obtain_mbx_lock_vf)", IGBVF, ("mbx.c", "vf.c"), "glue_vf.c", "vf.h",
            {"vf.c": (drop_reply_reads,), "mbx.c": (one_try_vf_lock,)},
            lock_tries=1, reply_words=_REPLIES_WRITEONLY),
    Variant("linux-igb", "pf", "Linux 6.1 igb e1000_mbx.c: the PF mailbox primitives (11-try "
            "lock, read with unlock true/false)", IGB, ("e1000_mbx.c",), "glue_pf.c",
            "e1000_mbx.h", lock_tries=11, shim_files=("linux_igb.c",)),
    # ixgbe family (tb/cdriver/ixgbe.py): the VF's mailbox protocol is chosen at run time by
    # API negotiation, as ixgbevf does (legacy ops, or the API 1.5 ops when the PF offers them)
    Variant("linux-ixgbevf", "vf", "Linux 6.1 ixgbevf mbx.c + vf.c as shipped (both mailbox op "
            "sets: legacy, API 1.5 after negotiation; 2000-try lock, 500 us apart)",
            str(INTEL / "ixgbevf"), ("mbx.c", "vf.c"), "ixgbe/glue_ixgbevf.c",
            family="ixgbe", shim="ixgbe", entry="ixgbevf", lock_tries=2000),
    Variant("linux-ixgbe", "pf", "Linux 6.1 ixgbe ixgbe_mbx.c: the PF mailbox primitives "
            "(one-try lock; read and write drop PFU)", str(INTEL / "ixgbe"), (),
            "ixgbe/glue_ixgbe.c", family="ixgbe", shim="ixgbe", defines=("CONFIG_PCI_IOV",),
            included=("ixgbe_mbx.c",), entry="ixgbe", lock_tries=1),
)}


def variant(name: str) -> Variant:
    try:
        return VARIANTS[name]
    except KeyError:
        raise CDriverError(f"tb.cdriver: unknown variant {name!r}; known: "
                           f"{', '.join(VARIANTS)}") from None
