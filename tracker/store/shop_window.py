"""What the shop window reads: a cheap fingerprint of everything it shows (the newest event,
the photos, the sites' names), so that it rebuilds only when one of them changed."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tracker.store import tables as t

# One statement, built once: a few index lookups (events' primary key, the photos' count),
# the sites' names (a handful of rows).
_FINGERPRINT = sa.select(
    sa.select(sa.func.max(t.events.c.id)).scalar_subquery(),
    sa.select(sa.func.count()).select_from(t.photos).scalar_subquery(),
    sa.select(sa.func.max(t.photos.c.taken_at)).scalar_subquery())
_SITES = sa.select(t.sites.c.id, t.sites.c.name).order_by(t.sites.c.id)
_P = t.photos.c
# The photos of what is on the shelf, oldest first per item (the newest is kept last).
_SHELF_PHOTOS = (sa.select(_P.item_code, _P.id)
                 .join(t.items, t.items.c.code == _P.item_code)
                 .where(t.items.c.state == "ready_for_sale")
                 .order_by(_P.item_code, _P.taken_at, _P.id))


def fingerprint(conn: sa.Connection) -> tuple[Any, ...]:
    """Changes whenever an item, a photo or a site's name does."""
    newest = tuple(conn.execute(_FINGERPRINT).one())
    return (*newest, tuple(tuple(r) for r in conn.execute(_SITES)))


def site_names(conn: sa.Connection) -> dict[str, str]:
    """Each site's name as a customer reads it (its id when it has none), by id."""
    return {r.id: r.name or r.id for r in conn.execute(_SITES)}


def newest_photos(conn: sa.Connection) -> dict[str, str]:
    """The newest photo id of each item ready for sale that has one."""
    return {code: pid for code, pid in conn.execute(_SHELF_PHOTOS)}
