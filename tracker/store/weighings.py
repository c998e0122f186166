"""Stored weighings from the scale gateways, their binding to items, and refused messages."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa

from tracker.domain.weighings import Weighing
from tracker.store import tables as t

_W = t.weighings.c
_COLUMNS = ("id", "scale_id", "seq", "at", "clock_synced", "protocol", "net_kg", "gross_kg",
            "tare_kg", "net_g", "stable", "status", "raw")
MAX_KEPT_PAYLOAD = 4096  # the ingest's own limit on a scale message (more is cut)


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


@dataclass(frozen=True)
class Offer:
    """A stored weighing as an intake may take it: whether it is fresh, usable and free."""

    id: str
    scale_id: str
    net_g: int
    bound_to: str | None
    fresh: bool
    usable: bool


def _usable() -> list[sa.ColumnElement[bool]]:
    return [_W.stable.is_(True), _W.status == "ok", _W.net_g > 0]


def _offered(cutoff: datetime) -> sa.Select[Any]:
    # an unsynced gateway clock says nothing about age: then only arrival counts
    fresh = sa.and_(_W.received_at >= cutoff, sa.or_(_W.clock_synced.is_(False), _W.at >= cutoff))
    return sa.select(_W.id, _W.scale_id, _W.net_g, _W.bound_to, fresh.label("fresh"),
                     sa.and_(*_usable()).label("usable"))


def _offer(conn: sa.Connection, query: sa.Select[Any]) -> Offer | None:
    row = conn.execute(query.with_for_update()).first()
    if row is None:
        return None
    return Offer(str(row.id), str(row.scale_id), int(row.net_g), row.bound_to, bool(row.fresh),
                 bool(row.usable))


def newest_usable(conn: sa.Connection, scale_id: str, cutoff: datetime) -> Offer | None:
    """The scale's newest stable weighing of an object (fresh if received after `cutoff`),
    locked for this transaction, or None."""
    newest = sa.select(_W.id).where(_W.scale_id == scale_id, *_usable()).order_by(
        _W.n.desc()).limit(1).scalar_subquery()
    return _offer(conn, _offered(cutoff).where(_W.id == newest))


def by_id(conn: sa.Connection, weighing_id: str, cutoff: datetime) -> Offer | None:
    """One weighing (fresh if received after `cutoff`), locked for this transaction, or None."""
    return _offer(conn, _offered(cutoff).where(_W.id == weighing_id))


def bind(conn: sa.Connection, weighing_id: str, bound_to: str, at: datetime) -> bool:
    """Bind a weighing that is still free; False when a concurrent intake took it first."""
    taken = conn.execute(t.weighings.update().where(_W.id == weighing_id, _W.bound_to.is_(None)),
                         {"bound_to": bound_to, "bound_at": at})
    return taken.rowcount == 1


def heard_scales(conn: sa.Connection) -> list[str]:
    """Every scale id a weighing came from."""
    return list(conn.execute(sa.select(_W.scale_id).distinct()).scalars())


def stored_ids(conn: sa.Connection, ids: Sequence[str]) -> set[str]:
    """Which of these weighing ids are stored."""
    return set(conn.execute(sa.select(_W.id).where(_W.id.in_(ids))).scalars())


def page(conn: sa.Connection, scale_id: str, limit: int,
         after: str | None) -> list[sa.Row[Any]] | None:
    """A scale's weighings in arrival order, after the one with id `after` (None: from the
    first); None when `after` is not one of the scale's."""
    query = sa.select(t.weighings).where(_W.scale_id == scale_id)
    if after is not None:
        start = conn.execute(sa.select(_W.n).where(_W.id == after, _W.scale_id == scale_id)
                             ).scalar()
        if start is None:
            return None
        query = query.where(_W.n > start)
    return list(conn.execute(query.order_by(_W.n).limit(limit)).all())


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
