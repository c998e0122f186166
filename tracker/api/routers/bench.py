"""Repair bench actions that are not about one existing item: upcycling and own-use repairs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from tracker.api.deps import Command, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import ItemOut, OwnRepairIn, OwnRepairOut, UpcycleIn
from tracker.domain import codes, values
from tracker.services import prepare, repairs

router = APIRouter(prefix="/api", tags=["repair bench"], responses=ERROR_RESPONSES)


@router.post("/upcycle", status_code=201, response_model=ItemOut)
async def upcycle(body: UpcycleIn, cmd: Annotated[Command, command("repair")]) -> object:
    """Upcyclen: scanned items become one new item that names its inputs."""
    inputs = [codes.parse(c) for c in body.inputs]
    grams = None if body.weight_kg is None else values.weight_g(body.weight_kg)
    price = None if body.price_eur is None else values.price_cents(body.price_eur)
    return await cmd.run(body, lambda tx: ItemOut.of(prepare.upcycle(
        tx, inputs, body.category, grams, body.scale_id, price, body.description),
        cmd.svc.settings.base_url))


@router.post("/repairs", status_code=201, response_model=OwnRepairOut)
async def own_use_repair(body: OwnRepairIn, cmd: Annotated[Command, command("repair")]) -> object:
    """An own-use repair: a resident's item repaired and taken home (Repair Café style)."""
    return await cmd.run(body, lambda tx: OwnRepairOut(**repairs.record_own_use(
        tx, body.category, body.outcome, body.ords_category_id, body.barrier, body.brand,
        body.problem, activity_id=body.activity_id)))
