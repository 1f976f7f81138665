"""The testbench class: owns the clock, reset, APB agents, monitor, model and scoreboard.

Tests build one `MailboxTB(dut)` and ask it for what they need:
    tb = MailboxTB(dut); await tb.reset()
    await tb.pf.write(regmap.PF_MBVFIMR, 0xFF)
    await tb.vf(3).write(regmap.VF_MAILBOX, regmap.VFMAILBOX_VFU)
The NIC family (tb.family) follows from the simulated top: `tb.family` holds its register
map and mailbox addresses, and the reference model is the family's.
"""

import logging
import os

from cocotb.triggers import Timer, gather

from tb import family as families
from tb.bus.apb import ApbMaster, HdlApbMaster
from tb.bus.clock import ClockControl, ShellClock, now_ps
from tb.bus.pin_monitor import HdlPinMonitor, MailboxPinMonitor
from tb.checkers.scoreboard import RegisterScoreboard
from tb.drivers.host import Host
from tb.options import option
from tb.rtl_options import RtlOptions


def needs_vfs(count: int, why: str):
    """Skip a cocotb test when NUM_VFS < count, and say why in the log (cocotb's summary
    shows only SKIP). Outside a simulator cocotb has no top, and nothing is skipped."""
    import cocotb
    top = getattr(cocotb, "top", None)
    skip = top is not None and int(top.NUM_VFS.value) < count
    reason = f"needs NUM_VFS >= {count} ({why})"

    def decorate(test):
        if skip:
            logging.getLogger("cocotb.tb").warning("%s skipped: %s, this build has NUM_VFS=%d",
                                                   test.name, reason, int(top.NUM_VFS.value))
        return cocotb.skipif(skip, reason=reason)(test)
    return decorate


_TRACES = {}   # $REGISTER_TRACE_FILE -> its open file


