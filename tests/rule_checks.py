"""Rule checks that take the window description as an argument, so that the rule tests of
every RTL top (mailbox_regs_tests.py for pf_vf_mailbox, and any other top's) share them:

    await every_offset_of_the_window(tb, tb.pf, mapped=pf_offsets, snapshot=snapshot)
    await every_offset_of_the_window(tb, tb.vf(0), mapped=vf_offsets, snapshot=snapshot)
        every 4-byte-aligned offset of the agent's address pins: a mapped one reads without
        PSLVERR, every other one gets PSLVERR and reads 0, on a read and on an all-ones
        write, and nothing `snapshot(tb)` returns changes (not just the neighbours of the
        registers: a decode that ignores a high address bit aliases a far hole)
    await a_transfer_on_every_reset_edge(tb, words, pulses=(1, 2, 3))
        for reset pulses of each length, a write of each storage word in `words`
        ((writer, write offset, reader, read offset): plain storage that reset does not
        clear, such as mailbox memory; all of them on one edge) completing on the edge
        before the pulse lands, on every edge of the pulse (the first and the last
        included) is dropped, and on the first edge after it lands again

`tb` is a MailboxTB-like testbench (clock, dut.rst_n, settle()); agents are its ApbMaster
or ApbFunction views.
"""

import cocotb
from cocotb.triggers import gather

ALL_ONES = 0xFFFFFFFF


def window_offsets(agent) -> range:
    """Every 4-byte-aligned offset the agent's paddr pins can carry."""
    master = getattr(agent, "master", agent)
    return range(0, 1 << len(master.bus.paddr), 4)


async def every_offset_of_the_window(tb, agent, mapped, snapshot):
    mapped = set(mapped)
    func = getattr(agent, "func", 0)
    master = getattr(agent, "master", agent)
    unmapped_read = [a for a in sorted(mapped)
                     if (await master.transfer_any(False, a, 0, func)).slverr]
    before = await snapshot(tb)
    answered = []
    for addr in window_offsets(agent):
        if addr in mapped:
            continue
        read = await master.transfer_any(False, addr, 0, func)
        write = await master.transfer_any(True, addr, ALL_ONES, func)
        if not (read.slverr and write.slverr) or read.data != 0:
            answered.append(addr)
    name = f"{master.port} port (vf_pfunc {func})" if master.port == "vf" else "PF port"
    assert not unmapped_read, f"{name}: mapped offsets got PSLVERR: {list(map(hex, unmapped_read))}"
    assert not answered, f"{name}: unmapped offsets answered (no PSLVERR, or read data): " \
                         f"{list(map(hex, answered[:16]))}{' ...' if len(answered) > 16 else ''}"
    assert await snapshot(tb) == before, f"{name}: an access to an unmapped offset changed state"


async def a_transfer_on_every_reset_edge(tb, words, pulses=(1, 2, 3)):
    dut, clock = tb.dut, tb.clock
    stamp = 0x5A000000
    for length in pulses:
        # Edges 1 .. length+3 of one held clock; rst_n is low on edges 3 .. length+2. A
        # transfer completing on edge `done` drives SETUP on edge done-1.
        reset_edges = range(3, length + 3)
        for done in range(2, length + 4):
            stamp += 0x100
            await clock.acquire()
            writes = None
            for edge in range(1, length + 4):
                if edge == done - 1:
                    writes = cocotb.start_soon(gather(*(
                        writer.write(addr, stamp + i) for i, (writer, addr, _, _) in enumerate(words))))
                dut.rst_n.value = 0 if edge in reset_edges else 1
                await clock.rising_edge()
            dut.rst_n.value = 1
            clock.release()
            await writes
            await tb.settle()
            landed = [await reader.read(addr) == stamp + i for i, (_, _, reader, addr) in enumerate(words)]
            where = (f"edge {done - 2} of a {length}-edge reset pulse" if done in reset_edges else
                     "the edge before a reset pulse" if done < reset_edges[0] else
                     "the first edge after a reset pulse")
            want = done not in reset_edges
            assert landed == [want] * len(words), (
                f"writes completing on {where}: {'landed' if want else 'dropped'} expected, "
                f"landed per word {landed}")
