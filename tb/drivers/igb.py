"""Model of the igb PF driver's mailbox code (docs/drivers.md section 2).

Reads side by side with igb's e1000_mbx.c and igb_main.c: the same function names (the C
primitives carry an `e1000_` prefix) and the same order of register accesses. Every
access goes through the PF `Host`, so host timing applies; the model never touches a pin.
A version is a small set of differences (`IgbVersion`), not a second copy of the code.
"""

from dataclasses import dataclass, field

from cocotb.triggers import Event

from tb import messages as M
from tb import regmap as R
from tb.bus.clock import now_ps
from tb.options import choose
from tb.drivers.host import Host

TWO_SECONDS_PS = 2 * 10**12


@dataclass(frozen=True)
class IgbVersion:
    name: str
    source: str
    lock_tries: int          # obtain_mbx_lock_pf attempts (udelay(1000) after a failure)
    unlock_on_read: bool     # read_mbx_pf's ACK write also drops PFU


IGB_VERSIONS = {
    "igb-3.2.10": IgbVersion("igb-3.2.10", "Intel igb 3.2.10 (the seed's PF)", 1, True),
    "igb-upstream": IgbVersion("igb-upstream", "Linux igb, current upstream (unlock=false)",
                               11, False),
}


def igb_version(name: str) -> IgbVersion:
    return choose("igb version", name, IGB_VERSIONS)


@dataclass
class VfData:
    """igb's per-VF state (struct vf_data_storage), the part the mailbox touches."""

    mac: bytes
    clear_to_send: bool = False          # IGB_VF_FLAG_CTS
    last_nack_ps: int = -TWO_SECONDS_PS - 1
    mc_hashes: list = field(default_factory=list)
    vlans: set = field(default_factory=set)
    rlpml: int = 0
    promisc: int = 0


@dataclass(frozen=True)
class Received:
    """A message igb_rcv_msg_from_vf read from a VF."""

    time_ps: int
    vf: int
    words: tuple


