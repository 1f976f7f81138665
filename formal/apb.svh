// Shared by the harnesses (formal/*.sv): what the environment may do. Legal AMBA APB on both
// ports, reset on the first edge, nothing else: vf_flr, link_up, rst_n, addresses, data and
// vf_pfunc are free on every cycle. `f_past` is 1 from the second step on ($past is valid).
    reg f_past = 1'b0;
    always @(posedge clk) f_past <= 1'b1;

    always @* begin
        if (!f_past) assume (!rst_n && !pf_penable && !vf_penable);
        // APB: ACCESS only with PSEL, only right after SETUP (zero wait states: pready=1)
        assume (!pf_penable || pf_psel);
        assume (!vf_penable || vf_psel);
    end
    always @(posedge clk) if (f_past) begin
        if (pf_penable) assume ($past(pf_psel && !pf_penable));
        if ($past(pf_psel && !pf_penable)) assume (pf_psel && pf_penable && $stable(pf_paddr) &&
                                                   $stable(pf_pwrite) && $stable(pf_pwdata));
        if (vf_penable) assume ($past(vf_psel && !vf_penable));
        if ($past(vf_psel && !vf_penable)) assume (vf_psel && vf_penable && $stable(vf_paddr) &&
                                                   $stable(vf_pwrite) && $stable(vf_pwdata) &&
                                                   $stable(vf_pfunc));
    end
