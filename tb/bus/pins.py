"""Fast pin reads for the agents and the monitor, and writes of the BUS_PATH=hdl shell."""

from cocotb import simulator
from cocotb.handle import _GPISetAction


def read_uint(handle):
    """The value of a pin as an int, or None when any bit is X or Z.

    Reads the simulator's bit string directly (cocotb 2.1 handle internals): building a
    LogicArray for every read costs more than the rest of an APB transfer.
    """
    try:
        return int(handle._handle.get_signal_val_binstr(), 2)
    except ValueError:
        return None


def write_now(handle, value: int):
    """Write a register of the BUS_PATH=hdl shell at once (a VPI write without delay, as
    cocotb's Immediate does), where a deferred write would cost a ReadWrite callback. Callers
    run after a timer or the shell's edge_seq, when no process of an edge at this instant is
    left to see the change. At time 0 Icarus has not started its processes yet and such a
    write never wakes them: there the write is deferred to the end of the step (no edge comes
    at 0). Like read_uint, it calls the simulator object itself (cocotb 2.1 internals): the
    handle's checks and conversions cost more than the write."""
    high, low = simulator.get_sim_time()
    if not (high or low):
        handle.value = value
    else:
        handle._handle.set_signal_val_binstr(_GPISetAction.NO_DELAY.value,
                                             f"{value:0{len(handle)}b}")
