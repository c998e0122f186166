"""Afvoeren: partners (afnemers) and the weighed batches that leave the centre to them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tracker.api.deps import AnyStation, Command, Services, Svc, blocking, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CommandIn, ItemOut, Text
from tracker.domain import values
from tracker.domain.outflows import PARTNER_KINDS, Partner
from tracker.services import outflows, partners
from tracker.services.context import Tx
from tracker.services.outflows import Booked

router = APIRouter(prefix="/api", tags=["outflows"], responses=ERROR_RESPONSES)
PartnerKind = Literal["recycler", "textile_sorter", "scrap_metal", "reuse_partner", "school",
                      "maker", "other_centre", "waste_processor"]
assert set(PartnerKind.__args__) == set(PARTNER_KINDS)  # type: ignore[attr-defined]


class PartnerIn(CommandIn):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[\w.-]+$")
    name: str = Field(min_length=1, max_length=200)
    kind: PartnerKind
    municipality: str | None = Field(default=None, max_length=128)
    site: str | None = Field(default=None, max_length=64,
                             description="other_centre only: the receiving site")


class PartnerOut(BaseModel):
    id: str
    name: str
    kind: str
    municipality: str | None
    site: str | None
    streams: list[str]  # the streams this kind of partner takes

    @classmethod
    def of(cls, p: Partner) -> PartnerOut:
        return cls(id=p.id, name=p.name, kind=p.kind, municipality=p.municipality, site=p.site,
                   streams=list(p.streams))


class OutflowIn(CommandIn):
    partner: str = Field(max_length=64)
    stream: Literal["reuse", "recycle", "residual"]
    category: str | None = Field(default=None, max_length=32)
    weighing_id: str | None = Field(default=None, max_length=128)  # the one the page showed
    scale_id: str | None = Field(default=None, max_length=64)
    weight_kg: Decimal | None = None
    items: list[str] = Field(default_factory=list, max_length=500)
    ticket: str | None = Field(default=None, max_length=64,
                               description="weighbridge ticket number (weighed elsewhere)")
    note: str | None = Text


class OutflowOut(BaseModel):
    outflow_id: str
    partner: str
    partner_kind: str
    stream: str
    category: str | None
    weight_kg: float
    weighing_id: str | None
    hand_weighed: bool  # typed, not bound from the scale
    ticket: str | None
    note: str | None
    transfer: bool  # to another site of the network: items moved, no inflow there
    to_site: str | None
    site: str
    at: datetime
    items: list[ItemOut]


@router.get("/partners", response_model=list[PartnerOut])
async def list_partners(svc: Svc, _: AnyStation) -> list[PartnerOut]:
    """Every partner (afnemer) with the streams it takes."""
    def read(svc: Services) -> list[Partner]:
        with svc.db.read() as conn:
            return partners.every(conn)

    return [PartnerOut.of(p) for p in await blocking(svc, read, svc)]


@router.post("/partners", status_code=201, response_model=PartnerOut)
async def add_partner(body: PartnerIn, cmd: Annotated[Command, command("admin")]) -> object:
    """A new partner: who takes which streams follows from its kind; another centre of the
    network names its receiving site."""
    partner = Partner(body.id, body.name, body.kind, body.municipality or None, body.site)
    return await cmd.run(body, lambda tx: PartnerOut.of(partners.add(tx, partner)))


@router.post("/outflows", status_code=201, response_model=OutflowOut)
async def book_outflow(body: OutflowIn, cmd: Annotated[Command, command("intake")]) -> object:
    """Afvoeren: a batch leaves, weighed like intake (`weighing_id`, the weighing the page
    showed; or `scale_id`, its newest; or `weight_kg` by hand, flagged), with the labelled
    items inside it."""
    grams = (None if body.weight_kg is None
             else values.weight_g(body.weight_kg, max_kg=values.MAX_OUTFLOW_KG))
    base = cmd.svc.settings.base_url

    def run(tx: Tx) -> OutflowOut:
        b: Booked = outflows.book(
            tx, body.partner, body.stream, weight_g=grams, scale_id=body.scale_id,
            weighing_id=body.weighing_id, category=body.category, item_codes=body.items,
            ticket=body.ticket, note=body.note)
        return OutflowOut(
            outflow_id=b.outflow_id, partner=b.partner.id, partner_kind=b.partner.kind,
            stream=b.stream, category=b.fact.category, weight_kg=values.kg(b.weight_g),
            weighing_id=b.weighing_id, hand_weighed=b.weighing_id is None, ticket=b.fact.ticket,
            note=b.fact.note, transfer=b.transfer, to_site=b.fact.to_site, site=tx.actor.site,
            at=tx.at, items=[ItemOut.of(i, base) for i in b.items])

    return await cmd.run(body, run)
