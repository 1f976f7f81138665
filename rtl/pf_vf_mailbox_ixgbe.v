// PF/VF mailbox of an 82599/X540/X550-like SR-IOV NIC (Linux ixgbe / ixgbevf): the same
// per-VF channel as pf_vf_mailbox (igb), behind the 10 GbE register map: 64 VFs, PFMBICR(0..3)
// with 16 VFs each, PFMBIMR(0..1), VFLRE/VFLREC, EICR/EICS/EIMS/EIMC, a self-clearing PFRSTD,
// and an FLR that clears the VF's own mailbox bits. The contract is docs/hardware-ixgbe.md;
// section numbers below refer to it (what it does not restate is docs/hardware.md's).
module pf_vf_mailbox_ixgbe #(
    parameter NUM_VFS = 64,            // 1..64
    // The hardware mitigations of pf_vf_mailbox (docs/mitigations.md), offered here too; off
    // (0) by default, and off is docs/hardware-ixgbe.md exactly.
    parameter PFU_WAITS_FOR_REQ  = 0,
    parameter PROTECT_VF_REQUEST = 0
) (
    input  wire               clk,
    input  wire               rst_n,
    // PF register port
    input  wire               pf_psel,
    input  wire               pf_penable,
    input  wire               pf_pwrite,
    input  wire [16:0]        pf_paddr,
    input  wire [31:0]        pf_pwdata,
    output wire [31:0]        pf_prdata,
    output wire               pf_pready,
    output wire               pf_pslverr,
    // VF register port, shared by all VFs
    input  wire               vf_psel,
    input  wire               vf_penable,
    input  wire               vf_pwrite,
    input  wire [5:0]         vf_pfunc,
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
`include "pf_vf_mailbox_ixgbe_regs.vh"

    localparam V = IXGBE_MAX_VFS;   // per-VF vectors are padded to 64 with zeros

    generate
        if (NUM_VFS < 1 || NUM_VFS > IXGBE_MAX_VFS) begin : bad_num_vfs
            NUM_VFS_must_be_1_to_64 refuse_to_elaborate ();
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
    wire       pf_aligned = pf_paddr[1:0] == 2'b00;
    wire [5:0] pf_mem_vf  = pf_paddr[11:6];   // n of PFMBMEM(n)[w]
    wire [3:0] pf_mem_idx = pf_paddr[5:2];    // w of PFMBMEM(n)[w]
    wire [5:0] pf_mbx_vf  = pf_paddr[7:2];    // n of PFMAILBOX(n)
    wire [1:0] pf_icr_idx = pf_paddr[3:2];    // i of PFMBICR(i)
    wire       pf_word    = pf_paddr[2];      // k of VFLREC(k), PFMBIMR(k)

    wire pf_hit_status    = pf_paddr == IXGBE_STATUS;
    wire pf_hit_ctrlext   = pf_paddr == IXGBE_CTRL_EXT;
    wire pf_hit_vflre0    = pf_paddr == IXGBE_VFLRE0;
    wire pf_hit_vflre1    = pf_paddr == IXGBE_VFLRE1;
    wire pf_hit_vflrec    = pf_aligned && pf_paddr[16:3] == IXGBE_VFLREC[16:3];
    wire pf_hit_pfmbicr   = pf_aligned && pf_paddr[16:4] == IXGBE_PFMBICR[16:4];
    wire pf_hit_pfmbimr   = pf_aligned && pf_paddr[16:3] == IXGBE_PFMBIMR[16:3];
    wire pf_hit_eicr      = pf_paddr == IXGBE_EICR;
    wire pf_hit_eics      = pf_paddr == IXGBE_EICS;
    wire pf_hit_eims      = pf_paddr == IXGBE_EIMS;
    wire pf_hit_eimc      = pf_paddr == IXGBE_EIMC;
    wire pf_hit_pfmbmem   = pf_aligned && pf_paddr[16:12] == IXGBE_PFMBMEM[16:12] &&
                            {1'b0, pf_mem_vf} < NUM_VFS[6:0];
    wire pf_hit_pfmailbox = pf_aligned && pf_paddr[16:8] == IXGBE_PFMAILBOX[16:8] &&
                            {1'b0, pf_mbx_vf} < NUM_VFS[6:0];

    wire pf_hit = pf_hit_status | pf_hit_ctrlext | pf_hit_vflre0 | pf_hit_vflre1 |
                  pf_hit_vflrec | pf_hit_pfmbicr | pf_hit_pfmbimr | pf_hit_eicr | pf_hit_eics |
                  pf_hit_eims | pf_hit_eimc | pf_hit_pfmbmem | pf_hit_pfmailbox;
    wire pf_err = ~pf_hit | (pf_pwrite & (pf_hit_status | pf_hit_vflre0 | pf_hit_vflre1));
    wire pf_we  = pf_access & ~pf_err & pf_pwrite & rst_n;   // rule 7: reset drops transfers
    wire pf_re  = pf_access & ~pf_err & ~pf_pwrite & rst_n;

    // A PF write's data placed at the VFs its register covers, as 64-bit per-VF vectors
    // (the bits of absent VFs are left unused).
    /* verilator lint_off UNUSEDSIGNAL */
    wire [V-1:0] pf_word_mask  = pf_word ? {32'hFFFF_FFFF, 32'd0} : {32'd0, 32'hFFFF_FFFF};
    wire [V-1:0] pf_word_data  = {pf_pwdata, pf_pwdata} & pf_word_mask;
    wire [V-1:0] vflrec_clr    = {V{pf_we & pf_hit_vflrec}} & pf_word_data;
    wire [V-1:0] vfreq_clr     = {V{pf_we & pf_hit_pfmbicr}} &
                                 ({48'd0, pf_pwdata[IXGBE_PFMBICR_VFREQ_LSB +: 16]} << {pf_icr_idx, 4'd0});
    wire [V-1:0] vfack_clr     = {V{pf_we & pf_hit_pfmbicr}} &
                                 ({48'd0, pf_pwdata[IXGBE_PFMBICR_VFACK_LSB +: 16]} << {pf_icr_idx, 4'd0});
    /* verilator lint_on UNUSEDSIGNAL */

    // ---------------------------------------------------------------- VF decode (sec. 6)
    wire       vf_access  = vf_psel & vf_penable;
    wire       vf_aligned = vf_paddr[1:0] == 2'b00;
    wire [3:0] vf_mem_idx = vf_paddr[5:2];

    wire vf_hit_ctrl    = vf_paddr == IXGBE_VFCTRL;
    wire vf_hit_status  = vf_paddr == IXGBE_VFSTATUS;
    wire vf_hit_links   = vf_paddr == IXGBE_VFLINKS;
    wire vf_hit_vfmbmem = vf_aligned && vf_paddr[15:6] == IXGBE_VFMBMEM[15:6];
    wire vf_hit_mailbox = vf_paddr == IXGBE_VFMAILBOX;
    // Registers ixgbevf touches that this model leaves out: read 0, writes ignored.
    wire vf_hit_inert   = vf_paddr == IXGBE_VTEICR || vf_paddr == IXGBE_VTEIMS ||
                          vf_paddr == IXGBE_VTEIMC || vf_paddr == IXGBE_VFPSRTYPE ||
                          (vf_paddr[15:9] == IXGBE_VFRXDCTL[15:9] && vf_paddr[5:0] == IXGBE_VFRXDCTL[5:0]) ||
                          (vf_paddr[15:9] == IXGBE_VFTXDCTL[15:9] && vf_paddr[5:0] == IXGBE_VFTXDCTL[5:0]);

    wire vf_hit = vf_hit_ctrl | vf_hit_status | vf_hit_links | vf_hit_vfmbmem | vf_hit_mailbox |
                  vf_hit_inert;
    wire vf_err = ~vf_hit | ({1'b0, vf_pfunc} >= NUM_VFS[6:0]) |
                  (vf_pwrite & (vf_hit_status | vf_hit_links));
    wire vf_we  = vf_access & ~vf_err & vf_pwrite & rst_n;
    wire vf_re  = vf_access & ~vf_err & ~vf_pwrite & rst_n;

    // ---------------------------------------------------------------- PF-owned registers
    reg  [31:0]        ctrl_ext;
    reg                eicr_mailbox;
    reg                eims_mailbox;
    reg  [NUM_VFS-1:0] pfmbimr;
    reg  [NUM_VFS-1:0] vflr;           // the VFLR event bits behind VFLRE(k) and VFLREC(k)

    wire pf_reset_done = pf_we & pf_hit_ctrlext & pf_pwdata[IXGBE_CTRL_EXT_PFRSTD_BIT];
    wire eics_set      = pf_we & pf_hit_eics & pf_pwdata[IXGBE_EICR_MAILBOX_BIT];
    wire eicr_clr      = pf_we & pf_hit_eicr & pf_pwdata[IXGBE_EICR_MAILBOX_BIT];

    wire [V-1:0]       vfreq;          // gathered from the channels, padded with zeros
    wire [V-1:0]       vfack;
    wire [NUM_VFS-1:0] vf_mbx_evt;     // unmasked REQ/ACK write of VF n on this edge

    // Mailbox interrupt causes are events (sec. 4); an FLR is not gated by PFMBIMR (sec. 5).
    wire mailbox_evt = |vf_flr | |vf_mbx_evt | eics_set;

    always @(posedge clk) begin
        if (!rst_n) begin
            ctrl_ext     <= 32'd0;
            eicr_mailbox <= 1'b0;
            eims_mailbox <= 1'b0;
            pfmbimr      <= {NUM_VFS{1'b1}};
            vflr         <= {NUM_VFS{1'b0}};
        end else if (pf_we | mailbox_evt) begin   // idle edges cost one test
            if (pf_we & pf_hit_ctrlext)
                ctrl_ext <= pf_pwdata & ~(32'd1 << IXGBE_CTRL_EXT_PFRSTD_BIT);   // PFRSTD self-clears
            if (pf_we & pf_hit_eims & pf_pwdata[IXGBE_EICR_MAILBOX_BIT]) eims_mailbox <= 1'b1;
            if (pf_we & pf_hit_eimc & pf_pwdata[IXGBE_EICR_MAILBOX_BIT]) eims_mailbox <= 1'b0;
            if (pf_we & pf_hit_pfmbimr)
                pfmbimr <= (pfmbimr & ~pf_word_mask[NUM_VFS-1:0]) | pf_word_data[NUM_VFS-1:0];

            if (mailbox_evt)   eicr_mailbox <= 1'b1;   // set beats clear (rule 1)
            else if (eicr_clr) eicr_mailbox <= 1'b0;

            vflr <= vf_flr | (vflr & ~vflrec_clr[NUM_VFS-1:0]);
        end
    end

    // ---------------------------------------------------------------- channels
    wire [32*V-1:0] pf_mem_all;        // PFMBMEM(n)[pf_mem_idx] of every VF n
    wire [32*V-1:0] vf_mem_all;        // VFMBMEM[vf_mem_idx] as VF n sees it
    wire [8*V-1:0]  pf_mbx_all;        // PFMAILBOX(n) read values
    wire [8*V-1:0]  vf_mbx_all;        // VFMAILBOX read values
    wire [V-1:0]    vflr_all;          // vflr and pfmbimr padded to 64 VFs, so every index
    wire [V-1:0]    pfmbimr_all;       // register reads a fixed slice
    assign vflr_all[NUM_VFS-1:0]    = vflr;
    assign pfmbimr_all[NUM_VFS-1:0] = pfmbimr;

    genvar n;
    generate
        for (n = 0; n < NUM_VFS; n = n + 1) begin : vf
            localparam [5:0] N = n;
            wire vfu, pfu, pfsts, pfack, rsti, rstd;
            wire vf_mine   = vf_pfunc == N;
            wire vf_mbx_we = vf_we & vf_mine & vf_hit_mailbox;
            // Only the addressed channel sees a word index; the others' read muxes keep still.
            // Otherwise every transfer would change all 64 channels' read words, and the
            // simulator rebuilds the 2048-bit pf_mem_all / vf_mem_all on each change: work
            // growing with the square of NUM_VFS. (Writes and reads are gated by the same
            // selection, so the index of an unaddressed channel is never used.)
            wire pf_mem_sel = pf_hit_pfmbmem & pf_mem_vf == N;
            wire vf_mem_sel = vf_mine & vf_hit_vfmbmem;

            assign vf_mbx_evt[n] = vf_mbx_we & pfmbimr[n] &
                                   (vf_pwdata[VFMAILBOX_REQ_BIT] | vf_pwdata[VFMAILBOX_ACK_BIT]);

            pf_vf_mailbox_channel #(
                .PFU_WAITS_FOR_REQ  (PFU_WAITS_FOR_REQ),
                .PROTECT_VF_REQUEST (PROTECT_VF_REQUEST)
            ) mbx (
                .clk           (clk),
                .rst_n         (rst_n),
                .pf_mbx_we     (pf_we & pf_hit_pfmailbox & pf_mbx_vf == N),
                .pf_mbx_wdata  (pf_pwdata[PFMAILBOX_RVFU_BIT:PFMAILBOX_STS_BIT]),
                .vfreq_clr     (vfreq_clr[n]),
                .vfack_clr     (vfack_clr[n]),
                .pf_reset_done (pf_reset_done),
                .vf_flr_clear  (vf_flr[n]),
                .pf_mem_we     (pf_we & pf_mem_sel),
                .pf_mem_re     (pf_re & pf_mem_sel),
                .pf_mem_idx    (pf_mem_sel ? pf_mem_idx : 4'd0),
                .pf_mem_wdata  (pf_pwdata),
                .pf_mem_rdata  (pf_mem_all[32*n +: 32]),
                .vf_mbx_we     (vf_mbx_we),
                .vf_mbx_wdata  (vf_pwdata[VFMAILBOX_VFU_BIT:VFMAILBOX_REQ_BIT]),
                .vf_mbx_re     (vf_re & vf_mine & vf_hit_mailbox),
                .vf_mem_we     (vf_we & vf_mem_sel),
                .vf_mem_idx    (vf_mem_sel ? vf_mem_idx : 4'd0),
                .vf_mem_wdata  (vf_pwdata),
                .vf_mem_rdata  (vf_mem_all[32*n +: 32]),
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

            assign pf_mbx_all[8*n +: 8] = {4'd0, pfu, vfu, 2'd0};
            assign vf_mbx_all[8*n +: 8] = {rstd, rsti, pfack, pfsts, pfu, vfu, 2'd0};
        end
        if (NUM_VFS < V) begin : absent_vfs
            assign vfreq[V-1:NUM_VFS]                  = {(V-NUM_VFS){1'b0}};
            assign vfack[V-1:NUM_VFS]                  = {(V-NUM_VFS){1'b0}};
            assign pf_mem_all[32*V-1:32*NUM_VFS]       = {(32*(V-NUM_VFS)){1'b0}};
            assign vf_mem_all[32*V-1:32*NUM_VFS]       = {(32*(V-NUM_VFS)){1'b0}};
            assign pf_mbx_all[8*V-1:8*NUM_VFS]         = {(8*(V-NUM_VFS)){1'b0}};
            assign vf_mbx_all[8*V-1:8*NUM_VFS]         = {(8*(V-NUM_VFS)){1'b0}};
            assign vflr_all[V-1:NUM_VFS]               = {(V-NUM_VFS){1'b0}};
            assign pfmbimr_all[V-1:NUM_VFS]            = {(V-NUM_VFS){1'b0}};
        end
    endgenerate

    // ---------------------------------------------------------------- read data (sec. 1)
    wire [31:0] status_value = link_up ? IXGBE_STATUS_LINK_UP : 32'd0;
    wire [31:0] links_value  = link_up ? IXGBE_VFLINKS_LINK_UP : 32'd0;
    wire [31:0] eicr_value   = {12'd0, eicr_mailbox, 19'd0};

    // Combinational from the state before the completing edge; 0 on an error access.
    reg [31:0] pf_rvalue;
    always @* begin
        pf_rvalue = 32'd0;
        if (pf_hit_status)    pf_rvalue = status_value;
        if (pf_hit_ctrlext)   pf_rvalue = ctrl_ext;
        if (pf_hit_vflre0)    pf_rvalue = vflr_all[31:0];
        if (pf_hit_vflre1)    pf_rvalue = vflr_all[63:32];
        if (pf_hit_vflrec)    pf_rvalue = pf_word ? vflr_all[63:32] : vflr_all[31:0];
        if (pf_hit_pfmbicr)   pf_rvalue = {vfack[{pf_icr_idx, 4'd0} +: 16], vfreq[{pf_icr_idx, 4'd0} +: 16]};
        if (pf_hit_pfmbimr)   pf_rvalue = pf_word ? pfmbimr_all[63:32] : pfmbimr_all[31:0];
        if (pf_hit_eicr | pf_hit_eics) pf_rvalue = eicr_value;
        if (pf_hit_eims)      pf_rvalue[IXGBE_EICR_MAILBOX_BIT] = eims_mailbox;
        if (pf_hit_pfmbmem)   pf_rvalue = pf_mem_all[{pf_mem_vf, 5'd0} +: 32];
        if (pf_hit_pfmailbox) pf_rvalue[7:0] = pf_mbx_all[{pf_mbx_vf, 3'd0} +: 8];
    end

    reg [31:0] vf_rvalue;
    always @* begin
        vf_rvalue = 32'd0;
        if (vf_hit_status)  vf_rvalue = status_value;
        if (vf_hit_links)   vf_rvalue = links_value;
        if (vf_hit_vfmbmem) vf_rvalue = vf_mem_all[{vf_pfunc, 5'd0} +: 32];
        if (vf_hit_mailbox) vf_rvalue[7:0] = vf_mbx_all[{vf_pfunc, 3'd0} +: 8];
    end

    assign pf_prdata  = (pf_err | pf_pwrite) ? 32'd0 : pf_rvalue;
    assign pf_pready  = pf_access;
    assign pf_pslverr = pf_access & pf_err;
    assign vf_prdata  = (vf_err | vf_pwrite) ? 32'd0 : vf_rvalue;
    assign vf_pready  = vf_access;
    assign vf_pslverr = vf_access & vf_err;

    assign pf_irq = eicr_mailbox & eims_mailbox;
endmodule
