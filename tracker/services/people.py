"""People at work and learning (CONTRACT §12): added by alias only, in a target group from a
start to an end with an outcome, their hours, skills, places and badges; the AVG export and
erasure. The alias is looked up here once; everything stored elsewhere names the opaque id."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain import codes, social
from tracker.domain import presence as presence_rules
from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.services.context import Tx, local_date
from tracker.services.monitor import check_site
from tracker.store import people as stored

ROLES = social.ROLES
GROUP_OF_ROLE = {"employee": "employee", "volunteer": "volunteer", "student": "intern"}
MAX_HOURS_PER_DAY = Decimal(24)
HOURS_STEP = Decimal("0.01")  # attendance.hours is NUMERIC(4, 2)


def _unknown(alias: str) -> NotFound:
    return NotFound(f"onbekende alias '{alias}'", "person_not_found",
                    en=f"unknown alias '{alias}'")


def person_id(conn: sa.Connection, alias: str) -> str:
    """The opaque id of a known alias, or 404."""
    found = stored.id_of(conn, alias)
    if found is None:
        raise _unknown(alias)
    return found


def aliases_of(conn: sa.Connection, ids: Any) -> dict[str, str]:
    """id → alias of the people these events or rows name (the erased are left out)."""
    return stored.aliases_of(conn, ids)


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"rol moet een van {', '.join(ROLES)} zijn", "invalid_role",
                           en=f"role must be one of {', '.join(ROLES)}")
    return role


def _current(rows: list[Any]) -> Any | None:
    """The open enrolment (no end), if any."""
    open_ = [r for r in rows if r["end_date"] is None]
    return open_[-1] if open_ else None


def _shown(alias: str, row: Any) -> dict[str, Any]:
    return {"alias": alias, "group": row["target_group"], "role": row["role"],
            "site": row["site_id"], "start": row["start_date"], "end": row["end_date"],
            "outcome": row["outcome"]}


def add_person(tx: Tx, alias: str, group: str | None = None, role: str | None = None,
               start: date | None = None, site: str | None = None) -> dict[str, Any]:
    """A pseudonymous person in a target group from a start date (no names: the alias is all
    we keep). A known alias whose enrolments all ended starts again: a change of group."""
    if group is None and role is None:
        raise InvalidInput(f"geef een groep ({', '.join(social.GROUPS)})", "group_required",
                           en=f"give a group ({', '.join(social.GROUPS)})")
    if group is not None:
        social.check_group(group)
    role = _check_role(role) if role is not None else social.role_of(group or "")
    group = group if group is not None else GROUP_OF_ROLE.get(role)
    where = site or tx.actor.site
    check_site(tx.sql, where)
    start = start or local_date(tx.at)
    pid = stored.id_of(tx.sql, alias)
    if pid is None:
        pid = tx.new_id()
        stored.add(tx.sql, pid, alias, role, where, tx.at)
    else:
        rows = stored.enrolment_rows(tx.sql, pid)
        if _current(rows) is not None or not rows:
            raise NotAllowed(f"alias '{alias}' bestaat al (beëindig eerst, dan opnieuw starten)",
                             "person_exists",
                             en=f"alias '{alias}' already exists (end it first, then start "
                                "again)")
        last_end = max(r["end_date"] for r in rows)
        if start <= last_end:
            raise InvalidInput(f"de nieuwe start moet na de vorige einddatum {last_end} liggen",
                               "start_before_end",
                               en=f"the new start must be after the previous end {last_end}")
        stored.set_role(tx.sql, pid, role)
    stored.add_enrolment(tx.sql, pid, group, role, where, start, tx.at)
    return {"alias": alias, "group": group, "role": role, "site": where, "start": start,
            "end": None, "outcome": None}


def end_person(tx: Tx, alias: str, outcome: str, end: date | None = None) -> dict[str, Any]:
    """The end of a person's current enrolment, with its outcome."""
    social.check_outcome(outcome)
    pid = person_id(tx.sql, alias)
    current = _current(stored.enrolment_rows(tx.sql, pid))
    if current is None:
        raise NotAllowed(f"'{alias}' heeft geen lopende inschrijving", "not_enrolled",
                         en=f"'{alias}' has no current enrolment")
    end = end or local_date(tx.at)
    social.check_end(current["start_date"], end)
    stored.end_enrolment(tx.sql, current["id"], end, outcome)
    return _shown(alias, {**current, "end_date": end, "outcome": outcome})


