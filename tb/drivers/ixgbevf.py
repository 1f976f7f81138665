"""Model of Linux 6.1's ixgbevf mailbox code, mbx.c + vf.c (docs/drivers-ixgbe.md 2.2-2.3, 3.1).

Reads side by side with the C: the same function names without the `ixgbevf_` prefix and
the same register accesses in the same order, through the VF's `Host`. Both operation sets
are here: legacy (`*_legacy`, what reset_hw installs) and API 1.5 (installed by
negotiate_api when the PF accepts 1.5). Functions return the C's codes: 0 or an error.
"""

from dataclasses import dataclass, field

from cocotb.triggers import Lock

from tb import messages_ixgbe as M
from tb import regmap as R
from tb import regmap_ixgbe as X
from tb.bus.clock import now_ps

IXGBE_VF_MBX_INIT_TIMEOUT = 2000     # tries / polls (mbx.h)
IXGBE_VF_MBX_INIT_DELAY = 500        # us between them
IXGBE_VF_INIT_TIMEOUT = 200          # RSTI/RSTD waits of udelay(5) (defines.h)
IXGBE_VFMAILBOX_R2C_BITS = R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTD
# one mailbox timeout (a poll or the lock), in ps: the protocol monitor's silence limit
VF_MBX_TIMEOUT_PS = IXGBE_VF_MBX_INIT_TIMEOUT * IXGBE_VF_MBX_INIT_DELAY * 10**6

# error codes (ixgbevf/defines.h, errno)
IXGBE_ERR_INVALID_MAC_ADDR = -1
IXGBE_ERR_RESET_FAILED = -2
IXGBE_ERR_INVALID_ARGUMENT = -3
IXGBE_ERR_CONFIG = -4
IXGBE_ERR_MBX = -5
IXGBE_ERR_TIMEOUT = -6
EPERM, ENOMEM, EOPNOTSUPP = -1, -12, -95

IXGBEVF_PF_SUP_IPSEC = 1 << 0
IXGBEVF_PF_SUP_ESX_MBX = 1 << 1
IXGBEVF_SUPPORTED_FEATURES = IXGBEVF_PF_SUP_IPSEC | IXGBEVF_PF_SUP_ESX_MBX
# ixgbevf_negotiate_api's list (ixgbevf_main.c, with a7075f501bd3)
API_TRIES = [M.ixgbe_mbox_api_17, M.ixgbe_mbox_api_16, M.ixgbe_mbox_api_15,
             M.ixgbe_mbox_api_14, M.ixgbe_mbox_api_13, M.ixgbe_mbox_api_12,
             M.ixgbe_mbox_api_11, M.ixgbe_mbox_api_10]
MAX_QUEUES = 8
IXGBEVF_XCAST_MODE_MULTI = 1

# one model, named for what it is; the API it ends on is the PF's choice
IXGBEVF_VERSIONS = {"ixgbevf-6.1": "Linux 6.1.192 ixgbevf (tries API 1.7 .. 1.0)"}


@dataclass
class Reply:
    """What one write_msg_read_ack got back: the scenario's view of what the VF believes."""

    name: str
    err: int
    words: list = field(default_factory=list)


