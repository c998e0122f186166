"""Presence at the entrance: a badge scanned clocks in or out (`presence` stations); badge
cards to print, and the sessions closed at closing time for the coordinator (admin)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

import labels
from tracker.api.deps import Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.people_schemas import FlaggedOut, ScanIn, ScanOut
from tracker.api.routers.labels import PrintedOut, _printer
from tracker.domain import codes
from tracker.domain.errors import NotAllowed
from tracker.services import presence
from tracker.services.context import local_date

router = APIRouter(prefix="/api", tags=["presence"], responses=ERROR_RESPONSES)
CARD_TITLE = "Aanwezig"  # printed where an item's label has its category
CARD_TEXT = "Scan bij binnenkomst en vertrek"


@router.post("/presence/scan", status_code=200, response_model=ScanOut)
async def scan(body: ScanIn, cmd: Annotated[Command, command("presence")]) -> object:
    """A badge scanned at the entrance: clocked in ("Goedemorgen"), or out ("Tot ziens"). A
    session left open past the site's closing time is closed then and flagged first."""
    return await cmd.run(body, lambda tx: presence.scan(tx, body.badge, body.scanned_at),
                         status=200)


@router.get("/presence/flagged", response_model=list[FlaggedOut],
            dependencies=[require("admin")])
async def flagged(svc: Svc) -> object:
    """Sessions closed at the site's closing time because nobody clocked out."""
    def read() -> object:
        with svc.db.read() as conn:
            return presence.flagged(conn)

    return await blocking(svc, read)


def _card(svc: Services, code: str) -> labels.LabelData:
    canonical = presence.parse_badge(code)
    with svc.db.read() as conn:
        made: date = local_date(presence.badge_made(conn, canonical))
    return labels.LabelData(code=codes.display(canonical),
                            qr_url=presence.badge_qr(svc.settings.base_url, canonical),
                            category=CARD_TITLE, intake_date=made,
                            centre=svc.settings.centre_name, description=CARD_TEXT)


@router.get("/badges/{code}/card.{fmt}", dependencies=[require("admin")],
            response_class=Response)
async def card(code: str, fmt: Literal["pdf", "zpl", "png"], svc: Svc,
               paper: Annotated[Literal["label", "a4"], Query()] = "label") -> Response:
    """A badge as a card: on the label roll (pdf, zpl for a Zebra, png) or on A4 (pdf)."""
    data = await blocking(svc, _card, svc, code)
    if paper == "a4":
        body = labels.render_sheet([data], "2x7")
        return Response(body, media_type=labels.MEDIA_TYPES["pdf"])
    return Response(labels.render(data, fmt), media_type=labels.MEDIA_TYPES[fmt])


@router.post("/badges/{code}/print", response_model=PrintedOut)
async def print_card(code: str, cmd: Annotated[Command, command("admin")]) -> object:
    """The badge card on this admin station's label printer (409 when it has none)."""
    svc = cmd.svc
    printer = await blocking(svc, _printer, svc, cmd.actor.station)
    data = await blocking(svc, _card, svc, code)

    def send() -> PrintedOut:
        try:
            labels.print_label(labels.render(data, "zpl"), printer)
        except labels.PrinterError as exc:
            raise NotAllowed(exc.nl, "printer_failed", en=exc.en) from None
        return PrintedOut(code=data.code, printer=printer)

    return await cmd.run_outside(send)
