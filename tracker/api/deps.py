"""Dependencies: the app's services, the calling station and its role, idempotent commands."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import sqlalchemy as sa
from fastapi import Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from tracker.api.errors import ApiError
from tracker.api.heavy import HeavyWork
from tracker.domain.categories import DEFAULT_CATEGORIES, Category, with_vat
from tracker.domain.errors import InvalidInput
from tracker.domain.figures import Delta
from tracker.ingest.live import LiveBoard
from tracker.services import categories as category_service
from tracker.services import commands, stations, till_rules
from tracker.services.commands import ConcurrentChange
from tracker.services.context import Actor, Clock, Tx, utc_now
from tracker.services.demand import PriceFold
from tracker.services.shop_window import ShopWindow
from tracker.settings import Settings
from tracker.store.database import Database

if TYPE_CHECKING:
    from tracker.feed.worker import FeedWorker
    from tracker.ingest.subscriber import Ingest

IDEMPOTENCY_KEY_MAX = 200
T = TypeVar("T")


@dataclass
class Services:
    """What the app runs on; tests swap the clock and id sources."""

    settings: Settings
    db: Database
    clock: Clock = utc_now
    randbits: Callable[[int], int] = secrets.randbits
    new_id: Callable[[], str] = field(default=lambda: uuid.uuid4().hex)
    categories: dict[str, Category] = field(
        default_factory=lambda: {c.id: c for c in DEFAULT_CATEGORIES})
    tokens: stations.TokenCache = field(default_factory=stations.TokenCache)
    board: LiveBoard = field(default_factory=LiveBoard)
    ingest: Ingest | None = None
    feed: FeedWorker | None = None
    heavy: HeavyWork = field(default_factory=HeavyWork)  # label sheets, documents, exports
    rules: till_rules.RulesCache = field(default_factory=till_rules.RulesCache)
    # the categories before the admin's changes (defaults and the settings' VAT rates)
    base_categories: dict[str, Category] = field(init=False, default_factory=dict)
    prices: PriceFold = field(default_factory=PriceFold)  # the price suggestion's sales
    shop: ShopWindow = field(default_factory=ShopWindow)  # /winkel and the catalogue

    def __post_init__(self) -> None:
        """The centre's VAT rates (settings `vat_rate`, `vat_rates`) on its categories; the
        admin's changes come on top (`reload_categories`)."""
        self.base_categories = with_vat(self.categories, self.settings.vat_rate,
                                        self.settings.vat_rates)
        self.categories = dict(self.base_categories)

    def reload_categories(self) -> None:
        """The admin's changes to the categories into `categories`, in place (at start, and
        after a change on /beheer: every holder of the dict sees them at once)."""
        with self.db.read() as conn:
            category_service.refresh(conn, self.base_categories, self.categories)


async def services(request: Request) -> Services:  # async: no threadpool hop for a lookup
    svc: Services = request.app.state.services
    return svc


Svc = Annotated[Services, Depends(services)]
bearer = HTTPBearer(auto_error=False, description="station token (`ambacht station add`)")


async def blocking(svc: Services, fn: Callable[..., T], *args: Any) -> T:
    """Run a database call: inline for SQLite, where a lookup in a local file costs less than
    the hop to a worker thread, and in the threadpool for PostgreSQL (network round trips)."""
    if svc.db.is_sqlite:
        return fn(*args)
    return await run_in_threadpool(fn, *args)


def _authenticate(svc: Services, token: str) -> Actor | None:
    with svc.db.read() as conn:
        return stations.authenticate(conn, token)


async def _station(svc: Services, creds: HTTPAuthorizationCredentials | None) -> Actor:
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "unauthorized", "log in met het token van dit station",
                       en="log in with this station's token")
    actor = svc.tokens.get(creds.credentials)
    if actor is None:
        actor = await blocking(svc, _authenticate, svc, creds.credentials)
        if actor is None:
            raise ApiError(401, "unauthorized", "onbekend of ingetrokken stationstoken",
                           en="unknown or revoked station token")
        svc.tokens.put(creds.credentials, actor)
    return actor


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


async def still_valid(svc: Services, token: str) -> bool:
    """Whether the token still works, asked of the database (not the cache): for a long
    connection that must end within stations.REVOKED_WITHIN_S of a revocation."""
    return await blocking(svc, _authenticate, svc, token) is not None


# A presence tablet stands at the entrance, unattended: it may clock people in and out and
# ask who it is (`/api/me`), nothing else (CONTRACT §12).
PRESENCE = "presence"


async def station(svc: Svc, creds: Credentials) -> Actor:
    """The calling station, or 401; a presence tablet gets 403 (async: a cached token costs
    no threadpool hop)."""
    actor = await _station(svc, creds)
    return _allowed(actor, ()) if actor.role == PRESENCE else actor


async def any_station(svc: Svc, creds: Credentials) -> Actor:
    """The calling station of any role, presence tablets too (only `/api/me`)."""
    return await _station(svc, creds)


AnyStation = Annotated[Actor, Depends(station)]
EveryStation = Annotated[Actor, Depends(any_station)]


def _allowed(actor: Actor, roles: tuple[str, ...]) -> Actor:
    if actor.role != "admin" and actor.role not in roles:
        raise ApiError(403, "forbidden",
                       f"station '{actor.station}' ({actor.role}) mag dit niet doen",
                       en=f"station '{actor.station}' ({actor.role}) may not do this")
    return actor


