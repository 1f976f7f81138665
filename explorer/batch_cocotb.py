"""cocotb side of the explorer: runs a batch of trials in one simulator process, and writes
one result per trial. Every trial starts from the same device state whatever ran before it
(run_race_scenario writes the VF's mailbox words back to their power-up 0, resets, and
starts on a whole microsecond), so results do not depend on --batch-size.
A confirmation trial that stops early runs again to the end: its result is the run to the
end, with the early run's outcome columns under "early" for the client to compare (a run
that did not stop early is its own run to the end: "early" is then the same run).

EXPLORER_BATCH: a JSON file listing trials (explorer.trials.Trial.to_json); EXPLORER_OUT: where
the results go (JSON list, in the batch's order).
"""

import gc
import hashlib
import json
import os

import cocotb

from explorer.columns import outcome as outcome_columns
from explorer.trials import Trial
from tb.scenarios.ixgbe_hunt import flap_trial
from tb.scenarios.race import run_race_scenario
from tb.testbench import MailboxTB


def outcome(trial: Trial, v) -> dict:
    promisc = next((m.fate for m in v.messages if m.name == "SET_PROMISC"), "not reached")
    flush = _flush_read_edge(v)
    return {
        "trial_id": trial.trial_id,
        "irq_latency_us": trial.irq_latency_us(),
        "decided_early": v.decided_early,
        **outcome_columns(v),
        # for `explorer window`
        "lost": [m.name for m in v.messages if m.fate in ("erased", "lost")],
        "promisc": promisc,
        "promisc_req_edge": _relative(v, next((r.req_edge for r in v.monitor.requests
                                               if r.name == "SET_PROMISC"), None)),
        "flush_read_edge": _relative(v, flush),
        "lock_write_edge": _relative(v, _lock_before(v, flush)),
    }


def _relative(v, edge):
    """Edges counted from the scenario's start, so that trials compare across batches."""
    return None if edge is None else edge - v.start_edge


def _flush_read_edge(v):
    """Edge of the PF's MBVFICR read in its reply to SET_MULTICAST (the flush)."""
    work = next((e for e in v.timeline.in_order() if e.kind == "handler"
                 and e.message == "SET_MULTICAST"), None)
    if work is None:
        return None
    read = next((e for e in v.timeline.in_order() if e.kind == "pf-reads-mbvficr"
                 and e.time_ps > work.time_ps), None)
    return read.edge if read else None


def _lock_before(v, edge):
    """Edge of the PF's last lock request (PFU write) before `edge`."""
    if edge is None:
        return None
    locks = [e.edge for e in v.timeline.events if e.kind == "pf-lock-request" and e.edge < edge]
    return max(locks) if locks else None


async def ixgbe_flap(tb, trial: Trial, trace) -> dict:
    """One 10 GbE trial: the bring-up with the link flapping at the point's time
    (tb.scenarios.ixgbe_hunt's trial and its summary, one outcome class per trial). No early
    stop: a trial runs to its end."""
    p = trial.point
    v, s = await flap_trial(tb, p.vf, p.pf, trial.timing(), p.flap_us, p.down_us,
                            num_vfs=p.num_vfs, seed=trial.seed)
    return {"trial_id": trial.trial_id, "irq_latency_us": trial.irq_latency_us(), **s,
            "handler_us": p.handler_us, "irq_us": p.irq_label,
            "link_change_us": trial.timing().pf_link_change_us,
            "trace_sha1": trace_digest(trace, v)}


def trace_digest(trace, v) -> str:
    """A digest of every transfer of the scenario (edge from its start, port, address,
    data): equal digests, equal register traces, whatever ran before in the process."""
    kept = [(edge - v.start_edge, *t) for edge, t in trace if edge >= v.start_edge]
    return hashlib.sha1(repr(kept).encode()).hexdigest()[:16]


@cocotb.test()
async def run_batch(dut):
    with open(os.environ["EXPLORER_BATCH"]) as f:
        trials = [Trial.from_json(d) for d in json.load(f)]
    tb = MailboxTB(dut)
    # Everything imported so far lives as long as the process: out of the garbage
    # collector's sight, its full collections scan only what the trials create.
    gc.freeze()
    trace = []
    tb.observers.append(lambda s: trace.extend(
        (s.edge, (t.port, t.func, t.write, t.addr, t.data, t.slverr)) for t in s.transfers))
    results = []
    for trial in trials:
        p = trial.point
        trace.clear()
        if p.family == "ixgbe":
            results.append(await ixgbe_flap(tb, trial, trace))
            continue
        v = await run_race_scenario(tb, p.vf, p.pf, trial.timing(), seed=trial.seed,
                                    stop_on_loss=True, num_vfs=p.num_vfs)
        early = outcome(trial, v)
        if trial.confirm and v.decided_early:
            trace.clear()
            v = await run_race_scenario(tb, p.vf, p.pf, trial.timing(), seed=trial.seed,
                                        num_vfs=p.num_vfs)
        result = outcome(trial, v)
        result["trace_sha1"] = trace_digest(trace, v)
        if trial.confirm:
            result["early"] = early
        results.append(result)
    await tb.finish()
    with open(os.environ["EXPLORER_OUT"], "w") as f:
        json.dump(results, f)
