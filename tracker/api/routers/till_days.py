"""De kassadag (CONTRACT §11): open with a float, close with the counted cash; the Z-report as
JSON, text and PDF, and on the till's receipt printer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

import receipts
from receipts import pdf, printers
from receipts.report import Report
from receipts.report import text_lines as report_lines
from tracker.api.deps import AnyStation, Command, Services, Svc, blocking, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.language import prefers_english
from tracker.api.routers.receipts import _printer, printed
from tracker.api.schemas import CommandIn, VatOut
from tracker.domain import values
from tracker.domain.errors import Forbidden, InvalidInput
from tracker.domain.till_day import Day, day_id, vat_rate
from tracker.services import day_report, till_days
from tracker.services.context import Actor, Tx

router = APIRouter(prefix="/api/till", tags=["till"], responses=ERROR_RESPONSES)
READERS = ("till", "monitor", "admin")  # a till reads its own days; the others any till's


class OpenIn(CommandIn):
    float_eur: Decimal = Field(description="wisselgeld: the cash put in the drawer to start with")


class CloseIn(CommandIn):
    counted_eur: Decimal = Field(description="the cash counted in the drawer at the close")


class SalesOut(BaseModel):
    count: int
    revenue_eur: float  # after discounts


class RefundsOut(BaseModel):
    count: int
    amount_eur: float


class DayOut(BaseModel):
    """A till's day: while open its figures so far, once closed its Z-report (final)."""

    id: str  # {station}:{n}
    station: str
    day: int
    site: str
    open: bool
    opened_at: datetime
    closed_at: datetime | None
    float_eur: float
    sales: SalesOut
    refunds: RefundsOut
    net_revenue_eur: float
    discounts: dict[str, float]  # per reason
    discount_eur: float
    vat: list[VatOut]
    payments: dict[str, float]  # per method, what the sales took (cash after rounding)
    refunds_paid: dict[str, float]  # per method, what refunds paid back
    rounding_eur: float  # afronding
    expected_cash_eur: float  # float + cash taken − cash paid back
    counted_cash_eur: float | None
    difference_eur: float | None  # counted − expected


class DaysOut(BaseModel):
    station: str
    open_day: str | None  # the id of the open day, if one is
    days: list[DayOut]  # newest first


def _eur(cents: int) -> float:
    return values.eur(cents) or 0.0


def day_out(day: Day) -> DayOut:
    """A day as the API shows it."""
    t = day.totals
    return DayOut(
        id=day.id, station=day.station, day=day.number, site=day.site, open=day.is_open,
        opened_at=day.opened_at, closed_at=day.closed_at, float_eur=_eur(day.float_cents),
        sales=SalesOut(count=t.sales, revenue_eur=_eur(t.revenue_cents)),
        refunds=RefundsOut(count=t.refunds, amount_eur=_eur(t.refunded_cents)),
        net_revenue_eur=_eur(t.revenue_cents - t.refunded_cents),
        discounts={d.key: _eur(d.cents) for d in t.discounts},
        discount_eur=_eur(sum(d.cents for d in t.discounts)),
        vat=[VatOut(rate=vat_rate(v), net_eur=_eur(v.net_cents), vat_eur=_eur(v.vat_cents))
             for v in t.vat],
        payments={p.key: _eur(p.cents) for p in t.payments},
        refunds_paid={p.key: _eur(p.cents) for p in t.refunds_paid},
        rounding_eur=_eur(t.rounding_cents), expected_cash_eur=_eur(day.expected_cents),
        counted_cash_eur=values.eur(day.counted_cents),
        difference_eur=values.eur(day.difference_cents))


@router.post("/open", status_code=201, response_model=DayOut)
async def open_day(body: OpenIn, cmd: Annotated[Command, command("till")]) -> object:
    """De dag openen at this till with the float in its drawer; 409 while a day is open. Sales
    this till kept offline and sent after its last close are in it already."""
    cents = values.price_cents(body.float_eur, "float_eur")
    return await cmd.run(body, lambda tx: day_out(till_days.open_day(tx, cents)))


@router.post("/close", status_code=200, response_model=DayOut)
async def close_day(body: CloseIn, cmd: Annotated[Command, command("till")]) -> object:
    """De dag afsluiten with the cash counted in the drawer: answers the Z-report, which is final
    from then on. 409 when this till has no open day (never opened, or closed already). A sale
    the till kept offline that arrives later goes into its next day."""
    cents = values.price_cents(body.counted_eur, "counted_eur")

    def run(tx: Tx) -> DayOut:
        return day_out(till_days.close_day(tx, cents))

    return await cmd.run(body, run, status=200)


