"""The national monitor feed: a monthly document made daily, final after the month closes,
kept in an outbox until each receiver has it (CONTRACT §6).

Each document of a month carries the next `revision`; a receiver keeps the highest. Delivery
retries with capped exponential backoff and keeps each receiver's order, so a receiver that
is down for days gets every document, oldest first, once it is back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from tracker.domain.calendar import Period, month_key, month_of
from tracker.domain.categories import Category
from tracker.services import monitor
from tracker.store import tables as t

RETRY_BASE_S = 30.0  # the first retry comes soon: most failures are a blip
RETRY_MAX_S = 3600.0  # a receiver down for days is still tried every hour
MAX_ERROR_TEXT = 500
_O = t.feed_outbox.c


@dataclass(frozen=True)
class Document:
    """One document for one receiver, as stored in the outbox."""

    id: int
    receiver: str
    month: str
    revision: int
    final: bool
    body: str


class DeliveryFailed(Exception):
    """The receiver did not confirm it has the document (down, error status, timeout)."""


Send = Callable[[Document], None]  # raises DeliveryFailed


def backoff(attempts: int, base_s: float = RETRY_BASE_S, max_s: float = RETRY_MAX_S) -> float:
    """Seconds to wait after the n-th failed attempt: doubling, capped."""
    return float(min(base_s * 2 ** max(attempts - 1, 0), max_s))


def _latest(conn: sa.Connection, month: str) -> Any:
    q = (sa.select(_O.revision, _O.final, _O.to_date, _O.document).where(_O.month == month)
         .order_by(_O.revision.desc()).limit(1))
    return conn.execute(q).first()


def _document(conn: sa.Connection, days: Period, centre: str,
              categories: Mapping[str, Category], now: datetime) -> dict[str, Any]:
    doc = monitor.document(conn, days.start, days.end, None, centre=centre,
                           categories=categories, now=now)
    return dict(json.loads(json.dumps(doc)))  # as a receiver reads it back


@dataclass(frozen=True)
class Due:
    """A document to add to the outbox: `revision` follows the month's newest one."""

    days: Period
    revision: int
    final: bool
    doc: dict[str, Any]

    @property
    def month(self) -> str:
        return month_key(self.days.start)


def _due(conn: sa.Connection, days: Period, final: bool, latest: Any, centre: str,
         categories: Mapping[str, Category], now: datetime) -> Due:
    return Due(days, 1 if latest is None else latest.revision + 1, final,
               _document(conn, days, centre, categories, now))


def _figures(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("generated_at", "revision", "final")}


def plan(conn: sa.Connection, today: date, *, centre: str,
         categories: Mapping[str, Category], now: datetime) -> list[Due]:
    """What is due on local day `today`: the final document of every closed month that lacks
    one, and the running month's document up to yesterday (once a day). On that daily round,
    a closed month whose figures changed since its final document (paper records entered with
    an earlier date, an ORDS import) gets a revised final one. Only reads: the documents are
    made outside the write lock, `enqueue` then adds them in a short transaction."""
    made: list[Due] = []
    yesterday = today - timedelta(days=1)
    running = month_of(yesterday)
    months = conn.execute(
        sa.select(_O.month, sa.func.max(sa.case((_O.final, 1), else_=0)))
        .group_by(_O.month).order_by(_O.month)).all()
    for month, has_final in months:  # closed while the tracker was down: close them now
        if not has_final and month < month_key(running.start):
            whole = month_of(date.fromisoformat(month + "-01"))
            made.append(_due(conn, whole, True, _latest(conn, month), centre, categories, now))
    latest = _latest(conn, month_key(running.start))
    if latest is not None and (latest.final or latest.to_date >= yesterday):
        return made  # today's round was made already
    made.append(_due(conn, Period(running.start, yesterday), yesterday == running.end, latest,
                     centre, categories, now))
    for month, has_final in months:
        if has_final and month < month_key(running.start):
            closed = _latest(conn, month)
            revised = _due(conn, month_of(date.fromisoformat(month + "-01")), True, closed,
                           centre, categories, now)
            if _figures(revised.doc) != _figures(json.loads(closed.document)):
                made.append(revised)
    return made


def enqueue(conn: sa.Connection, receivers: Sequence[str], due: Sequence[Due],
            now: datetime) -> list[tuple[str, int]]:
    """Put planned documents in every receiver's outbox; (month, revision) of each added. One
    another writer added meanwhile is left out (its revision is taken)."""
    added = []
    for d in due:
        latest = _latest(conn, d.month)
        if d.revision != (1 if latest is None else latest.revision + 1):
            continue
        body = json.dumps({**d.doc, "revision": d.revision, "final": d.final},
                          ensure_ascii=False)
        conn.execute(t.feed_outbox.insert(), [
            dict(receiver=r, month=d.month, revision=d.revision, final=d.final,
                 to_date=d.days.end, document=body, created_at=now, attempts=0,
                 next_attempt_at=now) for r in receivers])
        added.append((d.month, d.revision))
    return added


def due(conn: sa.Connection, receiver: str, now: datetime) -> Document | None:
    """The receiver's oldest undelivered document, if its next attempt is due."""
    row = conn.execute(sa.select(t.feed_outbox).where(_O.receiver == receiver,
                                                      _O.delivered_at.is_(None))
                       .order_by(_O.id).limit(1)).first()
    if row is None or row.next_attempt_at > now:
        return None
    return Document(row.id, row.receiver, row.month, row.revision, row.final, row.document)


def delivered(conn: sa.Connection, doc: Document, now: datetime) -> None:
    conn.execute(t.feed_outbox.update().where(_O.id == doc.id)
                 .values(delivered_at=now, attempts=_O.attempts + 1, last_error=None))


def failed(conn: sa.Connection, doc: Document, now: datetime, error: str,
           base_s: float = RETRY_BASE_S, max_s: float = RETRY_MAX_S) -> float:
    """Record a failed attempt; returns seconds until the next one."""
    attempts = conn.execute(sa.select(_O.attempts).where(_O.id == doc.id)).scalar_one() + 1
    wait = backoff(attempts, base_s, max_s)
    conn.execute(t.feed_outbox.update().where(_O.id == doc.id).values(
        attempts=attempts, next_attempt_at=now + timedelta(seconds=wait),
        last_error=error[:MAX_ERROR_TEXT]))
    return wait


def pending(conn: sa.Connection) -> list[dict[str, Any]]:
    """Undelivered documents with their attempts and last error (for operators and tests)."""
    q = (sa.select(_O.receiver, _O.month, _O.revision, _O.final, _O.attempts, _O.last_error,
                   _O.next_attempt_at).where(_O.delivered_at.is_(None)).order_by(_O.id))
    return [dict(r._mapping) for r in conn.execute(q)]
