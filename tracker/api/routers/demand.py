"""Reservations, wishes and the price suggestion (CONTRACT §13)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tracker.api.deps import AnyStation, Command, Services, Svc, blocking, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import Condition, ItemOut
from tracker.api.shop_schemas import PriceSuggestionOut, ReserveIn, WishIn, WishOut
from tracker.domain import codes
from tracker.services import demand
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["shop"], responses=ERROR_RESPONSES)


@router.post("/items/{code}/reserve", status_code=200, response_model=ItemOut)
async def reserve(code: str, body: ReserveIn,
                  cmd: Annotated[Command, command("till", "repair")]) -> object:
    """Reserveren: hold an item on the shelf for some hours (a customer phoned); the shop
    window shows it reserved, the till warns when it is scanned, and it lapses by itself."""
    canonical, svc = codes.parse(code), cmd.svc

    def run(tx: Tx) -> ItemOut:
        item = demand.reserve(tx, canonical, body.hours, body.note)
        return ItemOut.of(item, svc.settings.base_url).held(item, tx.now)

    return await cmd.run(body, run, 200)


@router.post("/wishes", status_code=201, response_model=WishOut)
async def wish(body: WishIn, cmd: Annotated[Command, command("till")]) -> object:
    """Gevraagd maar niet in de winkel: what a customer asked for and the shop did not have
    (counted per category in the monitor's `demand.wishes`)."""
    return await cmd.run(body, lambda tx: WishOut(**demand.wish(tx, body.category, body.text)))


def _suggest(svc: Services, category: str | None, ords_id: int | None,
             condition: str | None) -> PriceSuggestionOut:
    with svc.db.read() as conn:
        return PriceSuggestionOut(**svc.prices.suggestion(conn, category, ords_id, condition))


@router.get("/price-suggestion", response_model=PriceSuggestionOut)
async def price_suggestion(
        svc: Svc, _: AnyStation,
        category: Annotated[str | None, Query(max_length=32)] = None,
        ords_category_id: Annotated[int | None, Query(ge=1, le=40)] = None,
        condition: Annotated[Condition | None, Query()] = None) -> PriceSuggestionOut:
    """What items like this sold for here: the median and the middle half (p25-p75) of the
    prices paid after discounts, refunded sales left out, and how many sales it rests on
    (null figures under 5). Each criterion given must match."""
    return await blocking(svc, _suggest, svc, category, ords_category_id, condition)
