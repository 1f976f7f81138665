"""The register clock, free-running or idle-skipping, on one time grid.

Rising edges fall at `period/2 + k*period` (k = 0, 1, ...) in both modes. In the
idle-skipping mode the clock runs only while something needs edges (an APB transfer, a
reset, an FLR pulse) plus one more edge, so that a vf_irq pulse ends as it would; then it
rests low until the next user, and restarts on the same grid. Nothing in pf_vf_mailbox
changes state on an edge without such a user (docs/hardware.md; docs/timing.md), so
both modes give the same register trace. Users call `await acquire()` before
driving pins, `await rising_edge()` to wait for edges, and `release()` after their last one.
Two clocks keep these rules: ClockControl drives the top's clk from Python
(BUS_PATH=python), ShellClock has the testbench shell of BUS_PATH=hdl generate it.
"""

import cocotb
from cocotb import simulator
from cocotb.clock import Clock
from cocotb.triggers import Event, RisingEdge, Timer, ValueChange

from tb.bus.pins import write_now
from tb.options import choose

CLOCK_MODES = ("idle-skip", "free")


def now_ps() -> int:
    """Simulated time in whole picoseconds. The testbench runs at 1 ps precision (checked
    in ClockControl), so the simulator's raw step count is picoseconds; reading it raw
    costs a tenth of get_sim_time(), and this is called several times per transfer."""
    high, low = simulator.get_sim_time()
    return high << 32 | low


class ClockGrid:
    """The grid and the user rules both clocks share: users call `await acquire()` before
    driving pins, `await rising_edge()` to wait for edges, and `release()` after their last."""

    def __init__(self, signal, period_ns: float, mode: str):
        choose("clock mode", mode, CLOCK_MODES)
        if simulator.get_precision() != -12:
            raise RuntimeError("the testbench needs a 1 ps time precision (timescale 1ns/1ps)")
        self.signal = signal
        self.mode = mode
        self.period_ps = round(period_ns * 1000)
        if self.period_ps % 4:
            raise ValueError(f"clock period {period_ns} ns must be a multiple of 4 ps")
        self._users = 0
        self._last_edge_ps = -1
        self._rise = RisingEdge(signal)

    # ------------------------------------------------------------------ grid
    @property
    def half_ps(self) -> int:
        return self.period_ps // 2

    def edge_index(self, time_ps: int) -> int:
        """Rising edge number of a time on the grid."""
        return (time_ps - self.half_ps) // self.period_ps

    def next_rise_after(self, time_ps: int) -> int:
        """The first rising edge of the grid strictly after `time_ps`."""
        return (self.edge_index(time_ps) + 1) * self.period_ps + self.half_ps

    # ------------------------------------------------------------------ users
    @property
    def edge_trigger(self):
        """What `rising_edge()` waits on."""
        return self._rise

    async def rising_edge(self):
        """Wait for the next rising edge (the caller must hold the clock)."""
        await self._rise
        self._last_edge_ps = now_ps()

    def on_unseen_edge(self) -> bool:
        """Exactly on a rising edge that no user has seen yet: whether it has happened is up
        to the simulator's event order, so a user steps past it to stay deterministic."""
        now = now_ps()
        return now != self._last_edge_ps and now % self.period_ps == self.half_ps

    async def acquire(self):
        """Wait for a moment where pins may be driven for the next grid edge, and make
        sure that edge will come."""
        if self.on_unseen_edge():
            await Timer(self.half_ps, "ps")
        self._users += 1
        if self._users == 1:
            self._first_user()

    def release(self):
        self._users -= 1
        if self._users == 0:
            self._last_user_left()

    # ------------------------------------------------------------------ what a clock does
    def start(self):
        """Call once at time 0: the clock rests low; the free mode starts it now."""
        raise NotImplementedError

    @property
    def running(self) -> bool:
        raise NotImplementedError

    def _first_user(self):
        """A user came to an idle clock: the next grid edge must come."""
        raise NotImplementedError

    def _last_user_left(self):
        """The last user left: one more rising edge, then the clock may stop."""
        raise NotImplementedError


class ClockControl(ClockGrid):
    """BUS_PATH=python: cocotb's clock on the top's clk, started and stopped from here."""

    def __init__(self, signal, period_ns: float = 8.0, mode: str = "idle-skip"):
        super().__init__(signal, period_ns, mode)
        self._clock = Clock(signal, self.period_ps, unit="ps", impl="gpi")
        self._running = False
        self._idle = Event()
        self._last_release_ps = -1

    @property
    def running(self) -> bool:
        return self._running

    # ------------------------------------------------------------------ control
    def start(self):
        self.signal.value = 0
        if self.mode == "free":
            self._clock.start(start_high=False)
            self._running = True
        else:
            cocotb.start_soon(self._stop_when_idle())

    def _first_user(self):
        if self.mode == "idle-skip" and not self._running:
            self._running = True
            cocotb.start_soon(self._start_at(self.next_rise_after(now_ps())))

    def _last_user_left(self):
        if self.mode == "idle-skip":
            self._last_release_ps = now_ps()
            self._idle.set()

    async def _start_at(self, rise_ps: int):
        await Timer(rise_ps - now_ps(), "ps")
        self._clock.start(start_high=True)

    async def _stop_when_idle(self):
        # Each time the last user leaves: give one more rising edge (vf_irq ends on it),
        # then stop in the middle of the low phase, where the clock is surely low.
        # A user who comes and goes during that wait sets the event again, though the loop
        # below already counts its release: once the clock is stopped there is nothing left
        # to stop, and a stop time computed from that release would lie in the past.
        while True:
            await self._idle.wait()
            self._idle.clear()
            while self._users == 0 and self._running:
                stop_at = self.next_rise_after(self._last_release_ps) + 3 * self.period_ps // 4
                await Timer(stop_at - now_ps(), "ps")
                if self._users == 0 and self.next_rise_after(self._last_release_ps) < stop_at:
                    self._clock.stop()
                    self._running = False
                    # The stop covers every release so far, those made during the wait too.
                    self._idle.clear()
                    break


class ShellClock(ClockGrid):
    """BUS_PATH=hdl: the shell generates the clock (tb/hdl/mailbox_shell.v) on the same grid
    with the same idle-skipping rule; Python only says whether it holds the clock. The APB
    transactors hold it for their own commands (tb.bus.apb.HdlApbMaster). Every waiter
    resumes on the shell's edge_seq, which toggles after an edge's updates on the edges
    Python has business with (a transfer completes, reset, FLR, a holder here), in the order
    the waiters began waiting, as they do on the clock itself on the Python path."""

    def __init__(self, shell, period_ns: float = 8.0, mode: str = "idle-skip"):
        super().__init__(shell.clk, period_ns, mode)
        self.shell = shell
        self._rise = ValueChange(shell.edge_seq)

    @property
    def running(self) -> bool:
        return self.shell.clk_running.value == 1

    def start(self):
        write_now(self.shell.clk_period_ps, self.period_ps)
        write_now(self.shell.clk_hold, 0)
        write_now(self.shell.clk_free, int(self.mode == "free"))

    def _first_user(self):
        write_now(self.shell.clk_hold, 1)

    def _last_user_left(self):
        write_now(self.shell.clk_hold, 0)
