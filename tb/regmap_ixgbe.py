"""Register map of pf_vf_mailbox_ixgbe (docs/hardware-ixgbe.md), the Python half.

Every name here that also stands in rtl/pf_vf_mailbox_ixgbe_regs.vh has the same value there
(tests/test_regmap.py checks it). Names follow Linux ixgbe/ixgbevf (IXGBE_*). The mailbox bits
(PFMAILBOX_*, VFMAILBOX_*) and MBX_WORDS are the igb map's: tb/regmap.py.
"""

# ---- PF window (pf_paddr, 17 bits) ----
IXGBE_STATUS = 0x00008
IXGBE_CTRL_EXT = 0x00018
IXGBE_VFLRE1 = 0x001C0
IXGBE_VFLRE0 = 0x00600
IXGBE_VFLREC = 0x00700
IXGBE_PFMBICR = 0x00710
IXGBE_PFMBIMR = 0x00720
IXGBE_EICR = 0x00800
IXGBE_EICS = 0x00808
IXGBE_EIMS = 0x00880
IXGBE_EIMC = 0x00888
IXGBE_PFMAILBOX = 0x04B00
IXGBE_PFMBMEM = 0x13000

# ---- VF window (vf_paddr, one per vf_pfunc) ----
IXGBE_VFCTRL = 0x0000
IXGBE_VFSTATUS = 0x0008
IXGBE_VFLINKS = 0x0010
IXGBE_VTEICR = 0x0100
IXGBE_VTEIMS = 0x0108
IXGBE_VTEIMC = 0x010C
IXGBE_VFMBMEM = 0x0200
IXGBE_VFMAILBOX = 0x02FC
IXGBE_VFPSRTYPE = 0x0300
IXGBE_VFRXDCTL = 0x1028
IXGBE_VFTXDCTL = 0x2028

# ---- geometry ----
IXGBE_MAX_VFS = 64
IXGBE_VFS_PER_PFMBICR = 16
IXGBE_VFS_PER_WORD = 32
IXGBE_PFMBICR_COUNT = 4
IXGBE_PFMBIMR_COUNT = 2
IXGBE_PFMBMEM_STRIDE = 0x40
IXGBE_VFQ_STRIDE = 0x40
IXGBE_VF_QUEUES = 8

# ---- bit positions ----
IXGBE_STATUS_LINKUP_BIT = 7
IXGBE_CTRL_EXT_PFRSTD_BIT = 14
IXGBE_VFCTRL_RST_BIT = 26
IXGBE_EICR_MAILBOX_BIT = 19
IXGBE_PFMBICR_VFREQ_LSB = 0
IXGBE_PFMBICR_VFACK_LSB = 16
IXGBE_VFLINKS_UP_BIT = 30
IXGBE_VFLINKS_SPEED_LSB = 28
IXGBE_VFLINKS_SPEED_10G = 0b11

# ---- masks, derived from the bit positions ----
IXGBE_STATUS_LINKUP = 1 << IXGBE_STATUS_LINKUP_BIT
IXGBE_CTRL_EXT_PFRSTD = 1 << IXGBE_CTRL_EXT_PFRSTD_BIT
IXGBE_VFCTRL_RST = 1 << IXGBE_VFCTRL_RST_BIT
IXGBE_EICR_MAILBOX = 1 << IXGBE_EICR_MAILBOX_BIT
IXGBE_VFLINKS_UP = 1 << IXGBE_VFLINKS_UP_BIT
IXGBE_STATUS_LINK_UP = IXGBE_STATUS_LINKUP  # 0x80: STATUS with the link up
IXGBE_VFLINKS_LINK_UP = IXGBE_VFLINKS_UP | (IXGBE_VFLINKS_SPEED_10G << IXGBE_VFLINKS_SPEED_LSB)


def pfmbmem(vf: int, word: int) -> int:
    """PF offset of PFMBMEM(vf)[word]."""
    return IXGBE_PFMBMEM + IXGBE_PFMBMEM_STRIDE * vf + 4 * word


def pfmailbox(vf: int) -> int:
    """PF offset of PFMAILBOX(vf)."""
    return IXGBE_PFMAILBOX + 4 * vf


def vfmbmem(word: int) -> int:
    """VF offset of its own mailbox word."""
    return IXGBE_VFMBMEM + 4 * word


def pfmbicr(vf: int) -> int:
    """PF offset of the PFMBICR register that holds VF vf's VFREQ and VFACK."""
    return IXGBE_PFMBICR + 4 * (vf // IXGBE_VFS_PER_PFMBICR)


def vfreq(vf: int) -> int:
    """Mask of VFREQ[vf] in its PFMBICR register."""
    return 1 << (IXGBE_PFMBICR_VFREQ_LSB + vf % IXGBE_VFS_PER_PFMBICR)


def vfack(vf: int) -> int:
    """Mask of VFACK[vf] in its PFMBICR register."""
    return 1 << (IXGBE_PFMBICR_VFACK_LSB + vf % IXGBE_VFS_PER_PFMBICR)


def pfmbimr(vf: int) -> int:
    """PF offset of the PFMBIMR register that holds VF vf's mask bit."""
    return IXGBE_PFMBIMR + 4 * (vf // IXGBE_VFS_PER_WORD)


def vflrec(vf: int) -> int:
    """PF offset of the VFLREC register that holds VF vf's reset event."""
    return IXGBE_VFLREC + 4 * (vf // IXGBE_VFS_PER_WORD)


def vflre(vf: int) -> int:
    """PF offset of the read-only VFLRE register that shows VF vf's reset event."""
    return IXGBE_VFLRE1 if vf >= IXGBE_VFS_PER_WORD else IXGBE_VFLRE0


def vf_word_bit(vf: int) -> int:
    """Mask of VF vf in VFLRE(k), VFLREC(k) and PFMBIMR(k)."""
    return 1 << (vf % IXGBE_VFS_PER_WORD)
