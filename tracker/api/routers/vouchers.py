"""Tegoedbonnen (CONTRACT §11): issue one at the till, see its balance and history, and have it
on paper (text, PDF, the till's receipt printer). A refund issues one too (routers/sales.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

import receipts
from receipts import voucher as paper
from tracker.api.deps import AnyStation, Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.routers.receipts import MEDIA_TYPES, Width, _language, _printer, printed
from tracker.api.schemas import CommandIn
from tracker.domain import values, vouchers
from tracker.domain.errors import InvalidInput
from tracker.domain.vouchers import Voucher
from tracker.services import vouchers as voucher_service
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["till"], responses=ERROR_RESPONSES)


class VoucherIn(CommandIn):
    amount_eur: Decimal = Field(description="the credit put on it, above 0")
    reason: str = Field(min_length=1, max_length=200,
                        description="why: a gift voucher (cadeaubon), a goodwill gesture...")
    payment: Literal["cash", "pin", "other"] | None = Field(
        default=None, description="how a voucher bought at the till was paid (none: given). "
                                  "Store credit, not revenue: it counts when it is spent")


class MoveOut(BaseModel):
    at: datetime
    site: str
    kind: str = Field(description="issued or spent")
    amount_eur: float
    sale_id: str | None = None
    refund_id: str | None = None


class VoucherOut(BaseModel):
    code: str
    qr: str = Field(description="what its QR code holds: the public balance page /v/{code}")
    issued_eur: float
    balance_eur: float
    issued_at: datetime
    site: str
    reason: str
    history: list[MoveOut]

    @classmethod
    def of(cls, v: Voucher, base_url: str) -> VoucherOut:
        return cls(code=vouchers.display(v.code), qr=vouchers.public_url(base_url, v.code),
                   issued_eur=values.eur(v.issued_cents) or 0.0,
                   balance_eur=values.eur(v.balance_cents) or 0.0, issued_at=v.issued_at,
                   site=v.site, reason=v.reason,
                   history=[MoveOut(at=m.at, site=m.site, kind=m.kind,
                                    amount_eur=values.eur(m.cents) or 0.0, sale_id=m.sale_id,
                                    refund_id=m.refund_id) for m in v.moves])


class PrintedOut(BaseModel):
    voucher: str
    printer: str


@router.post("/vouchers", status_code=201, response_model=VoucherOut)
async def issue(body: VoucherIn, cmd: Annotated[Command, command("till")]) -> object:
    """Tegoedbon uitgeven: store credit of `amount_eur` with a reason (a refund issues one by
    itself: `method: voucher`). Not revenue: the monitor counts it when it is spent."""
    cents = vouchers.issued_cents(body.amount_eur)
    base = cmd.svc.settings.base_url

    def run(tx: Tx) -> VoucherOut:
        code = voucher_service.issue(tx, cents, body.reason, body.payment)
        return VoucherOut.of(Voucher(code, cents, cents, tx.at, tx.actor.site, body.reason, (
            vouchers.Move(tx.at, tx.actor.site, vouchers.ISSUED, cents),), 1), base)

    return await cmd.run(body, run)


def _voucher(svc: Services, code: str) -> Voucher:
    with svc.db.read() as conn:
        return voucher_service.find(conn, code)


@router.get("/vouchers/{code}", response_model=VoucherOut)
async def get_voucher(code: str, svc: Svc, _actor: AnyStation) -> VoucherOut:
    """A voucher's balance and history (its code or /v/ URL; a wrong check symbol: 422)."""
    found = await blocking(svc, _voucher, svc, vouchers.parse(code))
    return VoucherOut.of(found, svc.settings.base_url)


def _slip(svc: Services, code: str, lang: str) -> paper.Slip:
    with svc.db.read() as conn:
        found = voucher_service.find(conn, code)
        return voucher_service.slip(conn, found, svc.settings.centre_name,
                                    svc.settings.base_url, lang)


@router.get("/vouchers/{code}/voucher.{fmt}", response_class=Response,
            dependencies=[require("till")],
            responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}})
async def voucher_file(code: str, fmt: str, svc: Svc, width: Width = receipts.DEFAULT_WIDTH,
                       accept_language: Annotated[str | None, Header()] = None) -> Response:
    """The voucher on paper: txt (lines of `width` characters) or pdf (receipt-wide), with its
    balance and a QR code to /v/{code}. In the client's language."""
    fmt = fmt.lower()
    if fmt not in MEDIA_TYPES:
        raise InvalidInput(f"formaat '{fmt}' bestaat niet; kies txt of pdf", "unsupported_format",
                           en=f"format '{fmt}' does not exist; choose txt or pdf")
    if width not in receipts.WIDTHS:
        shown = ", ".join(map(str, receipts.WIDTHS))
        raise InvalidInput(f"width moet {shown} zijn", "invalid_width",
                           en=f"width must be {shown}")
    canonical = vouchers.parse(code)
    made = await blocking(svc, _slip, svc, canonical, _language(accept_language))
    if fmt == "txt":
        body = ("\n".join(paper.slip_lines(made, width)) + "\n" + made.url + "\n").encode()
    else:
        body = await run_in_threadpool(paper.render_pdf, made, width)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'inline; filename="tegoedbon-{canonical}.{fmt}"',
        "Cache-Control": "no-store"})  # the code is the money: no copy in a cache


@router.post("/vouchers/{code}/print", response_model=PrintedOut)
async def print_voucher(code: str, cmd: Annotated[Command, command("till")],
                        accept_language: Annotated[str | None, Header()] = None) -> object:
    """Tegoedbon printen on this till's receipt printer: its balance, QR code and the cut. 409
    when there is no printer, python-escpos is not installed, or the printer fails."""
    svc, canonical = cmd.svc, vouchers.parse(code)
    made = await blocking(svc, _slip, svc, canonical, _language(accept_language))
    printer = await blocking(svc, _printer, svc, cmd.actor.station)

    def send() -> PrintedOut:
        printed(lambda: paper.print_slip(made, printer))
        return PrintedOut(voucher=made.code, printer=printer)

    return await cmd.run_outside(send)