class Ixgbevf:
    """ixgbevf on VF `vf`: struct ixgbe_hw's mailbox part and the mac.ops it calls."""

    def __init__(self, host, vf: int, timeline, name: str = "ixgbevf-6.1",
                 api_tries=None):
        self.host = host
        self.vf = vf
        self.timeline = timeline
        self.name = name
        self.api_tries = list(api_tries or API_TRIES)
        self.vf_mailbox = 0                      # hw->mbx.vf_mailbox: the R2C shadow
        self.timeout = IXGBE_VF_MBX_INIT_TIMEOUT  # init_params sets it (not 0) since c869259881a3
        self.udelay = IXGBE_VF_MBX_INIT_DELAY
        self.ops = "legacy"                      # hw->mbx.ops: "legacy" or "api15"
        self.api_version = M.ixgbe_mbox_api_10
        self.pf_features = 0
        self.perm_addr = None
        self.mc_filter_type = 0
        self.get_link_status = True
        # sw_init: "assume legacy case in which PF would only give VF 2 queues"
        self.max_rx_queues = self.max_tx_queues = 2
        self.replies = []                        # every write_msg_read_ack's outcome
        self.mbx_lock = Lock()                   # adapter->mbx_lock (spin_lock_bh)

    @property
    def mac(self):
        return self.perm_addr

    @property
    def protocol(self) -> str:
        return "1.5" if self.ops == "api15" else "legacy"

    def log(self, kind: str, text: str):
        self.timeline.add(now_ps(), f"VF{self.vf}", kind, text, vf=self.vf)

    # ------------------------------------------------------------ mbx.c
    async def read_mailbox_vf(self) -> int:
        vf_mailbox = await self.host.read(X.IXGBE_VFMAILBOX)
        vf_mailbox |= self.vf_mailbox
        self.vf_mailbox |= vf_mailbox & IXGBE_VFMAILBOX_R2C_BITS
        return vf_mailbox

    async def clear_msg_vf(self):
        if await self.read_mailbox_vf() & R.VFMAILBOX_PFSTS:
            self.vf_mailbox &= ~R.VFMAILBOX_PFSTS

    async def clear_ack_vf(self):
        if await self.read_mailbox_vf() & R.VFMAILBOX_PFACK:
            self.vf_mailbox &= ~R.VFMAILBOX_PFACK

    async def clear_rst_vf(self):
        if await self.read_mailbox_vf() & (R.VFMAILBOX_RSTI | R.VFMAILBOX_RSTD):
            self.vf_mailbox &= ~(R.VFMAILBOX_RSTI | R.VFMAILBOX_RSTD)

    async def check_for_bit_vf(self, mask: int) -> int:
        return 0 if await self.read_mailbox_vf() & mask else IXGBE_ERR_MBX

    async def check_for_msg_vf(self) -> int:
        return await self.check_for_bit_vf(R.VFMAILBOX_PFSTS)

    async def check_for_ack_vf(self) -> int:
        if await self.check_for_bit_vf(R.VFMAILBOX_PFACK):
            return IXGBE_ERR_MBX
        await self.clear_ack_vf()
        return 0

    async def check_for_rst_vf(self) -> int:
        if await self.check_for_bit_vf(R.VFMAILBOX_RSTD | R.VFMAILBOX_RSTI):
            return IXGBE_ERR_MBX
        await self.clear_rst_vf()
        return 0

    async def _poll(self, check, what: str) -> int:
        # ixgbevf_poll_for_msg / _ack: check, then countdown-- and udelay; no latch any more
        countdown = self.timeout
        if not countdown:
            return IXGBE_ERR_CONFIG
        while countdown and await check():
            countdown -= 1
            await self.host.udelay(self.udelay)
        if not countdown:
            self.log("mbx-timeout", f"{what} timed out after {self.timeout} polls")
            return IXGBE_ERR_TIMEOUT
        return 0

    async def poll_for_msg(self) -> int:
        return await self._poll(self.check_for_msg_vf, "poll_for_msg")

    async def poll_for_ack(self) -> int:
        return await self._poll(self.check_for_ack_vf, "poll_for_ack")

    async def obtain_mbx_lock_vf(self) -> int:
        # read-modify-write of VFU (c869259881a3), up to mbx->timeout tries
        if not self.timeout:
            return IXGBE_ERR_CONFIG
        for _ in range(self.timeout):
            vf_mailbox = await self.read_mailbox_vf() | R.VFMAILBOX_VFU
            await self.host.write(X.IXGBE_VFMAILBOX, vf_mailbox)
            if await self.read_mailbox_vf() & R.VFMAILBOX_VFU:
                return 0
            await self.host.udelay(self.udelay)
        self.log("lock-failed", "obtain_mbx_lock_vf gave up")
        return IXGBE_ERR_TIMEOUT

    async def release_mbx_lock_vf(self):
        vf_mailbox = await self.read_mailbox_vf()
        await self.host.write(X.IXGBE_VFMAILBOX, vf_mailbox & ~R.VFMAILBOX_VFU)

    async def write_mbx_vf(self, msg, size: int) -> int:
        # API 1.5: REQ written with VFU kept, PFACK polled while holding VFU, then release
        ret_val = await self.obtain_mbx_lock_vf()
        if not ret_val:
            await self.clear_msg_vf()
            await self.clear_ack_vf()
            for i in range(size):
                await self.host.write(X.vfmbmem(i), msg[i])
            vf_mailbox = await self.read_mailbox_vf()
            await self.host.write(X.IXGBE_VFMAILBOX, vf_mailbox | R.VFMAILBOX_REQ)
            ret_val = await self.poll_for_ack()
        await self.release_mbx_lock_vf()
        return ret_val

    async def write_mbx_vf_legacy(self, msg, size: int) -> int:
        ret_val = await self.obtain_mbx_lock_vf()
        if ret_val:
            return ret_val
        # flush msg and acks as we are overwriting the message buffer
        await self.check_for_msg_vf()
        await self.clear_msg_vf()
        await self.check_for_ack_vf()
        await self.clear_ack_vf()
        for i in range(size):
            await self.host.write(X.vfmbmem(i), msg[i])
        # Drop VFU and interrupt the PF to tell it a message has been sent
        await self.host.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_REQ)
        return 0

    async def read_mbx_vf(self, size: int):
        # API 1.5: no lock; (err, words)
        ret_val = await self.check_for_msg_vf()
        if ret_val:
            return ret_val, None
        await self.clear_msg_vf()
        msg = [await self.host.read(X.vfmbmem(i)) for i in range(size)]
        vf_mailbox = await self.read_mailbox_vf()
        await self.host.write(X.IXGBE_VFMAILBOX, vf_mailbox | R.VFMAILBOX_ACK)
        return 0, msg

    async def read_mbx_vf_legacy(self, size: int):
        ret_val = await self.obtain_mbx_lock_vf()
        if ret_val:
            return ret_val, None
        msg = [await self.host.read(X.vfmbmem(i)) for i in range(size)]
        # Acknowledge receipt and release mailbox, then we're done
        await self.host.write(X.IXGBE_VFMAILBOX, R.VFMAILBOX_ACK)
        return 0, msg

    async def mbx_read(self, size: int):
        """hw->mbx.ops.read."""
        if self.ops == "api15":
            return await self.read_mbx_vf(size)
        return await self.read_mbx_vf_legacy(size)

    async def poll_mbx(self, size: int):
        if not self.timeout:
            return IXGBE_ERR_CONFIG, None
        ret_val = await self.poll_for_msg()
        if ret_val:
            return ret_val, None
        return await self.mbx_read(min(size, M.IXGBE_VFMAILBOX_SIZE))

    async def write_mbx(self, msg, size: int) -> int:
        if not self.timeout:
            return IXGBE_ERR_CONFIG
        if self.ops == "api15":
            return await self.write_mbx_vf(msg, size)
        return await self.write_mbx_vf_legacy(msg, size)

    # ------------------------------------------------------------ vf.c
    async def write_msg_read_ack(self, msg, size: int):
        """(err, reply words); every outcome is kept in self.replies."""
        self.log("send", f"{M.msg_name(msg[0])} {msg[0]:#010x} ({self.protocol} ops)")
        err = await self.write_mbx(msg, size)
        reply = None
        if not err:
            err, reply = await self.poll_mbx(size)
        self.replies.append(Reply(M.msg_name(msg[0]), err, list(reply or [])))
        if reply is not None:
            self.log("reply", f"{M.msg_name(msg[0])}: reads {reply[0]:#010x} "
                              f"({M.msg_name(reply[0])}) as its reply")
        return err, reply

    async def stop_hw_vf(self):
        # ixgbevf_stop_hw_vf: RX queues, flush, VTEIMC, VTEICR, TX queues
        for i in range(self.max_rx_queues):
            await self.host.read(X.IXGBE_VFRXDCTL + X.IXGBE_VFQ_STRIDE * i)
        await self.host.read(X.IXGBE_VFSTATUS)
        await self.host.write(X.IXGBE_VTEIMC, 0x7)
        await self.host.read(X.IXGBE_VTEICR)
        for i in range(self.max_tx_queues):
            await self.host.read(X.IXGBE_VFTXDCTL + X.IXGBE_VFQ_STRIDE * i)

    async def reset_hw_vf(self) -> int:
        await self.stop_hw_vf()
        # reset the api version, legacy ops (init_params: timeout 2000)
        self.api_version = M.ixgbe_mbox_api_10
        self.timeout, self.udelay = IXGBE_VF_MBX_INIT_TIMEOUT, IXGBE_VF_MBX_INIT_DELAY
        self.ops = "legacy"
        await self.host.write(X.IXGBE_VFCTRL, X.IXGBE_VFCTRL_RST)
        await self.host.read(X.IXGBE_VFSTATUS)   # IXGBE_WRITE_FLUSH
        # we cannot reset while the RSTI / RSTD bits are asserted
        timeout = IXGBE_VF_INIT_TIMEOUT
        while not await self.check_for_rst_vf() and timeout:
            timeout -= 1
            await self.host.udelay(5)
        if not timeout:
            self.log("reset-failed", "RSTI/RSTD still set: IXGBE_ERR_RESET_FAILED")
            return IXGBE_ERR_RESET_FAILED
        self.timeout = IXGBE_VF_MBX_INIT_TIMEOUT
        self.log("send", "VF_RESET (legacy ops)")
        await self.write_mbx([M.IXGBE_VF_RESET], 1)
        await self.host.udelay(10_000)   # mdelay(10)
        ret_val, msgbuf = await self.poll_mbx(M.IXGBE_VF_PERMADDR_MSG_LEN)
        self.replies.append(Reply("VF_RESET", ret_val, list(msgbuf or [])))
        if ret_val:
            return ret_val
        self.log("reply", f"VF_RESET: reads {msgbuf[0]:#010x} as its reply")
        ok = M.IXGBE_VF_RESET | M.IXGBE_VT_MSGTYPE_SUCCESS
        if msgbuf[0] not in (ok, M.IXGBE_VF_RESET | M.IXGBE_VT_MSGTYPE_FAILURE):
            self.replies[-1].err = IXGBE_ERR_INVALID_MAC_ADDR
            return IXGBE_ERR_INVALID_MAC_ADDR
        if msgbuf[0] == ok:
            self.perm_addr = M.words_to_mac(msgbuf[1:3])
        self.mc_filter_type = msgbuf[M.IXGBE_VF_MC_TYPE_WORD]
        return 0

    async def negotiate_api_version_vf(self, api: int) -> int:
        err, msg = await self.write_msg_read_ack([M.IXGBE_VF_API_NEGOTIATE, api, 0], 3)
        if not err:
            if msg[0] & ~M.IXGBE_VT_MSGTYPE_CTS == M.IXGBE_VF_API_NEGOTIATE | \
                    M.IXGBE_VT_MSGTYPE_SUCCESS:
                self.api_version = api
                return 0
            err = IXGBE_ERR_INVALID_ARGUMENT
        return err

    async def negotiate_features_vf(self):
        if self.api_version != M.ixgbe_mbox_api_17:
            return EOPNOTSUPP, 0
        err, msg = await self.write_msg_read_ack(
            [M.IXGBE_VF_FEATURES_NEGOTIATE, IXGBEVF_SUPPORTED_FEATURES], 2)
        if err or msg[0] & M.IXGBE_VT_MSGTYPE_FAILURE:
            return IXGBE_ERR_MBX, 0
        return err, msg[1]

    async def negotiate_api(self) -> int:
        """ixgbevf_main.c ixgbevf_negotiate_api (+ set_features), under mbx_lock."""
        async with self.mbx_lock:
            err = IXGBE_ERR_INVALID_ARGUMENT
            for api in self.api_tries:
                err = await self.negotiate_api_version_vf(api)
                if not err:
                    break
            _, self.pf_features = await self.negotiate_features_vf()
            if self.api_version == M.ixgbe_mbox_api_14:
                self.pf_features |= IXGBEVF_PF_SUP_IPSEC
            elif self.api_version == M.ixgbe_mbox_api_15:
                self.pf_features |= IXGBEVF_PF_SUP_ESX_MBX
            if self.pf_features & IXGBEVF_PF_SUP_ESX_MBX:
                self.timeout, self.udelay = IXGBE_VF_MBX_INIT_TIMEOUT, IXGBE_VF_MBX_INIT_DELAY
                self.ops = "api15"
            self.log("api", f"api {M.API_NAMES.get(self.api_version)}, {self.protocol} ops")
            return err

    async def get_queues(self) -> int:
        if self.api_version in (M.ixgbe_mbox_api_10, M.API["2.0"]):
            return 0
        err, msg = await self.write_msg_read_ack([M.IXGBE_VF_GET_QUEUES, 0, 0, 0, 0], 5)
        if err:
            return err
        if msg[0] & ~M.IXGBE_VT_MSGTYPE_CTS != M.IXGBE_VF_GET_QUEUES | M.IXGBE_VT_MSGTYPE_SUCCESS:
            return IXGBE_ERR_MBX
        # record and validate values from message (0 or too many: the maximum)
        tx, rx = msg[M.IXGBE_VF_TX_QUEUES], msg[M.IXGBE_VF_RX_QUEUES]
        self.max_tx_queues = tx if 0 < tx <= MAX_QUEUES else MAX_QUEUES
        self.max_rx_queues = rx if 0 < rx <= MAX_QUEUES else MAX_QUEUES
        return 0

    async def update_xcast_mode(self, xcast_mode: int) -> int:
        if self.api_version < M.ixgbe_mbox_api_12 or self.api_version == M.API["2.0"]:
            return EOPNOTSUPP
        err, msg = await self.write_msg_read_ack([M.IXGBE_VF_UPDATE_XCAST_MODE, xcast_mode], 2)
        if err:
            return err
        if msg[0] & ~M.IXGBE_VT_MSGTYPE_CTS == M.IXGBE_VF_UPDATE_XCAST_MODE | \
                M.IXGBE_VT_MSGTYPE_FAILURE:
            return EPERM
        return 0

    async def update_mc_addr_list_vf(self, addrs) -> int:
        # 16 words; words past the vectors are C stack contents (drivers-ixgbe.md 3.5): 0 here.
        # The reply is not looked at: any reply, or a ping, is success.
        cnt = min(len(addrs), 30)
        msgbuf = [M.IXGBE_VF_SET_MULTICAST | cnt << M.IXGBE_VT_MSGINFO_SHIFT] + [0] * 15
        for i, addr in enumerate(addrs[:cnt]):
            msgbuf[1 + i // 2] |= M.ixgbevf_mta_vector(self.mc_filter_type, addr) << 16 * (i % 2)
        err, _ = await self.write_msg_read_ack(msgbuf, M.IXGBE_VFMAILBOX_SIZE)
        return err

    async def set_uc_addr_vf(self, index: int, addr=None) -> int:
        msgbuf = [index << M.IXGBE_VT_MSGINFO_SHIFT | M.IXGBE_VF_SET_MACVLAN, 0, 0]
        msgbuf_chk = msgbuf[0]
        if addr:
            msgbuf[1:3] = M.mac_to_words(addr)
        err, msg = await self.write_msg_read_ack(msgbuf, 3)
        if not err and msg[0] & ~M.IXGBE_VT_MSGTYPE_CTS == msgbuf_chk | M.IXGBE_VT_MSGTYPE_FAILURE:
            return ENOMEM
        return err

    async def set_vfta_vf(self, vlan: int, vlan_on: bool) -> int:
        err, msg = await self.write_msg_read_ack(
            [M.IXGBE_VF_SET_VLAN | int(vlan_on) << M.IXGBE_VT_MSGINFO_SHIFT, vlan], 2)
        if err:
            return err
        word0 = msg[0] & ~M.IXGBE_VT_MSGTYPE_CTS & ~M.IXGBE_VT_MSGINFO_MASK
        if word0 != M.IXGBE_VF_SET_VLAN | M.IXGBE_VT_MSGTYPE_SUCCESS:
            return IXGBE_ERR_INVALID_ARGUMENT
        return 0

    async def set_rlpml_vf(self, max_size: int) -> int:
        err, msg = await self.write_msg_read_ack([M.IXGBE_VF_SET_LPE, max_size], 2)
        if err:
            return err
        if msg[0] & M.IXGBE_VF_SET_LPE and msg[0] & M.IXGBE_VT_MSGTYPE_FAILURE:
            return IXGBE_ERR_MBX
        return 0

    async def set_rar_vf(self, addr: bytes) -> int:
        err, msg = await self.write_msg_read_ack([M.IXGBE_VF_SET_MAC_ADDR] + M.mac_to_words(addr), 3)
        if not err and msg[0] & ~M.IXGBE_VT_MSGTYPE_CTS == \
                M.IXGBE_VF_SET_MAC_ADDR | M.IXGBE_VT_MSGTYPE_FAILURE:
            return IXGBE_ERR_MBX
        return err

    async def get_link_state_vf(self):
        """(err, link_state)."""
        err, msg = await self.write_msg_read_ack([M.IXGBE_VF_GET_LINK_STATE, 0], 2)
        if err or msg[0] & M.IXGBE_VT_MSGTYPE_FAILURE:
            return IXGBE_ERR_MBX, None
        return 0, msg[1]

    async def read_vflinks(self) -> bool:
        # ixgbe_read_vflinks on an 82599 VF: 5 more reads 100 us apart (SFP+ debounce)
        if not await self.host.read(X.IXGBE_VFLINKS) & X.IXGBE_VFLINKS_UP:
            return False
        for _ in range(5):
            await self.host.udelay(100)
            if not await self.host.read(X.IXGBE_VFLINKS) & X.IXGBE_VFLINKS_UP:
                return False
        return True

    async def check_mac_link_vf(self):
        """(err, link_up): the watchdog's link check. A legacy read raises VFACK at the PF."""
        ret_val = 0
        if not await self.check_for_rst_vf() or not self.timeout:
            self.get_link_status = True
        if self.get_link_status:
            if await self.read_vflinks():
                err, in_msg = await self.mbx_read(1)
                if err:
                    if self.pf_features & IXGBEVF_PF_SUP_ESX_MBX:
                        self.get_link_status = False
                elif not in_msg[0] & M.IXGBE_VT_MSGTYPE_CTS:
                    if in_msg[0] & M.IXGBE_VT_MSGTYPE_FAILURE:
                        ret_val = -1
                elif not self.timeout:
                    ret_val = -1
                else:
                    self.get_link_status = False
        link_up = not self.get_link_status
        self.log("link", f"check_mac_link_vf: link {'up' if link_up else 'down'}"
                         + (", error: reset requested" if ret_val else ""))
        return ret_val, link_up
