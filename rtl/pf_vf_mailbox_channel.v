// One VF's mailbox: the lock and status bits of PFMailbox(n)/VFMailbox and its 16 memory
// words. Both windows read these same flops. The parent decodes APB transfers into the
// strobes below (error accesses never reach here); every rule is judged on the state
// before the edge (hardware.md section 4).
module pf_vf_mailbox_channel (
    input  wire        clk,
    input  wire        rst_n,
    // PF side
    input  wire        pf_mbx_we,      // PF writes PFMailbox(n)
    input  wire [4:0]  pf_mbx_wdata,   // RVFU, PFU, VFU, ACK, STS
    input  wire        vfreq_clr,      // PF write-1-to-clear of MBVFICR.VFREQ[n]
    input  wire        vfack_clr,      // PF write-1-to-clear of MBVFICR.VFACK[n]
    input  wire        pf_reset_done,  // PF wrote CTRL_EXT.PFRSTD
    input  wire        pf_mem_we,
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
    wire pf_grant    = pf_mbx_we & pf_mbx_wdata[PFMAILBOX_PFU_BIT] & ~vfu;

    wire vf_req      = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_REQ_BIT];
    wire vf_ack      = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_ACK_BIT];
    wire vf_lock_rel = vf_mbx_we & ~vf_mbx_wdata[VFMAILBOX_VFU_BIT];
    wire vf_grant    = vf_mbx_we & vf_mbx_wdata[VFMAILBOX_VFU_BIT] & ~pfu & ~pf_grant;

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
        end else begin
            if (pf_grant)         pfu <= 1'b1;
            else if (pf_lock_rel) pfu <= 1'b0;

            if (rvfu)             vfu <= 1'b0;   // RVFU beats a same-edge VFU request (rule 3)
            else if (vf_grant)    vfu <= 1'b1;
            else if (vf_lock_rel) vfu <= 1'b0;

            // Set beats clear (rule 1): a new event is never lost to a same-edge clear.
            if (pf_sts)                  pfsts <= 1'b1;
            else if (vf_mbx_re)          pfsts <= 1'b0;
            if (pf_ack)                  pfack <= 1'b1;
            else if (vf_mbx_re)          pfack <= 1'b0;
            if (pf_reset_done)           rstd  <= 1'b1;
            else if (vf_mbx_re)          rstd  <= 1'b0;
            if (pf_reset_done)           rsti  <= 1'b0;
            if (vf_req)                  vfreq <= 1'b1;
            else if (vfreq_clr | rvfu)   vfreq <= 1'b0;
            if (vf_ack)                  vfack <= 1'b1;
            else if (vfack_clr | rvfu)   vfack <= 1'b0;

            vf_irq <= pf_sts | pf_ack;
        end
    end

    // Mailbox memory: a RAM (reset does not clear it; 0 after power-up). One register
    // per word so that every word shows in a waveform dump as mem[i].word.
    wire [32*MBX_WORDS-1:0] pf_terms;
    wire [32*MBX_WORDS-1:0] vf_terms;
    genvar i;
    generate
        for (i = 0; i < MBX_WORDS; i = i + 1) begin : mem
            localparam [3:0] I = i;
            reg [31:0] word;
            initial word = 32'd0;
            always @(posedge clk) begin
                if (rst_n) begin
                    if (pf_mem_we && pf_mem_idx == I)      word <= pf_mem_wdata;  // PF wins (rule 4)
                    else if (vf_mem_we && vf_mem_idx == I) word <= vf_mem_wdata;
                end
            end
            assign pf_terms[32*i +: 32] = (pf_mem_idx == I) ? word : 32'd0;
            assign vf_terms[32*i +: 32] = (vf_mem_idx == I) ? word : 32'd0;
        end
    endgenerate

    pf_vf_mailbox_or_reduce #(.WIDTH(32), .COUNT(MBX_WORDS)) pf_mux (.terms(pf_terms), .result(pf_mem_rdata));
    pf_vf_mailbox_or_reduce #(.WIDTH(32), .COUNT(MBX_WORDS)) vf_mux (.terms(vf_terms), .result(vf_mem_rdata));
endmodule