def change_group(tx: Tx, alias: str, group: str, start: date | None = None,
                 outcome: str = "other_programme") -> dict[str, Any]:
    """A change of group (CONTRACT §12: an end and a new start, in one go): the current
    enrolment ends the day before `start` with `outcome`; the new one starts at the same site."""
    social.check_group(group)
    social.check_outcome(outcome)
    pid = person_id(tx.sql, alias)
    current = _current(stored.enrolment_rows(tx.sql, pid))
    if current is None:
        raise NotAllowed(f"'{alias}' heeft geen lopende inschrijving", "not_enrolled",
                         en=f"'{alias}' has no current enrolment")
    if current["target_group"] == group:
        raise InvalidInput(f"'{alias}' zit al in deze groep", "same_group",
                           en=f"'{alias}' is in this group already")
    start = start or local_date(tx.at)
    if start <= current["start_date"]:
        raise InvalidInput(f"de nieuwe groep moet na de start van de huidige "
                           f"({current['start_date']}) beginnen", "start_before_end",
                           en=f"the new group must begin after the current one's start "
                              f"({current['start_date']})")
    stored.end_enrolment(tx.sql, current["id"], start - timedelta(days=1), outcome)
    return add_person(tx, alias, group, None, start, current["site_id"])


def check_known(conn: sa.Connection, alias: str) -> str:
    """The `person` a station names as doing the work must be a known alias (422 if not);
    its opaque id, which is what events keep."""
    found = stored.id_of(conn, alias)
    if found is None:
        raise InvalidInput(f"onbekende persoon '{alias}': voeg de alias eerst toe (beheer, "
                           "/api/people), of laat 'person' weg", "unknown_person",
                           en=f"unknown person '{alias}': add the alias first (admin, "
                              "/api/people), or leave 'person' out")
    return found


def as_person_id(tx: Tx) -> None:
    """The unit of work acts for the named person's opaque id from here on."""
    if tx.actor.person is not None:
        tx.actor = replace(tx.actor, person=check_known(tx.sql, tx.actor.person))


def record_attendance(tx: Tx, alias: str, day: date, hours: Decimal) -> dict[str, Any]:
    """Hours a person worked or learned on one day, by hand (one record per person per day;
    with the day's clocked hours at most 24)."""
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
    pid = person_id(tx.sql, alias)
    if stored.hand_hours(tx.sql, pid, day) is not None:
        raise NotAllowed(f"uren van '{alias}' op {day} staan er al", "attendance_exists",
                         en=f"the hours of '{alias}' on {day} are already recorded")
    clocked = sum((h.hours for h in stored.hours(tx.sql, day, day) if h.person == pid),
                  Decimal(0))
    if clocked + hours > MAX_HOURS_PER_DAY:
        raise InvalidInput(f"met de {clocked} geklokte uren wordt dat meer dan 24 uur op {day}",
                           "invalid_hours",
                           en=f"with the {clocked} clocked hours that makes more than 24 "
                              f"hours on {day}")
    stored.add_hours(tx.sql, pid, day, hours, tx.actor.site, tx.at)
    return {"alias": alias, "date": day.isoformat(), "hours": float(hours)}


def add_skill(tx: Tx, alias: str, skill: str, certificate: bool = False,
              day: date | None = None) -> dict[str, Any]:
    """A skill a person learned (a certificate: a praktijkverklaring or the like)."""
    skill = skill.strip()
    if not skill:
        raise InvalidInput("noem de vaardigheid", "skill_required", en="name the skill")
    day = day or local_date(tx.at)
    if day > local_date(tx.at):
        raise InvalidInput("deze datum ligt in de toekomst", "date_in_future",
                           en="this date is in the future")
    pid = person_id(tx.sql, alias)
    rows = stored.enrolment_rows(tx.sql, pid)
    site = rows[-1]["site_id"] if rows else tx.actor.site
    stored.add_skill(tx.sql, pid, skill, certificate, day, site, tx.at)
    return {"alias": alias, "skill": skill, "certificate": certificate, "date": day,
            "site": site}


def add_places(tx: Tx, group: str, count: int, start: date, end: date | None = None,
               site: str | None = None) -> dict[str, Any]:
    """Places offered for a group at a site from a date (to a date): in force over older
    rows for the same days."""
    social.check_group(group)
    social.check_places(count)
    if end is not None:
        social.check_end(start, end)
    where = site or tx.actor.site
    check_site(tx.sql, where)
    place_id = stored.add_places(tx.sql, where, group, count, start, end, tx.at,
                                 tx.actor.station)
    return {"id": place_id, "group": group, "count": count, "from": start, "to": end,
            "site": where}


