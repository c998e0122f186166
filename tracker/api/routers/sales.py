"""The till: sales of labelled items and unlabelled goods by weight."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from tracker.api.deps import Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.queued import queued
from tracker.api.schemas import (
    DiscountIn,
    DiscountOut,
    IsoDate,
    ItemOut,
    LineOut,
    PaymentOut,
    PriceDifferenceOut,
    RefundIn,
    RefundOut,
    RefundRecordOut,
    SaleIn,
    SaleOut,
    SaleRecordOut,
    ShelfItemOut,
    ShelfOut,
    SoldItemOut,
    SoldLineOut,
    VatOut,
)
from tracker.domain import codes, till, values, vouchers
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput
from tracker.domain.events import Line, RefundedLine
from tracker.domain.sales import discount_cents, discount_part, payments, vat
from tracker.services import sales, till_days, till_rules
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["till"], responses=ERROR_RESPONSES)


@router.post("/sales", status_code=201, response_model=SaleOut)
async def sell(body: SaleIn, cmd: Annotated[Command, command("till")]) -> object:
    """Afrekenen: all items ready for sale, or nothing is sold (409 names each problem)."""
    item_codes = [codes.parse(c) for c in body.items]
    lines = [Line(ln.category, values.weight_g(ln.weight_kg),
                        values.price_cents(ln.price_eur)) for ln in body.lines]
    shown = {codes.parse(c): values.price_cents(p) for c, p in (body.shown_prices or {}).items()}
    asked = [_discount(d, item_codes, len(lines)) for d in body.discounts]
    paid, offered = _payments(body)
    base, kept = cmd.svc.settings.base_url, queued(cmd.request)

    def run(tx: Tx) -> SaleOut:
        day = till_days.book(tx, kept)
        rules = cmd.svc.rules.get(tx.sql)
        sale = sales.sell(tx, item_codes, lines, body.payment, shown, asked, paid,
                          rules.reasons, rules.markdowns, vouchers=offered, till_day=day)
        assert sale.sold is not None
        return SaleOut(
            sale_id=sale.sale_id, total_eur=values.eur(sale.total_cents) or 0.0,
            payment=sale.payment, items=[ItemOut.of(i, base) for i in sale.items],
            lines=[LineOut(category=ln.category, weight_kg=values.kg(ln.weight_g),
                           price_eur=values.eur(ln.price_cents) or 0.0) for ln in sale.lines],
            **_money(sale.sold))

    return await cmd.run(body, run)


def _payments(body: SaleIn) -> tuple[list[tuple[str, int | None]] | None, list[tuple[str, int]]]:
    """The payments asked (None: `payment` alone), and apart from them the vouchers offered
    (code, cents): all checked before anything is looked up."""
    if body.payment is not None and body.payments is not None:
        raise InvalidInput("geef payment of payments op, niet allebei", "invalid_payment",
                           en="give payment or payments, not both")
    if body.payment == till.VOUCHER:
        raise InvalidInput("met een tegoedbon betalen gaat met payments: [{method: voucher, "
                           "amount_eur, voucher: code}]", "invalid_payment",
                           en="paying with a voucher goes in payments: [{method: voucher, "
                              "amount_eur, voucher: code}]")
    if body.payments is None:
        return None, []
    paid: list[tuple[str, int | None]] = []
    offered: list[tuple[str, int]] = []
    for p in body.payments:
        cents = values.price_cents(p.amount_eur, "amount_eur")
        if (p.method == till.VOUCHER) != (p.voucher is not None):
            raise InvalidInput("een betaling met een tegoedbon noemt de code (voucher), een "
                               "andere niet", "invalid_payment",
                               en="a voucher payment names its code (voucher), no other does")
        if p.voucher is not None:
            offered.append((vouchers.parse(p.voucher), cents))
        else:
            paid.append((p.method, cents))
    return paid, offered


def _discount(d: DiscountIn, item_codes: list[str], n_lines: int) -> till.Discount:
    """A discount as asked, on its part of the receipt (checked before anything is looked up)."""
    item = None if d.item is None else codes.parse(d.item)
    if (d.eur is None) == (d.pct is None):
        raise InvalidInput("een korting heeft een bedrag (eur) of een percentage (pct)",
                           "invalid_discount",
                           en="a discount has an amount (eur) or a percentage (pct)")
    if d.reason == till.MARKDOWN:
        raise InvalidInput("afprijzen gaat vanzelf, met de afprijsregels",
                           "unknown_discount_reason",
                           en="markdowns are given by the markdown rules, not by hand")
    cents = None if d.eur is None else values.price_cents(d.eur, "eur")
    return till.Discount(discount_part(item_codes, n_lines, item, d.line), d.reason, cents,
                         d.pct)


def _money(sale: ev.Sale) -> dict[str, Any]:
    """The money fields of a sale's answer (CONTRACT §11)."""
    given = [DiscountOut(item=codes.display(i.code), reason=d.reason, eur=values.eur(d.cents) or 0)
             for i in sale.items for d in i.discounts]
    given += [DiscountOut(line=n, reason=d.reason, eur=values.eur(d.cents) or 0)
              for n, ln in enumerate(sale.lines) for d in ln.discounts]
    return {
        "discount_eur": values.eur(discount_cents(sale)) or 0.0, "discounts": given,
        "vat": [VatOut(rate=till.rate(v.vat_bp), net_eur=values.eur(v.net_cents) or 0.0,
                       vat_eur=values.eur(v.vat_cents) or 0.0) for v in vat(sale)],
        "payments": [PaymentOut(method=p.method, amount_eur=values.eur(p.cents) or 0.0,
                                voucher=p.voucher and vouchers.display(p.voucher))
                     for p in payments(sale)],
        "rounding_eur": values.eur(sale.rounding_cents or 0) or 0.0,
        "change_eur": values.eur(sale.change_cents or 0) or 0.0}