class IgbMailbox:
    """igb's mailbox primitives (e1000_mbx.c) in Python: the PfMailbox plug point's model.

    The version differences live here (lock tries) and in the caller (`unlock`)."""

    def __init__(self, host: Host, lock_tries: int, log, name: str):
        self.host = host
        self.lock_tries = lock_tries
        self.log = log
        self.name = name

    # PfMailbox: the names igb's callers use (hw->mbx.ops)
    async def check_for_msg(self, vf: int) -> bool:
        return await self.check_for_msg_pf(vf)

    async def check_for_ack(self, vf: int) -> bool:
        return await self.check_for_ack_pf(vf)

    async def check_for_rst(self, vf: int) -> bool:
        return await self.check_for_rst_pf(vf)

    async def read(self, size: int, vf: int, unlock: bool):
        return await self.read_mbx_pf(size, vf, unlock)

    async def write(self, msg, size: int, vf: int) -> bool:
        return await self.write_mbx_pf(msg, size, vf)

    async def unlock(self, vf: int):
        await self.release_mbx_lock_pf(vf)

    # e1000_mbx.c
    async def check_for_bit_pf(self, mask: int) -> bool:
        # igb e1000_check_for_bit_pf
        mbvficr = await self.host.read(R.PF_MBVFICR)
        if mbvficr & mask:
            await self.host.write(R.PF_MBVFICR, mask)
            return True
        return False

    async def check_for_msg_pf(self, vf: int) -> bool:
        # igb e1000_check_for_msg_pf
        return await self.check_for_bit_pf(R.vfreq(vf))

    async def check_for_ack_pf(self, vf: int) -> bool:
        # igb e1000_check_for_ack_pf
        return await self.check_for_bit_pf(R.vfack(vf))

    async def check_for_rst_pf(self, vf: int) -> bool:
        # igb e1000_check_for_rst_pf
        vflre = await self.host.read(R.PF_VFLRE)
        if vflre & (1 << vf):
            await self.host.write(R.PF_VFLRE, 1 << vf)
            return True
        return False

    async def obtain_mbx_lock_pf(self, vf: int) -> bool:
        # igb e1000_obtain_mbx_lock_pf (3.2.10: one try; upstream: 11, udelay(1000) between)
        for _ in range(self.lock_tries):
            await self.host.write(R.pf_mailbox(vf), R.PFMAILBOX_PFU)
            if await self.host.read(R.pf_mailbox(vf)) & R.PFMAILBOX_PFU:
                return True
            if self.lock_tries > 1:
                await self.host.udelay(1000)
        self.log("lock-failed", f"obtain_mbx_lock_pf(VF{vf}) failed", vf)
        return False

    async def release_mbx_lock_pf(self, vf: int):
        # Linux igb igb_release_mbx_lock_pf: drop PFU without signalling anything
        p2v = await self.host.read(R.pf_mailbox(vf))
        if p2v & R.PFMAILBOX_PFU:
            await self.host.write(R.pf_mailbox(vf), p2v & ~R.PFMAILBOX_PFU)

    async def write_mbx_pf(self, msg, size: int, vf: int) -> bool:
        # igb e1000_write_mbx_pf
        if not await self.obtain_mbx_lock_pf(vf):
            return False
        # flush msg and acks as we are overwriting the message buffer
        await self.check_for_msg_pf(vf)
        await self.check_for_ack_pf(vf)
        for i in range(size):
            await self.host.write(R.pf_vmbmem(vf, i), msg[i])
        # Interrupt VF to tell it a message has been sent and release buffer
        await self.host.write(R.pf_mailbox(vf), R.PFMAILBOX_STS)
        return True

    async def read_mbx_pf(self, size: int, vf: int, unlock: bool = True):
        # igb e1000_read_mbx_pf (upstream: unlock=false keeps PFU until the reply)
        if not await self.obtain_mbx_lock_pf(vf):
            return None
        msg = [await self.host.read(R.pf_vmbmem(vf, i)) for i in range(size)]
        ack = R.PFMAILBOX_ACK if unlock else R.PFMAILBOX_ACK | R.PFMAILBOX_PFU
        await self.host.write(R.pf_mailbox(vf), ack)
        return msg


