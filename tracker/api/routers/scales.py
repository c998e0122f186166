"""Scales: status and last reading, live readings as Server-Sent Events, stored weighings."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from tracker.api.deps import (
    AnyStation,
    Credentials,
    Services,
    Svc,
    blocking,
    require,
    still_valid,
)
from tracker.api.errors import ERROR_RESPONSES
from tracker.domain import codes
from tracker.domain.weighings import falling_behind
from tracker.ingest.live import iso_time
from tracker.services import stations, weighings
from tracker.services.scales import sites as scale_sites

router = APIRouter(prefix="/api", tags=["scales"], responses=ERROR_RESPONSES)
HEARTBEAT_S = 15  # keeps proxies and tablets from closing an idle stream
# An open stream asks the database this often whether its token still works, so the stream
# of a revoked station ends within the time its requests start being refused.
TOKEN_RECHECK_S = stations.TOKEN_CACHE_SECONDS
MAX_PAGE = 1000


class ScaleOut(BaseModel):
    scale_id: str
    site: str | None = Field(description="the site it is tied to (`ambacht scale add`); null: "
                                         "zonder locatie, any intake station binds it")
    status: str
    detail: str
    status_at: str | None
    last_reading: dict[str, Any] | None
    last_weighing: dict[str, Any] | None
    outbox: int | None = Field(None, description="weighings the gateway holds that the tracker "
                               "has not acknowledged (null: the gateway does not say)")
    uptime_s: int | None = Field(None, description="seconds since the gateway started")
    gateway_last_weighing: dict[str, Any] | None = Field(
        None, description="`{id, at}` of the last weighing the gateway made since it started")
    behind: list[str] = Field(
        [], description="why the gateway falls behind: `outbox_backlog` (many weighings wait "
        "for an ack), `weighing_not_received` (its last weighing never arrived here), "
        "`status_stale` (it stopped refreshing its status); [] when it keeps up")


class WeighingOut(BaseModel):
    id: str
    scale_id: str
    seq: int
    at: str
    net_kg: float
    gross_kg: float | None
    tare_kg: float | None
    stable: bool
    status: str
    raw: str
    item: str | None


def _known_scales(svc: Services, ids: list[str]) -> tuple[list[str], dict[str, str], set[str]]:
    """Scales that sent a weighing, the site of each scale tied to one, and which of the
    weighing `ids` are stored."""
    with svc.db.read() as conn:
        heard, stored = weighings.heard_of(conn, ids)
        return heard, scale_sites(conn), stored


@router.get("/scales", response_model=list[ScaleOut])
async def scales(svc: Svc, _: AnyStation) -> list[ScaleOut]:
    """Every scale heard of or added: its site, status (online/offline/error), newest reading
    and weighing."""
    live = {s.scale_id: s for s in svc.board.snapshot()}
    made = [s.gateway.last_weighing_id for s in live.values()
            if s.gateway and s.gateway.last_weighing_id]
    heard, tied, stored = await blocking(svc, _known_scales, svc, made)
    ids = sorted(set(live) | set(heard) | set(tied))
    now = svc.clock()
    out = []
    for scale_id in ids:
        s = live.get(scale_id)
        g = s.gateway if s else None
        out.append(ScaleOut(
            scale_id=scale_id, site=tied.get(scale_id),
            status=s.status if s else "unknown", detail=s.detail if s else "",
            status_at=s.status_at if s else None, last_reading=s.reading if s else None,
            last_weighing=s.last_weighing if s else None,
            outbox=g.outbox if g else None, uptime_s=g.uptime_s if g else None,
            gateway_last_weighing={"id": g.last_weighing_id, "at": iso_time(g.last_weighing_at)}
            if g and g.last_weighing_id else None,
            behind=falling_behind(g, g.last_weighing_id in stored, now) if g else []))
    return out


@router.get("/scales/{scale_id}/stream", response_class=StreamingResponse,
            responses={200: {"content": {"text/event-stream": {}}}})
async def stream(scale_id: str, svc: Svc, request: Request, _: AnyStation,
                 creds: Credentials) -> StreamingResponse:
    """Server-Sent Events: `status`, `live` and `weighing` events of one scale; the stream
    ends when the station's token is revoked."""
    assert creds is not None  # AnyStation has refused a request without a token
    token = creds.credentials
    queue = svc.board.listen(scale_id)
    current = {s.scale_id: s for s in svc.board.snapshot()}.get(scale_id)

    async def events() -> AsyncIterator[str]:
        clock = asyncio.get_running_loop().time
        try:
            if current is not None:
                yield _sse({"type": "status", "state": current.status, "detail": current.detail})
                if current.reading:
                    yield _sse({"type": "live", **current.reading})
            next_check, next_beat = clock() + TOKEN_RECHECK_S, clock() + HEARTBEAT_S
            while not await request.is_disconnected():
                event = None
                try:
                    wait = max(0.0, min(next_check, next_beat) - clock())
                    event = await asyncio.wait_for(queue.get(), wait)
                except TimeoutError:
                    pass
                if clock() >= next_check:
                    if not await _token_works(svc, token):
                        return
                    next_check = clock() + TOKEN_RECHECK_S
                if event is not None:
                    yield _sse(event)
                    next_beat = clock() + HEARTBEAT_S
                elif clock() >= next_beat:
                    yield ": heartbeat\n\n"
                    next_beat = clock() + HEARTBEAT_S
        finally:
            svc.board.unlisten(scale_id, queue)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def _token_works(svc: Services, token: str) -> bool:
    try:
        return await still_valid(svc, token)
    except sa.exc.DBAPIError:
        return True  # the database is away: it cannot say, and the readings come from MQTT


