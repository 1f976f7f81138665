"""Checks every sampled edge of the mailbox against the reference model.

Each read's data and every transfer's PSLVERR must match the model's prediction from the
state before the edge; pf_irq and vf_irq, sampled at the same edge, must match the state
the model holds from the edges before. A mismatch is logged with its edge and counted;
`assert_clean()` fails the test at its end (never cocotb-bus's Scoreboard.result, which
would end the test at the first mismatch).
"""

import logging

from tb.checkers.register_model import MailboxModel
from tb.bus.samples import EdgeSample


class RegisterScoreboard:
    def __init__(self, model: MailboxModel, log: logging.Logger = None, max_logged: int = 20):
        self.model = model
        self.log = log or logging.getLogger("cocotb.scoreboard")
        self.max_logged = max_logged
        self.edges = 0
        self.transfers = 0
        self.reads = 0
        self.errors_seen = 0
        self.mismatches = []

    def _mismatch(self, sample: EdgeSample, what: str):
        self.mismatches.append((sample.edge, what))
        if len(self.mismatches) <= self.max_logged:
            self.log.error("edge %d (%d ps): %s", sample.edge, sample.time_ps, what)

    def check(self, sample: EdgeSample):
        self.edges += 1
        if not sample.reset:  # before the first reset edge the outputs are X
            self._check_irqs(sample)
        predictions = self.model.step(sample)
        for t in sample.transfers:
            self.transfers += 1
            p = predictions[t.port]
            self.errors_seen += t.slverr
            if t.slverr != p.slverr:
                self._mismatch(sample, f"{t}: model says PSLVERR={int(p.slverr)}")
            elif not t.write:
                self.reads += 1
                if t.data != p.data:
                    self._mismatch(sample, f"{t}: model reads {p.data:#010x}")

    def _check_irqs(self, sample: EdgeSample):
        if sample.pf_irq != self.model.pf_irq:
            self._mismatch(sample, f"pf_irq is {int(sample.pf_irq)}, model {int(self.model.pf_irq)}")
        expected_vf_irq = self.model.vf_irq(sample.edge)
        if sample.vf_irq != expected_vf_irq:
            self._mismatch(sample, f"vf_irq is {sample.vf_irq:#x}, model {expected_vf_irq:#x}")

    def assert_clean(self):
        assert self.transfers > 0, "the scoreboard saw no transfer: is the monitor connected?"
        assert not self.mismatches, (
            f"{len(self.mismatches)} mismatches against the reference model; first: "
            f"edge {self.mismatches[0][0]}: {self.mismatches[0][1]}")

    def summary(self) -> str:
        return (f"{self.transfers} transfers ({self.reads} reads, {self.errors_seen} PSLVERR) "
                f"on {self.edges} edges, {len(self.mismatches)} mismatches")
