"""Exports: repairs in ORDS v0.3 and the second-hand goods register, as CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from tracker.api.deps import Services, Svc, require
from tracker.api.downloads import csv_download
from tracker.api.errors import BUSY_RESPONSE, ERROR_RESPONSES
from tracker.api.schemas import IsoDate
from tracker.domain import ords
from tracker.domain.calendar import period
from tracker.services import ords as ords_service
from tracker.services import register

router = APIRouter(prefix="/api/exports", tags=["exports"], responses=ERROR_RESPONSES)
Reader = require("monitor")
From = Annotated[IsoDate | None, Query(alias="from", description="first local date")]
To = Annotated[IsoDate | None, Query(alias="to", description="last local date, inclusive")]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"},
    **BUSY_RESPONSE}


def _check(start: date | None, end: date | None) -> None:
    if start is not None and end is not None:
        period(start, end)


def ords_csv(svc: Services, start: date | None, end: date | None) -> str:
    """All repairs in the period as an ORDS v0.3 file."""
    _check(start, end)
    with svc.db.read(snapshot=True) as conn:
        return "".join(ords.write(ords_service.export_records(
            conn, start, end, centre=svc.settings.centre, provider=svc.settings.centre_name,
            categories=svc.categories)))


def register_csv(svc: Services, start: date | None, end: date | None) -> str:
    """The register's entries in the period as CSV."""
    _check(start, end)
    with svc.db.read(snapshot=True) as conn:
        found = register.entries(conn, start, end)
    return "".join(register.csv_text(found))


@router.get("/ords.csv", dependencies=[Reader], response_class=Response, responses=CSV)
async def export_ords(svc: Svc, start: From = None, end: To = None) -> Response:
    """Every repair (own-use and repair bench) in Open Repair Data Standard v0.3."""
    return csv_download(await svc.heavy.run(ords_csv, svc, start, end), "ords.csv")


@router.get("/register.csv", dependencies=[Reader], response_class=Response, responses=CSV)
async def export_register(svc: Svc, start: From = None, end: To = None) -> Response:
    """The second-hand goods register: items with a serial number, intake and sale."""
    return csv_download(await svc.heavy.run(register_csv, svc, start, end), "register.csv")
