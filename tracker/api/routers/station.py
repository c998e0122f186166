"""Who is calling (the station pages show it after login) and the sites a dashboard can pick."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tracker.api.deps import AnyStation, EveryStation, Services, Svc, blocking
from tracker.api.errors import ERROR_RESPONSES
from tracker.services import stations

router = APIRouter(prefix="/api", tags=["system"], responses=ERROR_RESPONSES)


class SiteOut(BaseModel):
    id: str
    municipality: str
    name: str | None
    closes: str = Field(default="17:00", description="HH:MM: a clock-out forgotten at its "
                                                     "entrance closes then")


class MeOut(BaseModel):
    station: str
    role: str
    site: SiteOut
    centre: str
    centre_name: str
    printer: bool  # "Label printen" goes to a label printer (else: the browser's dialog)
    receipt_printer: bool  # "Bon printen" goes to a receipt printer (else: the receipt's PDF)


def _has_printers(svc: Services, station: str) -> tuple[bool, bool]:
    with svc.db.read() as conn:
        return (stations.printer_of(conn, station) is not None,
                stations.receipt_printer_of(conn, station) is not None)


def _sites(svc: Services) -> list[SiteOut]:
    with svc.db.read() as conn:
        rows = stations.list_sites(conn)
    return [SiteOut(id=r.id, municipality=r.municipality, name=r.name,
                    closes=stations.closes_text(r._mapping)) for r in rows]


@router.get("/me", response_model=MeOut)
async def me(svc: Svc, actor: EveryStation) -> MeOut:
    """The calling station: its name, role and site (the pages show it in their header)."""
    sites = {s.id: s for s in await blocking(svc, _sites, svc)}
    label_printer, receipt_printer = await blocking(svc, _has_printers, svc, actor.station)
    site = sites.get(actor.site, SiteOut(id=actor.site, municipality="", name=None))
    return MeOut(station=actor.station, role=actor.role, site=site, centre=svc.settings.centre,
                 centre_name=svc.settings.centre_name,
                 printer=label_printer, receipt_printer=receipt_printer)


@router.get("/sites", response_model=list[SiteOut])
async def sites(svc: Svc, _: AnyStation) -> list[SiteOut]:
    """Every site of the centre (the dashboard's site choice)."""
    return await blocking(svc, _sites, svc)
