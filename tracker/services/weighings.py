"""Weighings from the scale gateways: store each once, bind the newest fresh one to an item."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from tracker.domain import values
from tracker.domain.errors import NotAllowed, NotFound
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


def weighing_used(scale_id: str) -> NotAllowed:
    """The refusal when the weighing on offer already went to another item or batch."""
    return NotAllowed(
        f"de weging van weegschaal '{scale_id}' is al gebruikt: zet het item op de weegschaal "
        "(die moet eerst terug naar nul) en wacht tot 'Stabiel', of vul het gewicht met de "
        "hand in", "weighing_used",
        en=f"the weighing of scale '{scale_id}' has already been used: put the item on the "
           "scale (it must go back to zero first) and wait for 'Stable', or enter the weight "
           "by hand")


def _usable() -> list[sa.ColumnElement[bool]]:
    return [_W.stable.is_(True), _W.status == "ok", _W.net_g > 0]


def _fresh(tx: Tx) -> sa.ColumnElement[bool]:
    cutoff = tx.now - timedelta(seconds=tx.weighing_max_age_s)
    # an unsynced gateway clock says nothing about age: then only arrival counts
    return sa.and_(_W.received_at >= cutoff,
                   sa.or_(_W.clock_synced.is_(False), _W.at >= cutoff))


def _candidate(tx: Tx) -> sa.Select[Any]:
    return sa.select(_W.id, _W.scale_id, _W.net_g, _W.bound_to, _fresh(tx).label("fresh"),
                     sa.and_(*_usable()).label("usable"))


def take_fresh(tx: Tx, scale_id: str, bound_to: str) -> tuple[int, str]:
    """Bind the scale's newest stable weighing to `bound_to`; grams and weighing id. When that
    one is used already, the answer is `weighing_used`: never an older one, which would
    weigh another item than the one on the scale. A scale tied to a site (`ambacht scale
    add`) is bound only by that site's stations."""
    scales.check_may_bind(tx, scale_id)
    newest = sa.select(_W.id).where(_W.scale_id == scale_id, *_usable()).order_by(
        _W.n.desc()).limit(1).scalar_subquery()
    row = tx.conn.execute(_candidate(tx).where(_W.id == newest).with_for_update()).first()
    if row is None:
        raise no_fresh_weighing(scale_id)
    return _bind(tx, row, bound_to)


def take(tx: Tx, weighing_id: str, bound_to: str) -> tuple[int, str]:
    """Bind exactly this weighing (the one the intake page showed as stable)."""
    row = tx.conn.execute(_candidate(tx).where(_W.id == weighing_id).with_for_update()).first()
    if row is None:
        raise NotFound(f"weging '{weighing_id}' bestaat niet", "weighing_not_found",
                       en=f"weighing '{weighing_id}' does not exist")
    scales.check_may_bind(tx, row.scale_id)
    if not row.usable:
        raise NotAllowed(f"weging '{weighing_id}' is geen stabiele weging van een voorwerp",
                         "weighing_unusable",
                         en=f"weighing '{weighing_id}' is not a stable weighing of an object")
    return _bind(tx, row, bound_to)


def _bind(tx: Tx, row: sa.Row[Any], bound_to: str) -> tuple[int, str]:
    if not row.fresh:
        raise no_fresh_weighing(row.scale_id)
    if row.bound_to is not None:
        raise weighing_used(row.scale_id)
    values.weight_g(row.net_g / 1000)  # the same sanity limits as a typed weight
    taken = tx.conn.execute(
        t.weighings.update().where(_W.id == row.id, _W.bound_to.is_(None)),
        {"bound_to": bound_to, "bound_at": tx.now},
    )
    if taken.rowcount != 1:  # a concurrent intake took it first
        raise weighing_used(row.scale_id)
    return int(row.net_g), str(row.id)


MAX_KEPT_PAYLOAD = 4096  # the ingest's own limit on a scale message (more is cut)


def _printable(text: str, limit: int) -> str:
    # PostgreSQL cannot store a NUL in text; written out it stays evidence
    return text.replace("\0", "\\x00")[:limit]


def keep_refused(conn: sa.Connection, refused: list[tuple[str, bytes, str]],
                 received_at: datetime) -> None:
    """Keep refused MQTT messages (topic, payload, reason) in `dead_letters` for the admin;
    bytes that are not UTF-8 are written as escapes."""
    conn.execute(t.dead_letters.insert(), [
        {"topic": _printable(topic, 256),
         "payload": _printable(payload.decode("utf-8", "backslashreplace"), MAX_KEPT_PAYLOAD),
         "reason": _printable(reason, 500), "received_at": received_at}
        for topic, payload, reason in refused])


def refused(conn: sa.Connection, limit: int) -> list[sa.Row[Any]]:
    """The newest refused MQTT messages, newest first."""
    d = t.dead_letters.c
    return list(conn.execute(sa.select(t.dead_letters).order_by(d.id.desc()).limit(limit)))
