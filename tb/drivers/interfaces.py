"""The plug points: what a driver must offer so that scenarios and checkers never know
whose code they run (Python models, the Linux kernel's C code, a user's own driver).
Each device family has its own VF operation set and PF mailbox primitives: igb's
(`VfDriver`, `PfMailbox`) and ixgbe's (`IxgbevfDriver`, `IxgbePfMailbox`); a scenario
asks only for what its family offers (tb.drivers.catalog.FAMILY_OF).

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


@runtime_checkable
class IxgbevfDriver(Protocol):
    """An ixgbevf driver's operations (hw->mac.ops of vf.c, plus ixgbevf_negotiate_api of
    ixgbevf_main.c), named as the C functions without the `ixgbevf_` prefix. Each returns
    the C's code (0 or an error); get_link_state_vf and check_mac_link_vf return
    (code, state). The caller holds `mbx_lock` around an operation where the C does."""

    name: str
    vf: int
    host: object
    mbx_lock: object        # adapter->mbx_lock (a cocotb Lock)
    get_link_status: bool
    api_version: int        # enum ixgbe_pfvf_api_rev after negotiation
    protocol: str           # "legacy" or "1.5": the mailbox op set in use

    @property
    def mac(self) -> Optional[bytes]:
        """perm_addr from the VF_RESET reply (None before, or when the PF NACKed it)."""

    async def reset_hw_vf(self) -> int:
        """stop_adapter, VFCTRL.RST, RSTI/RSTD wait, VF_RESET and its 4-word reply."""

    async def negotiate_api(self) -> int:
        """API_NEGOTIATE from 1.7 down, FEATURES_NEGOTIATE on 1.7, switch to 1.5 ops."""

    async def get_queues(self) -> int:
        """GET_QUEUES (api >= 1.1)."""

    async def update_xcast_mode(self, xcast_mode: int) -> int:
        """UPDATE_XCAST_MODE (api >= 1.2)."""

    async def update_mc_addr_list_vf(self, addrs: list) -> int:
        """SET_MULTICAST with the MTA vectors of `addrs` (the reply is not checked)."""

    async def set_uc_addr_vf(self, index: int, addr) -> int:
        """SET_MACVLAN (index 0: clear the list)."""

    async def set_vfta_vf(self, vlan: int, vlan_on: bool) -> int:
        """SET_VLAN."""

    async def set_rlpml_vf(self, max_size: int) -> int:
        """SET_LPE."""

    async def set_rar_vf(self, addr: bytes) -> int:
        """SET_MAC_ADDR."""

    async def get_link_state_vf(self) -> tuple:
        """GET_LINK_STATE: (code, link_state)."""

    async def check_mac_link_vf(self) -> tuple:
        """The watchdog's link check: (code, link_up)."""


@runtime_checkable
class IxgbePfMailbox(Protocol):
    """ixgbe's PF mailbox primitives (ixgbe_mbx.c / the shared code's hw->mbx.ops) for VF
    `vf`, called from the PF context whose CPU is `host` (msg_task and the watchdog run on
    two); ixgbe's message handling (tb.drivers.ixgbe.Ixgbe) runs on top of any of them.
    check_for_* return 0 when the bit was seen (the C's convention)."""

    name: str

    async def check_for_msg(self, host, vf: int) -> int:
        """VFREQ[vf] seen (the legacy primitives also clear it)."""

    async def check_for_ack(self, host, vf: int) -> int:
        """VFACK[vf] seen and cleared."""

    async def check_for_rst(self, host, vf: int) -> int:
        """The VF-reset event of `vf` seen and cleared (VFLREC)."""

    async def read(self, host, size: int, vf: int) -> tuple:
        """(code, words): the message, ACKed."""

    async def write(self, host, msg: list, size: int, vf: int) -> int:
        """A PF message: lock, flush, words, STS."""

    def upgrade_mbx_params_pf(self, vf: int):
        """Switch VF `vf` to the API 1.5 primitives (nothing where there is one table)."""
