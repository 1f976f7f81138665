"""Wall time per register access through the greenlet bridge, against a pure-Python coroutine
doing the same accesses, both under plain asyncio on a zero-cost host (the worst case for the
bridge: in a simulation every access also costs an APB transfer and its clock edges).

    .venv/bin/python -m bench.bench_cdriver_overhead [--repeat 5] [--variant linux-igbvf]

Workload: the C VF's e1000_rlpml_set_vf with no PF answering: the lock, the message, then
poll_for_ack's 2000 polls (a VFMailbox read and a udelay(500) each) until mbx->timeout.
"""

import argparse
import asyncio
import time

from tb import regmap as R
from tb.cdriver.adapters import CIgbvf


class ZeroHost:
    """Answers at once: VFMailbox shows VFU (so the lock is taken), everything else 0."""

    def __init__(self):
        self.calls = 0

    async def read(self, addr):
        self.calls += 1
        return R.VFMAILBOX_VFU if addr == R.VF_MAILBOX else 0

    async def write(self, addr, data):
        self.calls += 1

    async def udelay(self, us):
        self.calls += 1


async def replay(host, trace):
    """The same host calls, made by a Python coroutine."""
    for kind, offset, data in trace:
        if kind == "read":
            await host.read(offset)
        elif kind == "write":
            await host.write(offset, data)
        else:
            await host.udelay(data)


def measure(variant: str, repeat: int):
    best_c = best_py = float("inf")
    calls = 0
    for _ in range(repeat):
        host = ZeroHost()
        vf = CIgbvf(host, 0, None, library=variant)
        vf.mbx_timeout = 2000
        t0 = time.perf_counter()
        asyncio.run(vf.rlpml_set_vf(1522))
        best_c = min(best_c, time.perf_counter() - t0)
        calls = host.calls
        trace = list(vf.bridge.trace)
        py_host = ZeroHost()
        t0 = time.perf_counter()
        asyncio.run(replay(py_host, trace))
        best_py = min(best_py, time.perf_counter() - t0)
        assert py_host.calls == calls
    return calls, best_c, best_py


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--variant", default="linux-igbvf")
    args = ap.parse_args(argv)
    calls, c, py = measure(args.variant, args.repeat)
    print(f"{args.variant}: {calls} host calls (reads, writes, udelays)")
    print(f"  C through the greenlet bridge: {c * 1e3:8.2f} ms  {c / calls * 1e6:6.2f} us/call")
    print(f"  pure-Python coroutine        : {py * 1e3:8.2f} ms  {py / calls * 1e6:6.2f} us/call")
    print(f"  bridge overhead              : {(c - py) / calls * 1e6:6.2f} us/call, "
          f"ratio {c / py:.2f}x on a zero-cost host")


if __name__ == "__main__":
    main()
