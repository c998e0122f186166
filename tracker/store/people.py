"""People (the alias lives here only), their enrolments, hours, skills, places, badges and
clocked sessions. Every row but `people` names a person by the opaque id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain import presence as rules
from tracker.domain.calendar import LOCAL_ZONE
from tracker.domain.social import Enrolment, Hours, Places, Skill
from tracker.store import tables as t

_P, _A, _E = t.people.c, t.attendance.c, t.enrolments.c
_PL, _SK, _B, _PR = t.places.c, t.skills.c, t.badges.c, t.presence.c
# Asked whenever a station names the person doing the work: built once.
_ID_OF = sa.select(_P.id).where(_P.alias == sa.bindparam("alias"))
SESSION_MARGIN = timedelta(days=2)  # a session overlapping a period starts at most this early


def id_of(conn: sa.Connection, alias: str) -> str | None:
    """The opaque id of a (not erased) alias, or None."""
    return conn.execute(_ID_OF, {"alias": alias}).scalar()


def is_known(conn: sa.Connection, alias: str) -> bool:
    """Whether the alias was added (and not erased)."""
    return id_of(conn, alias) is not None


def ids_of(conn: sa.Connection, aliases: Iterable[str]) -> dict[str, str]:
    """alias → id for those of these aliases that were added."""
    q = sa.select(_P.alias, _P.id).where(_P.alias.in_(set(aliases)))
    return {a: i for a, i in conn.execute(q)}


def aliases_of(conn: sa.Connection, ids: Iterable[str]) -> dict[str, str]:
    """id → alias (an erased person has none, and is left out)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    q = sa.select(_P.id, _P.alias).where(_P.id.in_(wanted), _P.alias.is_not(None))
    return {i: a for i, a in conn.execute(q)}


def person(conn: sa.Connection, person_id: str) -> sa.RowMapping | None:
    row = conn.execute(sa.select(t.people).where(_P.id == person_id)).first()
    return row._mapping if row else None


def add(conn: sa.Connection, person_id: str, alias: str, role: str, site: str,
        at: datetime) -> None:
    """A new person."""
    conn.execute(t.people.insert().values(id=person_id, alias=alias, role=role, site_id=site,
                                          created_at=at))


def set_role(conn: sa.Connection, person_id: str, role: str) -> None:
    conn.execute(t.people.update().where(_P.id == person_id).values(role=role))


def all_people(conn: sa.Connection, site: str | None) -> list[sa.RowMapping]:
    """Every person not erased (the admin's list), by alias."""
    q = sa.select(t.people).where(_P.alias.is_not(None)).order_by(_P.alias)
    if site is not None:
        q = q.where(_P.site_id == site)
    return [r._mapping for r in conn.execute(q)]


# --- enrolments --------------------------------------------------------------------------------

def enrolment_rows(conn: sa.Connection, person_id: str) -> list[sa.RowMapping]:
    """A person's enrolments, oldest first."""
    q = sa.select(t.enrolments).where(_E.person_id == person_id).order_by(_E.start_date, _E.id)
    return [r._mapping for r in conn.execute(q)]


def add_enrolment(conn: sa.Connection, person_id: str, group: str | None, role: str,
                  site: str, start: date, at: datetime) -> None:
    conn.execute(t.enrolments.insert().values(person_id=person_id, target_group=group,
                                              role=role, site_id=site, start_date=start,
                                              created_at=at))


def end_enrolment(conn: sa.Connection, enrolment_id: int, end: date, outcome: str) -> None:
    conn.execute(t.enrolments.update().where(_E.id == enrolment_id)
                 .values(end_date=end, outcome=outcome))


def _enrolment(r: Any) -> Enrolment:
    return Enrolment(r.person_id, r.target_group, r.site_id, r.start_date, r.end_date, r.outcome)


def enrolments(conn: sa.Connection, end: date | None = None) -> list[Enrolment]:
    """Every enrolment (started by `end`); the social block picks its period and scope."""
    q = sa.select(t.enrolments)
    if end is not None:
        q = q.where(_E.start_date <= end)
    return [_enrolment(r) for r in conn.execute(q)]


