"""Reading and writing events, the item projection and the idempotency log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Protocol

import sqlalchemy as sa

from tracker.domain.errors import NotAllowed
from tracker.domain.events import REGISTRY, Event, to_data
from tracker.domain.figures import Delta
from tracker.domain.items import Item, State
from tracker.store import figures as stored_figures
from tracker.store import tables as t


class ConcurrentChange(NotAllowed):
    """Somebody else changed the same stream first (the (stream, seq) key said no)."""

    code = "concurrent_change"


def item_of(row: sa.Row[Any]) -> Item:
    """An item from its projection row."""
    m = row._mapping
    return Item(
        code=m["code"], state=State(m["state"]), category=m["category"], weight_g=m["weight_g"],
        cycle=m["cycle"], site=m["site_id"], created_at=m["created_at"],
        updated_at=m["updated_at"], version=m["version"], price_cents=m["price_cents"],
        description=m["description"], ords_category_id=m["ords_category_id"],
        serial_number=m["serial_number"], inputs=tuple(m["inputs"] or ()),
        cycle_started_at=m["cycle_started_at"], ready_since=m["ready_since"],
        condition=m["condition"], reserved_until=m["reserved_until"],
        reservation_note=m["reservation_note"], shelved_at=m["shelved_at"],
    )


def _event(row: sa.Row[Any]) -> Event:
    m = row._mapping
    return Event(stream=m["stream"], seq=m["seq"], at=m["at"], site=m["site_id"],
                 station=m["station"], person=m["person"],
                 fact=REGISTRY.read(m["type"], m["data"]))


# Hot lookups are built once: constructing a statement per call costs more than running it.
_ITEM = sa.select(t.items).where(t.items.c.code == sa.bindparam("code"))
_ITEM_LOCKED = _ITEM.with_for_update()
# Writes pass values as parameters, not `.values(...)`: no per-call statement building.
_INSERT_EVENT = t.events.insert()
_INSERT_ITEM = t.items.insert()
_UPDATE_ITEM = t.items.update().where(t.items.c.code == sa.bindparam("b_code"),
                                      t.items.c.version == sa.bindparam("b_version"))


def get_item(conn: sa.Connection, code: str, for_update: bool = False) -> Item | None:
    """The current state of an item, or None. `for_update` locks the row (PostgreSQL)."""
    row = conn.execute(_ITEM_LOCKED if for_update else _ITEM, {"code": code}).first()
    return item_of(row) if row else None


def items_where(conn: sa.Connection, *where: sa.ColumnElement[bool]) -> list[Item]:
    """Items matching a condition, by code."""
    rows = conn.execute(sa.select(t.items).where(*where).order_by(t.items.c.code))
    return [item_of(r) for r in rows]


def lock_stream(conn: sa.Connection, stream: str) -> None:
    """Lock a stream till the commit (PostgreSQL: its first event's row; SQLite has one writer
    anyway). A second writer waits here, and its next statement sees what the first added: a
    balance folded after this is the committed one."""
    conn.execute(sa.select(t.events.c.id).where(t.events.c.stream == stream,
                                                t.events.c.seq == 1).with_for_update())


def events_of(conn: sa.Connection, stream: str) -> list[Event]:
    """A stream's events, oldest first."""
    rows = conn.execute(sa.select(t.events).where(t.events.c.stream == stream)
                        .order_by(t.events.c.seq))
    return [_event(r) for r in rows]


def events_of_streams(conn: sa.Connection, streams: Sequence[str]) -> dict[str, list[Event]]:
    """The events of some streams (each oldest first), in one query."""
    out: dict[str, list[Event]] = {s: [] for s in streams}
    e = t.events.c
    for row in conn.execute(sa.select(t.events).where(e.stream.in_(list(streams)))
                            .order_by(e.stream, e.seq)):
        out[row.stream].append(_event(row))
    return out


