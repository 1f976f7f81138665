"""The two plug points: what a driver must offer so that scenarios and checkers never know
whose code they run (Python models, the Linux kernel's C code, a user's own driver).

Every coroutine below does its work only through the driver's `host` (read, write, udelay),
so host timing applies and the pins show everything; verdicts come from the pins and the
scenario's intent, never from a driver's own account.
"""

from typing import Optional, Protocol, runtime_checkable


@runtime_checkable
class VfDriver(Protocol):
    """A VF driver's bring-up operations, named as igbvf's vf.c names them (hw->mac.ops).

    Optional: `promisc_set_vf(flags)` (SET_PROMISC). A driver that does not offer it leaves
    it out or sets it to None (kernel igbvf has no SET_PROMISC): a scenario then does not
    ask for it, and no verdict counts it as missing.
    """

    name: str               # what tables print, e.g. "igbvf-1.1.5" or "linux-igbvf"
    vf: int                 # the VF number the driver runs on
    host: object            # its tb.drivers.host.Host
    get_link_status: bool   # set by igbvf_up before the watchdog's first link check

    @property
    def mac(self) -> Optional[bytes]:
        """The MAC address the PF gave in its VF_RESET reply (None before)."""

    async def reset_hw_vf(self) -> bool:
        """CTRL.RST, wait for RSTI/RSTD, VF_RESET and its reply; True when it succeeded."""

    async def rar_set_vf(self, mac: bytes):
        """SET_MAC_ADDR."""

    async def update_mc_addr_list_vf(self, addrs: list):
        """SET_MULTICAST with the hashes of `addrs`."""

    async def vfta_set_vf(self, vid: int, add: bool):
        """SET_VLAN."""

    async def rlpml_set_vf(self, max_size: int):
        """SET_LPE."""

    async def check_for_link_vf(self) -> bool:
        """The watchdog's link check; returns the link state the VF shows."""


@runtime_checkable
class PfMailbox(Protocol):
    """igb's mailbox primitives for VF n (e1000_mbx.c, reached as hw->mbx.ops); igb's message
    handling (tb.drivers.igb.Igb) runs on top of any implementation of them."""

    name: str
    host: object

    async def check_for_msg(self, vf: int) -> bool:
        """VFREQ[vf] seen and cleared (igb_check_for_msg_pf)."""

    async def check_for_ack(self, vf: int) -> bool:
        """VFACK[vf] seen and cleared (igb_check_for_ack_pf)."""

    async def check_for_rst(self, vf: int) -> bool:
        """VFLRE[vf] seen and cleared (igb_check_for_rst_pf)."""

    async def read(self, size: int, vf: int, unlock: bool) -> Optional[list]:
        """Lock, read `size` words, ACK (keeping PFU unless `unlock`); None when the lock
        was not had (igb_read_mbx_pf)."""

    async def write(self, msg: list, size: int, vf: int) -> bool:
        """Lock, flush VFREQ/VFACK, write the words, STS (igb_write_mbx_pf)."""

    async def unlock(self, vf: int):
        """Drop PFU without signalling anything (igb_unlock_mbx)."""
