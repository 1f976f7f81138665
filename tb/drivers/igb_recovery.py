"""PF-side recovery beyond igb: breaking a VF lock that its owner will never release.

NOTE: no igb version (neither Intel igb 3.2.10 nor current upstream Linux igb) does this.
igb's headers define the PFMailbox bit (E1000_P2VMAILBOX_RVFU, "reset VFU - used when VF
stuck") but no igb code path ever writes it: a VF that dies holding VFU (guest crash,
FLR between its lock and its REQ) blocks every later PF message to it, because igb's
obtain_mbx_lock_pf fails for as long as VFU is 1. The function below is what a PF driver
would have to add; hardware.md section 3 gives RVFU its meaning (VFU, VFREQ and VFACK of
that VF <= 0) and section 5 names it as the way out of a lock left behind.
"""

from tb import regmap as R
from tb.drivers.igb import Igb


async def igb_break_stuck_vf_lock(pf: Igb, vf: int) -> bool:
    """If VF `vf` holds its mailbox lock, break it with RVFU; returns whether it did.

    Deciding that a lock is *stuck* (the VF is dead, not merely slow) is the caller's
    policy, e.g. after a VF reset event or after obtain_mbx_lock_pf kept failing. RVFU also
    clears VFREQ[vf] and VFACK[vf]: a request the dead VF posted is dropped with its lock.
    """
    p2v = await pf.host.read(R.pf_mailbox(vf))
    if not p2v & R.PFMAILBOX_VFU:
        return False
    await pf.host.write(R.pf_mailbox(vf), R.PFMAILBOX_RVFU)
    pf.log("rvfu", f"igb_break_stuck_vf_lock(VF{vf}): VFU was held, RVFU written", vf)
    return True

