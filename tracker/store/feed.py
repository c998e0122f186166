"""The monitor feed's outbox: each document once per receiver, until the receiver has it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from tracker.store import tables as t

_O = t.feed_outbox.c


def latest(conn: sa.Connection, month: str) -> Any:
    """The month's newest document (revision, final, to_date, document), or None."""
    q = (sa.select(_O.revision, _O.final, _O.to_date, _O.document).where(_O.month == month)
         .order_by(_O.revision.desc()).limit(1))
    return conn.execute(q).first()


def months(conn: sa.Connection) -> list[tuple[str, bool]]:
    """Every month with a document, oldest first, and whether it has a final one."""
    rows = conn.execute(sa.select(_O.month, sa.func.max(sa.case((_O.final, 1), else_=0)))
                        .group_by(_O.month).order_by(_O.month)).all()
    return [(str(month), bool(has_final)) for month, has_final in rows]


def add(conn: sa.Connection, receivers: Sequence[str], month: str, revision: int, final: bool,
        to_date: date, body: str, now: datetime) -> None:
    """One document for each receiver, due at once."""
    conn.execute(t.feed_outbox.insert(), [
        dict(receiver=r, month=month, revision=revision, final=final, to_date=to_date,
             document=body, created_at=now, attempts=0, next_attempt_at=now)
        for r in receivers])


def oldest_undelivered(conn: sa.Connection, receiver: str) -> sa.Row[Any] | None:
    """The receiver's oldest document it does not have yet, or None."""
    return conn.execute(sa.select(t.feed_outbox).where(_O.receiver == receiver,
                                                       _O.delivered_at.is_(None))
                        .order_by(_O.id).limit(1)).first()


def mark_delivered(conn: sa.Connection, doc_id: int, now: datetime) -> None:
    """The receiver has it."""
    conn.execute(t.feed_outbox.update().where(_O.id == doc_id)
                 .values(delivered_at=now, attempts=_O.attempts + 1, last_error=None))


def attempts(conn: sa.Connection, doc_id: int) -> int:
    """How often the document was tried."""
    return int(conn.execute(sa.select(_O.attempts).where(_O.id == doc_id)).scalar_one())


def mark_failed(conn: sa.Connection, doc_id: int, attempts: int, now: datetime,
                wait: timedelta, error: str) -> None:
    """One more failed attempt; the next one after `wait`."""
    conn.execute(t.feed_outbox.update().where(_O.id == doc_id).values(
        attempts=attempts, next_attempt_at=now + wait, last_error=error))


def pending(conn: sa.Connection) -> list[dict[str, Any]]:
    """Undelivered documents with their attempts and last error, in order."""
    q = (sa.select(_O.receiver, _O.month, _O.revision, _O.final, _O.attempts, _O.last_error,
                   _O.next_attempt_at).where(_O.delivered_at.is_(None)).order_by(_O.id))
    return [dict(r._mapping) for r in conn.execute(q)]
