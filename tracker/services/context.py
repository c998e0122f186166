"""What every use case gets: the unit of work (the open transaction), who acts, and when."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain import codes, figures
from tracker.domain.calendar import LOCAL_ZONE, local_date
from tracker.domain.categories import DEFAULT_CATEGORIES, Category
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.events import Event, Fact, ItemFact, StreamFact
from tracker.domain.items import Item, apply
from tracker.store.repository import Repository, SqlRepository

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
    """The unit of work of one command. Use cases read through `repo` and decide; nothing they
    decide is written until `commit`, which writes the new events, the items' projection and
    the monitor figures together through `repo`. A unit of work that is not committed leaves
    no trace. `conn` is the SQL transaction the repository works in, for the use cases that
    also read or write other tables through a store module (weighings, people, goals); None
    in memory."""

    repo: Repository
    actor: Actor
    at: datetime
    randbits: Callable[[int], int] = secrets.randbits
    new_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)
    categories: dict[str, Category] = field(
        default_factory=lambda: {c.id: c for c in DEFAULT_CATEGORIES})
    weighing_max_age_s: float = 120
    real_now: datetime | None = None  # the wall clock, when `at` is back-dated by an admin
    # the figure changes of a group commit (`store.writer`); None: written by `commit` itself
    figure_batch: list[figures.Delta] | None = None
    conn: sa.Connection | None = None
    _events: list[tuple[Event, date]] = field(default_factory=list)
    _items: dict[str, tuple[int, Item]] = field(default_factory=dict)  # code: (stored version, new)
    _deltas: list[figures.Delta] = field(default_factory=list)

    @classmethod
    def on(cls, conn: sa.Connection, actor: Actor, at: datetime, **options: Any) -> Tx:
        """A unit of work in an open SQL transaction."""
        return cls(SqlRepository(conn), actor, at, conn=conn, **options)

    @property
    def sql(self) -> sa.Connection:
        """The SQL transaction, for a use case that needs more than items and events."""
        if self.conn is None:
            raise RuntimeError("this use case needs the database: the unit of work has none")
        return self.conn

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

    def _append(self, stream: str, seq: int, fact: Fact, site: str | None = None) -> Event:
        event = Event(stream=stream, seq=seq, at=self.at, site=site or self.actor.site,
                      station=self.actor.station, person=self.actor.person, fact=fact)
        self._events.append((event, local_date(self.at)))
        return event

    def record(self, stream: str, seq: int, fact: StreamFact, site: str | None = None) -> Event:
        """Append one event to a stream (not an item: sales, bulk, own-use repairs, visits,
        activities); `site` if it happened elsewhere than at the station's site."""
        event = self._append(stream, seq, fact, site)
        self._deltas.extend(figures.stream_deltas(event))
        return event

    def change_item(self, item: Item | None, code: str, fact: ItemFact) -> Item:
        """Append an item event; the item as it is after it."""
        if item is not None and self.at < item.updated_at:
            raise InvalidInput("het tijdstip ligt vóór de vorige gebeurtenis van dit item",
                               "at_before_previous_event",
                               en="the time is before this item's previous event")
        event = self._append(code, (item.version if item else 0) + 1, fact)
        new = apply(item, event)
        stored = self._items[code][0] if code in self._items else (item.version if item else 0)
        self._items[code] = (stored, new)
        self._deltas.extend(figures.item_deltas(event, item, new))
        return new

    def count(self, deltas: Iterable[figures.Delta]) -> None:
        """Figure changes beyond the events' own (a correction moves earlier days)."""
        self._deltas.extend(deltas)

    def commit(self) -> None:
        """Write everything this unit of work decided. A taken (stream, seq) or a changed item
        version raises ConcurrentChange, and the surrounding transaction keeps nothing.

        Events go in one statement, in the order they happened. Figures are merged and sorted
        so that concurrent transactions lock figure rows in one order (PostgreSQL cannot
        deadlock on them); in a SQLite group commit they join the batch's, written once."""
        if self._events:
            self.repo.append_all(self._events)
        for stored, item in self._items.values():
            self.repo.save_item(item, stored)
        if self.figure_batch is not None:
            self.figure_batch.extend(self._deltas)
        elif self._deltas:
            self.repo.add_figures(figures.merge(self._deltas))
        self._events, self._items, self._deltas = [], {}, []

    def load(self, code: str, for_update: bool = True) -> Item:
        """An item by canonical code (as this unit of work left it), locked for this
        transaction, or 404."""
        if code in self._items:
            return self._items[code][1]
        item = self.repo.get_item(code, for_update=for_update)
        if item is None:
            raise NotFound(f"item {codes.display(code)} bestaat niet", "item_not_found",
                           en=f"item {codes.display(code)} does not exist")
        return item
