"""The Python driver models checked against the C code they model: the same race scenario,
the same timing, once with the model and once with the Linux kernel's code compiled from
Debian's linux-source-6.1 (tb/cdriver); the register traces on the pins (port, R/W, address,
value, clock edge from the scenario's start) must agree access by access.

Differences that are explained, not bugs of the model (README: "Real driver code"):
- kernel igbvf has no SET_PROMISC, so the models run here without it too;
- kernel igbvf's e1000_update_mc_addr_list_vf sends its 16-word buffer uninitialised past the
  hashes it fills (stack contents): the model writes 0 there, the code whatever the stack
  held, and the PF reads that back later. Such a transfer (a mailbox word past word 1 that
  the model has at 0) may differ in its data, never in anything else."""

import cocotb

from tb.drivers.host import profile
from tb.drivers.igb import IGB_VERSIONS, Igb
from tb.drivers.igbvf import IGBVF_VERSIONS, IgbvfVersion, Igbvf
from tb import messages as M
from tb import regmap as R
from tb.scenarios.race import run_race_scenario
from tb.testbench import MailboxTB

# The 2011 caller pattern (no reply read after SET_MULTICAST, SET_VLAN, SET_LPE) with the
# kernel's 11-try lock: what linux-igbvf-writeonly is made into from the kernel's code.
IGBVF_WRITEONLY = IgbvfVersion("igbvf-writeonly", "igbvf 1.1.5's callers, 11-try lock", 11,
                               {M.E1000_VF_SET_MAC_ADDR: 3})


def model_vf(version):
    """A Python igbvf that offers no SET_PROMISC, as the kernel's code."""
    def make(host, vf, timeline):
        driver = Igbvf(host, version, vf, timeline)
        driver.promisc_set_vf = None
        return driver
    return make


def model_pf(name):
    return lambda host, num_vfs, timeline, vf_macs=None: Igb(host, IGB_VERSIONS[name], num_vfs,
                                                             timeline, vf_macs)


# (what is compared, model VF, C VF, model PF, C PF, timing)
COMPARISONS = [
    ("igbvf-upstream vs linux-igbvf", model_vf(IGBVF_VERSIONS["igbvf-upstream"]), "linux-igbvf",
     "igb-upstream", "igb-upstream", "bare-metal"),
    ("igbvf-upstream vs linux-igbvf, dom0", model_vf(IGBVF_VERSIONS["igbvf-upstream"]),
     "linux-igbvf", "igb-3.2.10", "igb-3.2.10", "xen-dom0"),
    ("writeonly model vs linux-igbvf-writeonly, the race", model_vf(IGBVF_WRITEONLY),
     "linux-igbvf-writeonly", "igb-3.2.10", "igb-3.2.10", "xen-dom0"),
    ("igbvf-1.1.5 vs linux-igbvf-writeonly-1try, the race", model_vf(IGBVF_VERSIONS["igbvf-1.1.5"]),
     "linux-igbvf-writeonly-1try", "igb-3.2.10", "igb-3.2.10", "xen-dom0"),
    ("igbvf-1.1.5 vs linux-igbvf-writeonly-1try, never sent", model_vf(IGBVF_VERSIONS["igbvf-1.1.5"]),
     "linux-igbvf-writeonly-1try", "igb-upstream", "igb-upstream", "xen-dom0"),
    ("igb-upstream primitives vs linux-igb", "igbvf-upstream", "igbvf-upstream",
     model_pf("igb-upstream"), "linux-igb", "xen-dom0"),
    ("igb-upstream primitives vs linux-igb, bare metal", "igbvf-1.1.5", "igbvf-1.1.5",
     model_pf("igb-upstream"), "linux-igb", "bare-metal"),
]


async def pin_trace(tb, vf_driver, pf_driver, timing, scenario=run_race_scenario, **kwargs):
    """(relative edge, transfer) of every transfer of the scenario, and its verdict."""
    trace = []

    def record(sample):
        trace.extend((sample.edge, t) for t in sample.transfers)

    tb.observers.append(record)
    v = await scenario(tb, vf_driver, pf_driver, profile(timing), **kwargs)
    tb.observers.remove(record)
    return [(edge - v.start_edge, t) for edge, t in trace if edge >= v.start_edge], v


def stack_garbage(model, code) -> bool:
    """The explained difference: a mailbox word past word 1, 0 in the model, other data in
    the code."""
    (e1, m), (e2, c) = model, code
    word = (m.addr - R.VF_VMBMEM) // 4 if m.port == "vf" else (m.addr - R.PF_VMBMEM) % R.VMBMEM_STRIDE // 4
    in_memory = R.VF_VMBMEM <= m.addr < R.VF_MAILBOX if m.port == "vf" else \
        R.PF_VMBMEM <= m.addr < R.PF_MAILBOX
    return (e1, m.port, m.write, m.addr, m.func) == (e2, c.port, c.write, c.addr, c.func) \
        and in_memory and word >= 2 and m.data == 0


def compare(model, code, explained_by=stack_garbage):
    """(accesses equal, accesses explained, first unexplained difference or None)."""
    equal = explained = 0
    for i, (m, c) in enumerate(zip(model, code)):
        if m == c:
            equal += 1
        elif explained_by(m, c):
            explained += 1
        else:
            return equal, explained, i
    return equal, explained, None if len(model) == len(code) else min(len(model), len(code))


@cocotb.test()
async def models_match_the_code_they_model(dut):
    tb = MailboxTB(dut)
    report, mismatches = [], []
    for what, m_vf, c_vf, m_pf, c_pf, timing in COMPARISONS:
        model, mv = await pin_trace(tb, m_vf, m_pf, timing)
        code, cv = await pin_trace(tb, c_vf, c_pf, timing)
        equal, explained, first = compare(model, code)
        verdicts_agree = [(m.name, m.fate) for m in mv.messages] == \
            [(m.name, m.fate) for m in cv.messages] and mv.link_up == cv.link_up
        report.append(f"{what:55s} {timing:10s} {len(code):>5d} accesses: {equal:>5d} equal, "
                      f"{explained:>3d} stack garbage; verdicts {'agree' if verdicts_agree else 'DIFFER'}")
        if first is not None or not verdicts_agree:
            def show(trace, i):
                return f"edge {trace[i][0]} {trace[i][1]}" if i is not None and i < len(trace) else "(end)"
            mismatches.append(f"{what}: first difference at access {first}: model "
                              f"{show(model, first)}, code {show(code, first)}")
    tb.log.info("Models against the code they model:\n%s", "\n".join(report))
    await tb.finish()
    assert not mismatches, "\n".join(mismatches)
