"""Targets per year or month and the baseline (nulmeting), per figure, site or centre."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from tracker.api.deps import Command, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CommandIn, IsoDate
from tracker.services import goals

router = APIRouter(prefix="/api", tags=["goals"], responses=ERROR_RESPONSES)
FigureName = Field(max_length=32, description="a figure from GET /api/targets")
ScopeSite = Field(default=None, max_length=64, description="a site; absent: the whole centre")


class TargetIn(CommandIn):
    figure: str = FigureName
    period: str = Field(max_length=7, description="a year (2026) or a month (2026-03)")
    value: Decimal
    site: str | None = ScopeSite


class BaselineIn(CommandIn):
    figure: str = FigureName
    from_: IsoDate = Field(alias="from", description="first local date the baseline describes")
    to: IsoDate = Field(description="last local date, inclusive")
    value: Decimal
    site: str | None = ScopeSite


class GoalOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    figure: str
    site: str | None
    kind: str = Field(description="year, month or baseline")
    period: str | None = Field(description="2026 or 2026-03; null for a baseline")
    from_: date = Field(alias="from")
    to: date
    value: float
    replaced: float | None = Field(description="the value in force before this one, if any")


class FigureOut(BaseModel):
    name: str
    unit: str
    flow: bool = Field(description="adds up over days (pro-rated by days); else a level")
    help: str


class GoalsOut(BaseModel):
    site: str | None
    figures: list[FigureOut]
    targets: list[GoalOut]
    baselines: list[GoalOut]


def _goal(d: dict[str, object]) -> dict[str, object]:
    """As JSON, `from` spelled as in the contract."""
    return GoalOut.model_validate(d).model_dump(by_alias=True, mode="json")


@router.post("/targets", status_code=201, response_model=GoalOut, response_model_by_alias=True)
async def set_target(body: TargetIn, cmd: Annotated[Command, command("admin")]) -> object:
    """A target for a figure over a calendar year or month (the newest replaces the old)."""
    return await cmd.run(body, lambda tx: _goal(goals.set_target(
        tx, body.figure, body.period, body.value, body.site)))


@router.post("/baselines", status_code=201, response_model=GoalOut,
             response_model_by_alias=True)
async def set_baseline(body: BaselineIn, cmd: Annotated[Command, command("admin")]) -> object:
    """The nulmeting of a figure: its value over a past stretch of dates."""
    return await cmd.run(body, lambda tx: _goal(goals.set_baseline(
        tx, body.figure, body.from_, body.to, body.value, body.site)))


@router.get("/targets", response_model=GoalsOut, response_model_by_alias=True,
            dependencies=[require("monitor")])
async def list_goals(svc: Svc, site: Annotated[str | None, Query(max_length=64)] = None
                     ) -> object:
    """The figures goals can be set on, and the targets and baseline in force."""
    def read() -> object:
        with svc.db.read() as conn:
            d = goals.overview(conn, site)
        return GoalsOut.model_validate(d)

    return await blocking(svc, read)
