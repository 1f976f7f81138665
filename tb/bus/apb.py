"""APB master agents (AMBA APB on cocotb-bus pins; the agents honour pready, the RTL has none).

`await agent.read(addr)` / `await agent.write(addr, data)` run one SETUP + ACCESS
transfer on the simulated clock. A PSLVERR raises ApbSlaveError unless the caller passed
`expect_error=True` (and then its absence raises). The VF port is shared by all VFs:
`agent.function(n)` gives a view that drives `vf_pfunc = n`.
"""

from dataclasses import dataclass

from cocotb.handle import Immediate
from cocotb.triggers import Event, current_gpi_trigger
from cocotb_bus.bus import Bus

from tb.bus.pins import read_uint
from tb.bus.samples import Transfer


class ApbSlaveError(Exception):
    """A transfer ended with a PSLVERR the caller did not expect, or the reverse."""


@dataclass
class ApbRequest:
    write: bool
    addr: int
    data: int = 0
    func: int = 0
    result: Transfer = None


# The APB pins of one port, <port>_<signal> on pf_vf_mailbox; the VF port adds pfunc.
APB_SIGNALS = ["psel", "penable", "pwrite", "paddr", "pwdata", "prdata", "pready", "pslverr"]


class ApbMaster:
    """BUS_PATH=python, the reference: the agent drives the APB pins itself."""

    DRIVEN = ("psel", "penable", "pwrite", "paddr", "pwdata", "pfunc")

    def __init__(self, dut, name: str, clock):
        self.bus = Bus(dut, name, APB_SIGNALS, optional_signals=["pfunc"])
        self.port = name
        self.clock_control = clock
        self._busy = False           # a transfer is on the bus (the VF port is shared)
        self._free = Event()
        self.count = 0
        self._driven = {}
        self._limits = {}   # the largest value each driven pin can carry
        self._handles = self._inputs(dut)
        for name in self.DRIVEN:
            if hasattr(self.bus, name):
                self._limits[name] = (1 << len(getattr(self.bus, name))) - 1
                if name in self._handles:
                    self._drive(name, 0)

    def _inputs(self, dut) -> dict:
        """The handles this agent writes, by APB pin name."""
        return {name: getattr(self.bus, name) for name in self.DRIVEN if hasattr(self.bus, name)}

    def _drive(self, name: str, value: int):
        """Write a pin only when its value changes: each write costs a simulator call."""
        if self._driven.get(name) != value:
            self._driven[name] = value
            self._handles[name].value = value

    def _check_fits(self, name: str, value: int):
        """Refuse a value its pin cannot carry before anything is driven."""
        if name in self._limits and not 0 <= value <= self._limits[name]:
            raise ValueError(f"{self.port}_{name}: {value:#x} does not fit its "
                             f"{self._limits[name].bit_length()} bits")

    def function(self, func: int) -> "ApbFunction":
        return ApbFunction(self, func)

    async def read(self, addr: int, *, func: int = 0, expect_error: bool = False) -> int:
        return (await self._checked(False, addr, 0, func, expect_error)).data

    async def write(self, addr: int, data: int, *, func: int = 0, expect_error: bool = False):
        await self._checked(True, addr, data, func, expect_error)

    async def transfer_any(self, write: bool, addr: int, data: int = 0, func: int = 0) -> Transfer:
        """One transfer that may or may not end in PSLVERR (random traffic): raises only for
        an address or VF number its pins cannot carry, before driving anything."""
        self._check_fits("paddr", addr)
        self._check_fits("pfunc", func)
        request = ApbRequest(write, addr, data & 0xFFFFFFFF if write else 0, func)
        # One transfer at a time; unlike a Lock, a free bus costs no scheduler pass.
        while self._busy:
            self._free.clear()
            await self._free.wait()
        self._busy = True
        try:
            await self._transfer(request)
        finally:
            self._busy = False
            self._free.set()
        return request.result

    async def _checked(self, write, addr, data, func, expect_error) -> Transfer:
        done = await self.transfer_any(write, addr, data, func)
        if done.slverr != expect_error:
            said = "unexpected PSLVERR" if done.slverr else "no PSLVERR where one was expected"
            raise ApbSlaveError(f"{said}: {done}")
        return done

    async def _transfer(self, request: ApbRequest):
        bus = self.bus
        await self.clock_control.acquire()
        try:
            # SETUP
            self._drive("psel", 1)
            self._drive("penable", 0)
            self._drive("pwrite", int(request.write))
            self._drive("paddr", request.addr)
            if request.write:
                self._drive("pwdata", request.data)
            if "pfunc" in self._driven:
                self._drive("pfunc", request.func)
            await self.clock_control.rising_edge()
            # ACCESS: completes on the first edge that samples pready high (the RTL has no
            # wait states, the agent does not assume it); prdata/pslverr are sampled at that
            # edge, so they are the values from before it (the state the read sees).
            self._drive("penable", 1)
            await self.clock_control.rising_edge()
            while read_uint(bus.pready) != 1:
                await self.clock_control.rising_edge()
            slverr = read_uint(bus.pslverr) == 1
            data = request.data if request.write else read_uint(bus.prdata)
            if data is None:
                raise ApbSlaveError(f"prdata has X or Z bits: read of {request.addr:#06x}")
            self._drive("psel", 0)
            self._drive("penable", 0)
        finally:
            self.clock_control.release()
        self.count += 1
        request.result = Transfer(self.port, request.write, request.addr, data, slverr, request.func)


