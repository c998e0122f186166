"""What the admin changed of the categories (labels, CO2 factor, VAT rate)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from tracker.domain.categories import Change
from tracker.store import tables as t

_C = t.category_changes.c


def changes(conn: sa.Connection) -> dict[str, Change]:
    """Every category's change, by category id."""
    return {r.category: Change(r.label_nl, r.label_en,
                               None if r.co2_factor is None else Decimal(r.co2_factor),
                               None if r.vat_rate is None else Decimal(r.vat_rate))
            for r in conn.execute(sa.select(t.category_changes))}


def put(conn: sa.Connection, category: str, change: Change, now: datetime, station: str
        ) -> None:
    """The category's change, replacing the one before (a row of only Nones is removed)."""
    conn.execute(t.category_changes.delete().where(_C.category == category))
    if change != Change():
        conn.execute(t.category_changes.insert().values(
            category=category, label_nl=change.label_nl, label_en=change.label_en,
            co2_factor=change.co2_factor, vat_rate=change.vat_rate, set_at=now, station=station))
