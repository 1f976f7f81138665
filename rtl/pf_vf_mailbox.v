// PF/VF mailbox of an 82576/i350-like SR-IOV NIC: two APB slave ports (PF, shared VF port
// tagged by vf_pfunc), NUM_VFS mailbox channels, MBVFICR/MBVFIMR/VFLRE, ICR/IMS and
// CTRL_EXT. The contract is docs/hardware.md; section numbers below refer to it.
module pf_vf_mailbox #(
    parameter NUM_VFS = 8,             // 1..8
    // Hardware mitigations of the reply-erases-request race (docs/mitigations.md); each is
    // off (0) by default, and off is hardware.md exactly.
    parameter PFU_WAITS_FOR_REQ  = 0,  // A: a PF lock request is refused while VFREQ[n] is set
    parameter PROTECT_VF_REQUEST = 0   // B: VF->PF words in their own buffer; VFREQ[n] clears
                                       //    only when the PF reads word 0 of it
) (
    input  wire               clk,
    input  wire               rst_n,
    // PF register port
    input  wire               pf_psel,
    input  wire               pf_penable,
    input  wire               pf_pwrite,
    input  wire [15:0]        pf_paddr,
    input  wire [31:0]        pf_pwdata,
    output wire [31:0]        pf_prdata,
    output wire               pf_pready,
    output wire               pf_pslverr,
    // VF register port, shared by all VFs
    input  wire               vf_psel,
    input  wire               vf_penable,
    input  wire               vf_pwrite,
    input  wire [2:0]         vf_pfunc,
    input  wire [15:0]        vf_paddr,
    input  wire [31:0]        vf_pwdata,
    output wire [31:0]        vf_prdata,
    output wire               vf_pready,
    output wire               vf_pslverr,
    // interrupts, resets, link
    output wire               pf_irq,
    output wire [NUM_VFS-1:0] vf_irq,
    input  wire [NUM_VFS-1:0] vf_flr,
    input  wire               link_up
);
`include "pf_vf_mailbox_regs.vh"

    // An out-of-range NUM_VFS (or mitigation switch) stops elaboration with an error that
    // names the rule.
    generate
        if (NUM_VFS < 1 || NUM_VFS > MAX_VFS) begin : bad_num_vfs
            NUM_VFS_must_be_1_to_8 refuse_to_elaborate ();
        end
        if (PFU_WAITS_FOR_REQ < 0 || PFU_WAITS_FOR_REQ > 1) begin : bad_pfu_waits_for_req
            PFU_WAITS_FOR_REQ_must_be_0_or_1 refuse_to_elaborate ();
        end
        if (PROTECT_VF_REQUEST < 0 || PROTECT_VF_REQUEST > 1) begin : bad_protect_vf_request
            PROTECT_VF_REQUEST_must_be_0_or_1 refuse_to_elaborate ();
        end
    endgenerate

    // ---------------------------------------------------------------- PF decode (sec. 2, 6)
    wire       pf_access  = pf_psel & pf_penable;
    wire [2:0] pf_mem_vf  = pf_paddr[8:6];   // n of VMBMEM(n)[i]
    wire [3:0] pf_mem_idx = pf_paddr[5:2];   // i of VMBMEM(n)[i]
    wire [2:0] pf_mbx_vf  = pf_paddr[4:2];   // n of PFMailbox(n)
    wire       pf_aligned = pf_paddr[1:0] == 2'b00;

    wire pf_hit_status  = pf_paddr == PF_STATUS;
    wire pf_hit_ctrlext = pf_paddr == PF_CTRL_EXT;
    wire pf_hit_icr     = pf_paddr == PF_ICR;
    wire pf_hit_ims     = pf_paddr == PF_IMS;
    wire pf_hit_imc     = pf_paddr == PF_IMC;
    wire pf_hit_mbvficr = pf_paddr == PF_MBVFICR;
    wire pf_hit_mbvfimr = pf_paddr == PF_MBVFIMR;
    wire pf_hit_vflre   = pf_paddr == PF_VFLRE;
    wire pf_hit_vmbmem  = pf_aligned && pf_paddr[15:9] == PF_VMBMEM[15:9] && {1'b0, pf_mem_vf} < NUM_VFS[3:0];
    wire pf_hit_mailbox = pf_aligned && pf_paddr[15:5] == PF_MAILBOX[15:5] && {1'b0, pf_mbx_vf} < NUM_VFS[3:0];

    wire pf_hit = pf_hit_status | pf_hit_ctrlext | pf_hit_icr | pf_hit_ims | pf_hit_imc |
                  pf_hit_mbvficr | pf_hit_mbvfimr | pf_hit_vflre | pf_hit_vmbmem | pf_hit_mailbox;
    wire pf_err = ~pf_hit | (pf_pwrite & (pf_hit_status | pf_hit_icr));
    wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n;   // rule 5: reset drops transfers
    wire pf_re  = pf_access & ~pf_err & ~pf_pwrite & rst_n;

    // ---------------------------------------------------------------- VF decode (sec. 6)
    wire       vf_access  = vf_psel & vf_penable;
    wire [3:0] vf_mem_idx = vf_paddr[5:2];
    wire       vf_aligned = vf_paddr[1:0] == 2'b00;

    wire vf_hit_ctrl    = vf_paddr == VF_CTRL;
    wire vf_hit_status  = vf_paddr == VF_STATUS;
    wire vf_hit_vmbmem  = vf_aligned && vf_paddr[15:6] == VF_VMBMEM[15:6];
    wire vf_hit_mailbox = vf_paddr == VF_MAILBOX;

    wire vf_hit = vf_hit_ctrl | vf_hit_status | vf_hit_vmbmem | vf_hit_mailbox;
    wire vf_err = ~vf_hit | ({1'b0, vf_pfunc} >= NUM_VFS[3:0]) | (vf_pwrite & vf_hit_status);
    wire vf_we  = vf_access & ~vf_err & vf_pwrite & rst_n;
    wire vf_re  = vf_access & ~vf_err & ~vf_pwrite & rst_n;
    wire vf_rst_write = vf_we & vf_hit_ctrl & vf_pwdata[CTRL_RST_BIT];   // VF CTRL.RST (sec. 5)

    // ---------------------------------------------------------------- PF-owned registers
    reg  [31:0]        ctrl_ext;
    reg                icr_vmmb;
    reg                ims_vmmb;
    reg  [NUM_VFS-1:0] mbvfimr;
    reg  [NUM_VFS-1:0] vflre;

    wire pf_reset_done = pf_we & pf_hit_ctrlext & pf_pwdata[CTRL_EXT_PFRSTD_BIT];

    // Per-VF state gathered from the channels, padded to MAX_VFS with zeros.
    wire [MAX_VFS-1:0]    vfreq;
    wire [MAX_VFS-1:0]    vfack;
    wire [NUM_VFS-1:0]    vf_sel;        // vf_pfunc names VF n
    wire [NUM_VFS-1:0]    vf_reset_evt;  // FLR or CTRL.RST of VF n on this edge
    wire [NUM_VFS-1:0]    vf_mbx_evt;    // unmasked REQ/ACK write of VF n on this edge
    wire [32*NUM_VFS-1:0] pf_mem_terms;
    wire [32*NUM_VFS-1:0] vf_mem_terms;
    wire [8*NUM_VFS-1:0]  pf_mbx_terms;
    wire [8*NUM_VFS-1:0]  vf_mbx_terms;

    // Interrupt causes are events (sec. 4): set beats the read-to-clear of ICR.
    wire vmmb_evt = |vf_reset_evt | |vf_mbx_evt;

    always @(posedge clk) begin
        if (!rst_n) begin
            ctrl_ext <= 32'd0;
            icr_vmmb <= 1'b0;
            ims_vmmb <= 1'b0;
            mbvfimr  <= {NUM_VFS{1'b0}};
            vflre    <= {NUM_VFS{1'b0}};
        end else if (pf_we | pf_re | vmmb_evt) begin   // idle edges cost one test
            if (pf_we & pf_hit_ctrlext) ctrl_ext <= pf_pwdata;
            if (pf_we & pf_hit_ims & pf_pwdata[ICR_VMMB_BIT]) ims_vmmb <= 1'b1;
            if (pf_we & pf_hit_imc & pf_pwdata[ICR_VMMB_BIT]) ims_vmmb <= 1'b0;
            if (pf_we & pf_hit_mbvfimr) mbvfimr <= pf_pwdata[MBVFICR_VFREQ_LSB +: NUM_VFS];

            if (vmmb_evt)                 icr_vmmb <= 1'b1;
            else if (pf_re & pf_hit_icr)  icr_vmmb <= 1'b0;

            vflre <= vf_reset_evt | (vflre & ~({NUM_VFS{pf_we & pf_hit_vflre}} & pf_pwdata[NUM_VFS-1:0]));
        end
    end

    // ---------------------------------------------------------------- channels
    genvar n;
    generate
        for (n = 0; n < NUM_VFS; n = n + 1) begin : vf
            localparam [2:0] N = n;
            wire vfu, pfu, pfsts, pfack, rsti, rstd;
            wire [31:0] pf_mem_rdata, vf_mem_rdata;
            wire pf_mine = pf_mem_vf == N;
            wire vf_mine = vf_pfunc == N;
            wire vf_mbx_we = vf_we & vf_sel[n] & vf_hit_mailbox;

            assign vf_sel[n]       = vf_mine;
            assign vf_reset_evt[n] = vf_flr[n] | (vf_rst_write & vf_mine);
            assign vf_mbx_evt[n]   = vf_mbx_we & mbvfimr[n] &
                                     (vf_pwdata[VFMAILBOX_REQ_BIT] | vf_pwdata[VFMAILBOX_ACK_BIT]);

            pf_vf_mailbox_channel #(
                .PFU_WAITS_FOR_REQ  (PFU_WAITS_FOR_REQ),
                .PROTECT_VF_REQUEST (PROTECT_VF_REQUEST)
            ) mbx (
                .clk           (clk),
                .rst_n         (rst_n),
                .pf_mbx_we     (pf_we & pf_hit_mailbox & pf_mbx_vf == N),
                .pf_mbx_wdata  (pf_pwdata[PFMAILBOX_RVFU_BIT:PFMAILBOX_STS_BIT]),
                .vfreq_clr     (pf_we & pf_hit_mbvficr & pf_pwdata[MBVFICR_VFREQ_LSB + n]),
                .vfack_clr     (pf_we & pf_hit_mbvficr & pf_pwdata[MBVFICR_VFACK_LSB + n]),
                .pf_reset_done (pf_reset_done),
                .vf_flr_clear  (1'b0),           // igb: an FLR leaves the mailbox bits (sec. 5)
                .pf_mem_we     (pf_we & pf_hit_vmbmem & pf_mine),
                .pf_mem_re     (pf_re & pf_hit_vmbmem & pf_mine),
                .pf_mem_idx    (pf_mem_idx),
                .pf_mem_wdata  (pf_pwdata),
                .pf_mem_rdata  (pf_mem_rdata),
                .vf_mbx_we     (vf_mbx_we),
                .vf_mbx_wdata  (vf_pwdata[VFMAILBOX_VFU_BIT:VFMAILBOX_REQ_BIT]),
                .vf_mbx_re     (vf_re & vf_mine & vf_hit_mailbox),
                .vf_mem_we     (vf_we & vf_mine & vf_hit_vmbmem),
                .vf_mem_idx    (vf_mem_idx),
                .vf_mem_wdata  (vf_pwdata),
                .vf_mem_rdata  (vf_mem_rdata),
                .vfu           (vfu),
                .pfu           (pfu),
                .pfsts         (pfsts),
                .pfack         (pfack),
                .rsti          (rsti),
                .rstd          (rstd),
                .vfreq         (vfreq[n]),
                .vfack         (vfack[n]),
                .vf_irq        (vf_irq[n])
            );

            // Read multiplexer terms: zero unless this VF is the one addressed.
            assign pf_mem_terms[32*n +: 32] = pf_mine ? pf_mem_rdata : 32'd0;
            assign vf_mem_terms[32*n +: 32] = vf_mine ? vf_mem_rdata : 32'd0;
            assign pf_mbx_terms[8*n +: 8]   = (pf_mbx_vf == N) ?
                {4'd0, pfu, vfu, 2'd0} : 8'd0;
            assign vf_mbx_terms[8*n +: 8]   = vf_mine ? {rstd, rsti, pfack, pfsts, pfu, vfu, 2'd0} : 8'd0;
        end
        for (n = NUM_VFS; n < MAX_VFS; n = n + 1) begin : absent_vf
            assign vfreq[n] = 1'b0;
            assign vfack[n] = 1'b0;
        end
    endgenerate

    wire [31:0] pf_mem_rdata, vf_mem_rdata;
    wire [7:0]  pf_mbx_rdata, vf_mbx_rdata;
    pf_vf_mailbox_or_reduce #(.WIDTH(32), .COUNT(NUM_VFS)) pf_mem_mux (.terms(pf_mem_terms), .result(pf_mem_rdata));
    pf_vf_mailbox_or_reduce #(.WIDTH(32), .COUNT(NUM_VFS)) vf_mem_mux (.terms(vf_mem_terms), .result(vf_mem_rdata));
    pf_vf_mailbox_or_reduce #(.WIDTH(8),  .COUNT(NUM_VFS)) pf_mbx_mux (.terms(pf_mbx_terms), .result(pf_mbx_rdata));
    pf_vf_mailbox_or_reduce #(.WIDTH(8),  .COUNT(NUM_VFS)) vf_mbx_mux (.terms(vf_mbx_terms), .result(vf_mbx_rdata));

    // ---------------------------------------------------------------- read data (sec. 1)
    // STATUS, one value for both windows: FD, LU and SPEED = 1000 Mb/s, all from link_up.
    wire [31:0] status_value = link_up ? STATUS_LINK_UP : 32'd0;

    // Combinational from the state before the completing edge; 0 on an error access.
    reg [31:0] pf_rvalue;
    always @* begin
        pf_rvalue = 32'd0;
        if (pf_hit_status)  pf_rvalue = status_value;
        if (pf_hit_ctrlext) pf_rvalue = ctrl_ext;
        if (pf_hit_icr)     pf_rvalue[ICR_VMMB_BIT] = icr_vmmb;
        if (pf_hit_ims)     pf_rvalue[ICR_VMMB_BIT] = ims_vmmb;
        if (pf_hit_vmbmem)  pf_rvalue = pf_mem_rdata;
        if (pf_hit_mailbox) pf_rvalue[7:0] = pf_mbx_rdata;
        if (pf_hit_mbvficr) pf_rvalue = {8'd0, vfack, 8'd0, vfreq};
        if (pf_hit_mbvfimr) pf_rvalue[NUM_VFS-1:0] = mbvfimr;
        if (pf_hit_vflre)   pf_rvalue[NUM_VFS-1:0] = vflre;
    end

    reg [31:0] vf_rvalue;
    always @* begin
        vf_rvalue = 32'd0;
        if (vf_hit_status)  vf_rvalue = status_value;
        if (vf_hit_vmbmem)  vf_rvalue = vf_mem_rdata;
        if (vf_hit_mailbox) vf_rvalue[7:0] = vf_mbx_rdata;
    end

    assign pf_prdata  = (pf_err | pf_pwrite) ? 32'd0 : pf_rvalue;
    assign pf_pready  = pf_access;
    assign pf_pslverr = pf_access & pf_err;
    assign vf_prdata  = (vf_err | vf_pwrite) ? 32'd0 : vf_rvalue;
    assign vf_pready  = vf_access;
    assign vf_pslverr = vf_access & vf_err;

    assign pf_irq = icr_vmmb & ims_vmmb;
endmodule
