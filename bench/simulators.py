"""The benchmarks' --sim option: Icarus (the default), Verilator, or both in one run with
the ratio of their figures."""

from tb.build import SUPPORTED_SIMS

BOTH = "both"


def add_sim_option(ap):
    ap.add_argument("--sim", choices=(*SUPPORTED_SIMS, BOTH), default="icarus",
                    help="simulator, or both with their ratio (default %(default)s)")


def selected(args) -> tuple:
    return SUPPORTED_SIMS if args.sim == BOTH else (args.sim,)


def print_ratio(what: str, figures: dict, higher_is_faster: bool, unit: str):
    """With both simulators measured: how many times as fast Verilator was as Icarus."""
    if set(figures) != {"icarus", "verilator"}:
        return
    speedup = figures["verilator"] / figures["icarus"]
    if not higher_is_faster:
        speedup = 1 / speedup
    print(f"{what}: Verilator / Icarus speed = {speedup:.2f} "
          f"(Icarus {figures['icarus']:.1f} {unit}, Verilator {figures['verilator']:.1f} {unit})",
          flush=True)