def require(*roles: str) -> Any:
    """A dependency that lets only these roles (and admin) through, else 403."""

    async def check(actor: AnyStation) -> Actor:
        return _allowed(actor, roles)

    return Depends(check)


async def fingerprint(request: Request) -> str:
    """Hash of what was asked, so a reused Idempotency-Key with another body is caught."""
    body = await request.body()
    return hashlib.sha256(request.method.encode() + request.url.path.encode() + b"\0" + body
                          ).hexdigest()



def _encode(result: Any) -> Any:
    return (result.model_dump(mode="json") if isinstance(result, BaseModel)
            else jsonable_encoder(result))


def _response(answer: commands.Answer) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else None
    return JSONResponse(answer.body, answer.status, headers=headers)


async def run_command(svc: Services, request: Request, actor: Actor, fp: str,
                      fn: Callable[[Tx], Any], status: int = 201, at: datetime | None = None,
                      person: str | None = None, secret: tuple[str, ...] = ()) -> JSONResponse:
    """Run one POST as a single unit of work; a repeated Idempotency-Key replays the answer."""
    key = _idempotency_key(request)
    if person is not None:
        actor = Actor(actor.station, actor.role, actor.site, person)
    when = commands.event_time(actor, at, svc.clock())

    def transaction(conn: sa.Connection, figure_batch: list[Delta]) -> commands.Answer:
        tx = Tx.on(conn, actor, when, randbits=svc.randbits, new_id=svc.new_id,
                   categories=svc.categories, weighing_max_age_s=svc.settings.weighing_max_age_s,
                   real_now=svc.clock(), figure_batch=figure_batch)
        return commands.run(tx, fn, _encode, status, key, fp, secret)

    try:
        return _response(await svc.db.run_write(transaction))
    except (ConcurrentChange, sa.exc.IntegrityError):
        # A concurrent request with the same key may have won the race: answer as it did.
        if key is not None:
            seen = await blocking(svc, _replay_after_race, svc, actor, key, fp)
            if seen is not None:
                return seen
        raise ConcurrentChange("iemand anders heeft dit net gewijzigd; probeer het opnieuw",
                               en="someone else has just changed this; try again") from None


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is not None and not (0 < len(key) <= IDEMPOTENCY_KEY_MAX):
        raise InvalidInput(f"Idempotency-Key moet 1 tot {IDEMPOTENCY_KEY_MAX} tekens zijn",
                           "invalid_idempotency_key",
                           en=f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} characters")
    return key


def _replay_after_race(svc: Services, actor: Actor, key: str, fp: str) -> JSONResponse | None:
    with svc.db.read() as conn:
        seen = commands.replayed(conn, actor, key, fp)
    return None if seen is None else _response(seen)


@dataclass
class Command:
    """Everything a POST endpoint needs to run its use case idempotently."""

    svc: Services
    request: Request
    actor: Actor
    fingerprint: str

    async def run(self, body: Any, fn: Callable[[Tx], Any], status: int = 201,
                  secret: tuple[str, ...] = ()) -> JSONResponse:
        return await run_command(self.svc, self.request, self.actor, self.fingerprint, fn, status,
                           at=getattr(body, "at", None), person=getattr(body, "person", None),
                           secret=secret)

    async def run_outside(self, act: Callable[[], Any], status: int = 200) -> JSONResponse:
        """For a POST whose effect lies outside the database (a label on a printer): `act`
        runs on a worker thread, and a repeated Idempotency-Key replays the first answer
        instead of doing it again."""
        svc, actor, fp = self.svc, self.actor, self.fingerprint
        key = _idempotency_key(self.request)
        if key is not None and (seen := await blocking(
                svc, _replay_after_race, svc, actor, key, fp)) is not None:
            return seen
        body = jsonable_encoder(await run_in_threadpool(act))
        if key is not None:
            await svc.db.run_write(lambda conn, _figures: commands.remember(
                conn, actor, key, fp, commands.Answer(status, body), svc.clock()))
        return JSONResponse(body, status)


# A NUL character written as JSON's \u0000 (after an even number of backslashes, so not an
# escaped backslash followed by "u0000"). PostgreSQL cannot store it in text, SQLite can: the
# same input must get the same answer on both, before anything is stored.
_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _refuse_nul(body: bytes) -> None:
    if b"\\u0000" in body and _NUL.search(body):
        raise InvalidInput("de invoer bevat een NUL-teken (\\u0000); haal het weg",
                           "invalid_input",
                           en="the input contains a NUL character (\\u0000); remove it")


def command(*roles: str) -> Any:
    """A dependency giving a `Command` for a station with one of these roles (or admin).

    One flat dependency instead of a tree of small ones: FastAPI's dependency solving is
    the largest cost of a request at the till (measured in `benchmarks tracker`)."""

    async def build(request: Request, creds: Credentials) -> Command:
        svc: Services = request.app.state.services
        actor = _allowed(await _station(svc, creds), roles)
        _refuse_nul(await request.body())  # already read by FastAPI: a search, no I/O
        # only a request that may be replayed needs the hash of its body
        fp = await fingerprint(request) if "idempotency-key" in request.headers else ""
        return Command(svc, request, actor, fp)

    return Depends(build)
