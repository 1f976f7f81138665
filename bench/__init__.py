"""Benchmarks: python -m bench.<name> (make bench)."""

import os
import resource


def target(met: bool) -> str:
    """A target's verdict; a miss names the machine's load, since other processes sharing
    the cores (a loaded CI runner, parallel jobs) slow every figure here."""
    if met:
        return "met"
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    busy = "busy: other processes share the cores, rerun on a quiet machine" if load > cores / 2 \
        else "quiet"
    return f"MISSED (load average {load:.1f} on {cores} cores: {busy})"


def children_cpu() -> float:
    """CPU seconds of the finished child processes (the simulators) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
