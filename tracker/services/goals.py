"""Set targets and the baseline (nulmeting) per figure, for a site or the whole centre."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain import goals
from tracker.domain.calendar import period
from tracker.domain.errors import InvalidInput
from tracker.domain.goals import BASELINE, Goal
from tracker.services.context import Tx, local_date
from tracker.services.monitor import check_site
from tracker.store import goals as stored


def _out(goal: Goal, site: str | None, replaced: Goal | None) -> dict[str, Any]:
    return {"figure": goal.figure, "site": site, "kind": goal.kind,
            "period": None if goal.kind == BASELINE else goals.period_name(goal.kind,
                                                                           goal.start),
            "from": goal.start, "to": goal.end, "value": float(goal.value),
            "replaced": None if replaced is None else float(replaced.value)}


def _set(tx: Tx, goal: Goal, site: str | None) -> dict[str, Any]:
    check_site(tx.sql, site)
    before = [g for g in stored.current(tx.sql, site) if g.figure == goal.figure
              and g.kind == goal.kind and (goal.kind == BASELINE or g.start == goal.start)]
    stored.add(tx.sql, goal, site, at=tx.now, station=tx.actor.station,
               person=tx.actor.person)
    return _out(goal, site, before[0] if before else None)


def set_target(tx: Tx, figure: str, period_text: str, value: Decimal | float | int | str,
               site: str | None = None) -> dict[str, Any]:
    """A yearly (`2026`) or monthly (`2026-03`) target; a new one replaces the one in force."""
    kind, days = goals.target_period(period_text)
    checked = goals.value(figure, value)
    return _set(tx, Goal(figure, kind, days.start, days.end, checked), site)


def set_baseline(tx: Tx, figure: str, start: date, end: date,
                 value: Decimal | float | int | str, site: str | None = None) -> dict[str, Any]:
    """The nulmeting: what the figure was over a past stretch of dates (replaces the old one)."""
    checked = goals.value(figure, value)
    days = period(start, end)
    if days.end > local_date(tx.now):
        raise InvalidInput("een nulmeting beschrijft het verleden: 'to' ligt in de toekomst",
                           "date_in_future",
                           en="a baseline describes the past: 'to' is in the future")
    return _set(tx, Goal(figure, BASELINE, days.start, days.end, checked), site)


def overview(conn: sa.Connection, site: str | None) -> dict[str, Any]:
    """The figures goals can be set on, and the targets and baseline in force for a scope."""
    check_site(conn, site)
    current = stored.current(conn, site)
    return {
        "site": site,
        "figures": [{"name": f.name, "unit": f.unit, "flow": f.flow, "help": f.help}
                    for f in goals.FIGURES.values()],
        "targets": [_out(g, site, None) for g in sorted(
            current, key=lambda g: (g.figure, g.start, g.kind)) if g.kind != BASELINE],
        "baselines": [_out(g, site, None) for g in current if g.kind == BASELINE],
    }
