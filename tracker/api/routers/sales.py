"""The till: sales of labelled items and unlabelled goods by weight."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from tracker.api.deps import Command, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import ItemOut, LineOut, SaleIn, SaleOut
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
