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
from tracker.store import feed as stored

RETRY_BASE_S = 30.0  # the first retry comes soon: most failures are a blip
RETRY_MAX_S = 3600.0  # a receiver down for days is still tried every hour
MAX_ERROR_TEXT = 500


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
    return stored.latest(conn, month)


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
    months = stored.months(conn)
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


def resend(conn: sa.Connection, months: Sequence[str], today: date, *, centre: str,
           categories: Mapping[str, Category], now: datetime) -> list[Due]:
    """The final documents of closed months (before local day `today`'s month), each as the
    month's next revision whatever was sent before: for a receiver that joined later, or
    history entered after the month closed. Only reads, like `plan`."""
    running = month_key(today)
    return [_due(conn, month_of(date.fromisoformat(month + "-01")), True, _latest(conn, month),
                 centre, categories, now) for month in months if month < running]


def without_final(conn: sa.Connection, months: Sequence[str]) -> list[str]:
    """Those of the months that have no final document in the outbox yet."""
    closed = {month for month, has_final in stored.months(conn) if has_final}
    return [month for month in months if month not in closed]


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
        stored.add(conn, receivers, d.month, d.revision, d.final, d.days.end, body, now)
        added.append((d.month, d.revision))
    return added


def due(conn: sa.Connection, receiver: str, now: datetime) -> Document | None:
    """The receiver's oldest undelivered document, if its next attempt is due."""
    row = stored.oldest_undelivered(conn, receiver)
    if row is None or row.next_attempt_at > now:
        return None
    return Document(row.id, row.receiver, row.month, row.revision, row.final, row.document)


def delivered(conn: sa.Connection, doc: Document, now: datetime) -> None:
    """The receiver confirmed it has the document."""
    stored.mark_delivered(conn, doc.id, now)


def failed(conn: sa.Connection, doc: Document, now: datetime, error: str,
           base_s: float = RETRY_BASE_S, max_s: float = RETRY_MAX_S) -> float:
    """Record a failed attempt; returns seconds until the next one."""
    attempts = stored.attempts(conn, doc.id) + 1
    wait = backoff(attempts, base_s, max_s)
    stored.mark_failed(conn, doc.id, attempts, now, timedelta(seconds=wait),
                       error[:MAX_ERROR_TEXT])
    return wait


def pending(conn: sa.Connection) -> list[dict[str, Any]]:
    """Undelivered documents with their attempts and last error (for operators and tests)."""
    return stored.pending(conn)
