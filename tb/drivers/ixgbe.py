"""Model of the ixgbe PF's mailbox code: Linux 6.1 ixgbe_mbx.c + ixgbe_sriov.c/ixgbe_main.c
(docs/drivers-ixgbe.md 2.1), Intel's shared-code API 1.5 primitives (3.2), and the mixed PF.

Reads side by side with the C: the same function names without the `ixgbe_` prefix, the same
register accesses in the same order, through the PF's `Host`. Two PF contexts run at once as
on a real host: the mailbox interrupt (`msix_other` -> `msg_task`, under vfs_lock) and the
watchdog's `ping_all_vfs` on a link change (another CPU, not under vfs_lock): each has its
own Host on the one PF port, so their accesses interleave at the device.
"""

from dataclasses import dataclass, field

import cocotb
from cocotb.triggers import Event, Lock

from tb import messages_ixgbe as M
from tb import regmap as R
from tb import regmap_ixgbe as X
from tb.bus.clock import now_ps
from tb.drivers.host import Host
from tb.options import choose

EIO = -5
IXGBE_ERR_MBX = -100
IXGBE_ERR_MBX_NOMSG = -101
DPDK_MBX_TIMEOUT = 2000        # shared code: lock tries / ACK polls
DPDK_MBX_DELAY_US = 500

LEGACY_APIS = (M.ixgbe_mbox_api_10, M.ixgbe_mbox_api_11, M.ixgbe_mbox_api_12,
               M.ixgbe_mbox_api_13, M.ixgbe_mbox_api_14)


@dataclass(frozen=True)
class IxgbeVersion:
    name: str
    source: str
    apis: tuple               # versions ixgbe_negotiate_vf_api accepts
    primitives: str           # "linux" (one-try legacy) or "shared" (Intel's, per-VF tables)


IXGBE_VERSIONS = {
    "ixgbe-6.1": IxgbeVersion("ixgbe-6.1", "Linux 6.1 ixgbe (API 1.0-1.4, legacy mailbox)",
                              LEGACY_APIS, "linux"),
    "ixgbe-api15": IxgbeVersion(
        "ixgbe-api15", "ixgbe message handling over Intel's shared-code mailbox, answering "
        "API 1.5 (legacy tables, a VF upgraded after its 1.5 reply)",
        LEGACY_APIS + (M.ixgbe_mbox_api_15,), "shared"),
    "ixgbe-mixed": IxgbeVersion(
        "ixgbe-mixed", "Linux ixgbe accepting API 1.5 with the legacy primitives (2024 attempt)",
        LEGACY_APIS + (M.ixgbe_mbox_api_15,), "linux"),
}


def ixgbe_version(name: str) -> IxgbeVersion:
    return choose("ixgbe version", name, IXGBE_VERSIONS)


