// BUS_PATH=hdl: a testbench shell around the untouched mailbox top (tb/hdl/__init__.py).
// The build defines MAILBOX_SHELL (this module's name), MAILBOX_DUT (the family's top),
// PADDR_W and FUNC_W (its PF address and VF function widths). Each APB port gets a
// transactor: Python writes one command (toggling <port>_cmd_req) and waits for one
// response (<port>_done toggles); the pins show the SETUP and ACCESS cycles on the same
// edges as the Python agents drive them (tb/bus/apb.py), and stay visible under the DUT's
// own port names. A passive monitor half packs each rising edge on which a transfer
// completes, rst_n is low or vf_flr is high into one record (mon_record, mon_seq toggles)
// for the Python pin monitor (tb/bus/pin_monitor.py, HdlPinMonitor).
`timescale 1ns/1ps

module mailbox_apb_transactor #(
    parameter ADDR_W = 16,
    parameter FUNC_W = 3
) (
    input  wire              clk,
    input  wire              cmd_req,     // toggled by Python: one command
    input  wire              cmd_write,
    input  wire [ADDR_W-1:0] cmd_addr,
    input  wire [31:0]       cmd_wdata,
    input  wire [FUNC_W-1:0] cmd_func,
    input  wire              done,        // follows cmd_req once the transfer completed
    output wire              psel,
    output wire              penable,
    output wire              pwrite,
    output wire [ADDR_W-1:0] paddr,
    output wire [31:0]       pwdata,
    output wire [FUNC_W-1:0] pfunc,
    input  wire              pready
);
    reg access = 1'b0;   // past the SETUP edge
    // A command is on the bus from the moment Python toggles cmd_req until its ACCESS edge.
    assign psel    = cmd_req != done;
    assign penable = psel & access;
    assign pwrite  = cmd_write;
    assign paddr   = cmd_addr;
    assign pwdata  = cmd_wdata;
    assign pfunc   = cmd_func;

    always @(posedge clk)
        if (psel & !access)
            access <= 1'b1;                   // SETUP edge
        else if (penable & pready)
            access <= 1'b0;                   // ACCESS edge
endmodule

module `MAILBOX_SHELL #(
    parameter NUM_VFS = 8,
    parameter PFU_WAITS_FOR_REQ  = 0,
    parameter PROTECT_VF_REQUEST = 0
) (
    input  wire               clk,
    input  wire               rst_n,
    input  wire [NUM_VFS-1:0] vf_flr,
    input  wire               link_up,
    output wire               pf_irq,
    output wire [NUM_VFS-1:0] vf_irq,

    input  wire               pf_cmd_req,
    input  wire               pf_cmd_write,
    input  wire [`PADDR_W-1:0] pf_cmd_addr,
    input  wire [31:0]        pf_cmd_wdata,
    output reg                pf_done = 1'b0,
    output reg  [31:0]        pf_rdata = 32'd0,
    output reg                pf_rslverr = 1'b0,
    output wire               pf_psel,
    output wire               pf_penable,
    output wire               pf_pwrite,
    output wire [`PADDR_W-1:0] pf_paddr,
    output wire [31:0]        pf_pwdata,
    output wire [31:0]        pf_prdata,
    output wire               pf_pready,
    output wire               pf_pslverr,

    input  wire               vf_cmd_req,
    input  wire               vf_cmd_write,
    input  wire [15:0]        vf_cmd_addr,
    input  wire [31:0]        vf_cmd_wdata,
    input  wire [`FUNC_W-1:0] vf_cmd_func,
    output reg                vf_done = 1'b0,
    output reg  [31:0]        vf_rdata = 32'd0,
    output reg                vf_rslverr = 1'b0,
    output wire               vf_psel,
    output wire               vf_penable,
    output wire               vf_pwrite,
    output wire [`FUNC_W-1:0] vf_pfunc,
    output wire [15:0]        vf_paddr,
    output wire [31:0]        vf_pwdata,
    output wire [31:0]        vf_prdata,
    output wire               vf_pready,
    output wire               vf_pslverr,

    output reg                mon_seq = 1'b0,
    output reg                edge_seq = 1'b0,   // toggles on every rising edge, last
    output reg  [2*NUM_VFS+3 + `FUNC_W+51 + `PADDR_W+35 - 1:0] mon_record = 0
);
    wire unused_pfunc;   // the PF port has no function number

    mailbox_apb_transactor #(.ADDR_W(`PADDR_W), .FUNC_W(1)) pf_master (
        .clk(clk), .cmd_req(pf_cmd_req), .cmd_write(pf_cmd_write), .cmd_addr(pf_cmd_addr),
        .cmd_wdata(pf_cmd_wdata), .cmd_func(1'b0), .done(pf_done), .psel(pf_psel),
        .penable(pf_penable), .pwrite(pf_pwrite), .paddr(pf_paddr), .pwdata(pf_pwdata),
        .pfunc(unused_pfunc), .pready(pf_pready));

    mailbox_apb_transactor #(.ADDR_W(16), .FUNC_W(`FUNC_W)) vf_master (
        .clk(clk), .cmd_req(vf_cmd_req), .cmd_write(vf_cmd_write), .cmd_addr(vf_cmd_addr),
        .cmd_wdata(vf_cmd_wdata), .cmd_func(vf_cmd_func), .done(vf_done), .psel(vf_psel),
        .penable(vf_penable), .pwrite(vf_pwrite), .paddr(vf_paddr), .pwdata(vf_pwdata),
        .pfunc(vf_pfunc), .pready(vf_pready));

    `MAILBOX_DUT #(
        .NUM_VFS(NUM_VFS), .PFU_WAITS_FOR_REQ(PFU_WAITS_FOR_REQ),
        .PROTECT_VF_REQUEST(PROTECT_VF_REQUEST)
    ) dut (
        .clk(clk), .rst_n(rst_n),
        .pf_psel(pf_psel), .pf_penable(pf_penable), .pf_pwrite(pf_pwrite),
        .pf_paddr(pf_paddr), .pf_pwdata(pf_pwdata), .pf_prdata(pf_prdata),
        .pf_pready(pf_pready), .pf_pslverr(pf_pslverr),
        .vf_psel(vf_psel), .vf_penable(vf_penable), .vf_pwrite(vf_pwrite),
        .vf_pfunc(vf_pfunc), .vf_paddr(vf_paddr), .vf_pwdata(vf_pwdata),
        .vf_prdata(vf_prdata), .vf_pready(vf_pready), .vf_pslverr(vf_pslverr),
        .pf_irq(pf_irq), .vf_irq(vf_irq), .vf_flr(vf_flr), .link_up(link_up));

    // The monitor's half: reads only the pins, as the Python monitor does, and samples them
    // before the edge updates anything (non-blocking updates land after this block reads).
    wire pf_xfer = pf_psel & pf_penable & pf_pready;
    wire vf_xfer = vf_psel & vf_penable & vf_pready;
    always @(posedge clk) begin
        if (pf_xfer | vf_xfer | !rst_n | (|vf_flr)) begin
            mon_record <= {vf_irq, pf_irq, link_up, rst_n, vf_flr,
                           vf_xfer, vf_pwrite, vf_pfunc, vf_paddr,
                           vf_pwrite ? vf_pwdata : vf_prdata, vf_pslverr,
                           pf_xfer, pf_pwrite, pf_paddr,
                           pf_pwrite ? pf_pwdata : pf_prdata, pf_pslverr};
            mon_seq <= !mon_seq;
        end
        // The responses, after the record: one block's non-blocking updates land in the
        // order they were made, so the monitor has an edge before an agent resumes on it
        // (as on the Python path, where the monitor wakes first on the same edge).
        if (pf_xfer) begin
            pf_rdata   <= pf_prdata;
            pf_rslverr <= pf_pslverr;
            pf_done    <= pf_cmd_req;
        end
        if (vf_xfer) begin
            vf_rdata   <= vf_prdata;
            vf_rslverr <= vf_pslverr;
            vf_done    <= vf_cmd_req;
        end
        // The edge every Python user of the clock waits on (ClockControl.follow), last:
        // cocotb resumes the waiters of one trigger in the order they began waiting, as on
        // the Python path where they all wait on clk (random traffic and events draw from
        // one generator in that order).
        edge_seq <= !edge_seq;
    end
endmodule