class HdlApbMaster(ApbMaster):
    """BUS_PATH=hdl: the same transfers through the port's transactor in the shell
    (tb/hdl/mailbox_shell.v). One command written per transfer, in place of two write
    phases: the shell drives SETUP and ACCESS on the edges the Python agent would, and the
    pins (which the monitor reads) are the same."""

    def _inputs(self, dut) -> dict:
        port = self.port
        handles = {"pwrite": getattr(dut, f"{port}_cmd_write"),
                   "paddr": getattr(dut, f"{port}_cmd_addr"),
                   "pwdata": getattr(dut, f"{port}_cmd_wdata"),
                   "req": getattr(dut, f"{port}_cmd_req")}
        if hasattr(dut, f"{port}_cmd_func"):
            handles["pfunc"] = getattr(dut, f"{port}_cmd_func")
        done = self._done_pin = getattr(dut, f"{port}_done")
        self._after_edge.add(self.clock_control.edge_trigger)
        self._rdata = getattr(dut, f"{port}_rdata")
        self._rslverr = getattr(dut, f"{port}_rslverr")
        # An earlier test of the same simulation left the transactor where it was: no
        # command pending means cmd_req equal to done.
        self._req = read_uint(done)
        handles["req"].value = self._req
        return handles

    # The clock's edge triggers of BUS_PATH=hdl: they fire among the edge's non-blocking
    # updates, after every process sensitive to the edge has run.
    _after_edge = set()

    def _drive(self, name: str, value: int):
        """Woken by the clock's edge trigger, the next command is written at once (a deferred
        write costs a ReadWrite callback per transfer): the edge's processes have sampled the
        inputs. Woken by anything else (a clk callback runs before those processes), deferred."""
        if self._driven.get(name) != value:
            self._driven[name] = value
            if current_gpi_trigger() in self._after_edge:
                self._handles[name].value = Immediate(value)
            else:
                self._handles[name].value = value

    async def _transfer(self, request: ApbRequest):
        await self.clock_control.acquire()
        try:
            self._drive("pwrite", int(request.write))
            self._drive("paddr", request.addr)
            if request.write:
                self._drive("pwdata", request.data)
            if "pfunc" in self._handles:
                self._drive("pfunc", request.func)
            self._req ^= 1
            self._drive("req", self._req)
            # The clock's edges (ClockControl.follow): SETUP, then ACCESS, where the response is.
            while read_uint(self._done_pin) != self._req:
                await self.clock_control.rising_edge()
            slverr = read_uint(self._rslverr) == 1
            data = request.data if request.write else read_uint(self._rdata)
            if data is None:
                raise ApbSlaveError(f"prdata has X or Z bits: read of {request.addr:#06x}")
        finally:
            self.clock_control.release()
        self.count += 1
        request.result = Transfer(self.port, request.write, request.addr, data, slverr, request.func)


class ApbFunction:
    """One VF's view of the shared VF port: every access carries vf_pfunc = func."""

    def __init__(self, master: ApbMaster, func: int):
        self.master = master
        self.func = func

    async def read(self, addr: int, *, expect_error: bool = False) -> int:
        return await self.master.read(addr, func=self.func, expect_error=expect_error)

    async def write(self, addr: int, data: int, *, expect_error: bool = False):
        await self.master.write(addr, data, func=self.func, expect_error=expect_error)
