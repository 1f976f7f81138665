"""Model of the igbvf VF driver's mailbox code (docs/drivers.md section 3).

Reads side by side with igbvf's mbx.c and vf.c: the same function names (the C primitives
carry an `e1000_` prefix) and the same order of register accesses, through the VF's
`Host`. A version is a small set of differences (`IgbvfVersion`).
"""

from dataclasses import dataclass, field

from tb import messages as M
from tb import regmap as R
from tb.bus.clock import now_ps
from tb.options import choose
from tb.drivers.host import Host

E1000_VF_MBX_INIT_TIMEOUT = 2000     # polls
E1000_VF_MBX_INIT_DELAY = 500        # us between polls
E1000_VF_INIT_TIMEOUT = 200          # tries of 5 us for the PF reset to finish
# How long write_posted waits for an ACK before giving up for good (1 s), in ps.
VF_MBX_TIMEOUT_PS = E1000_VF_MBX_INIT_TIMEOUT * E1000_VF_MBX_INIT_DELAY * 10**6
# VFMailbox bits that reading clears: kept in the v2p_mailbox shadow
E1000_V2PMAILBOX_R2C_BITS = R.VFMAILBOX_PFSTS | R.VFMAILBOX_PFACK | R.VFMAILBOX_RSTD


@dataclass(frozen=True)
class IgbvfVersion:
    name: str
    source: str
    lock_tries: int                  # obtain_mbx_lock_vf attempts (udelay(1000) between)
    reply_words: dict                # message type -> words of the reply it reads
    sleep_after_send_us: float = 0   # the report's workaround: udelay after every send


# Every version reads the replies of SET_MAC_ADDR (3 words) and SET_PROMISC (1 word).
_ALWAYS = {M.E1000_VF_SET_MAC_ADDR: 3, M.E1000_VF_SET_PROMISC: 1}
IGBVF_VERSIONS = {
    "igbvf-1.1.5": IgbvfVersion("igbvf-1.1.5", "Intel igbvf 1.1.5 (the seed's VF)", 1, _ALWAYS),
    "igbvf-1.1.5-patch": IgbvfVersion(
        "igbvf-1.1.5-patch", "igbvf 1.1.5 + the seed's patch (read the ignored replies)", 1,
        {**_ALWAYS, M.E1000_VF_SET_MULTICAST: M.E1000_VFMAILBOX_SIZE,
         M.E1000_VF_SET_VLAN: 2, M.E1000_VF_SET_LPE: 2}),
    "igbvf-1.1.5-sleep": IgbvfVersion(
        "igbvf-1.1.5-sleep", "igbvf 1.1.5 + udelay(5000) after every send (the report's test)",
        1, _ALWAYS, sleep_after_send_us=5000),
    "igbvf-upstream": IgbvfVersion(
        "igbvf-upstream", "Linux igbvf, current upstream", 11,
        {**_ALWAYS, M.E1000_VF_SET_MULTICAST: 1, M.E1000_VF_SET_VLAN: 2, M.E1000_VF_SET_LPE: 1}),
}


def igbvf_version(name: str) -> IgbvfVersion:
    return choose("igbvf version", name, IGBVF_VERSIONS)


@dataclass
class Sent:
    """One configuration message as the VF driver tried to send it."""

    name: str
    word0: int
    written: bool = False        # write_mbx_vf wrote it and signalled REQ
    acked: bool = False          # poll_for_ack saw the PF's ACK
    reply: list = field(default_factory=list)