def _line(index: int, line: Line | RefundedLine, refunded: bool) -> SoldLineOut:
    listed = line.list_cents if isinstance(line, Line) else None
    return SoldLineOut(index=index, category=line.category, weight_kg=values.kg(line.weight_g),
                       price_eur=values.eur(line.price_cents) or 0.0,
                       list_price_eur=values.eur(listed), refunded=refunded)


def _sale(svc: Services, sale_id: str) -> SaleRecordOut:
    with svc.db.read() as conn:
        sale = sales.find(conn, sale_id)
    gone, gone_lines = sale.refunded_items, sale.refunded_lines
    return SaleRecordOut(
        sale_id=sale.sale_id, at=sale.at, site=sale.site, payment=sale.sale.payment,
        total_eur=values.eur(sale.sale.total_cents) or 0.0,
        items=[SoldItemOut(code=codes.display(i.code), category=i.category,
                           weight_kg=values.kg(i.weight_g), price_eur=values.eur(i.price_cents),
                           list_price_eur=values.eur(i.list_cents), refunded=i.code in gone)
               for i in sale.sale.items],
        lines=[_line(n, ln, n in gone_lines) for n, ln in enumerate(sale.sale.lines)],
        refunds=[RefundRecordOut(refund_id=r.refund_id, at=at,
                                 amount_eur=values.eur(r.amount_cents) or 0.0, method=r.method,
                                 items=[codes.display(i.code) for i in r.items],
                                 lines=[ln.index for ln in r.lines])
                 for at, r in sale.refunds], **_money(sale.sale))


def _shelf(svc: Services) -> ShelfOut:
    with svc.db.read() as conn:
        found = sales.shelf(conn)
        lowered = till_rules.marked_down(svc.rules.get(conn), found, svc.clock())
    return ShelfOut(items=[ShelfItemOut(
        code=codes.display(i.code), category=i.category, price_eur=values.eur(i.price_cents),
        description=i.description, **_markdown(i.price_cents, lowered.get(i.code)))
        for i in found])


def _markdown(price_cents: int | None, pct: Decimal | None) -> dict[str, float | None]:
    if pct is None or price_cents is None:
        return {}
    return {"markdown_pct": float(pct),
            "marked_down_eur": values.eur(till.marked_down(price_cents, pct))}


@router.get("/shelf", response_model=ShelfOut, dependencies=[require("till")],
            responses={304: {"description": "unchanged since the ETag sent"}})
async def shelf(svc: Svc, request: Request) -> Response:
    """Everything ready for sale with its price: the till keeps a copy and shows prices from it
    while offline (the server still checks each sale). `ETag`/`If-None-Match` make a refresh
    of an unchanged shelf cost one small answer."""
    # a markdown only where there is one: the copy must fit on the device
    body = (await blocking(svc, _shelf, svc)).model_dump_json(exclude_unset=True).encode()
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return Response(body, media_type="application/json",
                    headers={"ETag": tag, "Cache-Control": "no-cache"})


def _differences(svc: Services, start: date, end: date) -> list[PriceDifferenceOut]:
    with svc.db.read() as conn:
        found = sales.price_differences(conn, start, end)
    return [PriceDifferenceOut(sale_id=d["sale_id"], at=d["at"], site=d["site"],
                               station=d["station"], code=codes.display(d["code"]),
                               shown_eur=values.eur(d["shown_cents"]),
                               listed_eur=values.eur(d["listed_cents"])) for d in found]


@router.get("/sales/price-differences", response_model=list[PriceDifferenceOut],
            dependencies=[require("monitor")])
async def price_differences(svc: Svc, start: Annotated[IsoDate, Query(alias="from")],
                            end: Annotated[IsoDate, Query(alias="to")]
                            ) -> list[PriceDifferenceOut]:
    """Items a till sold while offline at the price it showed, where that was no longer the
    item's price: for the coordinator to look into (local dates, inclusive)."""
    return await blocking(svc, _differences, svc, start, end)


@router.get("/sales/{sale_id}", response_model=SaleRecordOut, dependencies=[require("till")])
async def get_sale(sale_id: str, svc: Svc) -> SaleRecordOut:
    """A sale with what of it was refunded already (the till, before a refund)."""
    return await blocking(svc, _sale, svc, sale_id)


@router.post("/sales/{sale_id}/refund", status_code=201, response_model=RefundOut)
async def refund(sale_id: str, body: RefundIn, cmd: Annotated[Command, command("till")]
                 ) -> object:
    """Terugbetalen: (part of) a sale back for its money; the items go back on the shelf (to
    the bench when `faulty`) and the sold figures go down on today's date."""
    item_codes = None if body.items is None else [codes.parse(c) for c in body.items]
    base, kept = cmd.svc.settings.base_url, queued(cmd.request)

    def run(tx: Tx) -> RefundOut:
        done = sales.refund(tx, sale_id, item_codes, body.lines, body.method, body.faulty,
                            body.reason, till_days.book(tx, kept))
        code = done["voucher"]
        return RefundOut(refund_id=done["refund_id"], sale_id=sale_id,
                         amount_eur=values.eur(done["amount_cents"]) or 0.0,
                         method=body.method, items=[ItemOut.of(i, base) for i in done["items"]],
                         lines=[_line(ln.index, ln, True) for ln in done["lines"]],
                         voucher=code and vouchers.display(code),
                         voucher_qr=code and vouchers.public_url(base, code))

    return await cmd.run(body, run)
