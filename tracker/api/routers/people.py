"""People at work and learning (aliases only), their hours, skills, badges, and the AVG export
and erasure (CONTRACT §12). Admin only: stations see nothing about people."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from tracker.api.deps import Command, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.people_schemas import (
    BadgeIn,
    BadgeOut,
    EndIn,
    ErasedOut,
    EraseIn,
    GroupChangeIn,
    PersonIn,
    PersonListed,
    PersonOut,
    SkillIn,
    SkillOut,
)
from tracker.api.schemas import AttendanceIn, AttendanceOut
from tracker.domain import codes
from tracker.services import people, presence

router = APIRouter(prefix="/api", tags=["people"], responses=ERROR_RESPONSES)
AliasPath = Annotated[str, "a person's alias"]


@router.post("/people", status_code=201, response_model=PersonOut)
async def add_person(body: PersonIn, cmd: Annotated[Command, command("admin")]) -> object:
    """A pseudonymous person in a target group from a start date (never a name). A known
    alias whose enrolment ended starts again: a change of group is an end and a new start."""
    return await cmd.run(body, lambda tx: people.add_person(
        tx, body.alias, body.group, body.role, body.start, body.site))


@router.get("/people", response_model=list[PersonListed], dependencies=[require("admin")])
async def list_people(svc: Svc, site: Annotated[str | None, Query(max_length=64)] = None
                      ) -> object:
    """Everyone not erased: alias, newest enrolment, badges in use (the admin's list)."""
    def read() -> object:
        with svc.db.read() as conn:
            return people.list_people(conn, site)

    return await blocking(svc, read)


@router.post("/people/{alias}/end", status_code=200, response_model=PersonOut)
async def end_person(alias: AliasPath, body: EndIn,
                     cmd: Annotated[Command, command("admin")]) -> object:
    """The end of the current enrolment, with its outcome (the last day: `date`, or today)."""
    return await cmd.run(body, lambda tx: people.end_person(tx, alias, body.outcome, body.date),
                         status=200)


@router.post("/people/{alias}/group", status_code=201, response_model=PersonOut)
async def change_group(alias: AliasPath, body: GroupChangeIn,
                       cmd: Annotated[Command, command("admin")]) -> object:
    """A change of group: the current enrolment ends the day before `from` with `outcome`
    (default `other_programme`) and a new one starts on `from`, at the same site."""
    return await cmd.run(body, lambda tx: people.change_group(tx, alias, body.group, body.from_,
                                                              body.outcome))


@router.post("/people/{alias}/skills", status_code=201, response_model=SkillOut)
async def add_skill(alias: AliasPath, body: SkillIn,
                    cmd: Annotated[Command, command("admin")]) -> object:
    """A skill learned; `certificate`: with a praktijkverklaring or the like."""
    return await cmd.run(body, lambda tx: people.add_skill(tx, alias, body.skill,
                                                           body.certificate, body.date))


@router.post("/people/{alias}/badges", status_code=201, response_model=BadgeOut)
async def new_badge(alias: AliasPath, cmd: Annotated[Command, command("admin")],
                    body: BadgeIn | None = None) -> object:
    """A new badge for /aanwezig (a random code in a QR, not the alias); the person's older
    badges stop working. Print it with GET /api/badges/{code}/card.pdf or .zpl."""
    base = cmd.svc.settings.base_url

    def make(tx: Any) -> dict[str, Any]:
        out = people.new_badge(tx, alias)
        return {**out, "qr": presence.badge_qr(base, codes.parse(out["code"]))}

    return await cmd.run(body, make)


@router.get("/people/{alias}/export", dependencies=[require("admin")])
async def export(alias: AliasPath, svc: Svc) -> object:
    """Everything held about one alias (AVG: the right of access), as JSON."""
    def read() -> object:
        with svc.db.read() as conn:
            return people.export(conn, alias)

    return await blocking(svc, read)


@router.post("/people/{alias}/erase", status_code=200, response_model=ErasedOut)
async def erase(alias: AliasPath, cmd: Annotated[Command, command("admin")],
                body: EraseIn | None = None) -> object:
    """The AVG erasure: the alias is replaced by a tombstone; hours, groups and outcomes stay
    as anonymous counts; the person's badges are refused from now on."""
    return await cmd.run(body, lambda tx: people.erase(tx, alias), status=200)


@router.post("/attendance", status_code=201, response_model=AttendanceOut)
async def attendance(body: AttendanceIn, cmd: Annotated[Command, command("admin")]) -> object:
    """Hours one person worked or learned on one day, entered by hand."""
    return await cmd.run(body, lambda tx: AttendanceOut(**people.record_attendance(
        tx, body.alias, body.date, body.hours)))
