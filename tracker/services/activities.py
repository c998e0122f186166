"""Record courses, school visits, Repair Café sessions, workshops and tours; list them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.domain import activities
from tracker.domain.errors import InvalidInput, NotFound
from tracker.services.context import Tx, local_date
from tracker.services.monitor import check_site
from tracker.store import repository as repo
from tracker.store import tables as t


def _known_aliases(conn: sa.Connection, aliases: Iterable[str]) -> None:
    wanted = set(aliases)
    if not wanted:
        return
    found = set(conn.execute(sa.select(t.people.c.alias)
                             .where(t.people.c.alias.in_(wanted))).scalars())
    missing = sorted(wanted - found)
    if missing:
        raise NotFound(f"onbekende alias(sen): {', '.join(missing)} (voeg eerst toe via "
                       "/api/people)", "person_not_found",
                       en=f"unknown alias(es): {', '.join(missing)} (add them first through "
                          "/api/people)")


def record_activity(tx: Tx, kind: str, day: date, participants: int, under_18: int = 0,
                    leaders: Iterable[str] = (), skills_learned: int | None = None,
                    learners: Iterable[str] = (), site: str | None = None) -> dict[str, Any]:
    """One activity (counted on its own date at its site); leaders and learners are aliases
    of known people, everyone else only a number."""
    where = site or tx.actor.site
    check_site(tx.conn, where)
    a = activities.activity(kind, day, local_date(tx.at), participants, under_18, leaders,
                            skills_learned, learners)
    _known_aliases(tx.conn, a.leaders + a.learners)
    activity_id = tx.new_id()
    event = tx.record(activities.STREAM_PREFIX + activity_id, 1, a, site=where)
    return _out(activity_id, event.site, event.data, [])


def _out(activity_id: str, site: str, data: Any, repairs: list[str]) -> dict[str, Any]:
    """What stations see of an activity: counts, and the leaders' aliases (learners are only
    counted here, like everyone else who took part)."""
    return {"activity_id": activity_id, "kind": data["kind"], "date": data["date"],
            "site": site, "participants": data["participants"], "under_18": data["under_18"],
            "leaders": list(data["leaders"]), "skills_learned": data["skills_learned"],
            "repairs": repairs}


def repair_cafe(tx: Tx, activity_id: str) -> str:
    """The id of a Repair Café session an own-use repair is recorded at (today, by the
    repair's date), or a clear 404/422."""
    found = repo.events_of(tx.conn, activities.STREAM_PREFIX + activity_id)
    held = found[0].fact if found else None
    if not isinstance(held, activities.Activity):
        raise NotFound(f"activiteit '{activity_id}' bestaat niet", "activity_not_found",
                       en=f"activity '{activity_id}' does not exist")
    if held.kind != activities.REPAIR_CAFE:
        raise InvalidInput(f"activiteit '{activity_id}' is geen Repair Café", "not_a_repair_cafe",
                           en=f"activity '{activity_id}' is not a Repair Café")
    if held.day != local_date(tx.at):
        raise InvalidInput(f"het Repair Café '{activity_id}' was op {held.day}, niet op de "
                           "dag van deze reparatie", "activity_on_another_day",
                           en=f"the Repair Café '{activity_id}' was on {held.day}, not on "
                              "the day of this repair")
    return activity_id


def list_activities(conn: sa.Connection, start: date, end: date,
                    site: str | None) -> list[dict[str, Any]]:
    """Activities dated in the period (oldest first), each with the own-use repairs recorded
    at it."""
    check_site(conn, site)
    e = t.events.c
    # recorded on or after the day they happened: the recording date bounds the search
    q = (sa.select(e.stream, e.site_id, e.data).where(
        e.type == activities.EVENT_TYPE, e.local_date >= start).order_by(e.id))
    if site is not None:
        q = q.where(e.site_id == site)
    found = [(r.stream.removeprefix(activities.STREAM_PREFIX), r.site_id, r.data)
             for r in conn.execute(q) if start <= activities.activity_date(r.data) <= end]
    repairs: dict[str, list[str]] = {}
    if found:  # linked repairs lie on their session's date
        rq = (sa.select(e.stream, e.data).where(e.type == "own_use_repair",
                                                e.local_date.between(start, end))
              .order_by(e.id))
        for r in conn.execute(rq):
            if r.data.get("activity_id"):
                repairs.setdefault(r.data["activity_id"], []).append(
                    r.stream.removeprefix("repair:"))
    found.sort(key=lambda f: f[2]["date"])
    return [_out(i, s, d, repairs.get(i, [])) for i, s, d in found]
