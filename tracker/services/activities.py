"""Record courses, school visits, Repair Café sessions, workshops and tours; list them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.domain import activities
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput, NotFound
from tracker.services.context import Tx, local_date
from tracker.services.monitor import check_site
from tracker.store import people as stored_people
from tracker.store import repository as repo


def _known_aliases(conn: sa.Connection, aliases: Iterable[str]) -> dict[str, str]:
    """alias → opaque id of every alias named (events keep the ids), or a clear 404."""
    wanted = set(aliases)
    if not wanted:
        return {}
    found = stored_people.ids_of(conn, wanted)
    missing = sorted(wanted - set(found))
    if missing:
        raise NotFound(f"onbekende alias(sen): {', '.join(missing)} (voeg eerst toe via "
                       "/api/people)", "person_not_found",
                       en=f"unknown alias(es): {', '.join(missing)} (add them first through "
                          "/api/people)")
    return found


def record_activity(tx: Tx, kind: str, day: date, participants: int, under_18: int = 0,
                    leaders: Iterable[str] = (), skills_learned: int | None = None,
                    learners: Iterable[str] = (), site: str | None = None) -> dict[str, Any]:
    """One activity (counted on its own date at its site); leaders and learners are aliases
    of known people, everyone else only a number."""
    where = site or tx.actor.site
    check_site(tx.sql, where)
    a = activities.activity(kind, day, local_date(tx.at), participants, under_18, leaders,
                            skills_learned, learners)
    ids = _known_aliases(tx.sql, a.leaders + a.learners)
    a = replace(a, leaders=tuple(ids[x] for x in a.leaders),
                learners=tuple(ids[x] for x in a.learners))
    activity_id = tx.new_id()
    event = tx.record(activities.STREAM_PREFIX + activity_id, 1, a, site=where)
    return _out(activity_id, event.site, event.data, [], {v: k for k, v in ids.items()})


def _out(activity_id: str, site: str, data: Any, repairs: list[str],
         aliases: dict[str, str]) -> dict[str, Any]:
    """What stations see of an activity: counts, and the leaders' aliases (learners are only
    counted here, like everyone else who took part; an erased leader is left out)."""
    return {"activity_id": activity_id, "kind": data["kind"], "date": data["date"],
            "site": site, "participants": data["participants"], "under_18": data["under_18"],
            "leaders": [aliases[i] for i in data["leaders"] if i in aliases],
            "skills_learned": data["skills_learned"],
            "repairs": repairs}


def repair_cafe(tx: Tx, activity_id: str) -> str:
    """The id of a Repair Café session an own-use repair is recorded at (today, by the
    repair's date), or a clear 404/422."""
    found = tx.repo.events_of(activities.STREAM_PREFIX + activity_id)
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
    # recorded on or after the day they happened: the recording date bounds the search
    found = [(r.stream.removeprefix(activities.STREAM_PREFIX), r.site_id, r.data)
             for r in repo.rows_of_type(conn, activities.EVENT_TYPE, since=start, site=site)
             if start <= activities.activity_date(r.data) <= end]
    repairs: dict[str, list[str]] = {}
    if found:  # linked repairs lie on their session's date
        for r in repo.rows_of_type(conn, ev.OwnUseRepair.TYPE, since=start, until=end):
            if r.data.get("activity_id"):
                repairs.setdefault(r.data["activity_id"], []).append(
                    r.stream.removeprefix("repair:"))
    found.sort(key=lambda f: f[2]["date"])
    aliases = stored_people.aliases_of(conn, [x for _, _, d in found for x in d["leaders"]])
    return [_out(i, s, d, repairs.get(i, []), aliases) for i, s, d in found]