class IxgbeMailbox:
    """Linux 6.1 ixgbe_mbx.c PF primitives (mbx->timeout = 0: one lock try, no polls).
    The ixgbe PfMailbox plug point: check_for_* return 0 when the bit was seen, read
    returns (err, words), write returns err; `host` is the calling context's CPU."""

    name = "ixgbe-6.1"

    def __init__(self, log):
        self.log = log

    async def check_for_bit_pf(self, host, mask: int, index: int) -> int:
        mbvficr = await host.read(X.IXGBE_PFMBICR + 4 * index)
        if mbvficr & mask:
            await host.write(X.IXGBE_PFMBICR + 4 * index, mask)
            return 0
        return EIO

    async def check_for_msg(self, host, vf: int) -> int:
        return await self.check_for_bit_pf(host, X.vfreq(vf), vf // X.IXGBE_VFS_PER_PFMBICR)

    async def check_for_ack(self, host, vf: int) -> int:
        return await self.check_for_bit_pf(host, X.vfack(vf), vf // X.IXGBE_VFS_PER_PFMBICR)

    async def check_for_rst(self, host, vf: int) -> int:
        # VFLREC on X540/X550 (VFLRE on 82599: the same bits here)
        if await host.read(X.vflrec(vf)) & X.vf_word_bit(vf):
            await host.write(X.vflrec(vf), X.vf_word_bit(vf))
            return 0
        return EIO

    async def obtain_mbx_lock_pf(self, host, vf: int) -> int:
        await host.write(X.pfmailbox(vf), R.PFMAILBOX_PFU)
        if await host.read(X.pfmailbox(vf)) & R.PFMAILBOX_PFU:
            return 0
        self.log("lock-failed", f"{host.name}: obtain_mbx_lock_pf(VF{vf}) failed", vf)
        return EIO

    async def write(self, host, msg, size: int, vf: int) -> int:
        # ixgbe_write_mbx_pf: lock, flush VFREQ/VFACK, words, STS alone (drops PFU)
        if await self.obtain_mbx_lock_pf(host, vf):
            return EIO
        await self.check_for_msg(host, vf)
        await self.check_for_ack(host, vf)
        for i in range(size):
            await host.write(X.pfmbmem(vf, i), msg[i])
        await host.write(X.pfmailbox(vf), R.PFMAILBOX_STS)
        return 0

    async def read(self, host, size: int, vf: int):
        # ixgbe_read_mbx_pf: lock, words, ACK alone (drops PFU)
        if await self.obtain_mbx_lock_pf(host, vf):
            return EIO, None
        msg = [await host.read(X.pfmbmem(vf, i)) for i in range(size)]
        await host.write(X.pfmailbox(vf), R.PFMAILBOX_ACK)
        return 0, msg

    def upgrade_mbx_params_pf(self, vf: int):
        """Linux has one op table: no per-VF upgrade (the mixed PF stays legacy)."""


class SharedMailbox(IxgbeMailbox):
    """Intel's shared-code PF mailbox (DPDK base/ixgbe_mbx.c, 2024): per-VF op tables,
    legacy for every VF until `upgrade_mbx_params_pf(vf)`; both sets retry the lock
    2000 x 500 us; the new set re-checks PFU first, keeps PFU with STS/ACK, polls VFACK
    after a write with CTS, and reads without the lock."""

    name = "ixgbe-api15"

    def __init__(self, log, num_vfs: int):
        super().__init__(log)
        self.new_ops = [False] * num_vfs

    def upgrade_mbx_params_pf(self, vf: int):
        self.new_ops[vf] = True

    # ---- legacy set (ixgbe_*_pf_legacy): Linux's, with lock retries
    async def obtain_mbx_lock_pf_legacy(self, host, vf: int) -> int:
        for _ in range(DPDK_MBX_TIMEOUT):
            await host.write(X.pfmailbox(vf), R.PFMAILBOX_PFU)
            if await host.read(X.pfmailbox(vf)) & R.PFMAILBOX_PFU:
                return 0
            await host.udelay(DPDK_MBX_DELAY_US)
        self.log("lock-failed", f"{host.name}: obtain_mbx_lock_pf_legacy(VF{vf}) gave up", vf)
        return IXGBE_ERR_MBX

    # ---- new set
    async def obtain_mbx_lock_pf(self, host, vf: int) -> int:
        if not self.new_ops[vf]:
            return await self.obtain_mbx_lock_pf_legacy(host, vf)
        for _ in range(DPDK_MBX_TIMEOUT):
            pf_mailbox = await host.read(X.pfmailbox(vf))
            # Check if other thread holds the PF lock already
            if not pf_mailbox & R.PFMAILBOX_PFU:
                await host.write(X.pfmailbox(vf), pf_mailbox | R.PFMAILBOX_PFU)
                if await host.read(X.pfmailbox(vf)) & R.PFMAILBOX_PFU:
                    return 0
            await host.udelay(DPDK_MBX_DELAY_US)
        self.log("lock-failed", f"{host.name}: obtain_mbx_lock_pf(VF{vf}) gave up", vf)
        return IXGBE_ERR_MBX

    async def release_mbx_lock_pf(self, host, vf: int):
        pf_mailbox = await host.read(X.pfmailbox(vf))
        await host.write(X.pfmailbox(vf), pf_mailbox & ~R.PFMAILBOX_PFU)

    async def clear_msg_pf(self, host, vf: int):
        index = X.pfmbicr(vf)
        await host.read(index)
        await host.write(index, X.vfreq(vf))

    async def clear_ack_pf(self, host, vf: int):
        index = X.pfmbicr(vf)
        await host.read(index)
        await host.write(index, X.vfack(vf))

    async def check_for_msg(self, host, vf: int) -> int:
        if not self.new_ops[vf]:
            return await super().check_for_msg(host, vf)
        # non-destructive: read_mbx_pf clears VFREQ
        return 0 if await host.read(X.pfmbicr(vf)) & X.vfreq(vf) else IXGBE_ERR_MBX_NOMSG

    async def poll_for_ack(self, host, vf: int) -> int:
        for _ in range(DPDK_MBX_TIMEOUT):
            if not await super().check_for_ack(host, vf):
                return 0
            await host.udelay(DPDK_MBX_DELAY_US)
        self.log("ack-timeout", f"{host.name}: no VFACK from VF{vf} within 1 s", vf)
        return IXGBE_ERR_MBX

    async def write(self, host, msg, size: int, vf: int) -> int:
        if not self.new_ops[vf]:
            # the legacy write (Linux's order), its lock retrying (obtain dispatches)
            return await super().write(host, msg, size, vf)
        ret_val = await self.obtain_mbx_lock_pf(host, vf)
        if not ret_val:
            await self.clear_msg_pf(host, vf)
            await self.clear_ack_pf(host, vf)
            for i in range(size):
                await host.write(X.pfmbmem(vf, i), msg[i])
            pf_mailbox = await host.read(X.pfmailbox(vf))
            await host.write(X.pfmailbox(vf), pf_mailbox | R.PFMAILBOX_STS)
            # Otherwise ACK will never be received
            if msg[0] & M.IXGBE_VT_MSGTYPE_CTS:
                ret_val = await self.poll_for_ack(host, vf)
        await self.release_mbx_lock_pf(host, vf)
        return ret_val

    async def read(self, host, size: int, vf: int):
        if not self.new_ops[vf]:
            return await super().read(host, size, vf)
        if await self.check_for_msg(host, vf):
            return IXGBE_ERR_MBX_NOMSG, None
        await self.clear_msg_pf(host, vf)
        msg = [await host.read(X.pfmbmem(vf, i)) for i in range(size)]
        pf_mailbox = await host.read(X.pfmailbox(vf))
        await host.write(X.pfmailbox(vf), pf_mailbox | R.PFMAILBOX_ACK)
        return 0, msg


@dataclass
class VfInfo:
    """struct vf_data_storage, the part the mailbox touches."""

    mac: bytes
    clear_to_send: bool = False
    vf_api: int = M.ixgbe_mbox_api_10
    mc_hashes: list = field(default_factory=list)
    vlans: set = field(default_factory=set)
    max_frame: int = 0
    xcast_mode: int = 0
    macvlans: list = field(default_factory=list)


@dataclass(frozen=True)
class Received:
    time_ps: int
    vf: int
    words: tuple


class Ixgbe:
    """The ixgbe PF: interrupt path, msg_task and its handlers, the watchdog's pings."""

    def __init__(self, host: Host, version: IxgbeVersion, num_vfs: int, timeline,
                 vf_macs=None, mailbox=None):
        self.host = host                 # the CPU of the mailbox interrupt
        self.version = version
        self.num_vfs = num_vfs
        self.timeline = timeline
        if mailbox is None:
            mailbox = SharedMailbox(self.log, num_vfs) if version.primitives == "shared" \
                else IxgbeMailbox(self.log)
        self.mbx = mailbox
        self.name = version.name if mailbox.name in IXGBE_VERSIONS else \
            f"{version.name}/{mailbox.name}"
        self.vfinfo = [VfInfo(mac=(vf_macs or {}).get(n, bytes([0x02, 0, 0, 0, 0x20, n])))
                       for n in range(num_vfs)]
        self.received = []
        self.pings = []                  # (time_ps, vf, err) of every ping written
        self.vfs_lock = Lock()
        self.watchdog_host = None        # the CPU of the service task (start_watchdog)
        self._idle = Event()
        self._idle.set()

    def log(self, kind: str, text: str, vf: int = 0, **fields):
        self.timeline.add(now_ps(), "PF", kind, text, vf=vf, **fields)

    # ------------------------------------------------------------ ixgbe_main.c
    async def bring_up(self):
        """ixgbe_up_complete for SR-IOV: clear leftovers (EICR read), EIMS with MAILBOX,
        CTRL_EXT |= PFRSTD by read-modify-write. PFMBIMR keeps its all-ones reset value."""
        await self.host.read(X.IXGBE_EICR)
        await self.host.write(X.IXGBE_EIMS, X.IXGBE_EICR_MAILBOX)
        ctrl_ext = await self.host.read(X.IXGBE_CTRL_EXT)
        await self.host.write(X.IXGBE_CTRL_EXT, ctrl_ext | X.IXGBE_CTRL_EXT_PFRSTD)
        self.log("pf-up", "PF up: EIMS.MAILBOX, CTRL_EXT.PFRSTD written")

    async def msix_other(self):
        """The mailbox interrupt path, forever (ixgbe_msix_other)."""
        while True:
            await self.host.wait_for_irq()
            self._idle.clear()
            await self.host.udelay(self.host.timing.pf_irq_latency_us)
            # Workaround for Silicon errata: clear-by-write instead of clear-by-read
            eicr = await self.host.read(X.IXGBE_EICS) & 0xFFFF0000
            await self.host.write(X.IXGBE_EICR, eicr)
            if eicr & X.IXGBE_EICR_MAILBOX:
                await self.msg_task()
            await self.host.write(X.IXGBE_EIMS, X.IXGBE_EICR_MAILBOX)
            await self.host.drain()
            self._idle.set()

    igb_intr = msix_other        # the name the igb scenarios' rig starts

    def waiting_for_interrupt(self):
        return self._idle.wait()

    async def idle(self):
        while not self._idle.is_set():
            await self._idle.wait()
            await self.host.drain()

    def start_watchdog(self, link_pin, host: Host):
        """ixgbe_service_task's link part on its own CPU: each change of `link_pin`, after
        the link-change latency, runs watchdog_link_is_up/down, which ping every VF."""
        self.watchdog_host = host
        return cocotb.start_soon(self._watchdog(link_pin))

    async def _watchdog(self, link_pin):
        changed = Event()      # the LSC interrupt: it only schedules the service task

        async def lsc():
            while True:
                await link_pin.value_change
                changed.set()
        watcher = cocotb.start_soon(lsc())
        try:
            await self._watch(link_pin, changed)
        finally:
            watcher.cancel()

    async def _watch(self, link_pin, changed):
        link = int(link_pin.value)
        while True:
            await changed.wait()
            changed.clear()
            await self.watchdog_host.udelay(self.host.timing.pf_link_change_us)
            up = int(link_pin.value)
            if up == link:        # flapped back before the watchdog ran: no change seen
                continue
            link = up
            self.log("link-change", f"watchdog: NIC Link is {'Up' if up else 'Down'}: "
                     "ixgbe_ping_all_vfs")
            await self.ping_all_vfs(self.watchdog_host)
            await self.watchdog_host.drain()

    async def ping_all_vfs(self, host: Host = None):
        host = host or self.host
        for vf in range(self.num_vfs):
            ping = M.IXGBE_PF_CONTROL_MSG
            if self.vfinfo[vf].clear_to_send:
                ping |= M.IXGBE_VT_MSGTYPE_CTS
            err = await self.mbx.write(host, [ping], 1, vf)
            self.pings.append((now_ps(), vf, err))

    async def down(self):
        """ixgbe_down with VFs: every VF loses clear-to-send."""
        for info in self.vfinfo:
            info.clear_to_send = False
        self.log("pf-down", "ixgbe_down: every VF marked not clear-to-send")

    # ------------------------------------------------------------ ixgbe_sriov.c
    async def msg_task(self):
        async with self.vfs_lock:
            for vf in range(self.num_vfs):
                if not await self.mbx.check_for_rst(self.host, vf):
                    self.vf_reset_event(vf)
                if not await self.mbx.check_for_msg(self.host, vf):
                    await self.rcv_msg_from_vf(vf)
                if not await self.mbx.check_for_ack(self.host, vf):
                    await self.rcv_ack_from_vf(vf)

    def vf_reset_event(self, vf: int):
        info = self.vfinfo[vf]
        info.vlans, info.mc_hashes, info.macvlans = set(), [], []
        info.vf_api = M.ixgbe_mbox_api_10
        self.log("vf-reset-event", f"ixgbe_vf_reset_event(VF{vf}): filters dropped, api 1.0", vf)

    async def rcv_ack_from_vf(self, vf: int):
        # if device isn't clear to send it shouldn't be reading either
        if not self.vfinfo[vf].clear_to_send:
            self.log("nack", f"VF{vf} ACKed while not clear-to-send: NACK", vf)
            await self.mbx.write(self.host, [M.IXGBE_VT_MSGTYPE_NACK], 1, vf)

    async def handler_work(self, vf: int, word0: int):
        """The PF CPU's time between its ACK and its reply (timing.md)."""
        table = self.host.timing.handler_us
        name = M.msg_name(word0)
        us = table.get(name, table["default"])
        self.log("handler", f"handler work for {name}: {us:g} us", vf, message=name)
        await self.host.udelay(us)

    async def rcv_msg_from_vf(self, vf: int):
        size = M.IXGBE_VFMAILBOX_SIZE
        err, msgbuf = await self.mbx.read(self.host, size, vf)
        if err:
            self.log("read-failed", f"Error receiving message from VF{vf}", vf)
            return
        self.received.append(Received(now_ps(), vf, tuple(msgbuf)))
        self.log("rcv", f"ixgbe_rcv_msg_from_vf(VF{vf}): {M.msg_name(msgbuf[0])} "
                 f"{msgbuf[0]:#010x}", vf)
        # this is a message we already processed, do nothing
        if msgbuf[0] & (M.IXGBE_VT_MSGTYPE_ACK | M.IXGBE_VT_MSGTYPE_NACK):
            return
        await self.host.read(X.IXGBE_STATUS)   # flush the ack before we write any messages back
        if msgbuf[0] == M.IXGBE_VF_RESET:
            return await self.vf_reset_msg(vf)
        info = self.vfinfo[vf]
        if not info.clear_to_send:
            msgbuf[0] |= M.IXGBE_VT_MSGTYPE_NACK
            await self.mbx.write(self.host, msgbuf, 1, vf)
            return
        handlers = {
            M.IXGBE_VF_SET_MAC_ADDR: self.set_vf_mac_addr,
            M.IXGBE_VF_SET_MULTICAST: self.set_vf_multicasts,
            M.IXGBE_VF_SET_VLAN: self.set_vf_vlan_msg,
            M.IXGBE_VF_SET_LPE: self.set_vf_lpe,
            M.IXGBE_VF_SET_MACVLAN: self.set_vf_macvlan_msg,
            M.IXGBE_VF_API_NEGOTIATE: self.negotiate_vf_api,
            M.IXGBE_VF_GET_QUEUES: self.get_vf_queues,
            M.IXGBE_VF_UPDATE_XCAST_MODE: self.update_vf_xcast_mode,
            M.IXGBE_VF_GET_LINK_STATE: self.get_vf_link_state,
        }
        handler = handlers.get(M.msg_type(msgbuf[0]))
        retval = handler(vf, msgbuf) if handler else EIO
        if handler is None:
            self.log("unhandled", f"Unhandled Msg {msgbuf[0]:#010x} from VF{vf}", vf)
        await self.handler_work(vf, msgbuf[0])
        msgbuf[0] |= M.IXGBE_VT_MSGTYPE_NACK if retval else M.IXGBE_VT_MSGTYPE_ACK
        msgbuf[0] |= M.IXGBE_VT_MSGTYPE_CTS
        await self.mbx.write(self.host, msgbuf, size, vf)
        # the shared-code PF switches a VF to the new primitives after its 1.5 reply
        if M.msg_type(msgbuf[0]) == M.IXGBE_VF_API_NEGOTIATE and not retval and \
                info.vf_api == M.ixgbe_mbox_api_15:
            self.mbx.upgrade_mbx_params_pf(vf)

    async def vf_clear_mbx(self, vf: int):
        # zero the VF's 16 words without taking PFU, then flush
        for word in range(M.IXGBE_VFMAILBOX_SIZE):
            await self.host.write(X.pfmbmem(vf, word), 0)
        await self.host.read(X.IXGBE_STATUS)

    async def vf_reset_msg(self, vf: int):
        self.vf_reset_event(vf)
        await self.vf_clear_mbx(vf)
        await self.handler_work(vf, M.IXGBE_VF_RESET)
        info = self.vfinfo[vf]
        info.clear_to_send = True
        msgbuf = [M.IXGBE_VF_RESET | M.IXGBE_VT_MSGTYPE_ACK] + M.mac_to_words(info.mac) + [0]
        await self.mbx.write(self.host, msgbuf, M.IXGBE_VF_PERMADDR_MSG_LEN, vf)

    # handlers: 0 (ACK) or an error (NACK); they fill the reply words in place
    def set_vf_mac_addr(self, vf: int, msg) -> int:
        mac = M.words_to_mac(msg[1:3])
        if mac[0] & 1:
            return -1
        self.vfinfo[vf].mac = mac
        return 0

    def set_vf_multicasts(self, vf: int, msg) -> int:
        count = min((msg[0] & M.IXGBE_VT_MSGINFO_MASK) >> M.IXGBE_VT_MSGINFO_SHIFT, 30)
        halves = [h for w in msg[1:] for h in (w & 0xFFFF, w >> 16)]
        self.vfinfo[vf].mc_hashes = halves[:count]
        return 0

    def set_vf_vlan_msg(self, vf: int, msg) -> int:
        vid = msg[1] & 0xFFF
        if (msg[0] & M.IXGBE_VT_MSGINFO_MASK) >> M.IXGBE_VT_MSGINFO_SHIFT:
            self.vfinfo[vf].vlans.add(vid)
        else:
            self.vfinfo[vf].vlans.discard(vid)
        return 0

    def set_vf_lpe(self, vf: int, msg) -> int:
        if not 64 <= msg[1] <= 9728:
            return -1
        self.vfinfo[vf].max_frame = msg[1]
        return 0

    def set_vf_macvlan_msg(self, vf: int, msg) -> int:
        index = (msg[0] & M.IXGBE_VT_MSGINFO_MASK) >> M.IXGBE_VT_MSGINFO_SHIFT
        if index == 0:
            self.vfinfo[vf].macvlans = []
        else:
            self.vfinfo[vf].macvlans.append(M.words_to_mac(msg[1:3]))
        return 0

    def negotiate_vf_api(self, vf: int, msg) -> int:
        if msg[1] in self.version.apis:
            self.vfinfo[vf].vf_api = msg[1]
            return 0
        self.log("api-refused", f"VF {vf} requested unsupported api version {msg[1]}", vf)
        return -1

    def get_vf_queues(self, vf: int, msg) -> int:
        if self.vfinfo[vf].vf_api not in self.version.apis[1:] and \
                self.vfinfo[vf].vf_api != M.API["2.0"]:
            return -1
        msg[M.IXGBE_VF_TX_QUEUES] = msg[M.IXGBE_VF_RX_QUEUES] = 1
        msg[M.IXGBE_VF_TRANS_VLAN] = msg[M.IXGBE_VF_DEF_QUEUE] = 0
        return 0

    def update_vf_xcast_mode(self, vf: int, msg) -> int:
        if self.vfinfo[vf].vf_api < M.ixgbe_mbox_api_12:
            return -1
        self.vfinfo[vf].xcast_mode = msg[1]
        return 0

    def get_vf_link_state(self, vf: int, msg) -> int:
        if self.vfinfo[vf].vf_api < M.ixgbe_mbox_api_12:
            return -1
        msg[1] = 1     # vfinfo[vf].link_enable
        return 0
