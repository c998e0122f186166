"""Kassabon: a sale's receipt as text or PDF, and printed on the till's receipt printer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

import labels
import receipts
from receipts import pdf, printers
from tracker.api.deps import Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.language import prefers_english
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.services import receipts as receipt_service
from tracker.services import stations

router = APIRouter(prefix="/api", tags=["till"], responses=ERROR_RESPONSES)
MEDIA_TYPES = {"txt": "text/plain; charset=utf-8", "pdf": "application/pdf"}
Width = Annotated[int, Query(description="characters a line: 32 (58 mm), 42 or 48 (80 mm)")]


class PrintedOut(BaseModel):
    sale_id: str
    printer: str
    drawer: bool  # the cash drawer was sent its kick pulse (the sale was paid in cash)


def _receipt(svc: Services, sale_id: str, lang: str) -> tuple[receipts.Receipt, bool]:
    """The sale's receipt in `lang`, and whether it was paid in cash; 404 when unknown."""
    with svc.db.read() as conn:
        sale, site = receipt_service.find(conn, sale_id)
    made = receipt_service.receipt(sale, site, svc.settings.centre_name, svc.settings.base_url,
                                   svc.categories, lang)
    return made, receipt_service.paid_in_cash(sale)


def _language(accept_language: str | None) -> str:
    return "en" if prefers_english(accept_language) else "nl"


@router.get("/sales/{sale_id}/receipt.{fmt}", response_class=Response,
            dependencies=[require("till")],
            responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})
async def receipt(sale_id: str, fmt: str, svc: Svc, width: Width = receipts.DEFAULT_WIDTH,
                  accept_language: Annotated[str | None, Header()] = None) -> Response:
    """The sale's kassabon: txt (lines of `width` characters) or pdf (receipt-wide), with its
    refunds and a QR code to its public page /r/{sale_id}. In the client's language."""
    fmt = fmt.lower()
    if fmt not in MEDIA_TYPES:
        raise InvalidInput(f"formaat '{fmt}' bestaat niet; kies txt of pdf", "unsupported_format",
                           en=f"format '{fmt}' does not exist; choose txt or pdf")
    if width not in receipts.WIDTHS:
        shown = ", ".join(map(str, receipts.WIDTHS))
        raise InvalidInput(f"width moet {shown} zijn", "invalid_width",
                           en=f"width must be {shown}")
    made, _ = await blocking(svc, _receipt, svc, sale_id, _language(accept_language))
    if fmt == "txt":
        body = ("\n".join(receipts.text_lines(made, width)) + "\n" + made.url + "\n").encode()
    else:
        body = await run_in_threadpool(pdf.render_pdf, made, width)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'inline; filename="bon-{sale_id}.{fmt}"'})



def printed(send: Callable[[], object]) -> None:
    """Send a job to the receipt printer; its failures as the station's clear 409s."""
    try:
        send()
    except printers.PrintingNotInstalled:
        raise NotAllowed(f"bonprinter niet geïnstalleerd: {printers.INSTALL_HINT}",
                         "printing_not_installed",
                         en=f"receipt printing is not installed: {printers.INSTALL_HINT}"
                         ) from None
    except labels.PrinterError as exc:
        raise NotAllowed(exc.nl, "printer_failed", en=exc.en) from None

def _printer(svc: Services, station: str) -> str:
    with svc.db.read() as conn:
        printer = stations.receipt_printer_of(conn, station)
    if printer is None:
        raise NotAllowed(
            f"station '{station}' heeft geen bonprinter: print de PDF via de browser, of stel er "
            f"een in met 'ambacht station receipt-printer {station} escpos://PRINTER:9100'",
            "no_receipt_printer",
            en=f"station '{station}' has no receipt printer: print the PDF through the browser, "
               f"or set one with 'ambacht station receipt-printer {station} "
               "escpos://PRINTER:9100'")
    return printer


@router.post("/sales/{sale_id}/print", response_model=PrintedOut)
async def print_receipt(sale_id: str, cmd: Annotated[Command, command("till")],
                        accept_language: Annotated[str | None, Header()] = None) -> object:
    """Bon printen on this till's receipt printer (`ambacht station receipt-printer`): the
    receipt, its QR code, the cut, and the cash drawer's kick pulse when paid in cash. 409
    when there is no printer, python-escpos is not installed, or the printer fails."""
    svc = cmd.svc
    made, cash = await blocking(svc, _receipt, svc, sale_id, _language(accept_language))
    printer = await blocking(svc, _printer, svc, cmd.actor.station)

    def send() -> PrintedOut:
        printed(lambda: printers.print_receipt(made, printer, kick_drawer=cash))
        return PrintedOut(sale_id=sale_id, printer=printer, drawer=cash)

    return await cmd.run_outside(send)
