"""Targets and baselines: rows are only added; the newest per key is in force."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain.goals import Goal, in_force
from tracker.store import tables as t

_G = t.goals.c


def add(conn: sa.Connection, goal: Goal, site: str | None, *, at: datetime, station: str,
        person: str | None) -> None:
    conn.execute(t.goals.insert().values(
        figure=goal.figure, site_id=site, kind=goal.kind, period_start=goal.start,
        period_end=goal.end, value=goal.value, set_at=at, station=station, person=person))


def _scope(site: str | None) -> Any:
    return _G.site_id.is_(None) if site is None else _G.site_id == site


def history(conn: sa.Connection, site: str | None) -> list[Goal]:
    """Every target and baseline ever set for a scope (a site, or None: the centre), oldest
    first."""
    q = sa.select(t.goals).where(_scope(site)).order_by(_G.id)
    return [Goal(r.figure, r.kind, r.period_start, r.period_end, r.value)
            for r in conn.execute(q)]


def current(conn: sa.Connection, site: str | None) -> list[Goal]:
    """The targets and baseline in force for a scope."""
    return in_force(history(conn, site))


def scopes(conn: sa.Connection) -> list[str | None]:
    """Every scope with goals: None (the centre) first, then sites by id."""
    found = set(conn.execute(sa.select(_G.site_id).distinct()).scalars())
    return ([None] if None in found else []) + sorted(s for s in found if s is not None)
