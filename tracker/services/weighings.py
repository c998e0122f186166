"""Weighings from the scale gateways: store each once, bind the newest fresh one to an item."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa

from tracker.domain import values
from tracker.domain.errors import NotAllowed
from tracker.domain.weighings import Weighing
from tracker.services import scales
from tracker.services.context import Tx
from tracker.store import tables as t

_W = t.weighings.c


def no_fresh_weighing(scale_id: str) -> NotAllowed:
    """The refusal an operator sees when the scale has nothing fresh to offer."""
    return NotAllowed(
        f"geen verse stabiele weging van weegschaal '{scale_id}': zet het voorwerp op de "
        "weegschaal en wacht tot 'Stabiel', of vul het gewicht met de hand in",
        "no_fresh_weighing",
        en=f"no fresh stable weighing from scale '{scale_id}': put the object on the scale "
           "and wait for 'Stable', or enter the weight by hand",
    )


_COLUMNS = ("id", "scale_id", "seq", "at", "clock_synced", "protocol", "net_kg", "gross_kg",
            "tare_kg", "net_g", "stable", "status", "raw")


def _unpack(dialect: str) -> list[str]:
    """How each column is read from element i of a batch row, per database."""
    if dialect == "postgresql":
        casts = {"seq": "bigint", "at": "timestamptz", "clock_synced": "boolean",
                 "net_g": "integer", "stable": "boolean"}
        return [f"(w ->> {i})::{casts.get(c, 'text')}" for i, c in enumerate(_COLUMNS)]
    return [f"json_extract(value, '$[{i}]')" for i in range(len(_COLUMNS))]


_RECEIVED_AT = sa.bindparam("received_at", type_=t.weighings.c.received_at.type)

# A batch goes to the database as one JSON text, unpacked by the database's own JSON functions:
# one short statement whatever the batch size, and no per-value work in Python (binding 13
# values per weighing cost more than the SQL, and the MQTT thread waits for Python's GIL
# meanwhile; measured: `python -m benchmarks ingest`). Rows keep their order, so `n` is the
# arrival order; an id already stored, or twice in one batch, is skipped by the database.
_INSERT = {
    "postgresql": sa.text(
        f"INSERT INTO weighings ({', '.join(_COLUMNS)}, received_at) "
        f"SELECT {', '.join(_unpack('postgresql'))}, :received_at "
        "FROM json_array_elements(CAST(:rows AS json)) WITH ORDINALITY AS batch(w, i) "
        "ORDER BY i ON CONFLICT (id) DO NOTHING").bindparams(_RECEIVED_AT),
    # (SQLite reads "ON" after "FROM t" as a join condition unless a WHERE comes between)
    "sqlite": sa.text(
        f"INSERT INTO weighings ({', '.join(_COLUMNS)}, received_at) "
        f"SELECT {', '.join(_unpack('sqlite'))}, :received_at "
        "FROM json_each(:rows) WHERE true ORDER BY key ON CONFLICT (id) DO NOTHING"
    ).bindparams(_RECEIVED_AT),
}


def _stamp(dialect: sa.Dialect) -> Callable[[datetime], str]:
    """`at` as text in the batch: on SQLite exactly what SQLAlchemy's own column type stores
    (its bind processor), so comparisons with other timestamps stay right."""
    if dialect.name == "postgresql":
        return datetime.isoformat
    process = t.weighings.c.at.type.dialect_impl(dialect).bind_processor(dialect)
    assert process is not None
    return cast(Callable[[datetime], str], process)


def store_many(conn: sa.Connection, batch: list[Weighing], received_at: datetime) -> None:
    """Store a batch of weighings in arrival order, each id once (re-deliveries are skipped)."""
    if not batch:
        return
    stamp = _stamp(conn.dialect)
    rows = json.dumps([
        (w.id, w.scale_id, w.seq, stamp(w.at), w.clock_synced, w.protocol, format(w.net_kg, "f"),
         None if w.gross_kg is None else format(w.gross_kg, "f"),
         None if w.tare_kg is None else format(w.tare_kg, "f"), w.net_g, w.stable, w.status,
         w.raw) for w in batch])
    conn.execute(_INSERT[conn.dialect.name], {"rows": rows, "received_at": received_at})


def take_fresh(tx: Tx, scale_id: str, bound_to: str) -> tuple[int, str]:
    """Bind the scale's newest unused stable weighing to `bound_to`; grams and weighing id.

    A scale tied to a site (`ambacht scale add`) is bound only by that site's stations."""
    scales.check_may_bind(tx, scale_id)
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