def _may_read(actor: Actor, station: str) -> None:
    if actor.role not in READERS:
        raise Forbidden(f"station '{actor.station}' ({actor.role}) mag geen kassadagen zien",
                        "forbidden",
                        en=f"station '{actor.station}' ({actor.role}) may not see till days")
    if actor.role == "till" and station != actor.station:
        raise Forbidden("een kassa ziet alleen haar eigen dagen", "forbidden",
                        en="a till sees only its own days")


def _days(svc: Services, station: str) -> DaysOut:
    with svc.db.read() as conn:
        found = till_days.days(conn, station)
    return DaysOut(station=station, open_day=next((d.id for d in found if d.is_open), None),
                   days=[day_out(d) for d in found])


@router.get("/days", response_model=DaysOut)
async def days(svc: Svc, actor: AnyStation,
               station: Annotated[str | None, Query(max_length=64)] = None) -> DaysOut:
    """A till's days, newest first (default: the calling till's), and which one is open."""
    station = station or actor.station
    _may_read(actor, station)
    return await blocking(svc, _days, svc, station)


def _day(svc: Services, actor: Actor, text: str) -> Day:
    station, n = day_id(text)
    _may_read(actor, station)
    with svc.db.read() as conn:
        return till_days.day(conn, station, n)


def _report(svc: Services, day: Day, lang: str) -> Report:
    with svc.db.read() as conn:
        site = till_days.site_name(conn, day.site)
    return day_report.report(day, svc.settings.centre_name, site, lang)


def _language(accept_language: str | None) -> str:
    return "en" if prefers_english(accept_language) else "nl"


MEDIA_TYPES = {"txt": "text/plain; charset=utf-8", "pdf": "application/pdf"}
Width = Annotated[int, Query(description="characters a line: 32 (58 mm), 42 or 48 (80 mm)")]


@router.get("/days/{day}.{fmt}", response_class=Response,
            responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})
async def day_document(day: str, fmt: str, svc: Svc, actor: AnyStation,
                       width: Width = receipts.DEFAULT_WIDTH,
                       accept_language: Annotated[str | None, Header()] = None) -> Response:
    """The day's report as txt or pdf, in the receipt's style and the client's language: the
    Z-report once closed, the figures so far while open."""
    _may_read(actor, day_id(day)[0])
    fmt = fmt.lower()
    if fmt not in MEDIA_TYPES:
        raise InvalidInput(f"formaat '{fmt}' bestaat niet; kies txt of pdf", "unsupported_format",
                           en=f"format '{fmt}' does not exist; choose txt or pdf")
    if width not in receipts.WIDTHS:
        shown = ", ".join(map(str, receipts.WIDTHS))
        raise InvalidInput(f"width moet {shown} zijn", "invalid_width",
                           en=f"width must be {shown}")
    found = await blocking(svc, _day, svc, actor, day)
    made = await blocking(svc, _report, svc, found, _language(accept_language))
    if fmt == "txt":
        body = ("\n".join(report_lines(made, width)) + "\n").encode()
    else:
        title = f"Ambacht {made.head[2]}" if len(made.head) > 2 else "Ambacht"
        body = await run_in_threadpool(pdf.render_report_pdf, made, title, width)
    name = f"dag-{found.station}-{found.number}.{fmt}"
    return Response(body, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'inline; filename="{name}"'})


@router.get("/days/{day}", response_model=DayOut)
async def get_day(day: str, svc: Svc, actor: AnyStation) -> DayOut:
    """One day of a till (`{station}:{n}`): the Z-report once closed, the figures so far while
    open."""
    return day_out(await blocking(svc, _day, svc, actor, day))


class DayPrintedOut(BaseModel):
    day: str
    printer: str
    drawer: bool  # the cash drawer was sent its kick pulse


@router.post("/days/{day}/print", response_model=DayPrintedOut)
async def print_day(day: str, cmd: Annotated[Command, command("till")],
                    accept_language: Annotated[str | None, Header()] = None) -> object:
    """Print the day's report on this till's receipt printer, and open the cash drawer (its
    kick pulse): the slip of the opened day (the float goes in), or the Z-report (the cash is
    counted). 409 when there is no printer, python-escpos is not installed, or it fails."""
    svc = cmd.svc
    found = await blocking(svc, _day, svc, cmd.actor, day)
    made = await blocking(svc, _report, svc, found, _language(accept_language))
    printer = await blocking(svc, _printer, svc, cmd.actor.station)

    def send() -> DayPrintedOut:
        printed(lambda: printers.print_report(made, printer, kick_drawer=True))
        return DayPrintedOut(day=found.id, printer=printer, drawer=True)

    return await cmd.run_outside(send)
