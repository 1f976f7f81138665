"""Linux's real igbvf / igb and ixgbevf / ixgbe mailbox C code (and users' own VF and PF
drivers) compiled into shared libraries and run from Python coroutines: every register access
and delay goes to an async host. `python -m tb.cdriver --help` for the command line."""

from tb.cdriver.errors import CDriverError

__all__ = ["CDriverError", "CIgbvf", "CIgbMailbox", "CIxgbevf", "CIxgbeMailbox"]


def __getattr__(name):     # lazy: `python -m tb.cdriver fetch` needs neither greenlet nor cocotb
    if name in ("CIgbvf", "CIgbMailbox"):
        from tb.cdriver import adapters
        return getattr(adapters, name)
    if name in ("CIxgbevf", "CIxgbeMailbox"):
        from tb.cdriver import ixgbe
        return getattr(ixgbe, name)
    raise AttributeError(name)
