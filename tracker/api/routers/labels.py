"""Labels: one item's label in any format, or an A4 sheet of many."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

import labels
from tracker.api.deps import AnyStation, Command, Services, Svc, blocking, command
from tracker.api.errors import BUSY_RESPONSE, ERROR_RESPONSES
from tracker.domain import codes
from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.domain.items import Item
from tracker.services import items as lookup
from tracker.services import stations
from tracker.services.labelling import label_for

router = APIRouter(prefix="/api", tags=["labels"], responses=ERROR_RESPONSES)


class SheetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[str] = Field(min_length=1)
    layout: Literal["3x8", "2x7"] = "3x8"


def _items(svc: Services, item_codes: list[str]) -> list[Item]:
    with svc.db.read(snapshot=True) as conn:
        found = [(c, lookup.find(conn, c)) for c in item_codes]
    missing = [codes.display(c) for c, item in found if item is None]
    if missing:
        raise NotFound(f"onbekend item: {', '.join(missing)}", "item_not_found",
                       en=f"unknown item: {', '.join(missing)}")
    return [item for _, item in found if item is not None]


def _render(fn: object, *args: object) -> bytes:
    try:
        return fn(*args)  # type: ignore[operator, no-any-return]
    except labels.LabelError as exc:
        # the labels package words its refusals in English only
        raise InvalidInput(str(exc), "invalid_label", en=str(exc)) from None


@router.get("/items/{code}/label.{fmt}", response_class=Response,
            responses={200: {"content": {t: {} for t in labels.MEDIA_TYPES.values()}}})
async def item_label(code: str, fmt: str, svc: Svc, _: AnyStation) -> Response:
    """The item's label: png or svg (screen), pdf (one label), zpl (Zebra printer)."""
    fmt = fmt.lower()
    if fmt not in labels.FORMATS:
        raise InvalidInput(f"formaat '{fmt}' bestaat niet; kies png, svg, pdf of zpl",
                           "unsupported_format",
                           en=f"format '{fmt}' does not exist; choose png, svg, pdf or zpl")
    (item,) = await blocking(svc, _items, svc, [codes.parse(code)])
    data = label_for(item, svc.settings.base_url, svc.settings.centre_name, svc.categories)
    body = await run_in_threadpool(_render, labels.render, data, fmt)
    return Response(body, media_type=labels.MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'inline; filename="{data.code}.{fmt}"'})


def _sheet(svc: Services, item_codes: list[str], layout: str) -> bytes:
    """The sheet PDF, from looking the items up to the last page (seconds for 1,000)."""
    data = [label_for(i, svc.settings.base_url, svc.settings.centre_name, svc.categories)
            for i in _items(svc, item_codes)]
    return _render(labels.render_sheet, data, layout)


@router.post("/labels.pdf", response_class=Response,
             responses={200: {"content": {"application/pdf": {}}}, **BUSY_RESPONSE})
async def label_sheet(body: SheetIn, svc: Svc, _: AnyStation) -> Response:
    """An A4 sheet PDF (3×8 or 2×7 labels per page) for offices without a label printer."""
    if len(body.items) > labels.MAX_SHEET_LABELS:
        raise InvalidInput(f"{len(body.items)} labels is te veel voor één PDF; maximaal "
                           f"{labels.MAX_SHEET_LABELS}, maak meerdere vellen", "too_many_labels",
                           en=f"{len(body.items)} labels are too many for one PDF; at most "
                              f"{labels.MAX_SHEET_LABELS}, make several sheets")
    item_codes = [codes.parse(c) for c in body.items]
    pdf = await svc.heavy.run(_sheet, svc, item_codes, body.layout)
    return Response(pdf, media_type="application/pdf")


class PrintedOut(BaseModel):
    code: str
    printer: str


def _printer(svc: Services, station: str) -> str:
    with svc.db.read() as conn:
        printer = stations.printer_of(conn, station)
    if printer is None:
        raise NotAllowed(
            f"station '{station}' heeft geen labelprinter: print via de browser, of stel er een "
            f"in met 'ambacht station printer {station} zpl://PRINTER:9100'", "no_printer",
            en=f"station '{station}' has no label printer: print through the browser, or set "
               f"one with 'ambacht station printer {station} zpl://PRINTER:9100'")
    return printer


@router.post("/items/{code}/print", response_model=PrintedOut)
async def print_item_label(code: str, cmd: Annotated[Command, command("intake", "repair")]
                           ) -> object:
    """Label printen on this station's label printer (`ambacht station printer`): ZPL for a
    Zebra, or what a CUPS queue or a device file takes. 409 when there is none or it fails."""
    svc = cmd.svc
    printer = await blocking(svc, _printer, svc, cmd.actor.station)
    (item,) = await blocking(svc, _items, svc, [codes.parse(code)])
    data = label_for(item, svc.settings.base_url, svc.settings.centre_name, svc.categories)

    def send() -> PrintedOut:
        zpl = _render(labels.render, data, "zpl")
        try:
            labels.print_label(zpl, printer)
        except labels.PrinterError as exc:
            raise NotAllowed(exc.nl, "printer_failed", en=exc.en) from None
        return PrintedOut(code=data.code, printer=printer)

    return await cmd.run_outside(send)
