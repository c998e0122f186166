"""Nieuwe bezoeker: the intake desk counts visitors bringing things in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel

from tracker.api.deps import Command, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CommandIn
from tracker.services import visits

router = APIRouter(prefix="/api", tags=["items"], responses=ERROR_RESPONSES)


class VisitIn(CommandIn):
    pass


class VisitOut(BaseModel):
    visit_id: str
    site: str
    at: datetime


@router.post("/visits", status_code=201, response_model=VisitOut)
async def visit(cmd: Annotated[Command, command("intake")], body: VisitIn | None = None
                ) -> object:
    """One visitor at the drop-off point (the monitor's `visitors.drop_offs`)."""
    return await cmd.run(body, lambda tx: VisitOut(**visits.record_visit(tx)))
