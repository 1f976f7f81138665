"""Passive monitor of pf_vf_mailbox's pins: both APB ports, FLR, reset, interrupts.

It never drives anything and trusts no agent: it samples the rising clock edges and
reports each edge on which a transfer completes, vf_flr is high or rst_n is low. Transfers of both ports that complete on the same
edge come out in one EdgeSample, which is what the reference model needs.
"""

import cocotb
from cocotb.triggers import FallingEdge, First, RisingEdge, ValueChange
from cocotb_bus.bus import Bus
from cocotb_bus.monitors import BusMonitor

from tb.bus.apb import APB_SIGNALS
from tb.bus.clock import now_ps
from tb.bus.pins import read_uint
from tb.bus.samples import PF, VF, EdgeSample, Transfer


def _int(handle) -> int:
    """A pin's value, with X/Z read as -1 so that a checker flags it."""
    value = read_uint(handle)
    return -1 if value is None else value


class MailboxPinMonitor(BusMonitor):
    _signals = ["clk", "rst_n", "vf_flr", "link_up", "pf_irq", "vf_irq"]

    def __init__(self, dut, clock_control, callback=None):
        self.clock_control = clock_control
        self.apb = {PF: Bus(dut, PF, APB_SIGNALS), VF: Bus(dut, VF, APB_SIGNALS + ["pfunc"])}
        self.samples = 0
        self.same_edge = 0  # edges on which both ports completed a transfer
        self._pins = {}     # rst_n, vf_flr and link_up as they are now, kept by _follow()
        super().__init__(dut, None, dut.clk, callback=callback)

    def _transfer(self, port: str) -> Transfer:
        p = self.apb[port]
        if not (_int(p.penable) == 1 and _int(p.psel) == 1 and _int(p.pready) == 1):
            return None
        write = _int(p.pwrite) == 1
        data = _int(p.pwdata) if write else _int(p.prdata)
        func = _int(p.pfunc) if port == VF else 0
        return Transfer(port, write, _int(p.paddr), data, _int(p.pslverr) == 1, func)

    async def _follow(self, name: str):
        """Keep the value of an input that changes rarely, instead of reading it per edge."""
        handle = getattr(self.bus, name)
        change = ValueChange(handle)
        while True:
            self._pins[name] = _int(handle)
            await change

    async def _monitor_recv(self):
        d = self.bus
        for name in ("rst_n", "vf_flr", "link_up"):
            self._pins[name] = _int(getattr(d, name))
            cocotb.start_soon(self._follow(name))
        clk_rise = RisingEdge(d.clk)
        # With the idle-skipping clock every edge that happens has a user, so the monitor
        # simply samples each one. A free-running clock has millions of idle edges: there
        # it sleeps until a pin shows activity.
        sleep_when_idle = self.clock_control.mode == "free"
        busy = True
        while True:
            if sleep_when_idle and not busy:
                await First(RisingEdge(self.apb[PF].penable), RisingEdge(self.apb[VF].penable),
                            ValueChange(d.vf_flr), FallingEdge(d.rst_n))
            await clk_rise
            pf, vf = self._transfer(PF), self._transfer(VF)
            flr = self._pins["vf_flr"]
            reset = self._pins["rst_n"] != 1
            if sleep_when_idle:
                busy = (reset or flr != 0 or _int(self.apb[PF].psel) == 1
                        or _int(self.apb[VF].psel) == 1)
            if not (pf or vf or reset or flr):
                continue
            now = now_ps()
            self.samples += 1
            self.same_edge += bool(pf and vf)
            self._recv(EdgeSample(
                time_ps=now,
                edge=self.clock_control.edge_index(now),
                pf=pf,
                vf=vf,
                flr=flr,
                reset=reset,
                link_up=self._pins["link_up"] == 1,
                pf_irq=_int(d.pf_irq) == 1,
                vf_irq=_int(d.vf_irq),
            ))


class HdlPinMonitor(MailboxPinMonitor):
    """BUS_PATH=hdl: the same EdgeSamples, from the shell's monitor half
    (tb/hdl/mailbox_shell.v), which packs the pins of each edge Python wakes on into one
    record: no simulator callback of its own, one read per such edge."""

    async def _monitor_recv(self):
        dut = self.entity
        record, wake = dut.mon_record, self.clock_control.edge_trigger
        n, func_w, addr_w = len(dut.vf_flr), len(dut.vf_pfunc), len(dut.pf_paddr)
        # Fields from the least significant bit, as the shell packs them.
        layout = [("pf_slverr", 1), ("pf_data", 32), ("pf_addr", addr_w), ("pf_write", 1),
                  ("pf", 1), ("vf_slverr", 1), ("vf_data", 32), ("vf_addr", 16),
                  ("vf_func", func_w), ("vf_write", 1), ("vf", 1), ("vf_flr", n),
                  ("rst_n", 1), ("link_up", 1), ("pf_irq", 1), ("vf_irq", n), ("sampled", 1)]
        fields, width = [], 0
        for name, bits in layout:
            fields.append((name, width, (1 << bits) - 1))
            width += bits
        while True:
            await wake
            value = read_uint(record)
            if value is None:   # X or Z somewhere: those fields read -1, so a checker flags them
                f = self._with_unknowns(record, fields, width)
            else:
                f = {name: value >> shift & mask for name, shift, mask in fields}
            if f["sampled"] != 1:
                continue   # an edge only a clock holder needed
            pf = Transfer(PF, f["pf_write"] == 1, f["pf_addr"], f["pf_data"],
                          f["pf_slverr"] == 1, 0) if f["pf"] == 1 else None
            vf = Transfer(VF, f["vf_write"] == 1, f["vf_addr"], f["vf_data"],
                          f["vf_slverr"] == 1, f["vf_func"]) if f["vf"] == 1 else None
            now = now_ps()
            self.samples += 1
            self.same_edge += bool(pf and vf)
            self._recv(EdgeSample(
                time_ps=now, edge=self.clock_control.edge_index(now), pf=pf, vf=vf,
                flr=f["vf_flr"], reset=f["rst_n"] != 1, link_up=f["link_up"] == 1,
                pf_irq=f["pf_irq"] == 1, vf_irq=f["vf_irq"]))

    @staticmethod
    def _with_unknowns(record, fields, width) -> dict:
        """The record's fields, -1 for one with an X or Z bit."""
        bits = record._handle.get_signal_val_binstr()
        f = {}
        for name, shift, mask in fields:
            part = bits[width - shift - mask.bit_length():width - shift]
            f[name] = int(part, 2) if part.isdigit() else -1
        return f
