"""What one trial is, and how a sweep turns into trials (pure Python: the client plans,
the simulator runs, both import this)."""

import random
from dataclasses import asdict, dataclass

from tb.build import DEFAULT_NUM_VFS
from tb.drivers.host import profile


@dataclass(frozen=True)
class Point:
    """One point of a sweep: a driver pair and a timing. An IRQ latency range lo < hi is
    drawn at random per trial (uniform, from the trial's seed); lo == hi is fixed."""

    point_id: int
    vf: str
    pf: str
    profile: str
    handler_us: float          # PF work for SET_MULTICAST
    irq_lo_us: float
    irq_hi_us: float
    mmio_read_us: float
    jitter: float
    num_vfs: int = DEFAULT_NUM_VFS   # VFs in the RTL and enabled by the PF
    family: str = "igb"        # ixgbe: the 10 GbE bring-up with a link flap (explorer flap)
    flap_us: float = 0.0       # ixgbe: the link_up pin falls this long after the start
    down_us: float = 100.0     # ixgbe: and rises this long later

    @property
    def irq_label(self) -> str:
        return f"{self.irq_lo_us:g}" if self.irq_lo_us == self.irq_hi_us else \
            f"{self.irq_lo_us:g}~{self.irq_hi_us:g}"


@dataclass(frozen=True)
class Trial:
    trial_id: int
    point: Point
    index: int                 # trial number within its point
    seed: int
    confirm: bool              # run to the real timeout and link check even after a loss

    def irq_latency_us(self) -> float:
        p = self.point
        if p.irq_lo_us == p.irq_hi_us:
            return p.irq_lo_us
        return round(random.Random(self.seed).uniform(p.irq_lo_us, p.irq_hi_us), 3)

    def timing(self):
        p = self.point
        base = profile(p.profile)
        return base.with_changes(handler_us={"SET_MULTICAST": p.handler_us},
                                 pf_irq_latency_us=self.irq_latency_us(),
                                 mmio_read_us=p.mmio_read_us, jitter=p.jitter)

    def to_json(self) -> dict:
        return {"trial_id": self.trial_id, "point": asdict(self.point), "index": self.index,
                "seed": self.seed, "confirm": self.confirm}

    @staticmethod
    def from_json(d: dict) -> "Trial":
        return Trial(d["trial_id"], Point(**d["point"]), d["index"], d["seed"], d["confirm"])


def trial_seed(base_seed: int, point_id: int, index: int) -> int:
    """A trial's seed depends only on the sweep's seed and the trial's place in it, never
    on how trials are batched or spread over workers."""
    return random.Random(f"{base_seed}/{point_id}/{index}").getrandbits(32)


def plan_trials(points, trials_per_point: int, base_seed: int, confirm_every: int):
    trials = []
    for p in points:
        for i in range(trials_per_point):
            confirm = confirm_every > 0 and i % confirm_every == 0
            trials.append(Trial(len(trials), p, i, trial_seed(base_seed, p.point_id, i), confirm))
    return trials


def batches(trials, size: int):
    """Consecutive trials in batches: each batch is one simulator process."""
    return [trials[i:i + size] for i in range(0, len(trials), size)]
