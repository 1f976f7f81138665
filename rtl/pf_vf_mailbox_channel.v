// One VF's mailbox: the lock and status bits of PFMailbox(n)/VFMailbox and its 16 memory
// words. Both windows read these same flops. The parent decodes APB transfers into the
// strobes below (error accesses never reach here); every rule is judged on the state
// before the edge (hardware.md section 4). The two mitigation switches are those of
// pf_vf_mailbox (docs/mitigations.md); with both 0 this is hardware.md exactly.
// Shared by both tops: pf_vf_mailbox (igb) ties vf_flr_clear to 0; pf_vf_mailbox_ixgbe
// drives it from vf_flr[n] (hardware-ixgbe.md sections 4 rule 6 and 5).
module pf_vf_mailbox_channel #(
    parameter PFU_WAITS_FOR_REQ  = 0,
    parameter PROTECT_VF_REQUEST = 0
) (
    input  wire        clk,
    input  wire        rst_n,
    // PF side
    input  wire        pf_mbx_we,      // PF writes PFMailbox(n)
    input  wire [4:0]  pf_mbx_wdata,   // RVFU, PFU, VFU, ACK, STS
    input  wire        vfreq_clr,      // PF write-1-to-clear of MBVFICR.VFREQ[n]
    input  wire        vfack_clr,      // PF write-1-to-clear of MBVFICR.VFACK[n]
    input  wire        pf_reset_done,  // PF wrote CTRL_EXT.PFRSTD
    input  wire        vf_flr_clear,   // ixgbe: an FLR clears VFU, PFSTS, PFACK, RSTD
    input  wire        pf_mem_we,
    input  wire        pf_mem_re,      // PF reads a word of VMBMEM(n)
    input  wire [3:0]  pf_mem_idx,
    input  wire [31:0] pf_mem_wdata,
    output wire [31:0] pf_mem_rdata,
    // VF side
    input  wire        vf_mbx_we,      // VF writes VFMailbox
    input  wire [2:0]  vf_mbx_wdata,   // VFU, ACK, REQ
    input  wire        vf_mbx_re,      // VF reads VFMailbox: clears PFSTS, PFACK, RSTD
    input  wire        vf_mem_we,
    input  wire [3:0]  vf_mem_idx,
    input  wire [31:0] vf_mem_wdata,
    output wire [31:0] vf_mem_rdata,
    // state
    output reg         vfu,
    output reg         pfu,
    output reg         pfsts,
    output reg         pfack,
    output reg         rsti,
    output reg         rstd,
    output reg         vfreq,
    output reg         vfack,
    output reg         vf_irq
);
`include "pf_vf_mailbox_regs.vh"

    wire pf_sts      = pf_mbx_we & pf_mbx_wdata[PFMAILBOX_STS_BIT];
    wire pf_ack      = pf_mbx_we & pf_mbx_wdata[PFMAILBOX_ACK_BIT];
    wire rvfu        = pf_mbx_we & pf_mbx_wdata[PFMAILBOX_RVFU_BIT];
    wire pf_lock_rel = pf_mbx_we & ~pf_mbx_wdata[PFMAILBOX_PFU_BIT];
    // A lock request is judged on the state before the edge; the PF wins a tie (rule 2).
    // Mitigation A: while a VF request is unclaimed (VFREQ set) the PF cannot take the lock.
    wire req_blocks_pf = (PFU_WAITS_FOR_REQ != 0) & vfreq;
    wire pf_grant    = pf_mbx_we & pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu & ~req_blocks_pf;

    wire vf_req      = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_REQ_BIT];
    wire vf_ack      = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_ACK_BIT];
    wire vf_lock_rel = vf_mbx_we & ~vf_mbx_wdata[VFMAILBOX_VFU_BIT];
    wire vf_grant    = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_VFU_BIT] & ~pfu & ~pf_grant;

    // Mitigation B: the VF's request stays pending until the PF reads its word 0; a PF
    // write-1-to-clear of VFREQ no longer clears it.
    wire protect     = PROTECT_VF_REQUEST != 0;
    wire req_read    = protect & pf_mem_re & (pf_mem_idx == 4'd0);
    wire vfreq_w1c   = vfreq_clr & ~protect;

    // Mailbox memory: a RAM (reset does not clear it; 0 after power-up). Icarus does not
    // dump arrays, so each word is also a wire word[i].data for waveform viewers.
    // With mitigation B, `mem` holds PF->VF words and `v2p` the VF->PF words (unused
    // otherwise).
    reg [31:0] mem [0:MBX_WORDS-1];
    reg [31:0] v2p [0:MBX_WORDS-1];
    integer k;
    initial for (k = 0; k < MBX_WORDS; k = k + 1) begin
        mem[k] = 32'd0;
        v2p[k] = 32'd0;
    end

    // Anything to do on this edge? Idle edges then cost the simulator one test.
    wire active = pf_mbx_we | vf_mbx_we | vf_mbx_re | vfreq_clr | vfack_clr | pf_reset_done |
                  pf_mem_we | vf_mem_we | vf_irq | req_read | vf_flr_clear;
    // What clears PFSTS, PFACK and RSTD: the VF's read-to-clear, or (ixgbe) an FLR.
    wire status_clr = vf_mbx_re | vf_flr_clear;

    always @(posedge clk) begin
        if (!rst_n) begin
            vfu    <= 1'b0;
            pfu    <= 1'b0;
            pfsts  <= 1'b0;
            pfack  <= 1'b0;
            rsti   <= 1'b1;
            rstd   <= 1'b0;
            vfreq  <= 1'b0;
            vfack  <= 1'b0;
            vf_irq <= 1'b0;
        end else if (active) begin
            if (pf_grant)         pfu <= 1'b1;
            else if (pf_lock_rel) pfu <= 1'b0;

            // RVFU (rule 3) and an FLR (ixgbe rule 6) beat a same-edge VFU request.
            if (rvfu | vf_flr_clear) vfu <= 1'b0;
            else if (vf_grant)    vfu <= 1'b1;
            else if (vf_lock_rel) vfu <= 1'b0;

            // Set beats clear (rule 1): a new event is never lost to a same-edge clear.
            if (pf_sts)                  pfsts <= 1'b1;
            else if (status_clr)         pfsts <= 1'b0;
            if (pf_ack)                  pfack <= 1'b1;
            else if (status_clr)         pfack <= 1'b0;
            if (pf_reset_done)           rstd  <= 1'b1;
            else if (status_clr)         rstd  <= 1'b0;
            if (pf_reset_done)           rsti  <= 1'b0;
            if (vf_req)                  vfreq <= 1'b1;
            else if (vfreq_w1c | rvfu | req_read) vfreq <= 1'b0;
            if (vf_ack)                  vfack <= 1'b1;
            else if (vfack_clr | rvfu)   vfack <= 1'b0;

            vf_irq <= pf_sts | pf_ack;

            if (pf_mem_we)
                mem[pf_mem_idx] <= pf_mem_wdata;
            if (protect) begin
                if (vf_mem_we)
                    v2p[vf_mem_idx] <= vf_mem_wdata;
            end else if (vf_mem_we && !(pf_mem_we && pf_mem_idx == vf_mem_idx))   // PF wins (rule 4)
                mem[vf_mem_idx] <= vf_mem_wdata;
        end
    end

    assign pf_mem_rdata = protect ? v2p[pf_mem_idx] : mem[pf_mem_idx];
    assign vf_mem_rdata = mem[vf_mem_idx];

    genvar i;
    generate
        for (i = 0; i < MBX_WORDS; i = i + 1) begin : word
            /* verilator lint_off UNUSEDSIGNAL */
            wire [31:0] data = mem[i];   // for waveform viewers only
            wire [31:0] v2p_data = v2p[i];   // VF->PF words (mitigation B)
            /* verilator lint_on UNUSEDSIGNAL */
        end
    endgenerate
endmodule
