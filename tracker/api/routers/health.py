"""Health and the category table."""

from __future__ import annotations

from fastapi import APIRouter, Response

from tracker.api.deps import AnyStation, Svc
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CategoryOut, HealthOut

router = APIRouter(prefix="/api", tags=["system"])


@router.get("/health", response_model=HealthOut,
            responses={503: {"model": HealthOut, "description": "database unreachable"}})
def health(svc: Svc, response: Response) -> HealthOut:
    """Is the database reachable, and is the MQTT ingest connected and storing right now? 503
    when the database is not, so that a monitoring probe or a load balancer sees it; an ingest
    that is stuck or refused makes the status `degraded` (the stations still work)."""
    db = "ok" if svc.db.reachable() else "error"
    if db != "ok":
        response.status_code = 503
    ingest = svc.ingest
    mqtt = "connected" if ingest is not None and ingest.connected else "disconnected"
    if ingest is None:
        return HealthOut(status="ok" if db == "ok" else "error", db=db, mqtt=mqtt, ingest="off")
    state = ingest.state()
    status = "error" if db != "ok" else "ok" if state in ("ok", "disconnected") else "degraded"
    return HealthOut(status=status, db=db, mqtt=mqtt, ingest=state,
                     weighings_stored=ingest.stored, messages_refused=ingest.refused)


@router.get("/categories", response_model=list[CategoryOut], responses=ERROR_RESPONSES)
def categories(svc: Svc, _: AnyStation) -> list[CategoryOut]:
    """The categories with their labels, EU reuse-reporting group, CO2 factor and VAT rate."""
    return [CategoryOut(id=c.id, label_nl=c.label_nl, label_en=c.label_en, eu_group=c.eu_group,
                        co2_factor=float(c.co2_factor), vat_rate=float(c.vat_rate))
            for c in svc.categories.values()]