class Igb:
    """The PF driver above its mailbox primitives: interrupt path, message handlers, bring-up."""

    def __init__(self, host: Host, version: IgbVersion, num_vfs: int, timeline,
                 vf_macs=None, mailbox=None):
        """`mailbox`: the PfMailbox primitives under the message handling (default: this
        version's Python model of e1000_mbx.c)."""
        self.host = host
        self.version = version
        self.mbx = mailbox or IgbMailbox(host, version.lock_tries, self.log, version.name)
        self.name = self.mbx.name
        self.num_vfs = num_vfs
        self.timeline = timeline
        self.vf_data = [VfData(mac=(vf_macs or {}).get(n, bytes([0x02, 0, 0, 0, 0x10, n])))
                        for n in range(num_vfs)]
        self.received = []
        self._idle = Event()     # set while the interrupt path waits for an interrupt
        self._idle.set()

    def log(self, kind: str, text: str, vf: int = 0, **fields):
        self.timeline.add(now_ps(), "PF", kind, text, vf=vf, **fields)

    # ------------------------------------------------------- igb_main.c
    async def igb_intr(self):
        """The mailbox interrupt path, forever: pf_irq -> latency -> ICR -> igb_msg_task."""
        # igb 3.2.10 igb_msix_other / igb_intr (ICR read-to-clear, then the mailbox task)
        while True:
            await self.host.wait_for_irq()
            self._idle.clear()
            await self.host.udelay(self.host.timing.pf_irq_latency_us)
            icr = await self.host.read(R.PF_ICR)
            if icr & R.ICR_VMMB:
                await self.igb_msg_task()
            self._idle.set()

    def waiting_for_interrupt(self):
        """A trigger that fires when the interrupt path is (back) waiting for pf_irq."""
        return self._idle.wait()

    async def idle(self):
        """Wait until the PF is not handling an interrupt."""
        while not self._idle.is_set():
            await self._idle.wait()
            await self.host.drain()

    async def igb_msg_task(self):
        # igb 3.2.10 igb_msg_task
        for vf in range(self.num_vfs):
            # process any reset requests
            if await self.mbx.check_for_rst(vf):
                await self.igb_vf_reset_event(vf)
            # process any messages pending
            if await self.mbx.check_for_msg(vf):
                await self.igb_rcv_msg_from_vf(vf)
            # process any acks that may have been received
            if await self.mbx.check_for_ack(vf):
                await self.igb_rcv_ack_from_vf(vf)

    async def igb_vf_reset_event(self, vf: int):
        # igb 3.2.10 igb_vf_reset_event: drop the VF's filters and its clear-to-send flag
        d = self.vf_data[vf]
        d.clear_to_send = False
        d.mc_hashes, d.vlans, d.promisc = [], set(), 0
        self.log("vf-reset-event", f"igb_vf_reset_event(VF{vf}): VFLRE seen, CTS cleared", vf)

    async def igb_rcv_ack_from_vf(self, vf: int):
        # igb 3.2.10 igb_rcv_ack_from_vf: NACK a VF that is not clear to send, every 2 s
        d = self.vf_data[vf]
        if not d.clear_to_send and now_ps() - d.last_nack_ps > TWO_SECONDS_PS:
            await self.mbx.write([M.E1000_VT_MSGTYPE_NACK], 1, vf)
            d.last_nack_ps = now_ps()

    async def igb_rcv_msg_from_vf(self, vf: int):
        # igb 3.2.10 igb_rcv_msg_from_vf
        msgbuf = await self.mbx.read(M.E1000_VFMAILBOX_SIZE, vf, self.version.unlock_on_read)
        if msgbuf is None:
            self.log("read-failed", f"Error receiving message from VF{vf}", vf)
            if not self.version.unlock_on_read:   # upstream: a failed read drops CTS, NACKs
                self.vf_data[vf].clear_to_send = False
                await self.mbx.write([M.E1000_VT_MSGTYPE_NACK], 1, vf)
            return
        self.received.append(Received(now_ps(), vf, tuple(msgbuf)))
        self.log("rcv", f"igb_rcv_msg_from_vf(VF{vf}): {M.msg_name(msgbuf[0])} {msgbuf[0]:#010x}", vf)
        d = self.vf_data[vf]

        # this is a message we already processed, do nothing
        if msgbuf[0] & (M.E1000_VT_MSGTYPE_ACK | M.E1000_VT_MSGTYPE_NACK):
            return await self._unlock(vf)

        # until the vf completes a reset it should not be allowed to start any configuration
        if msgbuf[0] == M.E1000_VF_RESET:
            return await self.igb_vf_reset_msg(vf)

        if not d.clear_to_send:
            if now_ps() - d.last_nack_ps > TWO_SECONDS_PS:
                await self.mbx.write([M.E1000_VT_MSGTYPE_NACK], 1, vf)
                d.last_nack_ps = now_ps()
            else:
                await self._unlock(vf)
            return

        handlers = {
            M.E1000_VF_SET_MAC_ADDR: self.igb_set_vf_mac_addr,
            M.E1000_VF_SET_PROMISC: self.igb_set_vf_promisc,
            M.E1000_VF_SET_MULTICAST: self.igb_set_vf_multicasts,
            M.E1000_VF_SET_LPE: self.igb_set_vf_rlpml,
            M.E1000_VF_SET_VLAN: self.igb_set_vf_vlan,
        }
        handler = handlers.get(M.msg_type(msgbuf[0]))
        ok = handler is not None and handler(vf, msgbuf)
        if handler is None:
            self.log("unhandled", f"Unhandled Msg {msgbuf[0]:#010x} from VF{vf}", vf)
        await self.handler_work(vf, msgbuf[0])

        # notify the VF of the results of what it sent us
        msgbuf[0] |= M.E1000_VT_MSGTYPE_ACK if ok else M.E1000_VT_MSGTYPE_NACK
        msgbuf[0] |= M.E1000_VT_MSGTYPE_CTS
        await self.mbx.write(msgbuf, 1, vf)

    async def _unlock(self, vf: int):
        # upstream igb jumps to `unlock` (igb_unlock_mbx); 3.2.10 never held the lock here
        if not self.version.unlock_on_read:
            await self.mbx.unlock(vf)

    async def handler_work(self, vf: int, word0: int):
        """The PF CPU's time between its ACK and its reply (filter updates, MTA rewrite,
        dom0 scheduling): the window in which the VF can post its next request."""
        us = self.host.timing.handler_time_us(M.msg_type(word0))
        self.log("handler", f"handler work for {M.msg_name(word0)}: {us:g} us", vf,
                 message=M.msg_name(word0))
        await self.host.udelay(us)

    async def igb_vf_reset_msg(self, vf: int):
        # igb 3.2.10 igb_vf_reset_msg: reset the VF's state, set CTS, reply ACK + MAC
        d = self.vf_data[vf]
        d.mc_hashes, d.vlans, d.promisc, d.rlpml = [], set(), 0, 0
        await self.handler_work(vf, M.E1000_VF_RESET)
        d.clear_to_send = True
        msgbuf = [M.E1000_VF_RESET | M.E1000_VT_MSGTYPE_ACK] + M.mac_to_words(d.mac)
        await self.mbx.write(msgbuf, 3, vf)

    # The configuration handlers: each returns True (ACK) or False (NACK).
    def igb_set_vf_mac_addr(self, vf: int, msg) -> bool:
        mac = M.words_to_mac(msg[1:3])
        if mac[0] & 1:      # multicast address: refused
            return False
        self.vf_data[vf].mac = mac
        return True

    def igb_set_vf_promisc(self, vf: int, msg) -> bool:
        self.vf_data[vf].promisc = (msg[0] & M.E1000_VT_MSGINFO_MASK) >> M.E1000_VT_MSGINFO_SHIFT
        return True

    def igb_set_vf_multicasts(self, vf: int, msg) -> bool:
        count = min((msg[0] & M.E1000_VT_MSGINFO_MASK) >> M.E1000_VT_MSGINFO_SHIFT, 30)
        halves = [h for w in msg[1:] for h in (w & 0xFFFF, w >> 16)]
        self.vf_data[vf].mc_hashes = halves[:count]
        return True

    def igb_set_vf_rlpml(self, vf: int, msg) -> bool:
        if not 64 <= msg[1] <= 9728:
            return False
        self.vf_data[vf].rlpml = msg[1]
        return True

    def igb_set_vf_vlan(self, vf: int, msg) -> bool:
        vid = msg[1] & 0xFFF
        if msg[0] & M.E1000_VF_SET_VLAN_ADD:
            self.vf_data[vf].vlans.add(vid)
        else:
            self.vf_data[vf].vlans.discard(vid)
        return True

    async def igb_ping_all_vfs(self):
        # igb 3.2.10 igb_ping_all_vfs: a control message to every VF (link change, PF reset)
        for vf in range(self.num_vfs):
            ping = M.E1000_PF_CONTROL_MSG
            if self.vf_data[vf].clear_to_send:
                ping |= M.E1000_VT_MSGTYPE_CTS
            await self.mbx.write([ping], 1, vf)

    async def bring_up(self):
        """igb_probe/igb_vmm_control for SR-IOV: unmask the VFs' mailbox interrupts,
        enable VMMB, then tell the VFs the PF reset is done (CTRL_EXT |= PFRSTD)."""
        await self.host.write(R.PF_MBVFIMR, (1 << self.num_vfs) - 1)
        await self.host.write(R.PF_IMS, R.ICR_VMMB)
        ctrl_ext = await self.host.read(R.PF_CTRL_EXT)
        await self.host.write(R.PF_CTRL_EXT, ctrl_ext | R.CTRL_EXT_PFRSTD)
        self.log("pf-up", "PF up: MBVFIMR, IMS.VMMB, CTRL_EXT.PFRSTD written")
