"""Places offered per target group and period (leerwerkplekken, dagbesteding places)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tracker.api.deps import Command, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.people_schemas import PlacesIn, PlacesListed, PlacesOut
from tracker.services import people
from tracker.services.context import local_date

router = APIRouter(prefix="/api", tags=["people"], responses=ERROR_RESPONSES)


@router.post("/places", status_code=201, response_model=PlacesOut)
async def add_places(body: PlacesIn, cmd: Annotated[Command, command("admin")]) -> object:
    """Places offered per day for a group at a site from `from` (to `to`); where rows overlap,
    the newest is in force (a count of 0 takes the places away from `from`)."""
    return await cmd.run(body, lambda tx: people.add_places(
        tx, body.group, body.count, body.from_, body.to, body.site))


@router.get("/places", response_model=list[PlacesListed], dependencies=[require("admin")])
async def list_places(svc: Svc, site: Annotated[str | None, Query(max_length=64)] = None
                      ) -> object:
    """Every places row, oldest first, with the place-days offered and filled up to today."""
    def read() -> object:
        with svc.db.read() as conn:
            return people.list_places(conn, site, local_date(svc.clock()))

    return await blocking(svc, read)
