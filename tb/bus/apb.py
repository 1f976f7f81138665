"""APB master agents (AMBA APB on cocotb-bus pins; the agents honour pready, the RTL has none).

`await agent.read(addr)` / `await agent.write(addr, data)` run one SETUP + ACCESS
transfer on the simulated clock. A PSLVERR raises ApbSlaveError unless the caller passed
`expect_error=True` (and then its absence raises). The VF port is shared by all VFs:
`agent.function(n)` gives a view that drives `vf_pfunc = n`.
"""

from dataclasses import dataclass

from cocotb.triggers import Event, Timer
from cocotb_bus.bus import Bus

from tb.bus.pins import read_uint, write_now
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
    (tb/hdl/mailbox_shell.v): one packed command written per transfer, one wake-up on the
    edge that completes it. The shell puts it on the bus for the first rising edge after the
    write and holds the clock meanwhile, so the pins (which the monitor reads) show the
    SETUP and ACCESS edges the Python agent drives."""

    def _inputs(self, dut) -> dict:
        self._cmd = getattr(dut, f"{self.port}_cmd")
        self._resp = getattr(dut, f"{self.port}_resp")
        # The command word's fields, from its least significant bit: wdata, addr, func, write,
        # req (the PF port's func is one bit, always 0).
        self._addr_shift = 32
        self._func_shift = 32 + len(getattr(dut, f"{self.port}_paddr"))
        func_bits = len(dut.vf_pfunc) if self.port == "vf" else 1
        self._write_shift = self._func_shift + func_bits
        # An earlier test of the same simulation left the transactor where it was: no command
        # pending means req equal to done (unknown before time 0's initial values: 0).
        resp = read_uint(self._resp)
        self._req = 0 if resp is None else resp >> 33
        write_now(self._cmd, self._req << (self._write_shift + 1))
        if self.port == "pf":
            self._limits["pfunc"] = 0   # the command's 1-bit placeholder
        return {}

    async def _transfer(self, request: ApbRequest):
        clock = self.clock_control
        if clock.on_unseen_edge():   # where the Python agent steps past (ClockGrid.acquire)
            await Timer(clock.half_ps, "ps")
        self._req ^= 1
        # The shell puts it on the bus at once, for the first rising edge after this instant.
        write_now(self._cmd,
                  self._req << (self._write_shift + 1) | int(request.write) << self._write_shift
                  | request.func << self._func_shift | request.addr << self._addr_shift
                  | request.data)
        while True:
            await clock.rising_edge()   # the shell's edge_seq: only edges Python needs
            resp = read_uint(self._resp)
            if resp is None:
                raise ApbSlaveError(f"prdata has X or Z bits: read of {request.addr:#06x}")
            if resp >> 33 == self._req:
                break
        slverr = resp >> 32 & 1 == 1
        data = request.data if request.write else resp & 0xFFFFFFFF
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
