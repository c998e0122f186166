"""Partners (afnemers), by id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain.outflows import Partner
from tracker.store import tables as t

_C = t.partners.c


def _partner(row: sa.Row[Any]) -> Partner:
    return Partner(id=row.id, name=row.name, kind=row.kind, municipality=row.municipality,
                   site=row.site_id)


def get(conn: sa.Connection, partner_id: str) -> Partner | None:
    """One partner, or None."""
    row = conn.execute(sa.select(t.partners).where(_C.id == partner_id)).first()
    return None if row is None else _partner(row)


def all_partners(conn: sa.Connection) -> list[Partner]:
    """Every partner, by name."""
    return [_partner(r) for r in conn.execute(sa.select(t.partners).order_by(_C.name, _C.id))]


def add(conn: sa.Connection, partner: Partner, now: datetime) -> None:
    """A new partner."""
    conn.execute(t.partners.insert().values(
        id=partner.id, name=partner.name, kind=partner.kind, municipality=partner.municipality,
        site_id=partner.site, created_at=now))
