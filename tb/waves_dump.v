// FST dump of the whole pf_vf_mailbox into the file that +dumpfile_path names, so that each
// run's dump is named after what it ran (tests/cocotb.mk, tests/sim_runner.py). The same
// module as cocotb's Python runner writes; cocotb's Makefile flow writes one with a fixed name.
module cocotb_iverilog_dump();
    string dumpfile_path;
    initial begin
        if (!$value$plusargs("dumpfile_path=%s", dumpfile_path))
            dumpfile_path = "pf_vf_mailbox.fst";
        $dumpfile(dumpfile_path);
        $dumpvars(0, pf_vf_mailbox);
    end
endmodule
