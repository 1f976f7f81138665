// The ceiling of BUS_PATH=hdl in bench/bench_register_throughput.py: the floor's PF
// transfers (write, read back, ... over VF 0's mailbox words) through the same shell and top,
// with no Python at all: this loop writes each command the moment the last one's response
// lands, as HdlApbMaster does. What it costs is Icarus simulating the shell and the top.
// +accesses=N sets the count; it prints "transfers N reads_ok M".
`timescale 1ns/1ps

module hdl_only_loop;
    reg rst_n = 1'b0;
    pf_vf_mailbox_shell #(.NUM_VFS(8)) shell (.rst_n(rst_n), .vf_flr(8'd0), .link_up(1'b0));

    integer accesses, i, reads_ok;
    reg req;
    reg write;
    reg [15:0] addr;

    initial begin
        if (!$value$plusargs("accesses=%d", accesses))
            accesses = 20000;
        shell.clk_period_ps = 8000;
        shell.clk_free = 1'b0;
        shell.pf_cmd = 0;
        shell.vf_cmd = 0;
        shell.clk_hold = 1'b1;          // two reset edges, as MailboxTB.reset
        #17 rst_n = 1'b1;
        shell.clk_hold = 1'b0;
        req = 1'b0;
        reads_ok = 0;
        for (i = 0; i < accesses; i = i + 1) begin
            req = !req;
            write = i % 2 == 0;
            addr = 16'h0800 + 4 * ((i / 2) % 16);
            shell.pf_cmd = {req, write, 1'b0, addr, i};
            wait (shell.pf_resp[33] == req);
            if (!write && shell.pf_resp[31:0] == i - 1)
                reads_ok = reads_ok + 1;
        end
        $display("transfers %0d reads_ok %0d", accesses, reads_ok);
        $finish;
    end
endmodule
