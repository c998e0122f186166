"""Running a command: when it happened, its unit of work, and once per idempotency key.

Every entry point (HTTP, CLI) runs its use cases through here, so back-dating rules and
idempotency hold wherever a command comes from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain.errors import Forbidden, InvalidInput
from tracker.services import people
from tracker.services.context import LOCAL_ZONE, Actor, Tx
from tracker.store import repository as repo
from tracker.store.repository import ConcurrentChange as ConcurrentChange


@dataclass(frozen=True)
class Answer:
    """What a command answered (and answers again to a repeated idempotency key)."""

    status: int
    body: Any
    replayed: bool = False


def event_time(actor: Actor, at: datetime | None, now: datetime) -> datetime:
    """When the command happened: now, or the moment an admin station back-dates it to
    (paper records; a time without a zone is local time), never in the future."""
    if at is None:
        return now
    if actor.role != "admin":
        raise Forbidden("alleen een beheerstation mag een tijdstip ('at') opgeven", "forbidden",
                        en="only an admin station may give a time ('at')")
    if at.tzinfo is None:
        at = at.replace(tzinfo=LOCAL_ZONE)
    at = at.astimezone(UTC)
    if at > now:
        raise InvalidInput("het tijdstip ligt in de toekomst", "at_in_future",
                           en="the time is in the future")
    return at


def replayed(conn: sa.Connection, actor: Actor, key: str, fingerprint: str) -> Answer | None:
    """The answer a key was given before, if any; the same key for another request is a 422."""
    seen = repo.remembered(conn, actor.station, key)
    if seen is None:
        return None
    if seen["request_hash"] != fingerprint:
        raise InvalidInput("deze Idempotency-Key is al gebruikt voor een ander verzoek",
                           "idempotency_key_reused",
                           en="this Idempotency-Key has already been used for another request")
    return Answer(seen["status"], seen["body"], replayed=True)


def run(tx: Tx, use_case: Callable[[Tx], Any], encode: Callable[[Any], Any], status: int = 201,
        key: str | None = None, fingerprint: str = "", secret: tuple[str, ...] = ()) -> Answer:
    """Run a use case in its unit of work and commit it, with the answer remembered under
    `key` in the same transaction (a repeated key gets that answer, and nothing is done).
    The answer's `secret` fields (a new station's token) are remembered as null: shown once,
    never stored."""
    if key is not None and (seen := replayed(tx.sql, tx.actor, key, fingerprint)) is not None:
        return seen
    # an alias nobody added would count work for no one; events keep the opaque id
    people.as_person_id(tx)
    body = encode(use_case(tx))
    tx.commit()
    if key is not None:
        kept = {**body, **dict.fromkeys(secret)} if secret else body
        remember(tx.sql, tx.actor, key, fingerprint, Answer(status, kept), tx.now)
    return Answer(status, body)


def remember(conn: sa.Connection, actor: Actor, key: str, fingerprint: str, answer: Answer,
             now: datetime) -> None:
    """Keep the answer to a key, for `replayed` to give again."""
    repo.remember(conn, actor.station, key, fingerprint, answer.status, answer.body, now)
