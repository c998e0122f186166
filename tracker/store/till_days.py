"""Where each till stands in its days, and the sales and refunds booked into a day."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tracker.domain import events as ev
from tracker.domain.till_day import TillState
from tracker.store import tables as t

_D, _E = t.till_days.c, t.events.c
# Built once: a sale at the till reads its till's row (statements are dear to build).
_STATE = sa.select(t.till_days).where(_D.station == sa.bindparam("station"))
_STATE_LOCKED = _STATE.with_for_update()
_LAST_ID = sa.select(sa.func.coalesce(sa.func.max(_E.id), 0))
_MONEY_TYPES = (ev.Sale.TYPE, ev.Refund.TYPE)
_BOOKED = (sa.select(_E.type, _E.data).where(
    _E.id > sa.bindparam("since"), _E.station == sa.bindparam("station"),
    _E.type.in_(_MONEY_TYPES)).order_by(_E.id))


def state(conn: sa.Connection, station: str, for_update: bool = False) -> TillState | None:
    """A till's latest day and whether it is open (None: it never opened one). `for_update`
    locks the row till the commit (PostgreSQL; SQLite writes one at a time anyway)."""
    row = conn.execute(_STATE_LOCKED if for_update else _STATE, {"station": station}).first()
    return None if row is None else TillState(row.station, row.day, row.open, row.since_id)


def last_event_id(conn: sa.Connection) -> int:
    """The id of the newest event (0: none)."""
    return int(conn.execute(_LAST_ID).scalar_one())


def ensure(conn: sa.Connection, station: str) -> None:
    """A row for a till that has none yet, as its stream of days says (a projection of
    TillOpened and TillClosed: a database restored or upgraded without the row gets it back);
    a concurrent writer's row stands (insert or nothing, on both databases)."""
    if state(conn, station) is not None:
        return
    stream = f"till:{station}"
    last = conn.execute(sa.select(_E.id, _E.type, _E.data).where(_E.stream == stream)
                        .order_by(_E.seq.desc()).limit(2)).all()
    if not last:  # a till that never opened a day
        values = {"day": 0, "open": False, "since_id": last_event_id(conn)}
    elif last[0].type == ev.TillClosed.TYPE:
        values = {"day": last[0].data["day"], "open": False, "since_id": last[0].id}
    else:  # open: its sales come after the close before it
        values = {"day": last[0].data["day"], "open": True,
                  "since_id": last[1].id if len(last) > 1 else 0}
    insert = (postgresql.insert(t.till_days) if conn.dialect.name == "postgresql"
              else sqlite.insert(t.till_days))
    conn.execute(insert.values(station=station, **values)
                 .on_conflict_do_nothing(index_elements=["station"]))


def put(conn: sa.Connection, new: TillState) -> None:
    """Where the till stands now."""
    conn.execute(t.till_days.update().where(_D.station == new.station).values(
        day=new.day, open=new.open, since_id=new.since_id))


def booked(conn: sa.Connection, station: str, since_id: int, day: int
           ) -> Iterator[tuple[str, dict[str, Any]]]:
    """The sales and refunds booked into one day of a till (all recorded after `since_id`), in
    their stored form (type, data): till_day.stored_totals reads them."""
    for row in conn.execute(_BOOKED, {"since": since_id, "station": station}):
        if row.data.get("till_day") == day:
            yield row.type, row.data
