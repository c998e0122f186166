"""Health and the category table."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Response

from tracker.api.deps import AnyStation, Svc
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CategoryOut, HealthOut

router = APIRouter(prefix="/api", tags=["system"])


@router.get("/health", response_model=HealthOut,
            responses={503: {"model": HealthOut, "description": "database unreachable"}})
def health(svc: Svc, response: Response) -> HealthOut:
    """Is the database reachable, and is the MQTT ingest connected right now? 503 when the
    database is not, so that a monitoring probe or a load balancer sees it."""
    try:
        with svc.db.read() as conn:
            conn.execute(sa.text("SELECT 1"))
        db = "ok"
    except sa.exc.SQLAlchemyError:
        db = "error"
    if db != "ok":
        response.status_code = 503
    mqtt = "connected" if svc.ingest is not None and svc.ingest.connected else "disconnected"
    return HealthOut(status="ok" if db == "ok" else "error", db=db, mqtt=mqtt)


@router.get("/categories", response_model=list[CategoryOut], responses=ERROR_RESPONSES)
def categories(svc: Svc, _: AnyStation) -> list[CategoryOut]:
    """The categories with their labels, EU reuse-reporting group and CO2 factor."""
    return [CategoryOut(id=c.id, label_nl=c.label_nl, label_en=c.label_en, eu_group=c.eu_group,
                        co2_factor=float(c.co2_factor)) for c in svc.categories.values()]
