"""People who work at the centre, by alias only, and their hours per day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.services.context import Tx, local_date
from tracker.store import people as stored

ROLES = ("employee", "volunteer", "participant", "student")
MAX_HOURS_PER_DAY = Decimal(24)
HOURS_STEP = Decimal("0.01")  # attendance.hours is NUMERIC(4, 2)


def add_person(tx: Tx, alias: str, role: str) -> dict[str, str]:
    """A pseudonymous person (no names: the alias is all we keep)."""
    if role not in ROLES:
        raise InvalidInput(f"rol moet een van {', '.join(ROLES)} zijn", "invalid_role",
                           en=f"role must be one of {', '.join(ROLES)}")
    if stored.is_known(tx.sql, alias):
        raise NotAllowed(f"alias '{alias}' bestaat al", "person_exists",
                         en=f"alias '{alias}' already exists")
    stored.add(tx.sql, alias, role, tx.actor.site, tx.at)
    return {"alias": alias, "role": role, "site": tx.actor.site}


def check_known(conn: sa.Connection, alias: str) -> None:
    """The `person` a station names as doing the work must be a known alias (422 if not)."""
    if not stored.is_known(conn, alias):
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
    if not stored.is_known(tx.sql, alias):
        raise NotFound(f"onbekende alias '{alias}'", "person_not_found",
                       en=f"unknown alias '{alias}'")
    if stored.has_hours(tx.sql, alias, day):
        raise NotAllowed(f"uren van '{alias}' op {day} staan er al", "attendance_exists",
                         en=f"the hours of '{alias}' on {day} are already recorded")
    stored.add_hours(tx.sql, alias, day, hours, tx.actor.site, tx.at)
    return {"alias": alias, "date": day.isoformat(), "hours": float(hours)}
