"""Items: intake, lookup, scan, history, and the repair-bench and till actions on one item."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query, Response

from tracker.api.deps import AnyStation, Command, Services, Svc, blocking, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import (
    BulkIn,
    BulkOut,
    CorrectIn,
    EventOut,
    InspectIn,
    ItemCreate,
    ItemOut,
    PriceIn,
    RepairIn,
    ReturnIn,
    public_data,
)
from tracker.domain import codes, values
from tracker.domain.errors import NotFound
from tracker.domain.items import Item
from tracker.services import intake, people, prepare, till_rules
from tracker.services import items as lookup
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["items"], responses=ERROR_RESPONSES)


def _price(value: Decimal | None) -> int | None:
    return None if value is None else values.price_cents(value)


def _weight(value: Decimal | None) -> int | None:
    return None if value is None else values.weight_g(value)


def _lookup(svc: Services, code: str) -> Item | None:
    with svc.db.read() as conn:
        return lookup.find(conn, code)


async def _find(svc: Services, code: str) -> Item:
    item = await blocking(svc, _lookup, svc, code)
    if item is None:
        raise NotFound(f"item {codes.display(code)} bestaat niet", "item_not_found",
                       en=f"item {codes.display(code)} does not exist")
    return item


@router.post("/items", status_code=201, response_model=ItemOut)
async def create_item(body: ItemCreate, cmd: Annotated[Command, command("intake")]) -> object:
    """Inzamelen: a new labelled item, weighed by the scale (`weighing_id`, the weighing the
    page showed; or `scale_id`, its newest) or by hand."""
    grams = _weight(body.weight_kg)
    base = cmd.svc.settings.base_url
    return await cmd.run(body, lambda tx: ItemOut.of(intake.collect(
        tx, body.category, grams, body.scale_id, body.description, body.ords_category_id,
        body.serial_number, body.weighing_id), base))


@router.post("/bulk", status_code=201, response_model=BulkOut)
async def bulk_intake(body: BulkIn, cmd: Annotated[Command, command("intake")]) -> object:
    """Unlabelled goods by weight (a bag of textiles)."""
    grams = _weight(body.weight_kg)

    def run(tx: Tx) -> BulkOut:
        bulk_id, booked = intake.bulk(tx, body.category, grams, body.scale_id, body.weighing_id)
        return BulkOut(bulk_id=bulk_id, category=body.category, weight_kg=values.kg(booked))

    return await cmd.run(body, run)


@router.get("/items/{code}", response_model=ItemOut)
async def get_item(code: str, svc: Svc, _: AnyStation) -> ItemOut:
    """One item's current state (with the reservation that holds it, if any)."""
    found = await _find(svc, codes.parse(code))
    return ItemOut.of(found, svc.settings.base_url).held(found, svc.clock())


def _scanned(svc: Services, code: str) -> tuple[Item | None, Decimal | None]:
    """The item and the markdown on it (when one applies), in one read."""
    with svc.db.read() as conn:
        item = lookup.find(conn, code)
        if item is None or item.ready_since is None:  # not for sale: no rules to look up
            return item, None
        return item, till_rules.pct_for(svc.rules.get(conn).markdowns, item, svc.clock())


@router.get("/scan", response_model=ItemOut)
async def scan(q: Annotated[str, Query(max_length=500)], svc: Svc, _: AnyStation) -> Response:
    """Resolve what a hand scanner typed (a label URL or a code) to the item; an item a
    markdown rule lowers carries `markdown_pct` and `marked_down_eur` (CONTRACT §11)."""
    code = codes.parse(q)
    found, pct = await blocking(svc, _scanned, svc, code)
    if found is None:
        raise NotFound(f"item {codes.display(code)} bestaat niet", "item_not_found",
                       en=f"item {codes.display(code)} does not exist")
    item = ItemOut.of(found, svc.settings.base_url).marked(found.price_cents, pct)
    if found.reserved_until is not None:  # the till warns: held for a customer
        item = item.held(found, svc.clock())
    # the till's hot path: serialise once, skipping FastAPI's second validation of our own model
    return Response(item.model_dump_json(), media_type="application/json")


