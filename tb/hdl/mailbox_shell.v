// BUS_PATH=hdl: a testbench shell around the untouched mailbox top (tb/build.py).
// The build defines MAILBOX_SHELL (this module's name), MAILBOX_DUT (the family's top),
// PADDR_W and FUNC_W (its PF address and VF function widths).
//
// Python crosses into the simulator as seldom as the register trace allows:
//  - one packed command word per transfer (<port>_cmd, its top bit toggles per command);
//    the port's transactor drives SETUP and ACCESS on the pins, under the DUT's own names;
//  - the register clock is generated here, on the grid and with the idle-skipping rule of
//    tb/bus/clock.py: it runs while a command is pending or Python holds it (clk_hold,
//    clk_free), gives one more rising edge, and stops in the low phase after it;
//  - edge_seq toggles only on the rising edges Python has business with: a transfer
//    completes, rst_n is low, vf_flr is high, or Python holds the clock. Every Python waiter
//    (monitor, agents, reset and FLR users) waits on it, and finds there one packed monitor
//    record (mon_record) and one packed response per port (<port>_resp).
`timescale 1ps/1ps

// The register clock: rising edges at half + k*period (ps), running only while `users`.
module mailbox_idle_skip_clock (
    input  wire [31:0] period_ps,   // a multiple of 4, written by Python before any user
    input  wire        users,
    output reg         clk = 1'b0,
    output reg         running = 1'b0   // from the moment a user wakes it until it stops
);
    reg [63:0] period;   // period_ps in 64 bits, read when the clock starts
    reg [63:0] last_rise = 0;
    reg [63:0] last_release = 0;
    always @(negedge users) last_release = $time;

    always begin
        wait (users === 1'b1 && period_ps > 0);
        period = {32'd0, period_ps};
        running = 1'b1;
        // The first rising edge of the grid strictly after now.
        #(period - ($time + period / 2) % period);
        while (running) begin
            clk = 1'b1;
            last_rise = $time;
            #(period / 2) clk = 1'b0;
            // Stop once the rising edge after the last release has come (that edge ends a
            // vf_irq pulse). tb/bus/clock.py stops a quarter period later; a user who comes
            // in between gets the same next edge either way, on the grid.
            if (!users && last_release < last_rise)
                running = 1'b0;
            else
                #(period / 2);
        end
    end
endmodule

// One APB master port: a command in, SETUP and ACCESS on the pins (the shell keeps the
// response). The command goes on the bus when written: Python writes it where the agent of
// the Python path would drive SETUP (tb.bus.apb.HdlApbMaster).
module mailbox_apb_transactor #(
    parameter ADDR_W = 16,
    parameter FUNC_W = 3
) (
    input  wire                            clk,
    input  wire [1+1+FUNC_W+ADDR_W+32-1:0] cmd,   // {req, write, func, addr, wdata}
    input  wire                            done,  // follows req on the command's ACCESS edge
    output wire                            req,
    output wire                            psel,  // from the command until its ACCESS edge
    output wire                            penable,
    output wire                            pwrite,
    output wire [ADDR_W-1:0]               paddr,
    output wire [31:0]                     pwdata,
    output wire [FUNC_W-1:0]               pfunc,
    input  wire                            pready
);
    reg access = 1'b0;   // past the SETUP edge

    assign req     = cmd[1+FUNC_W+ADDR_W+32];
    assign psel    = req != done;
    assign penable = psel & access;
    assign {pwrite, pfunc, paddr, pwdata} = cmd[1+FUNC_W+ADDR_W+32-1:0];

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
    output wire               clk,
    output wire               clk_running,
    input  wire               rst_n,
    input  wire [NUM_VFS-1:0] vf_flr,
    input  wire               link_up,
    output wire               pf_irq,
    output wire [NUM_VFS-1:0] vf_irq,

    output reg  [33:0]        pf_resp = 34'd0,   // {done, pslverr, prdata}
    output wire               pf_psel,
    output wire               pf_penable,
    output wire               pf_pwrite,
    output wire [`PADDR_W-1:0] pf_paddr,
    output wire [31:0]        pf_pwdata,
    output wire [31:0]        pf_prdata,
    output wire               pf_pready,
    output wire               pf_pslverr,

    output reg  [33:0]        vf_resp = 34'd0,
    output wire               vf_psel,
    output wire               vf_penable,
    output wire               vf_pwrite,
    output wire [`FUNC_W-1:0] vf_pfunc,
    output wire [15:0]        vf_paddr,
    output wire [31:0]        vf_pwdata,
    output wire [31:0]        vf_prdata,
    output wire               vf_pready,
    output wire               vf_pslverr,

    output reg                edge_seq = 1'b0,
    output reg  [1 + 2*NUM_VFS+3 + `FUNC_W+51 + `PADDR_W+35 - 1:0] mon_record = 0
);
    // Written by Python at once (cocotb's Immediate, a VPI write without delay): Icarus
    // propagates such writes from regs, not from the top's input nets. No initial value:
    // Python writes them first, at time 0, before initial values would be assigned.
    reg [31:0] clk_period_ps;
    reg        clk_hold;       // Python users of the clock (reset, FLR, tests)
    reg        clk_free;       // CLOCK_MODE=free: the clock never stops
    reg [1+1+1+`PADDR_W+32-1:0] pf_cmd;       // {req, write, 1'b0, addr, wdata}
    reg [1+1+`FUNC_W+16+32-1:0] vf_cmd;       // {req, write, func, addr, wdata}

    wire pf_req, vf_req, unused_pfunc;
    wire pf_xfer = pf_psel & pf_penable & pf_pready;
    wire vf_xfer = vf_psel & vf_penable & vf_pready;

    mailbox_idle_skip_clock clock (
        .period_ps(clk_period_ps), .users(pf_psel | vf_psel | clk_hold | clk_free),
        .clk(clk), .running(clk_running));

    // The PF port has no function number: its command carries a 1-bit 0 there.
    mailbox_apb_transactor #(.ADDR_W(`PADDR_W), .FUNC_W(1)) pf_master (
        .clk(clk), .cmd(pf_cmd), .done(pf_resp[33]), .req(pf_req),
        .psel(pf_psel), .penable(pf_penable), .pwrite(pf_pwrite), .paddr(pf_paddr),
        .pwdata(pf_pwdata), .pfunc(unused_pfunc), .pready(pf_pready));

    mailbox_apb_transactor #(.ADDR_W(16), .FUNC_W(`FUNC_W)) vf_master (
        .clk(clk), .cmd(vf_cmd), .done(vf_resp[33]), .req(vf_req),
        .psel(vf_psel), .penable(vf_penable), .pwrite(vf_pwrite), .paddr(vf_paddr),
        .pwdata(vf_pwdata), .pfunc(vf_pfunc), .pready(vf_pready));

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
    wire sampled = pf_xfer | vf_xfer | !rst_n | (|vf_flr);
    always @(posedge clk) begin
        // The responses, then the record, then edge_seq: non-blocking updates of one block
        // land in the order they were made, so a waiter finds both when edge_seq wakes it.
        if (pf_xfer)
            pf_resp <= {pf_req, pf_pslverr, pf_pwrite ? 32'd0 : pf_prdata};
        if (vf_xfer)
            vf_resp <= {vf_req, vf_pslverr, vf_pwrite ? 32'd0 : vf_prdata};
        if (sampled | clk_hold) begin
            mon_record <= {sampled, vf_irq, pf_irq, link_up, rst_n, vf_flr,
                           vf_xfer, vf_pwrite, vf_pfunc, vf_paddr,
                           vf_pwrite ? vf_pwdata : vf_prdata, vf_pslverr,
                           pf_xfer, pf_pwrite, pf_paddr,
                           pf_pwrite ? pf_pwdata : pf_prdata, pf_pslverr};
            edge_seq <= !edge_seq;
        end
    end
endmodule
