"""What the second-hand goods register reads: the intakes, returns and sales of items with a
serial number."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tracker.domain import events as ev
from tracker.store import tables as t


def serial_numbered_lives(conn: sa.Connection) -> list[sa.Row[Any]]:
    """Each collected, returned, sold or given-away event of an item with a serial number
    (stream, type,
    at, data, and the item's description, category and serial number), per item in order."""
    e, i = t.events.c, t.items.c
    q = (sa.select(e.stream, e.type, e.at, e.data, i.description, i.category, i.serial_number)
         .select_from(t.events.join(t.items, i.code == e.stream))
         .where(i.serial_number.is_not(None),
                e.type.in_((ev.Collected.TYPE, ev.Returned.TYPE, ev.Sold.TYPE,
                               ev.GivenAway.TYPE)))
         .order_by(e.stream, e.seq))
    return list(conn.execute(q))
