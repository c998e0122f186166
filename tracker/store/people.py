"""People by alias, and the hours each worked or learned per day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from tracker.store import tables as t

_P, _A = t.people.c, t.attendance.c
# Asked whenever a station names the person doing the work: built once.
_KNOWN = sa.select(_P.alias).where(_P.alias == sa.bindparam("alias"))


def is_known(conn: sa.Connection, alias: str) -> bool:
    """Whether the alias was added."""
    return conn.execute(_KNOWN, {"alias": alias}).first() is not None


def known_of(conn: sa.Connection, aliases: Iterable[str]) -> set[str]:
    """Which of these aliases were added."""
    return set(conn.execute(sa.select(_P.alias).where(_P.alias.in_(set(aliases)))).scalars())


def add(conn: sa.Connection, alias: str, role: str, site: str, at: datetime) -> None:
    """A new person."""
    conn.execute(t.people.insert().values(alias=alias, role=role, site_id=site, created_at=at))


def has_hours(conn: sa.Connection, alias: str, day: date) -> bool:
    """Whether the person's hours on that day are recorded."""
    q = sa.select(_A.alias).where(_A.alias == alias, _A.date == day)
    return conn.execute(q).first() is not None


def add_hours(conn: sa.Connection, alias: str, day: date, hours: Decimal, site: str,
              at: datetime) -> None:
    """A person's hours on one day."""
    conn.execute(t.attendance.insert().values(alias=alias, date=day, hours=hours, site_id=site,
                                              created_at=at))
