"""The till's rules the admin keeps (CONTRACT §11): discount reasons and markdown rules."""

from __future__ import annotations

from collections.abc import Awaitable
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tracker.api.deps import Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CommandIn
from tracker.domain.till import Markdown
from tracker.services import till_rules
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["till"], responses=ERROR_RESPONSES)


class ReasonIn(CommandIn):
    reason: str = Field(max_length=64, description="e.g. beschadigd, stadspas, vrijwilliger")


class ReasonsOut(BaseModel):
    reasons: list[str]


class MarkdownIn(CommandIn):
    category: str = Field(max_length=32)
    days: int = Field(description="days on the shelf (since the item last became ready for "
                                  "sale) from which the markdown applies")
    pct: Decimal = Field(description="percentage off the price, above 0 and at most 100")


class MarkdownOut(BaseModel):
    id: int
    category: str
    days: int
    pct: float

    @classmethod
    def of(cls, rule: Markdown) -> MarkdownOut:
        return cls(id=rule.id, category=rule.category, days=rule.days, pct=float(rule.pct))


async def _changed(cmd: Command, change: Awaitable[object]) -> object:
    """A change to the rules, committed; then the till's copy of them is dropped."""
    try:
        return await change
    finally:
        cmd.svc.rules.drop()


def _reasons(svc: Services) -> ReasonsOut:
    with svc.db.read() as conn:
        return ReasonsOut(reasons=till_rules.reasons(conn))


@router.get("/discount-reasons", response_model=ReasonsOut, dependencies=[require("till")])
async def reasons(svc: Svc) -> ReasonsOut:
    """The reasons a cashier may give a discount (`markdown` comes from the rules)."""
    return await blocking(svc, _reasons, svc)


@router.post("/discount-reasons", status_code=201, response_model=ReasonsOut)
async def add_reason(body: ReasonIn, cmd: Annotated[Command, command("admin")]) -> object:
    """A reason added to the list; answers the list."""
    return await _changed(cmd, cmd.run(body, lambda tx: ReasonsOut(
        reasons=till_rules.add_reason(tx, body.reason))))


@router.delete("/discount-reasons/{reason}", response_model=ReasonsOut)
async def remove_reason(reason: str, cmd: Annotated[Command, command("admin")]) -> object:
    """A reason off the list (past sales keep it); answers the list."""
    return await _changed(cmd, cmd.run(None, lambda tx: ReasonsOut(
        reasons=till_rules.remove_reason(tx, reason)), status=200))


def _markdowns(svc: Services) -> list[MarkdownOut]:
    with svc.db.read() as conn:
        return [MarkdownOut.of(r) for r in till_rules.markdowns(conn)]


@router.get("/markdowns", response_model=list[MarkdownOut], dependencies=[require("till")])
async def markdowns(svc: Svc) -> list[MarkdownOut]:
    """The markdown rules: the till lowers prices by them and says so."""
    return await blocking(svc, _markdowns, svc)


@router.post("/markdowns", status_code=201, response_model=MarkdownOut)
async def add_markdown(body: MarkdownIn, cmd: Annotated[Command, command("admin")]) -> object:
    """Afprijzen: what has been on the shelf `days` or more in `category` costs `pct` less at
    the till (the largest rule that fits applies)."""

    def run(tx: Tx) -> MarkdownOut:
        return MarkdownOut.of(till_rules.add_markdown(tx, body.category, body.days, body.pct))

    return await _changed(cmd, cmd.run(body, run))


@router.delete("/markdowns/{rule_id}", status_code=200)
async def remove_markdown(rule_id: int, cmd: Annotated[Command, command("admin")]) -> object:
    """A markdown rule removed."""

    def run(tx: Tx) -> dict[str, int]:
        till_rules.remove_markdown(tx, rule_id)
        return {"removed": rule_id}

    return await _changed(cmd, cmd.run(None, run, status=200))
