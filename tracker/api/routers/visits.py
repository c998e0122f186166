"""Nieuwe bezoeker: the intake desk counts visitors bringing things in, and where from."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tracker.api.deps import Command, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CommandIn
from tracker.domain.calendar import local_date
from tracker.domain.postcodes import MUNICIPALITY_MAX
from tracker.services import visits
from tracker.services.context import Actor

router = APIRouter(prefix="/api", tags=["items"], responses=ERROR_RESPONSES)


class VisitIn(CommandIn):
    postcode: str | None = Field(
        default=None, max_length=20,
        description="the 4 digits of the visitor's postcode (e.g. 3511): only the municipality "
                    "it lies in is kept; an unknown one counts as \"onbekend\"")
    municipality: str | None = Field(
        default=None, max_length=MUNICIPALITY_MAX,
        description="or the municipality itself (one the postcode table or a site names)")


class VisitOut(BaseModel):
    visit_id: str
    site: str
    at: datetime
    municipality: str = Field(description="what the visit counts for (\"onbekend\" if none)")


class Choice(BaseModel):
    municipality: str
    drop_offs: int = Field(description="the site's drop-offs from it in the last year")


class OriginsOut(BaseModel):
    site: str
    municipality: str | None = Field(description="the site's own municipality")
    choices: list[Choice] = Field(description="one tap each: the site's own municipality "
                                              "first, then its commonest origins")


@router.post("/visits", status_code=201, response_model=VisitOut)
async def visit(cmd: Annotated[Command, command("intake")], body: VisitIn | None = None
                ) -> object:
    """One visitor at the drop-off point (the monitor's `visitors.drop_offs`), optionally with
    a 4-digit postcode or a municipality (`visitors.by_municipality`); no full postcode,
    house number or name is ever kept."""
    postcode = body.postcode if body else None
    municipality = body.municipality if body else None
    return await cmd.run(body, lambda tx: VisitOut(**visits.record_visit(
        tx, postcode, municipality)))


@router.get("/visits/origins", response_model=OriginsOut)
async def origins(svc: Svc, actor: Annotated[Actor, require("intake")]) -> object:
    """Where this site's visitors come from, for the intake page's one-tap buttons: only
    municipalities are kept, so they are what can be learned."""
    def read() -> object:
        with svc.db.read() as conn:
            return visits.origin_choices(conn, actor.site, local_date(svc.clock()))

    return await blocking(svc, read)
