"""The timeline of a scenario: what the drivers say they did, and what the protocol
monitor saw on the pins, each stamped with simulated time (and clock edge for pins)."""

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Event:
    time_ps: int
    source: str             # "PF", "VF<n>" (driver models) or "monitor"
    kind: str               # short name, e.g. "req", "erased", "mbx-timeout"
    text: str               # one line for a person
    vf: int = 0
    edge: Optional[int] = None
    transfer: Optional[str] = None
    value: Optional[int] = None   # the register value the event is about, if any
    message: Optional[str] = None  # the message type it is about, e.g. "SET_MULTICAST"
    by: Optional[str] = None       # who acted: "PF" or "VF" (e.g. who overwrote a word)

    def line(self, origin_ps: int = 0, origin_edge: int = 0) -> str:
        """One line for a person; time and edge counted from an origin (a scenario's start)."""
        edge = f"edge {self.edge - origin_edge:>9d}" if self.edge is not None else " " * 14
        where = f"  [{self.transfer}]" if self.transfer else ""
        return (f"{(self.time_ps - origin_ps) / 1e9:12.6f} ms  {edge}  {self.source:7s} "
                f"{self.text}{where}")


class Timeline:
    def __init__(self):
        self.events = []

    def add(self, time_ps: int, source: str, kind: str, text: str, **kw) -> Event:
        event = Event(time_ps, source, kind, text, **kw)
        self.events.append(event)
        return event

    def in_order(self):
        """Events by time (a monitor may report an edge once it knows what it meant)."""
        return sorted(self.events, key=lambda e: (e.time_ps, e.edge if e.edge is not None else -1))

    def of_kind(self, *kinds, source=None):
        return [e for e in self.events if e.kind in kinds and (source is None or e.source == source)]
