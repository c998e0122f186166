"""The maintained monitor figures: add daily deltas, sum a period, read stock at a day's end."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tracker.domain import figures as fig
from tracker.domain.figures import Delta
from tracker.domain.monitor import Sum, Totals
from tracker.store import tables as t

_F, _S = t.daily_figures.c, t.daily_stock.c
FIGURES = "figures"  # the projection's name in `projections`


def _upsert(dialect: str, table: sa.Table, keys: Sequence[str],
            sums: Sequence[str]) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(table)
    return stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={c: table.c[c] + stmt.excluded[c] for c in sums})


# Built once per dialect: constructing an upsert costs more than running it.
_STATEMENTS: dict[str, tuple[Any, Any]] = {}


def _statements(conn: sa.Connection) -> tuple[Any, Any]:
    name = conn.dialect.name
    if name not in _STATEMENTS:
        _STATEMENTS[name] = (
            _upsert(name, t.daily_figures, ("day", "site_id", "figure", "key"),
                    ("n", "grams", "cents")),
            _upsert(name, t.daily_stock, ("day", "site_id", "state"), ("n", "grams")),
        )
    return _STATEMENTS[name]


def add(conn: sa.Connection, deltas: Sequence[Delta]) -> None:
    """Add merged deltas to their rows (in the caller's order: keep it sorted)."""
    flows = [dict(day=d.day, site_id=d.site, figure=d.figure, key=d.key, n=d.n, grams=d.grams,
                  cents=d.cents) for d in deltas if d.figure != fig.STOCK]
    stock = [dict(day=d.day, site_id=d.site, state=d.key, n=d.n, grams=d.grams)
             for d in deltas if d.figure == fig.STOCK]
    upsert_flows, upsert_stock = _statements(conn)
    if flows:
        conn.execute(upsert_flows, flows)
    if stock:
        conn.execute(upsert_stock, stock)


def totals(conn: sa.Connection, start: date, end: date, site: str | None,
           sites: Sequence[str] | None = None) -> Totals:
    """A period's flows, and the stock at the end of its last day and of the day before its
    first (one site, a group of sites such as a municipality's, or the whole centre)."""
    q = (sa.select(_F.figure, _F.key, sa.func.sum(_F.n), sa.func.sum(_F.grams),
                   sa.func.sum(_F.cents))
         .where(_F.day.between(start, end)).group_by(_F.figure, _F.key))
    s = (sa.select(_S.state, sa.func.sum(_S.n), sa.func.sum(_S.grams))
         .where(_S.day <= end).group_by(_S.state))
    s0 = (sa.select(_S.state, sa.func.sum(_S.n), sa.func.sum(_S.grams))
          .where(_S.day < start).group_by(_S.state))
    shelf = (sa.select(_F.key, sa.func.sum(_F.n), sa.func.sum(_F.grams))
             .where(_F.figure == fig.SHELF, _F.day <= end).group_by(_F.key))
    if site is not None:
        q, s, s0 = (q.where(_F.site_id == site), s.where(_S.site_id == site),
                    s0.where(_S.site_id == site))
        shelf = shelf.where(_F.site_id == site)
    if sites is not None:
        q, s, s0 = (q.where(_F.site_id.in_(sites)), s.where(_S.site_id.in_(sites)),
                    s0.where(_S.site_id.in_(sites)))
        shelf = shelf.where(_F.site_id.in_(sites))
    out = Totals()
    for figure, key, n, grams, cents in conn.execute(q):
        out.flows[figure, key] = Sum(int(n), int(grams), int(cents))
    for state, n, grams in conn.execute(s):
        out.stock[state] = Sum(int(n), int(grams))
    for state, n, grams in conn.execute(s0):
        out.stock_start[state] = Sum(int(n), int(grams))
    for category, n, grams in conn.execute(shelf):
        if n or grams:
            out.shelf[category] = Sum(int(n), int(grams))
    return out


def clear(conn: sa.Connection) -> None:
    conn.execute(t.daily_figures.delete())
    conn.execute(t.daily_stock.delete())


def version(conn: sa.Connection, name: str = FIGURES) -> int | None:
    """The definitions version a projection follows (None: never built)."""
    row = conn.execute(sa.select(t.projections.c.version)
                       .where(t.projections.c.name == name)).first()
    return None if row is None else int(row[0])


def set_version(conn: sa.Connection, version: int, now: datetime, name: str = FIGURES) -> None:
    conn.execute(t.projections.delete().where(t.projections.c.name == name))
    conn.execute(t.projections.insert().values(name=name, version=version, built_at=now))