def all_events(conn: sa.Connection) -> Iterable[Event]:
    """Every event in the order it was written."""
    for row in conn.execute(sa.select(t.events).order_by(t.events.c.id)):
        yield _event(row)


def events_since(conn: sa.Connection, after_id: int, types: Sequence[str],
                 limit: int) -> list[tuple[int, Event]]:
    """Events of these types written after the one with id `after_id`, with their ids, at
    most `limit` (for folds kept up to date in memory)."""
    e = t.events.c
    rows = conn.execute(sa.select(t.events).where(e.id > after_id, e.type.in_(list(types)))
                        .order_by(e.id).limit(limit))
    return [(r.id, _event(r)) for r in rows]


def last_event_id(conn: sa.Connection) -> int:
    """The id of the newest event (0: none)."""
    return int(conn.execute(sa.select(sa.func.max(t.events.c.id))).scalar() or 0)


def events_of_type(conn: sa.Connection, event_type: str) -> list[Event]:
    """Every event of one type, oldest first."""
    e = t.events.c
    rows = conn.execute(sa.select(t.events).where(e.type == event_type).order_by(e.id))
    return [_event(r) for r in rows]


def rows_of_type(conn: sa.Connection, event_type: str, since: date | None = None,
                 until: date | None = None, site: str | None = None) -> list[sa.Row[Any]]:
    """Stored rows (not yet read into facts) of one event type, local dates since..until, at
    one site or all, in the order they were written."""
    e = t.events.c
    q = sa.select(t.events).where(e.type == event_type)
    if since is not None:
        q = q.where(e.local_date >= since)
    if until is not None:
        q = q.where(e.local_date <= until)
    if site is not None:
        q = q.where(e.site_id == site)
    return list(conn.execute(q.order_by(e.id)))


def existing_streams(conn: sa.Connection, streams: Sequence[str]) -> set[str]:
    """Which of these streams have events (a few hundred at a time)."""
    e = t.events.c
    return set(conn.execute(sa.select(e.stream).where(e.stream.in_(streams))).scalars())


def recorded_by_stations_named(conn: sa.Connection, prefix: str) -> bool:
    """Whether a station whose name starts with `prefix` recorded anything."""
    q = sa.select(t.events.c.id).where(
        t.events.c.station.startswith(prefix, autoescape=True)).limit(1)
    return conn.execute(q).first() is not None


def items_in_state(conn: sa.Connection, state: State) -> list[Item]:
    """Every item in one state, by code."""
    return items_where(conn, t.items.c.state == state.value)


