// Shared by the harnesses: the per-VF mailbox rules of docs/hardware.md sections 3-5 (and
// docs/mitigations.md's A and B when the top is built with them), as a reference model of
// the next state plus one assertion group per rule, each under `ifdef P_<RULE>` so that each
// rule is proven as its own job (tb/formal). The including harness defines, for the transfer
// completing on this edge (0 on a reset edge, an error access, or no transfer):
//   e_pf_mbx[n]  PF write of PFMailbox(n)      e_vf_mbx[n]  VF n write of its mailbox
//   e_vf_rd[n]   VF n read of its mailbox      e_req_w1c[n], e_ack_w1c[n]  PF W1C of VFREQ/VFACK
//   e_pf_mem_wr[n], e_pf_mem_rd[n], e_vf_mem_wr[n], pf_idx, vf_idx: memory word accesses
//   e_pfrstd     PF reset-done event           e_flr_clr[n] FLR that clears VF n's bits (ixgbe)
// and the probes p_* (the DUT's own flops, connected by the .sby script; see tb/formal).
    wire A = PFU_WAITS_FOR_REQ != 0;
    wire B = PROTECT_VF_REQUEST != 0;

    // ---------------------------------------------------------------- reference next state
    wire [NUM_VFS-1:0] pf_sts, pf_ack, pf_lock, rvfu, vf_req, vf_ack, vf_lock, pf_grant, vf_grant,
                       read0, st_clr, x_pfu, x_vfu, x_pfsts, x_pfack, x_rstd, x_rsti, x_vfreq,
                       x_vfack, x_irq;
    genvar gn;
    generate for (gn = 0; gn < NUM_VFS; gn = gn + 1) begin : ref
        assign pf_sts[gn]   = e_pf_mbx[gn] & pf_pwdata[0];
        assign pf_ack[gn]   = e_pf_mbx[gn] & pf_pwdata[1];
        assign pf_lock[gn]  = e_pf_mbx[gn] & pf_pwdata[3];
        assign rvfu[gn]     = e_pf_mbx[gn] & pf_pwdata[4];
        assign vf_req[gn]   = e_vf_mbx[gn] & vf_pwdata[0];
        assign vf_ack[gn]   = e_vf_mbx[gn] & vf_pwdata[1];
        assign vf_lock[gn]  = e_vf_mbx[gn] & vf_pwdata[2];
        // sec. 3: PFU=1 is granted if VFU was 0 (A1: and VFREQ was 0); rule 2: the PF wins a tie
        assign pf_grant[gn] = pf_lock[gn] & ~p_vfu[gn] & ~(A & p_vfreq[gn]);
        assign vf_grant[gn] = vf_lock[gn] & ~p_pfu[gn] & ~pf_grant[gn];
        assign read0[gn]    = e_pf_mem_rd[gn] & pf_idx == 4'd0;
        assign st_clr[gn]   = e_vf_rd[gn] | e_flr_clr[gn];
        // every mailbox write sets or clears its side's lock bit; "unchanged" keeps a lock held
        assign x_pfu[gn]   = e_pf_mbx[gn] ? (pf_lock[gn] & (p_pfu[gn] | pf_grant[gn])) : p_pfu[gn];
        assign x_vfu[gn]   = (rvfu[gn] | e_flr_clr[gn]) ? 1'b0 :      // rule 3 (ixgbe rule 6)
                             e_vf_mbx[gn] ? (vf_lock[gn] & (p_vfu[gn] | vf_grant[gn])) : p_vfu[gn];
        // rule 1: set beats clear
        assign x_pfsts[gn] = pf_sts[gn] | (p_pfsts[gn] & ~st_clr[gn]);
        assign x_pfack[gn] = pf_ack[gn] | (p_pfack[gn] & ~st_clr[gn]);
        assign x_rstd[gn]  = e_pfrstd | (p_rstd[gn] & ~st_clr[gn]);
        assign x_rsti[gn]  = p_rsti[gn] & ~e_pfrstd;
        assign x_vfreq[gn] = vf_req[gn] | (p_vfreq[gn] & ~((e_req_w1c[gn] & ~B) | rvfu[gn] | (read0[gn] & B)));
        assign x_vfack[gn] = vf_ack[gn] | (p_vfack[gn] & ~(e_ack_w1c[gn] | rvfu[gn]));
        assign x_irq[gn]   = pf_sts[gn] | pf_ack[gn];
    end endgenerate

    // The expected state after this edge (reset values after a reset edge: sec. 5, rule 5).
    reg [NUM_VFS-1:0] r_pfu, r_vfu, r_pfsts, r_pfack, r_rstd, r_rsti, r_vfreq, r_vfack, r_irq;
    always @(posedge clk) begin
        r_pfu   <= rst_n ? x_pfu   : {NUM_VFS{1'b0}};
        r_vfu   <= rst_n ? x_vfu   : {NUM_VFS{1'b0}};
        r_pfsts <= rst_n ? x_pfsts : {NUM_VFS{1'b0}};
        r_pfack <= rst_n ? x_pfack : {NUM_VFS{1'b0}};
        r_rstd  <= rst_n ? x_rstd  : {NUM_VFS{1'b0}};
        r_rsti  <= rst_n ? x_rsti  : {NUM_VFS{1'b1}};
        r_vfreq <= rst_n ? x_vfreq : {NUM_VFS{1'b0}};
        r_vfack <= rst_n ? x_vfack : {NUM_VFS{1'b0}};
        r_irq   <= rst_n ? x_irq   : {NUM_VFS{1'b0}};
    end

    // ---------------------------------------------------------------- one group per rule
    always @* if (f_past) begin
`ifdef P_LOCK_EXCLUSION       // sec. 3: PFU and VFU are never both 1
        lock_exclusion: assert ((p_pfu & p_vfu) == 0);
`endif
`ifdef P_PFU_RULE             // sec. 3 PFU bit, rule 2; A1, A2, A5 with PFU_WAITS_FOR_REQ
        pfu_rule: assert (p_pfu == r_pfu);
`endif
`ifdef P_VFU_RULE             // sec. 3 VFU bit, rules 2 and 3 (ixgbe: rule 6)
        vfu_rule: assert (p_vfu == r_vfu);
`endif
`ifdef P_READ_TO_CLEAR        // sec. 3: PFSTS, PFACK, RSTD clear on the edge completing a
        read_to_clear: assert (p_pfsts == r_pfsts && p_pfack == r_pfack &&   // VFMailbox read of
                               p_rstd == r_rstd && p_rsti == r_rsti);        // VF n; RSTI does not
`endif
`ifdef P_W1C                  // sec. 2 MBVFICR write-1-to-clear and RVFU; B1, B2
        w1c: assert (p_vfreq == r_vfreq && p_vfack == r_vfack);
`endif
`ifdef P_VF_IRQ_PULSE         // sec. 1: high for exactly the cycle after a PF STS/ACK write
        vf_irq_pulse: assert (p_irq == r_irq);
`endif
    end

    // Rules judged on one edge: the state before it ($past) and after it.
    always @(posedge clk) if (f_past) begin
`ifdef P_NO_GRANT_AGAINST_LOCK  // sec. 3, 4: a lock is granted only if the other side's was 0
        no_grant_against_lock: assert ((p_pfu & ~$past(p_pfu) & $past(p_vfu)) == 0 &&
                                       (p_vfu & ~$past(p_vfu) & $past(p_pfu)) == 0);
`endif
`ifdef P_LOCK_TIE             // rule 2 (A4: with VFREQ set the VF wins)
        lock_tie: assert (($past(pf_lock & vf_lock & ~p_pfu & ~p_vfu & ~(p_vfreq & {NUM_VFS{A}}))
                           & ~(p_pfu & ~p_vfu)) == 0 &&
                          ($past(pf_lock & vf_lock & ~p_pfu & ~p_vfu & (p_vfreq & {NUM_VFS{A}}))
                           & ~(p_vfu & ~p_pfu)) == 0);
`endif
`ifdef P_RVFU                 // sec. 3 RVFU, rule 3: VFU, VFREQ, VFACK end 0 unless set this edge
        rvfu_rule: assert (($past(rvfu) & (p_vfu | (p_vfreq & ~$past(vf_req)) |
                                                   (p_vfack & ~$past(vf_ack)))) == 0);
`endif
`ifdef P_SET_BEATS_CLEAR      // rule 1 for the per-VF event bits
        set_beats_clear: assert (($past(pf_sts) & ~p_pfsts) == 0 &&
                                 ($past(pf_ack) & ~p_pfack) == 0 &&
                                 ($past(e_pfrstd) && p_rstd != {NUM_VFS{1'b1}}) == 0 &&
                                 ($past(vf_req) & ~p_vfreq) == 0 &&
                                 ($past(vf_ack) & ~p_vfack) == 0);
`endif
`ifdef P_PFRSTD               // sec. 5: PFRSTD clears RSTI and sets RSTD for every VF
        pfrstd: assert (!$past(e_pfrstd) || (p_rsti == 0 && p_rstd == {NUM_VFS{1'b1}}));
`endif
`ifdef P_RESET                // sec. 5, rule 5: reset values (the RAM: below)
        reset_values: assert ($past(rst_n) || (p_vfu == 0 && p_pfu == 0 && p_pfsts == 0 &&
                              p_pfack == 0 && p_rstd == 0 && p_rsti == {NUM_VFS{1'b1}} &&
                              p_vfreq == 0 && p_vfack == 0 && p_irq == 0));
`endif
`ifdef P_PF_LOCK_WAITS_FOR_REQUEST  // A1 (A3: a same-edge REQ is judged on the state before)
        pf_lock_waits_for_request: assert ((p_pfu & ~$past(p_pfu) & $past(p_vfreq)) == 0);
`endif
    end

    // ---------------------------------------------------------------- memory (sec. 2, rule 4; B3, B4)
    // One word, any VF and index: a shadow of the last write the PF should read back (B: the
    // VF's last write, in its own buffer). The lemma ties the shadow to the RAM word itself so
    // that k-induction needs no unbounded history.
    (* anyconst *) reg [MBX_VF_BITS-1:0] m_vf;
    (* anyconst *) reg [3:0] m_idx;
    reg [31:0] m_shadow = 32'd0;   // the RAM is 0 after power-up
    wire m_pf_wr = e_pf_mem_wr[m_vf] & pf_idx == m_idx;
    wire m_vf_wr = e_vf_mem_wr[m_vf] & vf_idx == m_idx;
    wire [31:0] m_word = B ? p_v2p[(m_vf * 16 + m_idx) * 32 +: 32] : p_mem[(m_vf * 16 + m_idx) * 32 +: 32];
    always @(posedge clk)
        if (B ? m_vf_wr : m_pf_wr) m_shadow <= B ? vf_pwdata : pf_pwdata;   // rule 4: the PF wins
        else if (!B && m_vf_wr)    m_shadow <= vf_pwdata;
    always @* begin
        assume (m_vf < NUM_VFS);
`ifdef P_MEMORY_LAST_WRITE
        memory_word_lemma: assert (m_word == m_shadow);
        if (e_pf_mem_rd[m_vf] && pf_idx == m_idx) memory_last_write: assert (pf_prdata == m_shadow);
`endif
    end

    // Reset keeps the RAM (rule 5: a write on a reset edge is dropped): any one word, as above.
    always @(posedge clk) if (f_past) begin
`ifdef P_RESET
        reset_keeps_memory: assert ($past(rst_n) || m_word == $past(m_word));
`endif
    end

    // ---------------------------------------------------------------- the race's root (sec. 7)
    // A VF request is pending from the edge of its REQ write until the PF reads that VF's
    // word 0; the docs/mitigations.md B2 exceptions (RVFU, reset) end it too. A REQ on the
    // very edge of that read starts a new one.
    reg [NUM_VFS-1:0] pending = {NUM_VFS{1'b0}};
    always @(posedge clk)
        pending <= rst_n ? (vf_req | (pending & ~read0 & ~rvfu)) : {NUM_VFS{1'b0}};
    always @* if (f_past) begin
`ifdef P_REQUEST_SURVIVES_UNTIL_READ
        request_survives_until_read: assert ((pending & ~p_vfreq) == 0);
`endif
    end
