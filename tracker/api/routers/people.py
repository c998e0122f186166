"""People at work and learning (aliases only) and their hours."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from tracker.api.deps import Command, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import AttendanceIn, AttendanceOut, PersonIn, PersonOut
from tracker.services import people

router = APIRouter(prefix="/api", tags=["people"], responses=ERROR_RESPONSES)


@router.post("/people", status_code=201, response_model=PersonOut)
async def add_person(body: PersonIn, cmd: Annotated[Command, command("admin")]) -> object:
    """A pseudonymous person: an alias and a role, never a name."""
    return await cmd.run(body, lambda tx: PersonOut(**people.add_person(tx, body.alias,
                                                                        body.role)))


@router.post("/attendance", status_code=201, response_model=AttendanceOut)
async def attendance(body: AttendanceIn, cmd: Annotated[Command, command("admin")]) -> object:
    """Hours one person worked or learned on one day."""
    return await cmd.run(body, lambda tx: AttendanceOut(**people.record_attendance(
        tx, body.alias, body.date, body.hours)))
