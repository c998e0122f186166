"""People who work at the centre, by alias only, and their hours per day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.services.context import Tx, local_date
from tracker.store import tables as t

ROLES = ("employee", "volunteer", "participant", "student")
MAX_HOURS_PER_DAY = Decimal(24)
HOURS_STEP = Decimal("0.01")  # attendance.hours is NUMERIC(4, 2)


def add_person(tx: Tx, alias: str, role: str) -> dict[str, str]:
    """A pseudonymous person (no names: the alias is all we keep)."""
    if role not in ROLES:
        raise InvalidInput(f"rol moet een van {', '.join(ROLES)} zijn", "invalid_role",
                           en=f"role must be one of {', '.join(ROLES)}")
    exists = tx.conn.execute(sa.select(t.people.c.alias).where(t.people.c.alias == alias)).first()
    if exists:
        raise NotAllowed(f"alias '{alias}' bestaat al", "person_exists",
                         en=f"alias '{alias}' already exists")
    tx.conn.execute(t.people.insert().values(alias=alias, role=role, site_id=tx.actor.site,
                                             created_at=tx.at))
    return {"alias": alias, "role": role, "site": tx.actor.site}


def check_known(conn: sa.Connection, alias: str) -> None:
    """The `person` a station names as doing the work must be a known alias (422 if not)."""
    found = conn.execute(sa.select(t.people.c.alias).where(t.people.c.alias == alias)).first()
    if found is None:
        raise InvalidInput(f"onbekende persoon '{alias}': voeg de alias eerst toe (beheer, "
                           "/api/people), of laat 'person' weg", "unknown_person",
                           en=f"unknown person '{alias}': add the alias first (admin, "
                              "/api/people), or leave 'person' out")


def record_attendance(tx: Tx, alias: str, day: date, hours: Decimal) -> dict[str, Any]:
    """Hours a person worked or learned on one day (one record per person per day)."""
    if not (0 < hours <= MAX_HOURS_PER_DAY):
        raise InvalidInput("uren moeten tussen 0 en 24 liggen", "invalid_hours",
                           en="hours must be between 0 and 24")
    if hours != hours.quantize(HOURS_STEP):  # the column keeps two decimals: say so, not round
        raise InvalidInput("uren hebben hoogstens twee decimalen (een kwartier is 0.25)",
                           "invalid_hours",
                           en="hours have at most two decimals (a quarter of an hour is 0.25)")
    if day > local_date(tx.at):
        raise InvalidInput("deze datum ligt in de toekomst", "date_in_future",
                           en="this date is in the future")
    person = tx.conn.execute(sa.select(t.people).where(t.people.c.alias == alias)).first()
    if person is None:
        raise NotFound(f"onbekende alias '{alias}'", "person_not_found",
                       en=f"unknown alias '{alias}'")
    taken = tx.conn.execute(sa.select(t.attendance.c.alias).where(
        t.attendance.c.alias == alias, t.attendance.c.date == day)).first()
    if taken:
        raise NotAllowed(f"uren van '{alias}' op {day} staan er al", "attendance_exists",
                         en=f"the hours of '{alias}' on {day} are already recorded")
    tx.conn.execute(t.attendance.insert().values(alias=alias, date=day, hours=hours,
                                                 site_id=tx.actor.site, created_at=tx.at))
    return {"alias": alias, "date": day.isoformat(), "hours": float(hours)}
