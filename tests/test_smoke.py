import cocotb
from tb import regmap as R
from tb.testbench import MailboxTB

@cocotb.test()
async def smoke(dut):
    tb = MailboxTB(dut)
    await tb.reset()
    await tb.pf.write(R.PF_MBVFIMR, 0xFF)
    assert await tb.pf.read(R.PF_MBVFIMR) == 0xFF
    await tb.vf(2).write(R.vf_vmbmem(3), 0x1234)
    assert await tb.pf.read(R.pf_vmbmem(2, 3)) == 0x1234
    await tb.pf.write(0x1000, 0, expect_error=True)
    await tb.vf(1).write(R.VF_MAILBOX, R.VFMAILBOX_VFU)
    assert await tb.vf(1).read(R.VF_MAILBOX) & R.VFMAILBOX_VFU
    tb.finish()
