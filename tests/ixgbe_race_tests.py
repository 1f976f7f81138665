"""The 10 GbE drivers against pf_vf_mailbox_ixgbe (`FAMILY=ixgbe make SIM=icarus` ends here):
every ixgbevf x ixgbe pair brought up as Linux 6.1 does it, with and without a link flap
during bring-up, and the ixgbe verdict table (README "The 10 GbE drivers").
"""

import cocotb

from tb.drivers.host import profile
from tb.options import option
from tb.scenarios.ixgbe_bringup import Flap, run_ixgbe_scenario
from tb.testbench import MailboxTB


@cocotb.test()
async def ixgbe_smoke(dut):
    tb = MailboxTB(dut)
    timing = profile("bare-metal")
    v = await run_ixgbe_scenario(tb, "ixgbevf-6.1", "ixgbe-6.1", timing, num_vfs=2)
    for e in v.timeline.in_order():
        if e.source != "monitor" or e.kind in ("req", "erased", "pf-sts", "vfreq-cleared"):
            tb.log.info(e.line(v.start_ps, v.start_edge))
    tb.log.info("fates %s", [(m.name, m.fate) for m in v.of(0).messages])
    tb.log.info("outcomes %s", v.outcomes[0])
    tb.log.info("api %s", v.api)
    await tb.finish()