class Igbvf:
    """The VF driver of VF `vf`: mailbox primitives, posted operations, reset, link."""

    def __init__(self, host: Host, version: IgbvfVersion, vf: int, timeline):
        self.host = host
        self.version = version
        self.name = version.name
        self.vf = vf
        self.timeline = timeline
        self.v2p_mailbox = 0                       # shadow of VFMailbox's read-to-clear bits
        self.timeout = 0                           # mbx->timeout: 0 until reset_hw
        self.usec_delay = E1000_VF_MBX_INIT_DELAY  # mbx->usec_delay
        self.get_link_status = True
        self.mac = None
        self.sent = []
        self.last_written = False                  # did the last write_mbx_vf signal REQ?
        self.reset_task_scheduled = False

    def log(self, kind: str, text: str):
        self.timeline.add(now_ps(), f"VF{self.vf}", kind, text, vf=self.vf)

    # ------------------------------------------------------- mbx.c
    async def read_v2p_mailbox(self) -> int:
        # igbvf e1000_read_v2p_mailbox
        v2p = await self.host.read(R.VF_MAILBOX)
        v2p |= self.v2p_mailbox
        self.v2p_mailbox |= v2p & E1000_V2PMAILBOX_R2C_BITS
        return v2p

    async def check_for_bit_vf(self, mask: int) -> bool:
        # igbvf e1000_check_for_bit_vf
        v2p = await self.read_v2p_mailbox()
        self.v2p_mailbox &= ~mask
        return bool(v2p & mask)

    async def check_for_msg_vf(self) -> bool:
        # igbvf e1000_check_for_msg_vf
        return await self.check_for_bit_vf(R.VFMAILBOX_PFSTS)

    async def check_for_ack_vf(self) -> bool:
        # igbvf e1000_check_for_ack_vf
        return await self.check_for_bit_vf(R.VFMAILBOX_PFACK)

    async def check_for_rst_vf(self) -> bool:
        # igbvf e1000_check_for_rst_vf
        return await self.check_for_bit_vf(R.VFMAILBOX_RSTI | R.VFMAILBOX_RSTD)

    async def obtain_mbx_lock_vf(self) -> bool:
        # igbvf e1000_obtain_mbx_lock_vf (2011: one try; upstream: 11, udelay(1000) between)
        for _ in range(self.version.lock_tries):
            await self.host.write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
            if await self.read_v2p_mailbox() & R.VFMAILBOX_VFU:
                return True
            if self.version.lock_tries > 1:
                await self.host.udelay(1000)
        self.log("lock-failed", "obtain_mbx_lock_vf failed: the PF holds the mailbox")
        return False

    async def write_mbx_vf(self, msg, size: int) -> bool:
        # igbvf e1000_write_mbx_vf
        if not await self.obtain_mbx_lock_vf():
            return False
        # flush any ack or msg as we are going to overwrite mailbox
        await self.check_for_ack_vf()
        await self.check_for_msg_vf()
        for i in range(size):
            await self.host.write(R.vf_vmbmem(i), msg[i])
        # Drop VFU and interrupt PF to tell it a message has been sent
        await self.host.write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
        self.last_written = True
        return True

    async def read_mbx_vf(self, size: int):
        # igbvf e1000_read_mbx_vf
        if not await self.obtain_mbx_lock_vf():
            return None
        msg = [await self.host.read(R.vf_vmbmem(i)) for i in range(size)]
        # Acknowledge receipt and release mailbox, then we're done
        await self.host.write(R.VF_MAILBOX, R.VFMAILBOX_ACK)
        return msg

    async def _poll(self, check, what: str) -> bool:
        # igbvf e1000_poll_for_msg / e1000_poll_for_ack: check first, then count and wait
        countdown = self.timeout
        if not countdown:
            return False
        while countdown and not await check():
            countdown -= 1
            await self.host.udelay(self.usec_delay)
        if not countdown:
            # if we failed, all future posted messages fail until reset
            self.timeout = 0
            self.log("mbx-timeout", f"{what} timed out after {E1000_VF_MBX_INIT_TIMEOUT} polls: "
                                    "mbx->timeout = 0")
            return False
        return True

    async def poll_for_msg(self) -> bool:
        return await self._poll(self.check_for_msg_vf, "poll_for_msg")

    async def poll_for_ack(self) -> bool:
        return await self._poll(self.check_for_ack_vf, "poll_for_ack")

    async def write_posted(self, msg, size: int) -> bool:
        # igbvf e1000_write_posted_mbx: exit if there isn't a defined timeout
        if not self.timeout:
            return False
        if not await self.write_mbx_vf(msg, size):
            return False
        return await self.poll_for_ack()

    async def read_posted(self, size: int):
        # igbvf e1000_read_posted_mbx
        if not await self.poll_for_msg():
            return None
        return await self.read_mbx_vf(size)

    # ------------------------------------------------------- vf.c
    async def send(self, msg, size: int) -> Sent:
        """write_posted of a configuration message, then the reply read this version does
        (none, for 1.1.5's SET_MULTICAST, SET_VLAN and SET_LPE: the race)."""
        record = self._record(msg[0])
        record.acked = await self.write_posted(msg, size)
        record.written = self.last_written
        if not record.written:
            self.log("not-sent", f"{record.name} never sent: "
                     + ("mbx->timeout is 0" if not self.timeout else "lock failed, error ignored"))
        if self.version.sleep_after_send_us:
            await self.host.udelay(self.version.sleep_after_send_us)
        words = self.version.reply_words.get(M.msg_type(msg[0]))
        if words and record.acked:
            record.reply = await self.read_posted(words) or []
        return record

    def _record(self, word0: int) -> Sent:
        record = Sent(M.msg_name(word0), word0)
        self.sent.append(record)
        self.last_written = False
        self.log("send", f"write_posted {record.name} {word0:#010x}")
        return record

    async def reset_hw_vf(self) -> bool:
        # igbvf e1000_reset_hw_vf
        ctrl = await self.host.read(R.VF_CTRL)
        await self.host.write(R.VF_CTRL, ctrl | R.CTRL_RST)
        # we cannot reset while the RSTI / RSTD bits are asserted
        timeout = E1000_VF_INIT_TIMEOUT
        while timeout and await self.check_for_rst_vf():
            timeout -= 1
            await self.host.udelay(5)
        if not timeout:
            self.log("reset-failed", "PF still resetting")
            return False
        # mailbox timeout can now become active
        self.timeout = E1000_VF_MBX_INIT_TIMEOUT
        record = self._record(M.E1000_VF_RESET)
        record.acked = await self.write_posted([M.E1000_VF_RESET], 1)
        record.written = self.last_written
        await self.host.udelay(10_000)   # msec_delay(10)
        reply = await self.read_posted(3)
        if not reply or reply[0] != M.E1000_VF_RESET | M.E1000_VT_MSGTYPE_ACK:
            self.log("reset-failed", "no VF_RESET reply: E1000_ERR_MAC_INIT")
            return False
        record.reply = reply
        self.mac = M.words_to_mac(reply[1:3])
        return True

    async def rar_set_vf(self, mac: bytes) -> Sent:
        # igbvf e1000_rar_set_vf
        return await self.send([M.E1000_VF_SET_MAC_ADDR] + M.mac_to_words(mac), 3)

    async def update_mc_addr_list_vf(self, addrs) -> Sent:
        # igbvf e1000_update_mc_addr_list_vf: up to 30 hashes, always a 16-word message
        hashes = [M.mc_hash(a) for a in addrs[:30]]
        msg = [M.E1000_VF_SET_MULTICAST | len(hashes) << M.E1000_VT_MSGINFO_SHIFT] + [0] * 15
        for i, h in enumerate(hashes):
            msg[1 + i // 2] |= h << (16 * (i % 2))
        return await self.send(msg, M.E1000_VFMAILBOX_SIZE)

    async def promisc_set_vf(self, flags: int) -> Sent:
        # igbvf e1000_promisc_set_vf
        return await self.send([M.E1000_VF_SET_PROMISC | flags], 1)

    async def vfta_set_vf(self, vid: int, add: bool) -> Sent:
        # igbvf e1000_vfta_set_vf
        return await self.send([M.E1000_VF_SET_VLAN | (M.E1000_VF_SET_VLAN_ADD if add else 0),
                                vid], 2)

    async def rlpml_set_vf(self, max_size: int) -> Sent:
        # igbvf e1000_rlpml_set_vf
        return await self.send([M.E1000_VF_SET_LPE, max_size], 2)

    async def check_for_link_vf(self) -> bool:
        """igbvf e1000_check_for_link_vf; returns the link state the VF shows."""
        error = False
        # if we have a reset or no mailbox timeout, the link must be re-checked
        if await self.check_for_rst_vf() or not self.timeout:
            self.get_link_status = True
        if self.get_link_status:
            if not (await self.host.read(R.VF_STATUS) & R.STATUS_LU):
                self.log("link", "STATUS.LU clear: physical link down")
            else:
                msg = await self.read_mbx_vf(1)
                if msg is None:
                    self.log("link", "link check: mailbox lock not taken, link down for now")
                elif not msg[0] & M.E1000_VT_MSGTYPE_CTS:
                    error = bool(msg[0] & M.E1000_VT_MSGTYPE_NACK)
                    self.log("link", f"link check: word0 {msg[0]:#010x} lacks CTS")
                elif not self.timeout:
                    error = True
                    self.log("link", "link check: mbx->timeout is 0: link down, error")
                else:
                    self.get_link_status = False
        if error and not self.reset_task_scheduled:
            # igbvf schedules its reset task (down, reset_hw, up); the scenario ends first
            self.reset_task_scheduled = True
            self.log("reset-task", "error: igbvf_reset_task scheduled")
        link_up = not self.get_link_status
        self.log("link", f"link {'up' if link_up else 'down'}")
        return link_up
