"""Register map of pf_vf_mailbox, the Python half.

Every name here that also stands in rtl/pf_vf_mailbox_regs.vh has the same value there
(tests/test_regmap.py checks it). Names ending in _BIT are bit positions; the same name
without _BIT is the mask, derived here only. No other module spells an offset or a bit.
"""

# ---- PF window (pf_paddr) ----
PF_STATUS = 0x0008
PF_CTRL_EXT = 0x0018
PF_ICR = 0x00C0
PF_IMS = 0x00D0
PF_IMC = 0x00D8
PF_VMBMEM = 0x0800
PF_MAILBOX = 0x0C00
PF_MBVFICR = 0x0C80
PF_MBVFIMR = 0x0C84
PF_VFLRE = 0x0C88

# ---- VF window (vf_paddr, one per vf_pfunc) ----
VF_CTRL = 0x0000
VF_STATUS = 0x0008
VF_VMBMEM = 0x0800
VF_MAILBOX = 0x0C40

# ---- geometry ----
MAX_VFS = 8
MBX_WORDS = 16
VMBMEM_STRIDE = 0x0040

# ---- bit positions ----
STATUS_FD_BIT = 0
STATUS_LU_BIT = 1
STATUS_SPEED_LSB = 6
STATUS_SPEED_1000 = 0b10
CTRL_RST_BIT = 26
CTRL_EXT_PFRSTD_BIT = 14
ICR_VMMB_BIT = 8
MBVFICR_VFREQ_LSB = 0
MBVFICR_VFACK_LSB = 16

PFMAILBOX_STS_BIT = 0
PFMAILBOX_ACK_BIT = 1
PFMAILBOX_VFU_BIT = 2
PFMAILBOX_PFU_BIT = 3
PFMAILBOX_RVFU_BIT = 4

VFMAILBOX_REQ_BIT = 0
VFMAILBOX_ACK_BIT = 1
VFMAILBOX_VFU_BIT = 2
VFMAILBOX_PFU_BIT = 3
VFMAILBOX_PFSTS_BIT = 4
VFMAILBOX_PFACK_BIT = 5
VFMAILBOX_RSTI_BIT = 6
VFMAILBOX_RSTD_BIT = 7

# ---- masks, derived from the bit positions ----
STATUS_FD = 1 << STATUS_FD_BIT
STATUS_LU = 1 << STATUS_LU_BIT
STATUS_LINK_UP = STATUS_FD | STATUS_LU | (STATUS_SPEED_1000 << STATUS_SPEED_LSB)  # 0x83
CTRL_RST = 1 << CTRL_RST_BIT
CTRL_EXT_PFRSTD = 1 << CTRL_EXT_PFRSTD_BIT
ICR_VMMB = 1 << ICR_VMMB_BIT
PFMAILBOX_STS = 1 << PFMAILBOX_STS_BIT
PFMAILBOX_ACK = 1 << PFMAILBOX_ACK_BIT
PFMAILBOX_VFU = 1 << PFMAILBOX_VFU_BIT
PFMAILBOX_PFU = 1 << PFMAILBOX_PFU_BIT
PFMAILBOX_RVFU = 1 << PFMAILBOX_RVFU_BIT
VFMAILBOX_REQ = 1 << VFMAILBOX_REQ_BIT
VFMAILBOX_ACK = 1 << VFMAILBOX_ACK_BIT
VFMAILBOX_VFU = 1 << VFMAILBOX_VFU_BIT
VFMAILBOX_PFU = 1 << VFMAILBOX_PFU_BIT
VFMAILBOX_PFSTS = 1 << VFMAILBOX_PFSTS_BIT
VFMAILBOX_PFACK = 1 << VFMAILBOX_PFACK_BIT
VFMAILBOX_RSTI = 1 << VFMAILBOX_RSTI_BIT
VFMAILBOX_RSTD = 1 << VFMAILBOX_RSTD_BIT


def pf_vmbmem(vf: int, word: int) -> int:
    """PF offset of VMBMEM(vf)[word]."""
    return PF_VMBMEM + VMBMEM_STRIDE * vf + 4 * word


def pf_mailbox(vf: int) -> int:
    """PF offset of PFMailbox(vf)."""
    return PF_MAILBOX + 4 * vf


def vf_vmbmem(word: int) -> int:
    """VF offset of its own mailbox word."""
    return VF_VMBMEM + 4 * word


def vfreq(vf: int) -> int:
    """MBVFICR mask of VFREQ[vf]."""
    return 1 << (MBVFICR_VFREQ_LSB + vf)


def vfack(vf: int) -> int:
    """MBVFICR mask of VFACK[vf]."""
    return 1 << (MBVFICR_VFACK_LSB + vf)
