"""Weighings from the scale gateways: store each once, bind the newest fresh one to an item."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tracker.domain import values
from tracker.domain.errors import NotAllowed
from tracker.domain.weighings import Weighing
from tracker.services.context import Tx
from tracker.store import tables as t

_W = t.weighings.c


def no_fresh_weighing(scale_id: str) -> NotAllowed:
    """The refusal an operator sees when the scale has nothing fresh to offer."""
    return NotAllowed(
        f"geen verse stabiele weging van weegschaal '{scale_id}': zet het voorwerp op de "
        "weegschaal en wacht tot 'Stabiel', of vul het gewicht met de hand in",
        "no_fresh_weighing",
    )


_COLUMNS = ("id", "scale_id", "seq", "at", "clock_synced", "received_at", "protocol", "net_kg",
            "gross_kg", "tare_kg", "net_g", "stable", "status", "raw")


def _insert_from_arrays() -> Any:
    """PostgreSQL: INSERT ... SELECT FROM unnest(one array per column): a whole batch in one
    short statement (psycopg handles a statement per row in Python, three steps each)."""
    arrays = [sa.bindparam(c, type_=postgresql.ARRAY(t.weighings.c[c].type)) for c in _COLUMNS]
    rows = sa.func.unnest(*arrays).table_valued(*_COLUMNS).render_derived(name="new")
    return (postgresql.insert(t.weighings)
            .from_select(_COLUMNS, sa.select(*(rows.c[c] for c in _COLUMNS)))
            .on_conflict_do_nothing(index_elements=["id"]))


# Built once per dialect; a weighing id already stored is skipped by the database itself, and
# each dialect gets the batch in one statement. SQLite: with RETURNING, SQLAlchemy sends it as
# one multi-row INSERT ("insertmanyvalues"); a statement per row would release Python's GIL at
# each and wait to get it back from the MQTT thread. (Measured: `python -m benchmarks ingest`.)
_INSERT_SQLITE = (sqlite.insert(t.weighings).on_conflict_do_nothing(index_elements=["id"])
                  .returning(_W.id))
_INSERT_POSTGRES = _insert_from_arrays()


def store_many(conn: sa.Connection, batch: list[Weighing], received_at: datetime) -> None:
    """Store a batch of weighings in arrival order, each id once (re-deliveries are skipped)."""
    if not batch:
        return
    rows = [(w.id, w.scale_id, w.seq, w.at, w.clock_synced, received_at, w.protocol,
             format(w.net_kg, "f"), None if w.gross_kg is None else format(w.gross_kg, "f"),
             None if w.tare_kg is None else format(w.tare_kg, "f"), w.net_g, w.stable, w.status,
             w.raw) for w in batch]
    if conn.dialect.name == "postgresql":
        columns = zip(*rows, strict=True)
        conn.execute(_INSERT_POSTGRES, dict(zip(_COLUMNS, map(list, columns), strict=True)))
    else:
        conn.execute(_INSERT_SQLITE, [dict(zip(_COLUMNS, row, strict=True)) for row in rows])


def take_fresh(tx: Tx, scale_id: str, bound_to: str) -> tuple[int, str]:
    """Bind the scale's newest unused stable weighing to `bound_to`; grams and weighing id."""
    cutoff = tx.now - timedelta(seconds=tx.weighing_max_age_s)
    query = (
        sa.select(_W.id, _W.net_g).where(
            _W.scale_id == scale_id, _W.bound_to.is_(None), _W.stable.is_(True),
            _W.status == "ok", _W.net_g > 0, _W.received_at >= cutoff,
            # an unsynced gateway clock says nothing about age: then only arrival counts
            sa.or_(_W.clock_synced.is_(False), _W.at >= cutoff),
        ).order_by(_W.n.desc()).limit(1).with_for_update()
    )
    row = tx.conn.execute(query).first()
    if row is None:
        raise no_fresh_weighing(scale_id)
    values.weight_g(row.net_g / 1000)  # the same sanity limits as a typed weight
    taken = tx.conn.execute(
        t.weighings.update().where(_W.id == row.id, _W.bound_to.is_(None)),
        {"bound_to": bound_to, "bound_at": tx.now},
    )
    if taken.rowcount != 1:  # a concurrent intake took it first
        raise no_fresh_weighing(scale_id)
    return int(row.net_g), str(row.id)
