"""Which site each scale stands at (`ambacht scale add`)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from tracker.store import tables as t

_C = t.scales.c
# Asked at every intake that takes a scale's weighing: built once.
_SITE_OF = sa.select(_C.site_id).where(_C.id == sa.bindparam("id"))


def site_of(conn: sa.Connection, scale_id: str) -> str | None:
    """The site a scale is tied to, or None."""
    site: str | None = conn.execute(_SITE_OF, {"id": scale_id}).scalar()
    return site


def sites(conn: sa.Connection) -> dict[str, str]:
    """Every scale tied to a site: scale id → site id."""
    return {r.id: r.site_id for r in conn.execute(sa.select(_C.id, _C.site_id))}


def tie(conn: sa.Connection, scale_id: str, site_id: str, now: datetime, moved: bool) -> None:
    """Tie a scale to a site: a new row, or (`moved`) the existing one changed."""
    if moved:
        conn.execute(t.scales.update().where(_C.id == scale_id)
                     .values(site_id=site_id, added_at=now))
    else:
        conn.execute(t.scales.insert().values(id=scale_id, site_id=site_id, added_at=now))
