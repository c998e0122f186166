"""Sites and stations: where the centre works, and who may do what there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tracker.store import tables as t

_S = t.stations.c
# The token lookup runs for every request the token cache has not seen: built once.
_STATION_BY_HASH = sa.select(t.stations).where(_S.token_hash == sa.bindparam("h"))
_SITE = sa.select(t.sites).where(t.sites.c.id == sa.bindparam("id"))


def get_site(conn: sa.Connection, site_id: str) -> sa.RowMapping | None:
    """A site by id, or None."""
    row = conn.execute(_SITE, {"id": site_id}).first()
    return row._mapping if row else None


def all_sites(conn: sa.Connection) -> list[sa.Row[Any]]:
    """Every site (id, municipality, name, created_at), by id."""
    return list(conn.execute(sa.select(t.sites).order_by(t.sites.c.id)))


def add_site(conn: sa.Connection, site_id: str, municipality: str, name: str | None,
             now: datetime, closes: str | None = None) -> None:
    """A new site row."""
    conn.execute(t.sites.insert().values(id=site_id, municipality=municipality, name=name,
                                         created_at=now, closes=closes))


def set_closes(conn: sa.Connection, site_id: str, closes: str) -> None:
    """A site's closing time (HH:MM)."""
    conn.execute(t.sites.update().where(t.sites.c.id == site_id).values(closes=closes))


def station_by_token_hash(conn: sa.Connection, token_hash: str) -> sa.RowMapping | None:
    """The station whose token hashes to this, or None."""
    row = conn.execute(_STATION_BY_HASH, {"h": token_hash}).first()
    return row._mapping if row else None


def get_station(conn: sa.Connection, name: str) -> sa.RowMapping | None:
    """A station by name, or None."""
    row = conn.execute(sa.select(t.stations).where(_S.name == name)).first()
    return row._mapping if row else None


def all_stations(conn: sa.Connection) -> list[sa.RowMapping]:
    """Every station (revoked ones too), by name."""
    return [r._mapping for r in conn.execute(sa.select(t.stations).order_by(_S.name))]


def add_station(conn: sa.Connection, name: str, role: str, site_id: str, token_hash: str,
                now: datetime, printer: str | None) -> None:
    """A new station row."""
    conn.execute(t.stations.insert().values(name=name, role=role, site_id=site_id,
                                            token_hash=token_hash, created_at=now,
                                            printer=printer))


def set_printer(conn: sa.Connection, name: str, printer: str | None) -> None:
    """Where the station's labels go."""
    conn.execute(t.stations.update().where(_S.name == name).values(printer=printer))


def set_receipt_printer(conn: sa.Connection, name: str, printer: str | None) -> None:
    """Where the station's receipts go."""
    conn.execute(t.stations.update().where(_S.name == name).values(receipt_printer=printer))


def revoke(conn: sa.Connection, name: str, now: datetime) -> None:
    """The station's token stops working."""
    conn.execute(t.stations.update().where(_S.name == name).values(revoked_at=now))


def delete_named(conn: sa.Connection, prefix: str) -> None:
    """Drop the stations whose name starts with `prefix` (the demo's own)."""
    conn.execute(t.stations.delete().where(_S.name.startswith(prefix, autoescape=True)))


def has_admin(conn: sa.Connection) -> bool:
    """Whether any admin station still has a working token."""
    q = sa.select(_S.name).where(_S.role == "admin", _S.revoked_at.is_(None)).limit(1)
    return conn.execute(q).first() is not None
