"""The council report (CONTRACT §14): a few pages in plain Dutch as PDF."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Response

from tracker import council
from tracker.api.deps import Services, Svc, require
from tracker.api.errors import BUSY_RESPONSE, ERROR_RESPONSES
from tracker.api.routers.monitor import From, Site, To
from tracker.services import monitor

router = APIRouter(prefix="/api", tags=["monitor"], responses=ERROR_RESPONSES)


def _report(svc: Services, start: date, end: date, site: str | None) -> bytes:
    with svc.db.read(snapshot=True) as conn:
        whole, months = monitor.council_documents(
            conn, start, end, site, centre=svc.settings.centre, categories=svc.categories,
            now=svc.clock())
    return council.render(whole, months, centre_name=svc.settings.centre)


@router.get("/report.pdf", dependencies=[require("monitor")], response_class=Response,
            responses={200: {"content": {"application/pdf": {"schema": {
                "type": "string", "format": "binary"}}},
                "description": "the report"}, **BUSY_RESPONSE})
async def report(svc: Svc, start: From, end: To, site: Site = None) -> Response:
    """The council report for a period (and one site): headline figures against targets and
    baseline, charts per month, repairs, people, the mass balance and the till, in Dutch."""
    pdf = await svc.heavy.run(_report, svc, start, end, site)
    name = f"verslag-{start.isoformat()}-{end.isoformat()}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
