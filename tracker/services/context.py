"""What every use case gets: the open transaction, who acts, and when."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import sqlalchemy as sa

from tracker.domain import codes, figures
from tracker.domain.calendar import LOCAL_ZONE, local_date
from tracker.domain.categories import DEFAULT_CATEGORIES, Category
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.items import Change, Event, Item, apply
from tracker.store import figures as stored_figures
from tracker.store import repository as repo

__all__ = ["LOCAL_ZONE", "Actor", "Clock", "Tx", "local_date", "utc_now"]

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """The station (and optional person alias) doing something, at its site."""

    station: str
    role: str
    site: str
    person: str | None = None


@dataclass
class Tx:
    """One unit of work: events written here commit together or not at all."""

    conn: sa.Connection
    actor: Actor
    at: datetime
    randbits: Callable[[int], int] = secrets.randbits
    new_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)
    categories: dict[str, Category] = field(
        default_factory=lambda: {c.id: c for c in DEFAULT_CATEGORIES})
    weighing_max_age_s: float = 120
    real_now: datetime | None = None  # the wall clock, when `at` is back-dated by an admin
    # new events and monitor figure changes, written by `flush` just before the commit
    events: list[tuple[Event, date]] = field(default_factory=list)
    pending: list[figures.Delta] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        return self.real_now or self.at

    def category(self, category_id: str) -> Category:
        """A known category, or a clear 422."""
        try:
            return self.categories[category_id]
        except KeyError:
            known = ", ".join(self.categories)
            raise InvalidInput(f"onbekende categorie '{category_id}' (kies uit: {known})",
                               "unknown_category",
                               en=f"unknown category '{category_id}' (choose from: {known})"
                               ) from None

    def _append(self, stream: str, seq: int, change: Change, site: str | None = None) -> Event:
        event = Event(stream=stream, seq=seq, type=change.type, at=self.at,
                      site=site or self.actor.site,
                      station=self.actor.station, person=self.actor.person, data=change.data)
        self.events.append((event, local_date(self.at)))
        return event

    def record(self, stream: str, seq: int, change: Change, site: str | None = None) -> Event:
        """Append one event to a stream (not an item: sales, bulk, own-use repairs, visits,
        activities); `site` if it happened elsewhere than at the station's site."""
        event = self._append(stream, seq, change, site)
        self.pending.extend(figures.stream_deltas(event))
        return event

    def change_item(self, item: Item | None, code: str, change: Change) -> Item:
        """Append an item event and update its projection in the same transaction."""
        if item is not None and self.at < item.updated_at:
            raise InvalidInput("het tijdstip ligt vóór de vorige gebeurtenis van dit item",
                               "at_before_previous_event",
                               en="the time is before this item's previous event")
        event = self._append(code, (item.version if item else 0) + 1, change)
        new = apply(item, event)
        repo.save_item(self.conn, new)
        self.pending.extend(figures.item_deltas(event, item, new))
        return new

    def flush(self) -> None:
        """Write the events and figures of this transaction; the unit of work calls it before
        commit. A taken (stream, seq) raises ConcurrentChange here, and nothing is kept.

        Events go in one statement, in the order they happened. Figures are deferred and
        sorted so that concurrent transactions lock figure rows in one order (PostgreSQL
        cannot deadlock on them), and a sale of many items touches each row once; in a
        SQLite group commit the whole batch's figures are written once.
        """
        if self.events:
            repo.append_all(self.conn, self.events)
            self.events = []
        if self.pending:
            stored_figures.add_soon(self.conn, self.pending)
            self.pending = []

    def load(self, code: str, for_update: bool = True) -> Item:
        """An item by canonical code, locked for this transaction, or 404."""
        item = repo.get_item(self.conn, code, for_update=for_update)
        if item is None:
            raise NotFound(f"item {codes.display(code)} bestaat niet", "item_not_found",
                           en=f"item {codes.display(code)} does not exist")
        return item
