"""Fast pin reads for the agents and the monitor."""


def read_uint(handle):
    """The value of a pin as an int, or None when any bit is X or Z.

    Reads the simulator's bit string directly (cocotb 2.1 handle internals): building a
    LogicArray for every read costs more than the rest of an APB transfer.
    """
    try:
        return int(handle._handle.get_signal_val_binstr(), 2)
    except ValueError:
        return None
