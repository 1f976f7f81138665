"""cocotb side of the explorer: runs a batch of trials in one simulator process, resetting
the device between trials, and writes one result per trial.

EXPLORER_BATCH: a JSON file listing trials (explorer.trials.Trial.to_json); EXPLORER_OUT: where
the results go (JSON list, in the batch's order).
"""

import json
import os

import cocotb

from explorer.trials import Trial
from tb.scenarios.race import run_race_scenario
from tb.testbench import MailboxTB


def outcome(trial: Trial, v) -> dict:
    promisc = next((m.fate for m in v.messages if m.name == "SET_PROMISC"), "not reached")
    flush = _flush_read_edge(v)
    return {
        "trial_id": trial.trial_id,
        "irq_latency_us": trial.irq_latency_us(),
        "link_up": v.link_up,
        "decided_early": v.decided_early,
        "erased": v.erased,
        "overwritten": v.overwritten,
        "never_sent": [m.name for m in v.messages if m.fate == "never sent"],
        "lost": [m.name for m in v.messages if m.fate in ("erased", "lost")],
        "first_loss_ps": v.first_loss_ps,
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


@cocotb.test()
async def run_batch(dut):
    with open(os.environ["EXPLORER_BATCH"]) as f:
        trials = [Trial.from_json(d) for d in json.load(f)]
    tb = MailboxTB(dut)
    results = []
    for trial in trials:
        p = trial.point
        v = await run_race_scenario(tb, p.vf, p.pf, trial.timing(), seed=trial.seed,
                                    stop_on_loss=not trial.confirm)
        results.append(outcome(trial, v))
    await tb.finish()
    with open(os.environ["EXPLORER_OUT"], "w") as f:
        json.dump(results, f)