def count_events(conn: sa.Connection) -> int:
    """How many events are stored."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(t.events)).scalar_one())


def append_all(conn: sa.Connection, events: Sequence[tuple[Event, date]]) -> None:
    """Store new events (each with its local date), in order, in one statement; a taken
    (stream, seq) means a concurrent writer won."""
    try:
        conn.execute(_INSERT_EVENT, [dict(
            stream=e.stream, seq=e.seq, type=e.type, at=e.at, local_date=day, site_id=e.site,
            station=e.station, person=e.person, data=to_data(e.fact)) for e, day in events])
    except sa.exc.IntegrityError:
        raise ConcurrentChange(
            "iemand anders heeft dit item net gewijzigd; probeer het opnieuw") from None


def stream_exists(conn: sa.Connection, stream: str) -> bool:
    """Whether a stream has any event (used to key imports and keep them idempotent)."""
    return conn.execute(sa.select(sa.literal(1)).where(t.events.c.stream == stream)
                        .limit(1)).first() is not None


def _item_values(item: Item) -> dict[str, Any]:
    return dict(
        state=item.state.value, category=item.category, weight_g=item.weight_g,
        price_cents=item.price_cents, cycle=item.cycle, site_id=item.site,
        version=item.version, created_at=item.created_at, updated_at=item.updated_at,
        description=item.description, ords_category_id=item.ords_category_id,
        serial_number=item.serial_number, inputs=list(item.inputs),
        cycle_started_at=item.cycle_started_at, ready_since=item.ready_since,
        condition=item.condition, reserved_until=item.reserved_until,
        reservation_note=item.reservation_note, shelved_at=item.shelved_at,
    )


def insert_item(conn: sa.Connection, item: Item) -> None:
    """A new projection row."""
    conn.execute(_INSERT_ITEM, {"code": item.code, **_item_values(item)})


def save_item(conn: sa.Connection, item: Item, stored_version: int) -> None:
    """Write the projection row of an item after its newest events, if the stored row is
    still at `stored_version` (0: a new item)."""
    if stored_version == 0:
        insert_item(conn, item)
        return
    values = _item_values(item)
    done = conn.execute(_UPDATE_ITEM, {"b_code": item.code, "b_version": stored_version,
                                       **values})
    if done.rowcount != 1:
        raise ConcurrentChange("iemand anders heeft dit item net gewijzigd; probeer het opnieuw")


def clear_items(conn: sa.Connection) -> None:
    """Drop the item projection (before a rebuild)."""
    conn.execute(t.items.delete())


# --- idempotency --------------------------------------------------------------------------

def remembered(conn: sa.Connection, station: str, key: str) -> sa.RowMapping | None:
    row = conn.execute(sa.select(t.idempotency).where(t.idempotency.c.station == station,
                                                      t.idempotency.c.key == key)).first()
    return row._mapping if row else None


def remember(conn: sa.Connection, station: str, key: str, request_hash: str, status: int,
             body: Any, now: datetime) -> None:
    conn.execute(t.idempotency.insert().values(station=station, key=key,
                                               request_hash=request_hash, status=status,
                                               body=body, created_at=now))


# --- the repository a unit of work uses -----------------------------------------------------

class Repository(Protocol):
    """What a unit of work reads and writes: items, the event streams, the figures. The SQL
    one works in the caller's transaction; `store.memory` keeps the same contract in dicts."""

    def get_item(self, code: str, for_update: bool = False) -> Item | None:
        """The current state of an item, or None; `for_update` locks it till the commit."""
        ...

    def events_of(self, stream: str, for_update: bool = False) -> list[Event]:
        """A stream's events, oldest first; `for_update` locks the stream till the commit
        (a second writer waits, then reads what the first added)."""
        ...

    def stream_exists(self, stream: str) -> bool:
        """Whether a stream has any event."""
        ...

    def append_all(self, events: Sequence[tuple[Event, date]]) -> None:
        """Store new events (each with its local date) in order; a taken (stream, seq) raises
        ConcurrentChange and stores none of them."""
        ...

    def save_item(self, item: Item, stored_version: int) -> None:
        """Write an item's projection if it is still at `stored_version` (0: new), else
        ConcurrentChange."""
        ...

    def add_figures(self, deltas: Sequence[Delta]) -> None:
        """Add merged figure changes."""
        ...


class SqlRepository:
    """The repository over one open SQL transaction."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def get_item(self, code: str, for_update: bool = False) -> Item | None:
        """The current state of an item, or None; `for_update` locks the row (PostgreSQL)."""
        return get_item(self.conn, code, for_update)

    def events_of(self, stream: str, for_update: bool = False) -> list[Event]:
        """A stream's events, oldest first; `for_update` locks it first (lock_stream)."""
        if for_update:
            lock_stream(self.conn, stream)
        return events_of(self.conn, stream)

    def stream_exists(self, stream: str) -> bool:
        """Whether a stream has any event."""
        return stream_exists(self.conn, stream)

    def append_all(self, events: Sequence[tuple[Event, date]]) -> None:
        """Store new events in one statement."""
        append_all(self.conn, events)

    def save_item(self, item: Item, stored_version: int) -> None:
        """Write an item's projection row."""
        save_item(self.conn, item, stored_version)

    def add_figures(self, deltas: Sequence[Delta]) -> None:
        """Add merged figure changes to their daily rows."""
        stored_figures.add(self.conn, deltas)
