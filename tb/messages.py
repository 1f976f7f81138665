"""The PF/VF mailbox message format of the igb/igbvf drivers (docs/drivers.md sec. 1)."""

E1000_VFMAILBOX_SIZE = 16          # words in a mailbox message buffer

# word 0: bits 15:0 type, 23:16 MSGINFO, then flags
E1000_VT_MSGTYPE_ACK = 0x80000000
E1000_VT_MSGTYPE_NACK = 0x40000000
E1000_VT_MSGTYPE_CTS = 0x20000000
E1000_VT_MSGINFO_SHIFT = 16
E1000_VT_MSGINFO_MASK = 0xFF << E1000_VT_MSGINFO_SHIFT
REPLY_OK = E1000_VT_MSGTYPE_ACK | E1000_VT_MSGTYPE_CTS   # flags of a PF reply that accepted

E1000_VF_RESET = 0x0001
E1000_VF_SET_MAC_ADDR = 0x0002
E1000_VF_SET_MULTICAST = 0x0003
E1000_VF_SET_VLAN = 0x0004
E1000_VF_SET_LPE = 0x0005
E1000_VF_SET_PROMISC = 0x0006
E1000_PF_CONTROL_MSG = 0x0100

E1000_VF_SET_VLAN_ADD = 0x01 << E1000_VT_MSGINFO_SHIFT
E1000_VF_SET_PROMISC_UNICAST = 0x01 << E1000_VT_MSGINFO_SHIFT
E1000_VF_SET_PROMISC_MULTICAST = 0x02 << E1000_VT_MSGINFO_SHIFT

NAMES = {E1000_VF_RESET: "VF_RESET", E1000_VF_SET_MAC_ADDR: "SET_MAC_ADDR",
         E1000_VF_SET_MULTICAST: "SET_MULTICAST", E1000_VF_SET_VLAN: "SET_VLAN",
         E1000_VF_SET_LPE: "SET_LPE", E1000_VF_SET_PROMISC: "SET_PROMISC",
         E1000_PF_CONTROL_MSG: "PF_CONTROL_MSG"}


def msg_type(word0: int) -> int:
    return word0 & 0xFFFF


def msg_name(word0: int) -> str:
    return NAMES.get(msg_type(word0), f"type {msg_type(word0):#06x}")


def mac_to_words(mac: bytes) -> list:
    """A MAC address as the drivers pack it: bytes 0..3 little-endian, 4..5 in the low half."""
    return [int.from_bytes(mac[0:4], "little"), int.from_bytes(mac[4:6], "little")]


def words_to_mac(words) -> bytes:
    return words[0].to_bytes(4, "little") + (words[1] & 0xFFFF).to_bytes(2, "little")


def mc_hash(mac: bytes) -> int:
    """The 12-bit multicast hash the VF sends for an address."""
    return ((mac[4] >> 4) | (mac[5] << 4)) & 0xFFF
