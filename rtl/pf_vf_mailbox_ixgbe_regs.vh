/* verilator lint_off UNUSEDPARAM */
// Register map of pf_vf_mailbox_ixgbe (docs/hardware-ixgbe.md): every offset and bit that
// differs from the igb top, named once, with the Linux ixgbe/ixgbevf names (IXGBE_*).
// tb/regmap_ixgbe.py names the same constants; tests/test_regmap.py checks that they agree.
// The mailbox bits (PFMAILBOX_*, VFMAILBOX_*) and MBX_WORDS are pf_vf_mailbox_regs.vh's.

// ---- PF window (pf_paddr, 17 bits) ----
localparam [16:0] IXGBE_STATUS        = 17'h00008;  // read-only, LINKUP
localparam [16:0] IXGBE_CTRL_EXT      = 17'h00018;  // storage; PFRSTD self-clears
localparam [16:0] IXGBE_VFLRE1        = 17'h001C0;  // read-only, VFLR events of VFs 32..63
localparam [16:0] IXGBE_VFLRE0        = 17'h00600;  // read-only, VFLR events of VFs 0..31
localparam [16:0] IXGBE_VFLREC        = 17'h00700;  // + 4*k: the same events, write 1 to clear
localparam [16:0] IXGBE_PFMBICR       = 17'h00710;  // + 4*i: VFREQ / VFACK of 16 VFs, W1C
localparam [16:0] IXGBE_PFMBIMR       = 17'h00720;  // + 4*k: mailbox interrupt mask of 32 VFs
localparam [16:0] IXGBE_EICR          = 17'h00800;  // MAILBOX; reads do not clear, W1C
localparam [16:0] IXGBE_EICS          = 17'h00808;  // reads EICR; write 1 sets EICR
localparam [16:0] IXGBE_EIMS          = 17'h00880;  // write-1-to-set enables, reads the mask
localparam [16:0] IXGBE_EIMC          = 17'h00888;  // write-1-to-clear enables, reads 0
localparam [16:0] IXGBE_PFMAILBOX     = 17'h04B00;  // + 4*n
localparam [16:0] IXGBE_PFMBMEM       = 17'h13000;  // + IXGBE_PFMBMEM_STRIDE*n + 4*w

// ---- VF window (vf_paddr, 16 bits, one per vf_pfunc) ----
localparam [15:0] IXGBE_VFCTRL        = 16'h0000;  // RST has no mailbox effect; reads 0
localparam [15:0] IXGBE_VFSTATUS      = 16'h0008;  // read-only view of STATUS
localparam [15:0] IXGBE_VFLINKS       = 16'h0010;  // read-only, LINKS_UP and 10 Gb/s speed
localparam [15:0] IXGBE_VTEICR        = 16'h0100;  // not modelled: reads 0, writes ignored
localparam [15:0] IXGBE_VTEIMS        = 16'h0108;  // not modelled
localparam [15:0] IXGBE_VTEIMC        = 16'h010C;  // not modelled
localparam [15:0] IXGBE_VFMBMEM       = 16'h0200;  // + 4*w
localparam [15:0] IXGBE_VFMAILBOX     = 16'h02FC;
localparam [15:0] IXGBE_VFPSRTYPE     = 16'h0300;  // not modelled
localparam [15:0] IXGBE_VFRXDCTL      = 16'h1028;  // + IXGBE_VFQ_STRIDE*q, not modelled
localparam [15:0] IXGBE_VFTXDCTL      = 16'h2028;  // + IXGBE_VFQ_STRIDE*q, not modelled

// ---- geometry ----
localparam IXGBE_MAX_VFS              = 64;
localparam IXGBE_VFS_PER_PFMBICR      = 16;
localparam IXGBE_VFS_PER_WORD         = 32;        // VFLRE(k), VFLREC(k), PFMBIMR(k)
localparam IXGBE_PFMBICR_COUNT        = 4;
localparam IXGBE_PFMBIMR_COUNT        = 2;
localparam [16:0] IXGBE_PFMBMEM_STRIDE = 17'h00040;
localparam [15:0] IXGBE_VFQ_STRIDE    = 16'h0040;
localparam IXGBE_VF_QUEUES            = 8;

// ---- bits ----
localparam IXGBE_STATUS_LINKUP_BIT    = 7;
localparam IXGBE_CTRL_EXT_PFRSTD_BIT  = 14;
localparam IXGBE_VFCTRL_RST_BIT       = 26;
localparam IXGBE_EICR_MAILBOX_BIT     = 19;        // also the only bit of EICS / EIMS / EIMC
localparam IXGBE_PFMBICR_VFREQ_LSB    = 0;         // VFREQ of VF 16i+j is bit j
localparam IXGBE_PFMBICR_VFACK_LSB    = 16;        // VFACK of VF 16i+j is bit 16+j
localparam IXGBE_VFLINKS_UP_BIT       = 30;
localparam IXGBE_VFLINKS_SPEED_LSB    = 28;        // SPEED is bits 29:28
localparam [1:0] IXGBE_VFLINKS_SPEED_10G = 2'b11;
localparam [31:0] IXGBE_STATUS_LINK_UP = 32'h0000_0080;  // STATUS with the link up
localparam [31:0] IXGBE_VFLINKS_LINK_UP = 32'h7000_0000; // VFLINKS with the link up
/* verilator lint_on UNUSEDPARAM */
