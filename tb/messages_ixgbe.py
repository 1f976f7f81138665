"""The PF/VF mailbox message format of ixgbe/ixgbevf (docs/drivers-ixgbe.md sections 2-3).

Word 0 is laid out as igb's (tb/messages.py: type in bits 15:0, MSGINFO in 23:16, then the
ACK/NACK/CTS flags, which ixgbevf calls SUCCESS/FAILURE/CTS); the types differ from 0x06 on
(0x06 is SET_MACVLAN here, SET_PROMISC on igb), so a family's names live with its family.
"""

from tb.messages import (E1000_VT_MSGINFO_MASK as IXGBE_VT_MSGINFO_MASK,
                         E1000_VT_MSGINFO_SHIFT as IXGBE_VT_MSGINFO_SHIFT,
                         E1000_VT_MSGTYPE_ACK as IXGBE_VT_MSGTYPE_SUCCESS,
                         E1000_VT_MSGTYPE_CTS as IXGBE_VT_MSGTYPE_CTS,
                         E1000_VT_MSGTYPE_NACK as IXGBE_VT_MSGTYPE_FAILURE,
                         mac_to_words, words_to_mac)

__all__ = ["IXGBE_VT_MSGINFO_MASK", "IXGBE_VT_MSGINFO_SHIFT", "mac_to_words", "words_to_mac"]

IXGBE_VFMAILBOX_SIZE = 16
IXGBE_VT_MSGTYPE_ACK = IXGBE_VT_MSGTYPE_SUCCESS      # the PF side's names
IXGBE_VT_MSGTYPE_NACK = IXGBE_VT_MSGTYPE_FAILURE

IXGBE_VF_RESET = 0x01
IXGBE_VF_SET_MAC_ADDR = 0x02
IXGBE_VF_SET_MULTICAST = 0x03
IXGBE_VF_SET_VLAN = 0x04
IXGBE_VF_SET_LPE = 0x05
IXGBE_VF_SET_MACVLAN = 0x06
IXGBE_VF_API_NEGOTIATE = 0x08
IXGBE_VF_GET_QUEUES = 0x09
IXGBE_VF_UPDATE_XCAST_MODE = 0x0C
IXGBE_VF_GET_LINK_STATE = 0x10
IXGBE_VF_FEATURES_NEGOTIATE = 0x12
IXGBE_PF_CONTROL_MSG = 0x0100

IXGBE_VF_PERMADDR_MSG_LEN = 4
IXGBE_VF_MC_TYPE_WORD = 3
IXGBE_VF_TX_QUEUES, IXGBE_VF_RX_QUEUES, IXGBE_VF_TRANS_VLAN, IXGBE_VF_DEF_QUEUE = 1, 2, 3, 4
IXGBEVF_XCAST_MODE_MULTI = 1

# enum ixgbe_pfvf_api_rev (ixgbevf/mbx.h): the number sent is the enum's value
API_NAMES = {0: "1.0", 1: "2.0", 2: "1.1", 3: "1.2", 4: "1.3", 5: "1.4", 6: "1.5", 7: "1.6",
             8: "1.7"}
API = {name: number for number, name in API_NAMES.items()}
ixgbe_mbox_api_10, ixgbe_mbox_api_11, ixgbe_mbox_api_12 = API["1.0"], API["1.1"], API["1.2"]
ixgbe_mbox_api_13, ixgbe_mbox_api_14, ixgbe_mbox_api_15 = API["1.3"], API["1.4"], API["1.5"]
ixgbe_mbox_api_16, ixgbe_mbox_api_17 = API["1.6"], API["1.7"]

NAMES = {IXGBE_VF_RESET: "VF_RESET", IXGBE_VF_SET_MAC_ADDR: "SET_MAC_ADDR",
         IXGBE_VF_SET_MULTICAST: "SET_MULTICAST", IXGBE_VF_SET_VLAN: "SET_VLAN",
         IXGBE_VF_SET_LPE: "SET_LPE", IXGBE_VF_SET_MACVLAN: "SET_MACVLAN",
         IXGBE_VF_API_NEGOTIATE: "API_NEGOTIATE", IXGBE_VF_GET_QUEUES: "GET_QUEUES",
         IXGBE_VF_UPDATE_XCAST_MODE: "UPDATE_XCAST_MODE",
         IXGBE_VF_GET_LINK_STATE: "GET_LINK_STATE",
         IXGBE_VF_FEATURES_NEGOTIATE: "FEATURES_NEGOTIATE",
         IXGBE_PF_CONTROL_MSG: "PF_CONTROL_MSG"}


def msg_type(word0: int) -> int:
    return word0 & 0xFFFF


def msg_name(word0: int) -> str:
    return NAMES.get(msg_type(word0), f"type {msg_type(word0):#06x}")


def ixgbevf_mta_vector(mc_filter_type: int, mc_addr: bytes) -> int:
    """The 12-bit MTA vector ixgbevf sends for a multicast address (vf.c ixgbevf_mta_vector)."""
    shifts = {0: (4, 4), 1: (3, 5), 2: (2, 6), 3: (0, 8)}
    low, high = shifts.get(mc_filter_type, (4, 4))
    return ((mc_addr[4] >> low) | (mc_addr[5] << high)) & 0xFFF
