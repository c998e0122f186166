"""The repository in memory: the same contract as the SQL one, for fast tests of use cases.

It lives beside the SQL repository (not in tests/) so that mypy holds it to the `Repository`
protocol with the rest of the package, and the contract test runs both against the same
assertions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from tracker.domain.events import Event
from tracker.domain.figures import Delta
from tracker.domain.items import Item
from tracker.store.repository import ConcurrentChange

_TAKEN = "iemand anders heeft dit item net gewijzigd; probeer het opnieuw"
_TAKEN_EN = "someone else has just changed this item; try again"


@dataclass
class MemoryRepository:
    """Items, streams and figure changes in dicts and lists; nothing is shared or durable."""

    items: dict[str, Item] = field(default_factory=dict)
    streams: dict[str, list[Event]] = field(default_factory=dict)
    days: list[date] = field(default_factory=list)  # each stored event's local date, in order
    figures: list[Delta] = field(default_factory=list)

    def get_item(self, code: str, for_update: bool = False) -> Item | None:
        """The current state of an item, or None (one writer: nothing to lock)."""
        return self.items.get(code)

    def events_of(self, stream: str, for_update: bool = False) -> list[Event]:
        """A stream's events, oldest first (one writer: nothing to lock)."""
        return list(self.streams.get(stream, ()))

    def stream_exists(self, stream: str) -> bool:
        """Whether a stream has any event."""
        return bool(self.streams.get(stream))

    def append_all(self, events: Sequence[tuple[Event, date]]) -> None:
        """Store new events in order; a taken (stream, seq) stores none of them."""
        taken = {(s, e.seq) for s, stream in self.streams.items() for e in stream}
        new = [(e.stream, e.seq) for e, _ in events]
        if len(set(new)) != len(new) or taken.intersection(new):
            raise ConcurrentChange(_TAKEN, en=_TAKEN_EN)
        for event, day in events:
            self.streams.setdefault(event.stream, []).append(event)
            self.days.append(day)

    def save_item(self, item: Item, stored_version: int) -> None:
        """Write an item if it is still at `stored_version` (0: new)."""
        before = self.items.get(item.code)
        if (before.version if before else 0) != stored_version:
            raise ConcurrentChange(_TAKEN, en=_TAKEN_EN)
        self.items[item.code] = item

    def add_figures(self, deltas: Sequence[Delta]) -> None:
        """Keep the figure changes, in order."""
        self.figures.extend(deltas)

    def all_events(self) -> list[Event]:
        """Every stored event, stream by stream."""
        return [e for stream in self.streams.values() for e in stream]