def expired(conn: sa.Connection, ended_before: date) -> list[sa.RowMapping]:
    """People (not erased) whose every enrolment ended before the date."""
    open_or_recent = (sa.select(_E.person_id)
                      .where(sa.or_(_E.end_date.is_(None), _E.end_date >= ended_before)))
    q = (sa.select(t.people).where(_P.alias.is_not(None), _P.id.not_in(open_or_recent),
                                   _P.id.in_(sa.select(_E.person_id))))
    return [r._mapping for r in conn.execute(q)]


# --- hours -------------------------------------------------------------------------------------

def hand_hours(conn: sa.Connection, person_id: str, day: date) -> Decimal | None:
    """Hours entered by hand for a person on a day, or None."""
    q = sa.select(_A.hours).where(_A.person_id == person_id, _A.date == day)
    found = conn.execute(q).scalar()
    return None if found is None else Decimal(found)


def add_hours(conn: sa.Connection, person_id: str, day: date, hours: Decimal, site: str,
              at: datetime) -> None:
    """A person's hours on one day, entered by hand."""
    conn.execute(t.attendance.insert().values(person_id=person_id, date=day, hours=hours,
                                              site_id=site, created_at=at))


def hand_hour_rows(conn: sa.Connection, person_id: str) -> list[sa.RowMapping]:
    q = sa.select(t.attendance).where(_A.person_id == person_id).order_by(_A.date)
    return [r._mapping for r in conn.execute(q)]


def work_of(conn: sa.Connection, person_id: str) -> list[dict[str, Any]]:
    """What events record a person doing (by type, moment and site), and the activities they
    led or completed a skill at."""
    ev = t.events.c
    q = (sa.select(ev.type, ev.at, ev.site_id).where(ev.person == person_id).order_by(ev.id))
    out = [{"type": r.type, "at": r.at, "site": r.site_id} for r in conn.execute(q)]
    for r in conn.execute(sa.select(ev.at, ev.site_id, ev.data).where(ev.type == "activity")
                          .order_by(ev.id)):
        for part in ("leaders", "learners"):
            if person_id in r.data.get(part, ()):
                out.append({"type": f"activity:{part}", "at": r.at, "site": r.site_id,
                            "date": r.data["date"]})
    return out


def hours(conn: sa.Connection, start: date, end: date) -> list[Hours]:
    """Hours per person, site and day in a period: by hand, and from closed sessions."""
    q = sa.select(t.attendance).where(_A.date.between(start, end))
    out = [Hours(r.person_id, r.date, Decimal(r.hours), r.site_id) for r in conn.execute(q)]
    for (person_id, site, day), n in rules.hours_per_day(
            sessions_between(conn, start, end)).items():
        if start <= day <= end:
            out.append(Hours(person_id, day, n, site))
    return out


def roles(conn: sa.Connection) -> dict[str, str]:
    """Every person's v1 role, by id."""
    return {i: r for i, r in conn.execute(sa.select(_P.id, _P.role))}


# --- skills and places -------------------------------------------------------------------------

def add_skill(conn: sa.Connection, person_id: str, skill: str, certificate: bool, day: date,
              site: str, at: datetime) -> None:
    conn.execute(t.skills.insert().values(person_id=person_id, skill=skill,
                                          certificate=certificate, date=day, site_id=site,
                                          created_at=at))


def skill_rows(conn: sa.Connection, person_id: str) -> list[sa.RowMapping]:
    q = sa.select(t.skills).where(_SK.person_id == person_id).order_by(_SK.date, _SK.id)
    return [r._mapping for r in conn.execute(q)]


def skills(conn: sa.Connection, start: date, end: date) -> list[Skill]:
    q = sa.select(t.skills).where(_SK.date.between(start, end))
    return [Skill(r.person_id, r.date, r.site_id, r.certificate) for r in conn.execute(q)]


def add_places(conn: sa.Connection, site: str, group: str, count: int, start: date,
               end: date | None, at: datetime, station: str) -> int:
    result = conn.execute(t.places.insert().values(
        site_id=site, target_group=group, count=count, start_date=start, end_date=end,
        set_at=at, station=station))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def place_rows(conn: sa.Connection, site: str | None) -> list[sa.RowMapping]:
    q = sa.select(t.places).order_by(_PL.id)
    if site is not None:
        q = q.where(_PL.site_id == site)
    return [r._mapping for r in conn.execute(q)]


