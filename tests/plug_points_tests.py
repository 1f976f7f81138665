"""A VF driver that is none of the project's models plugs into the race scenario and gets a
verdict from the pins alone.

`ScriptedVf` is written here from hardware.md section 7 in a dozen lines: lock, words, REQ,
wait for the ACK, read the reply. It keeps no account of what it sent; with `skip` it
silently drops some messages, as a broken driver would, and the verdict must still say so.
"""

import cocotb

from tb import messages as M
from tb import regmap as R
from tb.drivers.host import profile
from tb.drivers.interfaces import VfDriver
from tb.scenarios.race import DEFAULT_PROFILE, run_race_scenario
from tb.testbench import MailboxTB

POLL_US = 50


class ScriptedVf:
    """A minimal VF driver: one exchange at a time, every reply read."""

    promisc_set_vf = None          # not offered: the scenario must not ask for it

    def __init__(self, host, vf, timeline, skip=()):
        self.name, self.host, self.vf, self.skip = "scripted-vf", host, vf, set(skip)
        self.mac, self.get_link_status, self.v2p = None, True, 0

    async def _wait_for(self, bit: int, polls: int = 2000) -> bool:
        for _ in range(polls):
            self.v2p |= await self.host.read(R.VF_MAILBOX)
            if self.v2p & bit:
                self.v2p &= ~bit
                return True
            await self.host.udelay(POLL_US)
        return False

    async def exchange(self, msg: list, reply_words: int):
        if M.msg_name(msg[0]) in self.skip:
            return None
        await self.host.write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
        if not await self.host.read(R.VF_MAILBOX) & R.VFMAILBOX_VFU:
            return None
        for i, word in enumerate(msg):
            await self.host.write(R.vf_vmbmem(i), word)
        await self.host.write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
        if not (await self._wait_for(R.VFMAILBOX_PFACK) and await self._wait_for(R.VFMAILBOX_PFSTS)):
            return None
        reply = [await self.host.read(R.vf_vmbmem(i)) for i in range(reply_words)]
        await self.host.write(R.VF_MAILBOX, R.VFMAILBOX_ACK)
        return reply

    async def reset_hw_vf(self) -> bool:
        await self.host.write(R.VF_CTRL, R.CTRL_RST)
        if not await self._wait_for(R.VFMAILBOX_RSTD):
            return False
        reply = await self.exchange([M.E1000_VF_RESET], 3)
        if reply:
            self.mac = M.words_to_mac(reply[1:3])
        return bool(reply)

    async def rar_set_vf(self, mac):
        await self.exchange([M.E1000_VF_SET_MAC_ADDR] + M.mac_to_words(mac), 1)

    async def update_mc_addr_list_vf(self, addrs):
        await self.exchange([M.E1000_VF_SET_MULTICAST | len(addrs) << M.E1000_VT_MSGINFO_SHIFT,
                             M.mc_hash(addrs[0])], 1)

    async def vfta_set_vf(self, vid, add):
        await self.exchange([M.E1000_VF_SET_VLAN | (M.E1000_VF_SET_VLAN_ADD if add else 0), vid], 1)

    async def rlpml_set_vf(self, max_size):
        await self.exchange([M.E1000_VF_SET_LPE, max_size], 1)

    async def check_for_link_vf(self) -> bool:
        if not await self.host.read(R.VF_STATUS) & R.STATUS_LU:
            return False
        self.get_link_status = False
        return True


@cocotb.test()
async def scripted_vf_gets_a_verdict_from_the_pins(dut):
    tb = MailboxTB(dut)
    timing = profile(DEFAULT_PROFILE)
    factory = ScriptedVf
    assert isinstance(factory(None, 0, None), VfDriver)
    v = await run_race_scenario(tb, factory, "igb-3.2.10", timing)
    assert [m.name for m in v.messages] == ["VF_RESET", "SET_MAC_ADDR", "SET_MULTICAST",
                                            "SET_VLAN", "SET_LPE"]   # no SET_PROMISC: not offered
    assert v.all_delivered and v.link_up and v.erased == 0, v.messages
    assert v.vf_version == "scripted-vf" and v.pf_version == "igb-3.2.10"

    # The same driver dropping SET_VLAN without a word: only the pins can tell.
    v = await run_race_scenario(tb, lambda host, vf, tl: ScriptedVf(host, vf, tl, skip={"SET_VLAN"}),
                                "igb-upstream", timing)
    assert v.fate_of("SET_VLAN") == "never sent" and v.count("delivered") == 4, v.messages
    assert v.first_loss_ps is not None
    await tb.finish()
