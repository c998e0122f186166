"""The till: sales of labelled items and unlabelled goods by weight."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from tracker.api.deps import Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import (
    ItemOut,
    LineOut,
    RefundIn,
    RefundOut,
    RefundRecordOut,
    SaleIn,
    SaleOut,
    SaleRecordOut,
    SoldItemOut,
    SoldLineOut,
)
from tracker.domain import codes, values
from tracker.services import sales
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["till"], responses=ERROR_RESPONSES)


@router.post("/sales", status_code=201, response_model=SaleOut)
async def sell(body: SaleIn, cmd: Annotated[Command, command("till")]) -> object:
    """Afrekenen: all items ready for sale, or nothing is sold (409 names each problem)."""
    item_codes = [codes.parse(c) for c in body.items]
    lines = [sales.Line(ln.category, values.weight_g(ln.weight_kg),
                        values.price_cents(ln.price_eur)) for ln in body.lines]
    base = cmd.svc.settings.base_url

    def run(tx: Tx) -> SaleOut:
        sale = sales.sell(tx, item_codes, lines, body.payment)
        return SaleOut(
            sale_id=sale.sale_id, total_eur=values.eur(sale.total_cents) or 0.0,
            payment=sale.payment, items=[ItemOut.of(i, base) for i in sale.items],
            lines=[LineOut(category=ln.category, weight_kg=values.kg(ln.weight_g),
                           price_eur=values.eur(ln.price_cents) or 0.0) for ln in sale.lines],
        )

    return await cmd.run(body, run)


def _line(index: int, line: dict[str, Any], refunded: bool) -> SoldLineOut:
    return SoldLineOut(index=index, category=line["category"],
                       weight_kg=values.kg(line["weight_g"]),
                       price_eur=values.eur(line["price_cents"]) or 0.0, refunded=refunded)


def _sale(svc: Services, sale_id: str) -> SaleRecordOut:
    with svc.db.read() as conn:
        sale = sales.find(conn, sale_id)
    gone, gone_lines = sale.refunded_items, sale.refunded_lines
    return SaleRecordOut(
        sale_id=sale.sale_id, at=sale.at, site=sale.site, payment=sale.payment,
        total_eur=values.eur(sale.total_cents) or 0.0,
        items=[SoldItemOut(code=codes.display(i["code"]), category=i["category"],
                           weight_kg=values.kg(i["weight_g"]),
                           price_eur=values.eur(i["price_cents"]), refunded=i["code"] in gone)
               for i in sale.items],
        lines=[_line(n, ln, n in gone_lines) for n, ln in enumerate(sale.lines)],
        refunds=[RefundRecordOut(refund_id=r["refund_id"], at=r["at"],
                                 amount_eur=values.eur(r["amount_cents"]) or 0.0,
                                 method=r["method"],
                                 items=[codes.display(i["code"]) for i in r["items"]],
                                 lines=[ln["index"] for ln in r["lines"]])
                 for r in sale.refunds])


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
    base = cmd.svc.settings.base_url

    def run(tx: Tx) -> RefundOut:
        done = sales.refund(tx, sale_id, item_codes, body.lines, body.method, body.faulty,
                            body.reason)
        return RefundOut(refund_id=done["refund_id"], sale_id=sale_id,
                         amount_eur=values.eur(done["amount_cents"]) or 0.0,
                         method=body.method, items=[ItemOut.of(i, base) for i in done["items"]],
                         lines=[_line(ln["index"], ln, True) for ln in done["lines"]])

    return await cmd.run(body, run)
