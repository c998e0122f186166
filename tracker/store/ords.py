"""What the ORDS export reads: every repair event, with its item when it has one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.domain import events as ev
from tracker.store import tables as t


def repairs(conn: sa.Connection, start: date | None, end: date | None) -> Iterator[Any]:
    """Own-use repairs and bench repairs dated start..end (either open), oldest first: id,
    type, local_date, site_id, data, and the item's category, description and ORDS category."""
    e, i = t.events.c, t.items.c
    q = (sa.select(e.id, e.type, e.local_date, e.site_id, e.data, i.category, i.description,
                   i.ords_category_id)
         .select_from(t.events.outerjoin(t.items, i.code == e.stream))
         .where(e.type.in_((ev.OwnUseRepair.TYPE, ev.Repaired.TYPE)))
         .order_by(e.local_date, e.id))
    if start is not None:
        q = q.where(e.local_date >= start)
    if end is not None:
        q = q.where(e.local_date <= end)
    yield from conn.execute(q)
