// Formal harness of pf_vf_mailbox (igb; docs/hardware.md, docs/mitigations.md), around the
// unmodified RTL. Every input is free but for legal APB and a reset on the first edge
// (apb.svh). The harness decodes the APB transfers itself, from the contract's register map,
// and checks the DUT's flops (the probes p_*, which tb/formal connects to them by name) and
// its read data against that decode. `make formal` proves each `P_<RULE>` group on its own.
`default_nettype none
module pf_vf_mailbox_formal #(
    parameter NUM_VFS = 8,
    parameter PFU_WAITS_FOR_REQ  = 0,
    parameter PROTECT_VF_REQUEST = 0
) (
    input wire               clk,
    input wire               rst_n,
    input wire               pf_psel, pf_penable, pf_pwrite,
    input wire [15:0]        pf_paddr,
    input wire [31:0]        pf_pwdata,
    input wire               vf_psel, vf_penable, vf_pwrite,
    input wire [2:0]         vf_pfunc,
    input wire [15:0]        vf_paddr,
    input wire [31:0]        vf_pwdata,
    input wire [NUM_VFS-1:0] vf_flr,
    input wire               link_up
);
    localparam MBX_VF_BITS = 3;
    wire [31:0] pf_prdata, vf_prdata;
    wire pf_pready, pf_pslverr, vf_pready, vf_pslverr, pf_irq;
    wire [NUM_VFS-1:0] vf_irq;

    pf_vf_mailbox #(
        .NUM_VFS(NUM_VFS), .PFU_WAITS_FOR_REQ(PFU_WAITS_FOR_REQ),
        .PROTECT_VF_REQUEST(PROTECT_VF_REQUEST)
    ) dut (.*);

    // Probes: undriven here, connected to the DUT's flops by the .sby script.
    wire [NUM_VFS-1:0] p_vfu, p_pfu, p_pfsts, p_pfack, p_rsti, p_rstd, p_vfreq, p_vfack, p_irq;
    wire [NUM_VFS*16*32-1:0] p_mem, p_v2p;
    wire [NUM_VFS-1:0] p_mbvfimr, p_vflre;
    wire [31:0] p_ctrl_ext;
    wire p_icr, p_ims;

`include "apb.svh"

    // ---------------------------------------------------------------- decode (sec. 2, 6)
    wire pf_access = pf_psel & pf_penable;
    wire vf_access = vf_psel & vf_penable;
    wire pf_al = pf_paddr[1:0] == 2'b00;
    wire vf_al = vf_paddr[1:0] == 2'b00;
    wire pf_is_mem = pf_al && pf_paddr >= 16'h0800 && pf_paddr < 16'h0800 + 16'h40 * NUM_VFS;
    wire pf_is_mbx = pf_al && pf_paddr >= 16'h0C00 && pf_paddr < 16'h0C00 + 16'h4 * NUM_VFS;
    wire [15:0] pf_mem_off = pf_paddr - 16'h0800;
    wire [15:0] pf_mbx_off = pf_paddr - 16'h0C00;
    wire [2:0]  pf_mem_n = pf_mem_off[8:6];
    wire [2:0]  pf_mbx_n = pf_mbx_off[4:2];
    wire [3:0]  pf_idx   = pf_mem_off[5:2];
    wire pf_ro  = pf_paddr == 16'h0008 || pf_paddr == 16'h00C0;
    wire pf_map = pf_ro || pf_paddr == 16'h0018 || pf_paddr == 16'h00D0 || pf_paddr == 16'h00D8 ||
                  pf_paddr == 16'h0C80 || pf_paddr == 16'h0C84 || pf_paddr == 16'h0C88 ||
                  pf_is_mem || pf_is_mbx;
    wire pf_bad = !pf_map || (pf_pwrite && pf_ro);
    wire pf_w   = pf_access & rst_n & ~pf_bad & pf_pwrite;
    wire pf_r   = pf_access & rst_n & ~pf_bad & ~pf_pwrite;

    wire vf_is_mem = vf_al && vf_paddr >= 16'h0800 && vf_paddr < 16'h0840;
    wire [3:0] vf_idx = vf_paddr[5:2];
    wire vf_map = vf_paddr == 16'h0000 || vf_paddr == 16'h0008 || vf_paddr == 16'h0C40 || vf_is_mem;
    wire vf_bad = !vf_map || vf_pfunc >= NUM_VFS || (vf_pwrite && vf_paddr == 16'h0008);
    wire vf_w   = vf_access & rst_n & ~vf_bad & vf_pwrite;
    wire vf_r   = vf_access & rst_n & ~vf_bad & ~vf_pwrite;

    wire [NUM_VFS-1:0] vf_one = {{(NUM_VFS-1){1'b0}}, 1'b1} << vf_pfunc;   // 0 for pfunc >= NUM_VFS
    wire [NUM_VFS-1:0] e_pf_mbx    = {NUM_VFS{pf_w & pf_is_mbx}} & ({{(NUM_VFS-1){1'b0}}, 1'b1} << pf_mbx_n);
    wire [NUM_VFS-1:0] e_pf_mem_wr = {NUM_VFS{pf_w & pf_is_mem}} & ({{(NUM_VFS-1){1'b0}}, 1'b1} << pf_mem_n);
    wire [NUM_VFS-1:0] e_pf_mem_rd = {NUM_VFS{pf_r & pf_is_mem}} & ({{(NUM_VFS-1){1'b0}}, 1'b1} << pf_mem_n);
    wire [NUM_VFS-1:0] e_req_w1c   = {NUM_VFS{pf_w & pf_paddr == 16'h0C80}} & pf_pwdata[NUM_VFS-1:0];
    wire [NUM_VFS-1:0] e_ack_w1c   = {NUM_VFS{pf_w & pf_paddr == 16'h0C80}} & pf_pwdata[16 +: NUM_VFS];
    wire [NUM_VFS-1:0] e_vf_mbx    = {NUM_VFS{vf_w & vf_paddr == 16'h0C40}} & vf_one;
    wire [NUM_VFS-1:0] e_vf_rd     = {NUM_VFS{vf_r & vf_paddr == 16'h0C40}} & vf_one;
    wire [NUM_VFS-1:0] e_vf_mem_wr = {NUM_VFS{vf_w & vf_is_mem}} & vf_one;
    wire [NUM_VFS-1:0] e_flr_clr   = {NUM_VFS{1'b0}};   // igb: an FLR leaves the mailbox bits
    wire               e_pfrstd    = pf_w & pf_paddr == 16'h0018 & pf_pwdata[14];

`include "rules.svh"

    // ---------------------------------------------------------------- igb's PF registers
    // sec. 5: an FLR or CTRL.RST of VF n is a reset event; sec. 4: causes are events.
    wire [NUM_VFS-1:0] reset_evt = (vf_flr & {NUM_VFS{rst_n}}) |
                                   ({NUM_VFS{vf_w & vf_paddr == 16'h0000 & vf_pwdata[26]}} & vf_one);
    wire [NUM_VFS-1:0] mbx_evt   = e_vf_mbx & p_mbvfimr & {NUM_VFS{vf_pwdata[0] | vf_pwdata[1]}};
    wire vmmb_evt = |reset_evt | |mbx_evt;
    reg r_icr, r_ims;
    reg [NUM_VFS-1:0] r_mbvfimr, r_vflre;
    reg [31:0] r_ctrl_ext;
    always @(posedge clk) begin
        r_icr      <= rst_n & (vmmb_evt | (p_icr & ~(pf_r & pf_paddr == 16'h00C0)));
        r_ims      <= rst_n & ((pf_w & pf_paddr == 16'h00D0 & pf_pwdata[8]) |
                               (p_ims & ~(pf_w & pf_paddr == 16'h00D8 & pf_pwdata[8])));
        r_mbvfimr  <= !rst_n ? 0 : (pf_w & pf_paddr == 16'h0C84) ? pf_pwdata[NUM_VFS-1:0] : p_mbvfimr;
        r_vflre    <= !rst_n ? 0 : reset_evt | (p_vflre & ~({NUM_VFS{pf_w & pf_paddr == 16'h0C88}} &
                                                             pf_pwdata[NUM_VFS-1:0]));
        r_ctrl_ext <= !rst_n ? 0 : (pf_w & pf_paddr == 16'h0018) ? pf_pwdata : p_ctrl_ext;
    end

    // Everything the probes see, for "an error access changes nothing": every bit and
    // register, and any one RAM word (m_word: anyconst VF and index, rules.svh). vf_irq is
    // left out: a pulse ending on that edge is no change the access made.
    wire [NUM_VFS*(8+2)+32+32+2-1:0] p_all = {p_vfu, p_pfu, p_pfsts, p_pfack, p_rsti, p_rstd,
        p_vfreq, p_vfack, p_mbvfimr, p_vflre, m_word, p_ctrl_ext, p_icr, p_ims};

    always @* if (f_past) begin
`ifdef P_VMMB_CAUSE           // sec. 2, 4, 5: ICR.VMMB, IMS/IMC, MBVFIMR; pf_irq is their AND
        vmmb_cause: assert (p_icr == r_icr && p_ims == r_ims && p_mbvfimr == r_mbvfimr &&
                            pf_irq == (p_icr & p_ims));
`endif
`ifdef P_W1C                  // sec. 2, 5: VFLRE write-1-to-clear; CTRL_EXT is storage
        vflre_w1c: assert (p_vflre == r_vflre && p_ctrl_ext == r_ctrl_ext);
`endif
`ifdef P_ERROR_ACCESS         // sec. 6: pslverr and read data 0 exactly on the contract's errors
        if (pf_access) pf_error_decode: assert (pf_pslverr == pf_bad && (!pf_bad || pf_prdata == 0));
        if (vf_access) vf_error_decode: assert (vf_pslverr == vf_bad && (!vf_bad || vf_prdata == 0));
`endif
`ifdef P_STATUS               // sec. 2, 6: STATUS is FD|LU|SPEED_1000 while link_up, both windows
        if (pf_access && !pf_pwrite && pf_paddr == 16'h0008)
            pf_status: assert (pf_prdata == (link_up ? 32'h83 : 32'h0));
        if (vf_access && !vf_pwrite && vf_paddr == 16'h0008 && !vf_bad)
            vf_status: assert (vf_prdata == (link_up ? 32'h83 : 32'h0));
`endif
    end
    always @(posedge clk) if (f_past) begin
`ifdef P_SET_BEATS_CLEAR      // rule 1 for ICR.VMMB and VFLRE
        vmmb_set_beats_clear: assert (!$past(vmmb_evt) || p_icr);
        vflre_set_beats_clear: assert (($past(reset_evt) & ~p_vflre) == 0);
`endif
`ifdef P_RESET
        reset_registers: assert ($past(rst_n) || (!p_icr && !p_ims && p_mbvfimr == 0 &&
                                                  p_vflre == 0 && p_ctrl_ext == 0));
`endif
`ifdef P_ERROR_ACCESS         // ... and an error access changes nothing (other port idle, no FLR)
        error_changes_nothing: assert (!$past(rst_n && vf_flr == 0 &&
                                              ((pf_access && pf_bad && !vf_access) ||
                                               (vf_access && vf_bad && !pf_access)))
                                       || p_all == $past(p_all));
`endif
    end
endmodule