class MailboxTB:
    def __init__(self, dut, clock_mode: str = None, period_ns: float = 8.0):
        self.dut = dut
        self.log = logging.getLogger("cocotb.tb")
        self.num_vfs = int(dut.NUM_VFS.value)
        self.family = families.of_dut(dut)
        self.regmap = self.family.regmap
        self.options = RtlOptions.of_dut(dut)   # the mitigation switches built in
        mode = clock_mode or option("CLOCK_MODE", "idle-skip")
        # The shell's top (BUS_PATH=hdl, tb/build.py) has its clock and a transactor per port.
        self.bus_path = "hdl" if dut._name == self.family.shell else "python"
        if self.bus_path == "hdl":
            self.clock, master, monitor = ShellClock(dut, period_ns, mode), HdlApbMaster, HdlPinMonitor
        else:
            self.clock, master, monitor = (ClockControl(dut.clk, period_ns, mode), ApbMaster,
                                           MailboxPinMonitor)
        self.pf = master(dut, "pf", self.clock)
        self.vf_port = master(dut, "vf", self.clock)
        # The mailbox RAM keeps its words across tests in one simulator (reset does not
        # clear it): the model knows them only from power-up.
        self.model = self.family.model(self.num_vfs, memory_known=now_ps() == 0,
                                       options=self.options)
        self.scoreboard = RegisterScoreboard(self.model, self.log)
        self.observers = []   # called with each EdgeSample before the model applies it
        self.monitor = monitor(dut, self.clock, callback=self._on_edge)
        self._record_trace(os.environ.get("REGISTER_TRACE_FILE"))
        dut.rst_n.value = 1
        dut.vf_flr.value = 0
        dut.link_up.value = 0
        self.clock.start()

    def _record_trace(self, path):
        """$REGISTER_TRACE_FILE: append every sampled edge, one line each (the BUS_PATH
        equality test, tests/test_bus_path.py, compares these between the paths)."""
        if not path:
            return
        if path not in _TRACES:   # one file for every test of the simulation
            _TRACES[path] = open(path, "a", buffering=1)
        trace = _TRACES[path]
        trace.write(f"testbench at {now_ps()} ps\n")
        self.observers.append(lambda sample: trace.write(f"{sample}\n"))

    def _on_edge(self, sample):
        for observe in self.observers:
            observe(sample)
        self.scoreboard.check(sample)

    def vf(self, n: int):
        """VF n's view of the shared VF port."""
        return self.vf_port.function(n)

    def pf_host(self, timing, rng, **kwargs) -> Host:
        """The PF driver's host (tb.drivers.host, any family): the PF port, woken by pf_irq."""
        return Host("PF", self.pf, timing, rng, irq=self.dut.pf_irq, **kwargs)

    def vf_host(self, n: int, timing, rng, **kwargs) -> Host:
        """VF n's driver's host: its view of the VF port."""
        return Host(f"VF{n}", self.vf(n), timing, rng, **kwargs)

    async def cycles(self, n: int):
        """Let n clock edges pass (the clock runs for them in every mode)."""
        await self.clock.acquire()
        for _ in range(n):
            await self.clock.rising_edge()
        self.clock.release()

    async def clear_memory(self, vfs):
        """Write 0 to every mailbox word of VFs `vfs` through the PF port: the RAM as it is
        after power-up (a reset does not clear it), so that a scenario does not depend on
        what ran before it in the same simulator. Words the model knows to be 0 are skipped
        (right after power-up: nothing to write). With PROTECT_VF_REQUEST the VF->PF words
        are written by the VF, the only side that can."""
        for vf in vfs:
            for word, value in enumerate(self.model.buffer(vf, "pf", True)):
                if value != 0:
                    await self.pf.write(self.family.windows.pf_mem(vf, word), 0)
            if self.options.protect_vf_request:
                for word, value in enumerate(self.model.buffer(vf, "vf", True)):
                    if value != 0:
                        await self.vf(vf).write(self.family.windows.vf_mem(word), 0)

    async def reset(self, cycles: int = 2):
        """Hold rst_n low for `cycles` rising edges."""
        await self.clock.acquire()
        self.dut.rst_n.value = 0
        for _ in range(cycles):
            await self.clock.rising_edge()
        self.dut.rst_n.value = 1
        self.clock.release()

    async def flr(self, mask: int, cycles: int = 1):
        """Pulse vf_flr with `mask` for `cycles` rising edges."""
        await self.clock.acquire()
        self.dut.vf_flr.value = mask
        for _ in range(cycles):
            await self.clock.rising_edge()
        self.dut.vf_flr.value = 0
        self.clock.release()

    async def same_edge(self, *accesses):
        """Run accesses of both ports at once and check that they completed on one edge;
        returns their results in order."""
        before = self.monitor.same_edge
        results = await gather(*accesses)
        assert self.monitor.same_edge == before + 1, "the accesses did not meet on one edge"
        return results

    async def settle(self):
        """Step 1 ps past the current edge: its register updates are then visible on the
        pins, and the test may drive again (unlike in ReadOnly)."""
        await Timer(1, "ps")

    async def set_link(self, up: bool):
        """Drive link_up. Exactly on a grid edge no clock user has seen, first step half a
        period past it, as ClockGrid.acquire does: a pin written there races the edge, and
        Icarus and Verilator put it on different sides."""
        if self.clock.on_unseen_edge():
            await Timer(self.clock.half_ps, "ps")
        self.dut.link_up.value = int(up)

    async def finish(self):
        """End-of-test check: every transfer matched the reference model. Steps past the
        current edge first, so that the monitor has sampled the last transfer."""
        await self.settle()
        self.log.info("scoreboard: %s", self.scoreboard.summary())
        self.scoreboard.assert_clean()
        driven = self.pf.count + self.vf_port.count
        assert self.scoreboard.transfers == driven, (
            f"the agents drove {driven} transfers but the monitor saw {self.scoreboard.transfers}")
