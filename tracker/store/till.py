"""The till's rules: the discount reasons the admin keeps and the markdown rules."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa

from tracker.domain.till import Markdown
from tracker.store import tables as t

_R, _M = t.discount_reasons.c, t.markdowns.c
# Built once (statements are cheap to run, dear to build).
_REASONS = sa.select(_R.reason).order_by(_R.reason)
_MARKDOWNS = sa.select(t.markdowns).order_by(_M.category, _M.days, _M.id)


def reasons(conn: sa.Connection) -> list[str]:
    """The discount reasons the admin keeps, alphabetically."""
    return list(conn.execute(_REASONS).scalars())


def add_reason(conn: sa.Connection, reason: str, now: datetime) -> bool:
    """A reason added to the list (False: it was on it already)."""
    if conn.execute(sa.select(_R.reason).where(_R.reason == reason)).first():
        return False
    conn.execute(t.discount_reasons.insert().values(reason=reason, added_at=now))
    return True


def remove_reason(conn: sa.Connection, reason: str) -> bool:
    """A reason taken off the list (False: it was not on it)."""
    return conn.execute(t.discount_reasons.delete().where(_R.reason == reason)).rowcount > 0


def markdowns(conn: sa.Connection) -> list[Markdown]:
    """The markdown rules, by category and days."""
    return [Markdown(r.id, r.category, r.days, Decimal(r.pct)) for r in conn.execute(_MARKDOWNS)]


def add_markdown(conn: sa.Connection, category: str, days: int, pct: Decimal, now: datetime,
                 station: str) -> int:
    """A new markdown rule; its id."""
    key = conn.execute(t.markdowns.insert().values(
        category=category, days=days, pct=pct, set_at=now, station=station)).inserted_primary_key
    assert key is not None
    return int(key[0])


def remove_markdown(conn: sa.Connection, rule_id: int) -> bool:
    """A markdown rule removed (False: there was none by that id)."""
    return conn.execute(t.markdowns.delete().where(_M.id == rule_id)).rowcount > 0