def places(conn: sa.Connection) -> list[Places]:
    return [Places(r.target_group, r.site_id, r.count, r.start_date, r.end_date, r.id)
            for r in place_rows(conn, None)]


# --- badges ------------------------------------------------------------------------------------

def add_badge(conn: sa.Connection, code: str, person_id: str, at: datetime) -> None:
    conn.execute(t.badges.insert().values(code=code, person_id=person_id, created_at=at))


def badge(conn: sa.Connection, code: str) -> sa.RowMapping | None:
    row = conn.execute(sa.select(t.badges).where(_B.code == code)).first()
    return row._mapping if row else None


def badges_of(conn: sa.Connection, person_id: str) -> list[sa.RowMapping]:
    q = sa.select(t.badges).where(_B.person_id == person_id).order_by(_B.created_at)
    return [r._mapping for r in conn.execute(q)]


def revoke_badges(conn: sa.Connection, person_id: str, at: datetime) -> None:
    conn.execute(t.badges.update().where(_B.person_id == person_id, _B.revoked_at.is_(None))
                 .values(revoked_at=at))


# --- presence ----------------------------------------------------------------------------------

def _session(r: Any) -> rules.Session:
    return rules.Session(r.person_id, r.site_id, r.clock_in, r.clock_out, r.forgotten)


def open_session(conn: sa.Connection, person_id: str) -> tuple[int, rules.Session] | None:
    """A person's open session (id, session), locked for this transaction, or None."""
    q = (sa.select(t.presence).where(_PR.person_id == person_id, _PR.clock_out.is_(None))
         .order_by(_PR.clock_in.desc()).limit(1).with_for_update())
    row = conn.execute(q).first()
    return None if row is None else (row.id, _session(row))


def last_moment(conn: sa.Connection, person_id: str) -> datetime | None:
    """The latest clock-in or clock-out of a person (a scan may not lie before it)."""
    q = sa.select(sa.func.max(_PR.clock_in), sa.func.max(_PR.clock_out)).where(
        _PR.person_id == person_id)
    return max((m for m in conn.execute(q).one() if m is not None), default=None)


def sessions_of(conn: sa.Connection, person_id: str) -> list[rules.Session]:
    """A person's sessions, oldest first."""
    q = sa.select(t.presence).where(_PR.person_id == person_id).order_by(_PR.clock_in)
    return [_session(r) for r in conn.execute(q)]


def open_sessions(conn: sa.Connection) -> list[tuple[int, rules.Session]]:
    q = sa.select(t.presence).where(_PR.clock_out.is_(None))
    return [(r.id, _session(r)) for r in conn.execute(q)]


def add_session(conn: sa.Connection, s: rules.Session) -> None:
    conn.execute(t.presence.insert().values(person_id=s.person, site_id=s.site,
                                            clock_in=s.clock_in, clock_out=s.clock_out,
                                            forgotten=s.forgotten))


def close_session(conn: sa.Connection, session_id: int, s: rules.Session) -> None:
    conn.execute(t.presence.update().where(_PR.id == session_id)
                 .values(clock_out=s.clock_out, forgotten=s.forgotten))


def sessions_between(conn: sa.Connection, start: date, end: date) -> list[rules.Session]:
    """Closed sessions that may touch the local days start..end."""
    lo = datetime.combine(start, time(0), LOCAL_ZONE) - SESSION_MARGIN
    hi = datetime.combine(end, time(0), LOCAL_ZONE) + SESSION_MARGIN
    q = sa.select(t.presence).where(_PR.clock_out.is_not(None), _PR.clock_in < hi,
                                    _PR.clock_out >= lo)
    return [_session(r) for r in conn.execute(q)]


def session_rows(conn: sa.Connection, person_id: str | None = None,
                 forgotten: bool | None = None) -> Sequence[sa.RowMapping]:
    q = sa.select(t.presence).order_by(_PR.clock_in)
    if person_id is not None:
        q = q.where(_PR.person_id == person_id)
    if forgotten is not None:
        q = q.where(_PR.forgotten == forgotten)
    return [r._mapping for r in conn.execute(q)]


def erase(conn: sa.Connection, person_id: str, at: datetime) -> None:
    """The tombstone: the alias goes, the opaque id and every count stay; badges stop."""
    conn.execute(t.people.update().where(_P.id == person_id).values(alias=None, erased_at=at))
    revoke_badges(conn, person_id, at)
