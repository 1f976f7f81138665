/* verilator lint_off UNUSEDPARAM */
// Register map of pf_vf_mailbox: every offset and bit position, named once.
// tb/regmap.py names the same constants; tests/test_regmap.py checks that they agree.
// Offsets are byte offsets in a BAR0 window; *_BIT names are bit positions.

// ---- PF window (pf_paddr) ----
localparam [15:0] PF_STATUS           = 16'h0008;  // read-only, FD | LU | SPEED_1000 while link_up
localparam [15:0] PF_CTRL_EXT         = 16'h0018;  // RW storage, PFRSTD fires reset-done
localparam [15:0] PF_ICR              = 16'h00C0;  // read-to-clear, VMMB
localparam [15:0] PF_IMS              = 16'h00D0;  // write-1-to-set enables, reads the mask
localparam [15:0] PF_IMC              = 16'h00D8;  // write-1-to-clear enables, reads 0
localparam [15:0] PF_VMBMEM           = 16'h0800;  // + VMBMEM_STRIDE*n + 4*i
localparam [15:0] PF_MAILBOX          = 16'h0C00;  // + 4*n
localparam [15:0] PF_MBVFICR          = 16'h0C80;  // VFREQ / VFACK, write-1-to-clear
localparam [15:0] PF_MBVFIMR          = 16'h0C84;  // per-VF mailbox interrupt mask
localparam [15:0] PF_VFLRE            = 16'h0C88;  // VF reset events, write-1-to-clear

// ---- VF window (vf_paddr, one per vf_pfunc) ----
localparam [15:0] VF_CTRL             = 16'h0000;  // write RST to reset the VF, reads 0
localparam [15:0] VF_STATUS           = 16'h0008;  // same register as PF_STATUS
localparam [15:0] VF_VMBMEM           = 16'h0800;  // + 4*i
localparam [15:0] VF_MAILBOX          = 16'h0C40;  // VFMailbox

// ---- geometry ----
localparam MAX_VFS                    = 8;
localparam MBX_WORDS                  = 16;        // 32-bit words per VF mailbox
localparam [15:0] VMBMEM_STRIDE       = 16'h0040;  // bytes between two VFs' memories in the PF window

// ---- bits ----
localparam STATUS_FD_BIT              = 0;     // full duplex
localparam STATUS_LU_BIT              = 1;     // link up
localparam STATUS_SPEED_LSB           = 6;     // SPEED is bits 7:6
localparam [1:0] STATUS_SPEED_1000     = 2'b10;
localparam [31:0] STATUS_LINK_UP      = 32'h0000_0083; // FD | LU | SPEED_1000: STATUS with the link up
localparam CTRL_RST_BIT               = 26;
localparam CTRL_EXT_PFRSTD_BIT        = 14;
localparam ICR_VMMB_BIT               = 8;     // also the only bit of IMS / IMC
localparam MBVFICR_VFREQ_LSB          = 0;     // VFREQ[n] is bit MBVFICR_VFREQ_LSB + n
localparam MBVFICR_VFACK_LSB          = 16;    // VFACK[n] is bit MBVFICR_VFACK_LSB + n

// PFMailbox(n)
localparam PFMAILBOX_STS_BIT          = 0;
localparam PFMAILBOX_ACK_BIT          = 1;
localparam PFMAILBOX_VFU_BIT          = 2;
localparam PFMAILBOX_PFU_BIT          = 3;
localparam PFMAILBOX_RVFU_BIT         = 4;

// VFMailbox
localparam VFMAILBOX_REQ_BIT          = 0;
localparam VFMAILBOX_ACK_BIT          = 1;
localparam VFMAILBOX_VFU_BIT          = 2;
localparam VFMAILBOX_PFU_BIT          = 3;
localparam VFMAILBOX_PFSTS_BIT        = 4;
localparam VFMAILBOX_PFACK_BIT        = 5;
localparam VFMAILBOX_RSTI_BIT         = 6;
localparam VFMAILBOX_RSTD_BIT         = 7;
/* verilator lint_on UNUSEDPARAM */
