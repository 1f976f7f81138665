// Formal harness of pf_vf_mailbox_ixgbe (docs/hardware-ixgbe.md), around the unmodified RTL:
// the same environment (apb.svh) and per-VF rules (rules.svh) as the igb harness, over
// ixgbe's register map, plus the ixgbe-only rules: EICR is not cleared by reads, PFRSTD
// self-clears, an FLR clears VF n's VFU, PFSTS, PFACK and RSTD but never PFU or the memory.
`default_nettype none
module pf_vf_mailbox_ixgbe_formal #(
    parameter NUM_VFS = 64,
    parameter PFU_WAITS_FOR_REQ  = 0,
    parameter PROTECT_VF_REQUEST = 0
) (
    input wire               clk,
    input wire               rst_n,
    input wire               pf_psel, pf_penable, pf_pwrite,
    input wire [16:0]        pf_paddr,
    input wire [31:0]        pf_pwdata,
    input wire               vf_psel, vf_penable, vf_pwrite,
    input wire [5:0]         vf_pfunc,
    input wire [15:0]        vf_paddr,
    input wire [31:0]        vf_pwdata,
    input wire [NUM_VFS-1:0] vf_flr,
    input wire               link_up
);
    localparam MBX_VF_BITS = 6;
    wire [31:0] pf_prdata, vf_prdata;
    wire pf_pready, pf_pslverr, vf_pready, vf_pslverr, pf_irq;
    wire [NUM_VFS-1:0] vf_irq;

    pf_vf_mailbox_ixgbe #(
        .NUM_VFS(NUM_VFS), .PFU_WAITS_FOR_REQ(PFU_WAITS_FOR_REQ),
        .PROTECT_VF_REQUEST(PROTECT_VF_REQUEST)
    ) dut (.*);

    wire [NUM_VFS-1:0] p_vfu, p_pfu, p_pfsts, p_pfack, p_rsti, p_rstd, p_vfreq, p_vfack, p_irq;
    wire [NUM_VFS*16*32-1:0] p_mem, p_v2p;
    wire [31:0] p_ctrl_ext;
    wire p_eicr;
    wire [NUM_VFS-1:0] p_pfmbimr;

`include "apb.svh"

    // ---------------------------------------------------------------- decode (sec. 2, 6)
    wire pf_access = pf_psel & pf_penable;
    wire vf_access = vf_psel & vf_penable;
    wire pf_al = pf_paddr[1:0] == 2'b00;
    wire vf_al = vf_paddr[1:0] == 2'b00;
    wire pf_is_mem = pf_al && pf_paddr >= 17'h13000 && pf_paddr < 17'h13000 + 17'h40 * NUM_VFS;
    wire pf_is_mbx = pf_al && pf_paddr >= 17'h04B00 && pf_paddr < 17'h04B00 + 17'h4 * NUM_VFS;
    wire [16:0] pf_mem_off = pf_paddr - 17'h13000;
    wire [16:0] pf_mbx_off = pf_paddr - 17'h04B00;
    wire [5:0]  pf_mem_n = pf_mem_off[11:6];
    wire [5:0]  pf_mbx_n = pf_mbx_off[7:2];
    wire [3:0]  pf_idx   = pf_mem_off[5:2];
    // Only the PF writes and reads the rules below need; every one of them is a legal access.
    wire pf_w = pf_access & rst_n & pf_pwrite;
    wire pf_r = pf_access & rst_n & ~pf_pwrite;

    wire vf_is_mem = vf_al && vf_paddr >= 16'h0200 && vf_paddr < 16'h0240;
    wire [3:0] vf_idx = vf_paddr[5:2];
    wire vf_ok = vf_access & rst_n & vf_pfunc < NUM_VFS;
    wire vf_w  = vf_ok & vf_pwrite;
    wire vf_r  = vf_ok & ~vf_pwrite;

    wire [NUM_VFS-1:0] vf_one = {{(NUM_VFS-1){1'b0}}, 1'b1} << vf_pfunc;
    wire [NUM_VFS-1:0] e_pf_mbx    = {NUM_VFS{pf_w & pf_is_mbx}} & ({{(NUM_VFS-1){1'b0}}, 1'b1} << pf_mbx_n);
    wire [NUM_VFS-1:0] e_pf_mem_wr = {NUM_VFS{pf_w & pf_is_mem}} & ({{(NUM_VFS-1){1'b0}}, 1'b1} << pf_mem_n);
    wire [NUM_VFS-1:0] e_pf_mem_rd = {NUM_VFS{pf_r & pf_is_mem}} & ({{(NUM_VFS-1){1'b0}}, 1'b1} << pf_mem_n);
    wire [NUM_VFS-1:0] e_req_w1c, e_ack_w1c;
    genvar gv;
    generate for (gv = 0; gv < NUM_VFS; gv = gv + 1) begin : w1c_of
        // PFMBICR(i), i = n / 16: VFREQ[n] is bit n % 16, VFACK[n] bit 16 + n % 16
        wire hit = pf_w & pf_paddr == 17'h00710 + 17'h4 * (gv / 16);
        assign e_req_w1c[gv] = hit & pf_pwdata[gv % 16];
        assign e_ack_w1c[gv] = hit & pf_pwdata[16 + gv % 16];
    end endgenerate
    wire [NUM_VFS-1:0] e_vf_mbx    = {NUM_VFS{vf_w & vf_paddr == 16'h02FC}} & vf_one;
    wire [NUM_VFS-1:0] e_vf_rd     = {NUM_VFS{vf_r & vf_paddr == 16'h02FC}} & vf_one;
    wire [NUM_VFS-1:0] e_vf_mem_wr = {NUM_VFS{vf_w & vf_is_mem}} & vf_one;
    wire [NUM_VFS-1:0] e_flr_clr   = vf_flr & {NUM_VFS{rst_n}};   // sec. 5: clears VF n's bits
    wire               e_pfrstd    = pf_w & pf_paddr == 17'h00018 & pf_pwdata[14];

`include "rules.svh"

    // ---------------------------------------------------------------- ixgbe-only rules
    // EICR.MAILBOX: set by FLR, unmasked REQ/ACK writes and EICS; cleared only by a W1C of
    // EICR (sec. 2: reads do not clear it); set beats clear.
    wire mbx_evt = |vf_flr | |(e_vf_mbx & p_pfmbimr & {NUM_VFS{vf_pwdata[0] | vf_pwdata[1]}}) |
                   (pf_w & pf_paddr == 17'h00808 & pf_pwdata[19]);
    reg r_eicr;
    always @(posedge clk)
        r_eicr <= rst_n & (mbx_evt | (p_eicr & ~(pf_w & pf_paddr == 17'h00800 & pf_pwdata[19])));
    always @* if (f_past) begin
`ifdef P_EICR_NOT_READ_TO_CLEAR
        eicr_not_read_to_clear: assert (p_eicr == r_eicr);
`endif
`ifdef P_PFRSTD_SELF_CLEARING // sec. 2: CTRL_EXT bit 14 always reads 0
        if (pf_access && !pf_pwrite && pf_paddr == 17'h00018)
            pfrstd_reads_0: assert (pf_prdata[14] == 1'b0);
        pfrstd_self_clearing: assert (p_ctrl_ext[14] == 1'b0);
`endif
    end
    // An FLR of VF n: VFU, PFSTS, PFACK, RSTD follow rule 6 and rule 1; PFU, RSTI, VFREQ[n],
    // VFACK[n] and VF n's memory words keep what this edge's transfers make of them.
    always @(posedge clk) if (f_past) begin
`ifdef P_FLR_CLEARS_VF_BITS
        flr_clears_vf_bits: assert (($past(e_flr_clr) & (p_vfu | (p_pfsts ^ r_pfsts) |
                                     (p_pfack ^ r_pfack) | (p_rstd ^ r_rstd) | (p_pfu ^ r_pfu) |
                                     (p_rsti ^ r_rsti) | (p_vfreq ^ r_vfreq) | (p_vfack ^ r_vfack))) == 0);
        // any one RAM word (m_word, rules.svh) that no transfer wrote on the FLR's edge
        flr_keeps_memory: assert (!$past(e_flr_clr[m_vf]) || $past(m_pf_wr | m_vf_wr) ||
                                  m_word == $past(m_word));
`endif
    end
endmodule