def list_places(conn: sa.Connection, site: str | None, today: date) -> list[dict[str, Any]]:
    """Every places row, oldest first (the newest covering a day is in force), with the
    place-days it offered and the ones filled up to `today`."""
    check_site(conn, site)
    every, enrolled = stored.places(conn), stored.enrolments(conn, today)
    out = []
    for r in stored.place_rows(conn, site):
        row = next(p for p in every if p.order == r["id"])
        offered, filled = social.row_filled(row, every, enrolled, today)
        out.append({"id": r["id"], "group": r["target_group"], "count": r["count"],
                    "from": r["start_date"], "to": r["end_date"], "site": r["site_id"],
                    "offered_days": offered, "filled_days": filled})
    return out


def list_people(conn: sa.Connection, site: str | None) -> list[dict[str, Any]]:
    """Everyone not erased, with their newest enrolment and their badges in use."""
    check_site(conn, site)
    out = []
    for p in stored.all_people(conn, site):
        rows = stored.enrolment_rows(conn, p["id"])
        newest = _current(rows) or (rows[-1] if rows else None)
        shown = _shown(p["alias"], newest) if newest else {
            "alias": p["alias"], "group": None, "role": p["role"], "site": p["site_id"],
            "start": None, "end": None, "outcome": None}
        shown["badges"] = [codes.display(b["code"]) for b in stored.badges_of(conn, p["id"])
                           if b["revoked_at"] is None]
        out.append(shown)
    return out


def new_badge(tx: Tx, alias: str) -> dict[str, Any]:
    """A new badge for a person (a random code, not the alias); older badges stop working."""
    pid = person_id(tx.sql, alias)
    stored.revoke_badges(tx.sql, pid, tx.at)
    code = codes.new_code(tx.randbits)
    stored.add_badge(tx.sql, code, pid, tx.at)
    return {"alias": alias, "code": codes.display(code)}


def export(conn: sa.Connection, alias: str) -> dict[str, Any]:
    """Everything held about one alias (AVG inzage): the person, enrolments, hours, skills,
    badges and clocked sessions. Events name the person only by the opaque id: the repairs
    and other work recorded with it are listed by type and date."""
    pid = person_id(conn, alias)
    p = stored.person(conn, pid)
    assert p is not None
    return {
        "alias": alias, "role": p["role"], "site": p["site_id"], "added_at": p["created_at"],
        "enrolments": [{"group": r["target_group"], "role": r["role"], "site": r["site_id"],
                        "start": r["start_date"], "end": r["end_date"], "outcome": r["outcome"]}
                       for r in stored.enrolment_rows(conn, pid)],
        "hours": [{"date": r["date"], "hours": float(r["hours"]), "site": r["site_id"]}
                  for r in stored.hand_hour_rows(conn, pid)],
        "sessions": [{"clock_in": s["clock_in"], "clock_out": s["clock_out"],
                      "forgotten": s["forgotten"], "site": s["site_id"]}
                     for s in stored.session_rows(conn, pid)],
        "skills": [{"skill": s["skill"], "certificate": s["certificate"], "date": s["date"],
                    "site": s["site_id"]} for s in stored.skill_rows(conn, pid)],
        "badges": [{"code": codes.display(b["code"]), "created_at": b["created_at"],
                    "revoked_at": b["revoked_at"]} for b in stored.badges_of(conn, pid)],
        "work": stored.work_of(conn, pid),
    }


def erase(tx: Tx, alias: str) -> dict[str, Any]:
    """The AVG erasure: the alias is replaced by a tombstone; hours, groups, outcomes and
    skills stay as anonymous counts; the person's badges are refused from now on."""
    pid = person_id(tx.sql, alias)
    kept = _kept(tx.sql, pid)
    stored.erase(tx.sql, pid, tx.at)
    return {"alias": alias, "erased": True, "kept": kept}


def _kept(conn: sa.Connection, pid: str) -> dict[str, Any]:
    """What an erasure leaves as anonymous counts: enrolments, hours, skills, recorded work."""
    clocked = presence_rules.hours_per_day(stored.sessions_of(conn, pid)).values()
    hand = (Decimal(r["hours"]) for r in stored.hand_hour_rows(conn, pid))
    return {"enrolments": len(stored.enrolment_rows(conn, pid)),
            "hours": float(sum((*clocked, *hand), Decimal(0))),
            "skills": len(stored.skill_rows(conn, pid)),
            "work": len(stored.work_of(conn, pid))}


def erase_expired(conn: sa.Connection, now: datetime, retention_days: int) -> list[str]:
    """Erase everyone whose last enrolment ended more than `retention_days` ago; the ids."""
    before = local_date(now) - timedelta(days=retention_days)
    gone = [p["id"] for p in stored.expired(conn, before)]
    for pid in gone:
        stored.erase(conn, pid, now)
    return gone