@router.get("/items/{code}/events", response_model=list[EventOut])
def item_events(code: str, svc: Svc, _: AnyStation) -> list[EventOut]:
    """The item's history, oldest first."""
    canonical = codes.parse(code)
    with svc.db.read() as conn:
        events = lookup.history(conn, canonical)
        aliases = people.aliases_of(conn, {e.person for e in events if e.person})
    if not events:
        raise NotFound(f"item {codes.display(canonical)} bestaat niet", "item_not_found",
                       en=f"item {codes.display(canonical)} does not exist")
    return [EventOut(seq=e.seq, type=e.type, at=e.at, site=e.site, station=e.station,
                     person=aliases.get(e.person or ""), data=public_data(e.data))
            for e in events]


@router.post("/items/{code}/inspect", status_code=200, response_model=ItemOut)
async def inspect(code: str, body: InspectIn, cmd: Annotated[Command, command("repair")]) -> object:
    """Keuren: Verkoopbaar (with price), Moet gerepareerd, or Onbruikbaar (with stream)."""
    canonical, price = codes.parse(code), _price(body.price_eur)
    return await cmd.run(body, lambda tx: ItemOut.of(prepare.inspect(
        tx, canonical, body.outcome, price, body.stream, body.condition),
        cmd.svc.settings.base_url), 200)


@router.post("/items/{code}/repair", status_code=200, response_model=ItemOut)
async def repair(code: str, body: RepairIn, cmd: Annotated[Command, command("repair")]) -> object:
    """Repareren: Gerepareerd (with price), Repareerbaar, or Niet te repareren."""
    canonical, price = codes.parse(code), _price(body.price_eur)
    return await cmd.run(body, lambda tx: ItemOut.of(prepare.repair(
        tx, canonical, body.outcome, price, body.barrier, body.stream, body.minutes,
        body.condition), cmd.svc.settings.base_url), 200)


@router.post("/items/{code}/price", status_code=200, response_model=ItemOut)
async def price(code: str, body: PriceIn,
                cmd: Annotated[Command, command("repair", "till")]) -> object:
    """Prijs: a new price for an item on the shelf."""
    canonical, cents = codes.parse(code), values.price_cents(body.price_eur)
    return await cmd.run(body, lambda tx: ItemOut.of(prepare.price(tx, canonical, cents),
                                               cmd.svc.settings.base_url), 200)


@router.post("/items/{code}/return", status_code=200, response_model=ItemOut)
async def return_item(code: str, cmd: Annotated[Command, command("intake")],
                body: ReturnIn | None = None) -> object:
    """Teruggebracht (nieuw leven): a sold item is brought back as a donation and starts its
    next life (intake; not a refund, which is the till's `/api/sales/{id}/refund`)."""
    canonical = codes.parse(code)
    return await cmd.run(body, lambda tx: ItemOut.of(intake.return_item(tx, canonical),
                                               cmd.svc.settings.base_url), 200)


@router.post("/items/{code}/correct", status_code=200, response_model=ItemOut)
async def correct(code: str, body: CorrectIn,
                  cmd: Annotated[Command, command("intake")]) -> object:
    """Correctie: put a wrong intake weight (`weight_kg`, or `weighing_id` of a new weighing)
    or category right, with a reason; the figures follow on the days they belong to. An
    intake station may correct its own site's intakes within 24 hours, an admin always."""
    canonical, grams = codes.parse(code), _weight(body.weight_kg)
    return await cmd.run(body, lambda tx: ItemOut.of(intake.correct(
        tx, canonical, body.reason, grams, body.category, body.weighing_id),
        cmd.svc.settings.base_url), 200)
