"""Courses, school visits, Repair Café sessions, workshops and tours."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from tracker.api.deps import Command, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CommandIn, IsoDate
from tracker.domain.activities import KINDS, MAX_LEADERS
from tracker.domain.calendar import period
from tracker.services import activities

router = APIRouter(prefix="/api", tags=["activities"], responses=ERROR_RESPONSES)
AliasText = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\w.-]+$")]
Count = Annotated[int, Field(strict=True, description="a whole number, 0 or more")]


class ActivityIn(CommandIn):
    kind: Literal["course", "school_visit", "repair_cafe", "workshop", "tour"]
    date: IsoDate = Field(description="the local date it took place (not in the future)")
    site: str | None = Field(default=None, max_length=64,
                             description="where it took place (default: this station's site)")
    participants: Count
    under_18: Count = 0
    leaders: list[AliasText] = Field(default_factory=list, max_length=MAX_LEADERS,
                                     description="aliases of the people who led it")
    skills_learned: Count | None = Field(
        default=None, description="how many participants completed a skill (a number)")
    learners: list[AliasText] = Field(
        default_factory=list, max_length=5_000,
        description="or: aliases of people in a learning place who completed a skill")


class ActivityOut(BaseModel):
    activity_id: str
    kind: str
    date: date
    site: str
    participants: int
    under_18: int
    leaders: list[str]
    skills_learned: int
    repairs: list[str] = Field(description="own-use repairs recorded at it (Repair Café)")


assert set(KINDS) == set(ActivityIn.model_fields["kind"].annotation.__args__)  # type: ignore


@router.post("/activities", status_code=201, response_model=ActivityOut)
async def add_activity(body: ActivityIn, cmd: Annotated[Command, command("admin")]) -> object:
    """An activity: how many took part (of them under 18), who led it, who learned a skill."""
    return await cmd.run(body, lambda tx: ActivityOut(**activities.record_activity(
        tx, body.kind, body.date, body.participants, body.under_18, body.leaders,
        body.skills_learned, body.learners, body.site)))


@router.get("/activities", response_model=list[ActivityOut],
            dependencies=[require("monitor", "repair")])
async def list_activities(
        svc: Svc, start: Annotated[IsoDate, Query(alias="from")],
        end: Annotated[IsoDate, Query(alias="to")],
        site: Annotated[str | None, Query(max_length=64)] = None) -> object:
    """Activities dated in the period, each with the repairs recorded at it (the repair bench
    looks up today's Repair Café here)."""
    period(start, end)

    def read() -> object:
        with svc.db.read(snapshot=True) as conn:
            return activities.list_activities(conn, start, end, site)

    return await blocking(svc, read)
