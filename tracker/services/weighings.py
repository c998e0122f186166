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


# Built once per dialect; a weighing id already stored is skipped by the database itself.
# SQLite: with RETURNING, SQLAlchemy sends the batch as one multi-row INSERT instead of a
# statement per row, each of which would release Python's GIL and wait to get it back from
# the MQTT thread. PostgreSQL: the other way round; psycopg parses a long multi-row statement
# anew for every batch size, and pipelines one short statement per row cheaply.
# (Measured in `python -m benchmarks ingest`.)
_INSERT_NEW: dict[str, Any] = {
    "sqlite": sqlite.insert(t.weighings).on_conflict_do_nothing(index_elements=["id"])
    .returning(_W.id),
    "postgresql": postgresql.insert(t.weighings).on_conflict_do_nothing(index_elements=["id"]),
}


def store_many(conn: sa.Connection, batch: list[Weighing], received_at: datetime) -> None:
    """Store a batch of weighings, each id once (re-deliveries are skipped)."""
    if batch:
        conn.execute(_INSERT_NEW[conn.dialect.name], [{
            "id": w.id, "scale_id": w.scale_id, "seq": w.seq, "at": w.at,
            "clock_synced": w.clock_synced, "received_at": received_at,
            "protocol": w.protocol, "net_kg": format(w.net_kg, "f"),
            "gross_kg": None if w.gross_kg is None else format(w.gross_kg, "f"),
            "tare_kg": None if w.tare_kg is None else format(w.tare_kg, "f"),
            "net_g": w.net_g, "stable": w.stable, "status": w.status, "raw": w.raw,
        } for w in batch])


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