def _sse(event: dict[str, Any]) -> str:
    # the kind is one of ours (tracker/ingest/live.py); the data one JSON line, never NaN
    return f"event: {event['type']}\ndata: {json.dumps(event, allow_nan=False)}\n\n"


def _page(svc: Services, scale_id: str, limit: int, after: str | None) -> list[WeighingOut]:
    with svc.db.read(snapshot=True) as conn:
        rows = weighings.page(conn, scale_id, limit, after)
    return [WeighingOut(
        id=r.id, scale_id=r.scale_id, seq=r.seq, at=r.at.isoformat().replace("+00:00", "Z"),
        net_kg=float(r.net_kg), gross_kg=None if r.gross_kg is None else float(r.gross_kg),
        tare_kg=None if r.tare_kg is None else float(r.tare_kg), stable=r.stable,
        status=r.status, raw=r.raw,
        item=codes.display(r.bound_to) if r.bound_to and ":" not in r.bound_to else r.bound_to,
    ) for r in rows]


@router.get("/scales/{scale_id}/weighings", response_model=list[WeighingOut])
async def stored_weighings(
    scale_id: str, svc: Svc, _: AnyStation,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    after: Annotated[str | None, Query(max_length=128)] = None,
) -> list[WeighingOut]:
    """Stored weighings, oldest first; `after` is the last id of the previous page."""
    return await blocking(svc, _page, svc, scale_id, limit, after)


class RefusedOut(BaseModel):
    id: int
    topic: str
    payload: str
    reason: str
    received_at: str


def _refused(svc: Services, limit: int) -> list[RefusedOut]:
    with svc.db.read() as conn:
        rows = weighings.refused(conn, limit)
    return [RefusedOut(id=r.id, topic=r.topic, payload=r.payload, reason=r.reason,
                       received_at=r.received_at.isoformat().replace("+00:00", "Z"))
            for r in rows]


@router.get("/dead-letters", response_model=list[RefusedOut], dependencies=[require()])
async def dead_letters(svc: Svc, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100
                       ) -> list[RefusedOut]:
    """MQTT messages the ingest refused (malformed, or values no database takes), newest
    first, with the reason: what a gateway sent that never became a weighing (admin)."""
    return await blocking(svc, _refused, svc, limit)
