"""A hostile VF that keeps its REQ set: the worst case for PFU_WAITS_FOR_REQ
(docs/mitigations.md), where a pending request refuses the PF's lock.

It re-posts REQ on its own VF the moment the pins show the PF claiming its request (a W1C
of its VFREQ bit, or with PROTECT_VF_REQUEST the PF's read of its word 0), so that a new
request is pending again before the PF's next lock request lands. That is what a VF
posting REQ back to back would do, at the cost of a few transfers per claim instead of one
every few clock edges. It never takes its lock and never reads a reply.
"""

import cocotb

from tb import regmap as R


class ReqKeeper:
    def __init__(self, tb, vf: int):
        self.tb = tb
        self.vf = vf
        self.port = tb.vf(vf)
        self.req_writes = 0
        self.active = False
        self._tasks = []

    async def start(self):
        self.active = True
        self.tb.observers.append(self._observe)
        await self._post()

    async def stop(self):
        self.active = False
        self.tb.observers.remove(self._observe)
        for task in self._tasks:
            await task

    async def _post(self):
        await self.port.write(R.VF_MAILBOX, R.VFMAILBOX_REQ)
        self.req_writes += 1

    def _claims(self, t) -> bool:
        if t.port != "pf" or t.slverr:
            return False
        if t.write and t.addr == R.PF_MBVFICR:
            return bool(t.data & R.vfreq(self.vf))
        return not t.write and t.addr == R.pf_vmbmem(self.vf, 0) and \
            self.tb.options.protect_vf_request

    def _observe(self, sample):
        if self.active and any(self._claims(t) for t in sample.transfers):
            self._tasks = [t for t in self._tasks if not t.done()]
            self._tasks.append(cocotb.start_soon(self._post()))
