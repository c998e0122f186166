"""Reading and writing events, the item projection, stations and the idempotency log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain.errors import NotAllowed
from tracker.domain.events import REGISTRY, Event, to_data
from tracker.domain.items import Item, State
from tracker.store import tables as t


class ConcurrentChange(NotAllowed):
    """Somebody else changed the same stream first (the (stream, seq) key said no)."""

    code = "concurrent_change"


def _item(row: sa.Row[Any]) -> Item:
    m = row._mapping
    return Item(
        code=m["code"], state=State(m["state"]), category=m["category"], weight_g=m["weight_g"],
        cycle=m["cycle"], site=m["site_id"], created_at=m["created_at"],
        updated_at=m["updated_at"], version=m["version"], price_cents=m["price_cents"],
        description=m["description"], ords_category_id=m["ords_category_id"],
        serial_number=m["serial_number"], inputs=tuple(m["inputs"] or ()),
        cycle_started_at=m["cycle_started_at"],
    )


def _event(row: sa.Row[Any]) -> Event:
    m = row._mapping
    return Event(stream=m["stream"], seq=m["seq"], at=m["at"], site=m["site_id"],
                 station=m["station"], person=m["person"],
                 fact=REGISTRY.read(m["type"], m["data"]))


# Hot lookups are built once: constructing a statement per call costs more than running it.
_ITEM = sa.select(t.items).where(t.items.c.code == sa.bindparam("code"))
_ITEM_LOCKED = _ITEM.with_for_update()
_STATION_BY_HASH = sa.select(t.stations).where(t.stations.c.token_hash == sa.bindparam("h"))
# Writes pass values as parameters, not `.values(...)`: no per-call statement building.
_INSERT_EVENT = t.events.insert()
_INSERT_ITEM = t.items.insert()
_UPDATE_ITEM = t.items.update().where(t.items.c.code == sa.bindparam("b_code"),
                                      t.items.c.version == sa.bindparam("b_version"))


def get_item(conn: sa.Connection, code: str, for_update: bool = False) -> Item | None:
    """The current state of an item, or None. `for_update` locks the row (PostgreSQL)."""
    row = conn.execute(_ITEM_LOCKED if for_update else _ITEM, {"code": code}).first()
    return _item(row) if row else None


def items_where(conn: sa.Connection, *where: sa.ColumnElement[bool]) -> list[Item]:
    """Items matching a condition, by code."""
    rows = conn.execute(sa.select(t.items).where(*where).order_by(t.items.c.code))
    return [_item(r) for r in rows]


def events_of(conn: sa.Connection, stream: str) -> list[Event]:
    """A stream's events, oldest first."""
    rows = conn.execute(sa.select(t.events).where(t.events.c.stream == stream)
                        .order_by(t.events.c.seq))
    return [_event(r) for r in rows]


def all_events(conn: sa.Connection) -> Iterable[Event]:
    """Every event in the order it was written."""
    for row in conn.execute(sa.select(t.events).order_by(t.events.c.id)):
        yield _event(row)


def events_of_type(conn: sa.Connection, event_type: str) -> list[Event]:
    """Every event of one type, oldest first."""
    e = t.events.c
    rows = conn.execute(sa.select(t.events).where(e.type == event_type).order_by(e.id))
    return [_event(r) for r in rows]


def count_events(conn: sa.Connection) -> int:
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
        cycle_started_at=item.cycle_started_at,
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


# --- sites and stations -------------------------------------------------------------------

def get_site(conn: sa.Connection, site_id: str) -> sa.RowMapping | None:
    row = conn.execute(sa.select(t.sites).where(t.sites.c.id == site_id)).first()
    return row._mapping if row else None


def station_by_token_hash(conn: sa.Connection, token_hash: str) -> sa.RowMapping | None:
    row = conn.execute(_STATION_BY_HASH, {"h": token_hash}).first()
    return row._mapping if row else None


def get_station(conn: sa.Connection, name: str) -> sa.RowMapping | None:
    row = conn.execute(sa.select(t.stations).where(t.stations.c.name == name)).first()
    return row._mapping if row else None


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
