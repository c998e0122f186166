"""People, places, presence and the AVG over HTTP (CONTRACT §12), on SQLite and PostgreSQL:
the social figures worked out by hand, bad input refused with nothing changed, an erasure that
keeps the counts, and nothing about people where the public or the national feed looks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from tests.support.monitor import recomputed, valid
from tracker.store import tables as t

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


def ok(r, status=201):
    assert r.status_code == status, r.text
    return r.json()


def social(tracker, **params):
    r = tracker.get("monitor", "/api/monitor", params={**MARCH, **params})
    return valid(ok(r, 200))["social"]


def badge_of(tracker, alias):
    return ok(tracker.post("admin", f"/api/people/{alias}/badges"))["code"]


def at(clock, day, hour, minute=0):
    """Move the fake clock to a local (CET, UTC+1 in early March) moment."""
    clock.now = datetime(2026, 3, day, hour - 1, minute, tzinfo=UTC)


def test_a_month_of_people_in_figures_worked_out_by_hand(tracker, clock):
    # the clock starts on 2 March 2026, 10:00 local
    ok(tracker.post("admin", "/api/people", {"alias": "leerling-1", "group": "intern",
                                             "start": "2026-03-01"}))
    ok(tracker.post("admin", "/api/people", {"alias": "deelnemer-2", "group": "participatiewet",
                                             "start": "2026-03-02"}))
    ok(tracker.post("admin", "/api/places", {"group": "intern", "count": 1,
                                             "from": "2026-03-01"}))
    ok(tracker.post("admin", "/api/places", {"group": "participatiewet", "count": 2,
                                             "from": "2026-03-01", "to": "2026-03-10"}))
    ok(tracker.post("admin", "/api/attendance", {"alias": "leerling-1", "date": "2026-03-02",
                                                 "hours": "3.5"}))
    ok(tracker.post("admin", "/api/people/leerling-1/skills",
                    {"skill": "fietsband plakken", "certificate": True}))
    badge = badge_of(tracker, "deelnemer-2")
    at(clock, 3, 9)
    assert ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)[
        "action"] == "in"
    at(clock, 3, 12, 30)
    assert ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)[
        "action"] == "out"
    at(clock, 4, 9)
    ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)  # forgotten
    at(clock, 10, 10)
    # leerling-1 leaves on 9 March for a paid job and comes back as a volunteer on 10 March
    ended = ok(tracker.post("admin", "/api/people/leerling-1/end",
                            {"outcome": "paid_work", "date": "2026-03-09"}), 200)
    assert (ended["end"], ended["outcome"]) == ("2026-03-09", "paid_work")
    ok(tracker.post("admin", "/api/people", {"alias": "leerling-1", "group": "volunteer",
                                             "start": "2026-03-10"}))
    at(clock, 10, 11)
    scanned = ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)
    assert scanned["forgotten_closed"] and scanned["action"] == "in"

    s = social(tracker)
    intern, part = s["intern"], s["participatiewet"]
    assert (intern["people"], intern["hours"], intern["started"], intern["ended"]) == (
        1, 3.5, 1, 1)
    assert intern["outcomes"]["paid_work"] == 1
    assert s["volunteer"]["people"] == 1 and s["volunteer"]["started"] == 1
    # 3 March 09:00-12:30 (3.5 h), 4 March 09:00 to the 17:00 closing (8 h): forgotten
    assert part == {"people": 1, "hours": 11.5, "started": 1, "ended": 0,
                    "outcomes": dict.fromkeys(part["outcomes"], 0)}
    # intern: 1 place all month; filled 1-9 March (9 days). participatiewet: 2 places
    # 1-10 March (20 place-days), one person from 2 March (9 days)
    assert s["places"]["intern"] == {"offered_days": 31, "filled_days": 9}
    assert s["places"]["participatiewet"] == {"offered_days": 20, "filled_days": 9}
    assert s["skills"] == {"people": 1, "certificates": 1}
    # the v1 block keeps counting by role: the clocked hours are in it
    d = ok(tracker.get("monitor", "/api/monitor", params=MARCH), 200)
    assert d["people"]["participant"] == {"people": 1, "hours": 11.5}
    assert recomputed(tracker, date(2026, 3, 1), date(2026, 3, 31))["social"] == s
    flagged = ok(tracker.get("admin", "/api/presence/flagged"), 200)
    assert [f["alias"] for f in flagged] == ["deelnemer-2"]

    # the AVG: everything about one alias, then its erasure keeps every count
    export = ok(tracker.get("admin", "/api/people/deelnemer-2/export"), 200)
    assert export["alias"] == "deelnemer-2" and len(export["sessions"]) == 3
    assert export["badges"][0]["code"] == badge
    ok(tracker.post("admin", "/api/people/deelnemer-2/erase"), 200)
    assert social(tracker) == s
    refused = tracker.post("presence", "/api/presence/scan", {"badge": badge})
    assert refused.status_code == 403 and refused.json()["code"] == "badge_erased"
    assert tracker.get("admin", "/api/people/deelnemer-2/export").status_code == 404
    with tracker.db.read() as conn:
        aliases = set(conn.execute(sa.select(t.people.c.alias)).scalars())
    assert aliases == {"leerling-1", None}
    assert [p["alias"] for p in ok(tracker.get("admin", "/api/people"), 200)] == ["leerling-1"]


def _state(tracker):
    with tracker.db.read() as conn:
        return {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
                for name, table in (("people", t.people), ("enrolments", t.enrolments),
                                    ("places", t.places), ("attendance", t.attendance),
                                    ("presence", t.presence), ("skills", t.skills))}


def test_bad_input_gets_a_clear_dutch_answer_and_changes_nothing(tracker, clock):
    ok(tracker.post("admin", "/api/people", {"alias": "p1", "group": "wsw",
                                             "start": "2026-03-01"}))
    badge = badge_of(tracker, "p1")
    ok(tracker.post("admin", "/api/people", {"alias": "p2", "group": "wsw"}))
    gone = badge_of(tracker, "p2")
    ok(tracker.post("admin", "/api/people/p2/erase"), 200)
    before = _state(tracker)
    cases = [
        ("/api/people", {"alias": "p3", "group": "stagiair"}, 422, "unknown_group"),
        ("/api/people", {"alias": "p3"}, 422, "group_required"),
        ("/api/people", {"alias": "p1", "group": "wsw"}, 409, "person_exists"),
        ("/api/people/p1/end", {"outcome": "pensioen"}, 422, "unknown_outcome"),
        ("/api/people/p1/end", {"outcome": "stopped", "date": "2026-02-01"}, 422,
         "end_before_start"),
        ("/api/people/nobody/end", {"outcome": "stopped"}, 404, "person_not_found"),
        ("/api/attendance", {"alias": "p1", "date": "2026-03-01", "hours": 25}, 422,
         "invalid_hours"),
        ("/api/places", {"group": "wsw", "count": -1, "from": "2026-03-01"}, 422,
         "invalid_count"),
        ("/api/places", {"group": "wsw", "count": 2, "from": "2026-03-05", "to": "2026-03-01"},
         422, "end_before_start"),
        ("/api/places", {"group": "bestuur", "count": 2, "from": "2026-03-01"}, 422,
         "unknown_group"),
    ]
    for path, body, status, code in cases:
        r = tracker.post("admin", path, body)
        assert (r.status_code, r.json()["code"]) == (status, code), (path, r.text)
        assert r.json()["detail"]
        en = tracker.post("admin", path, body, headers={"Accept-Language": "en"})
        assert en.json()["detail"] != r.json()["detail"], en.text
    r = tracker.post("presence", "/api/presence/scan", {"badge": gone})
    assert (r.status_code, r.json()["code"]) == (403, "badge_erased")
    r = tracker.post("presence", "/api/presence/scan", {"badge": "0000-0000-1"})
    assert r.status_code == 422  # a wrong check symbol is never another badge
    assert _state(tracker) == before
    # 20 clocked hours that day leave room for at most 4 by hand
    clock.now = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    ok(tracker.post("presence", "/api/presence/scan",
                    {"badge": badge, "scanned_at": "2026-03-02T03:00:00+01:00"}), 200)
    ok(tracker.post("presence", "/api/presence/scan",
                    {"badge": badge, "scanned_at": "2026-03-02T23:00:00+01:00"}), 200)
    r = tracker.post("admin", "/api/attendance", {"alias": "p1", "date": "2026-03-02",
                                                  "hours": "4.5"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_hours")
    ok(tracker.post("admin", "/api/attendance", {"alias": "p1", "date": "2026-03-02",
                                                 "hours": "4"}))


def test_offline_scans_count_at_the_moment_they_were_made(tracker, clock):
    ok(tracker.post("admin", "/api/people", {"alias": "p1", "group": "dagbesteding"}))
    badge = badge_of(tracker, "p1")
    clock.now = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 16:00 local: the Wi-Fi is back
    for moment in ("2026-03-02T10:00:00+01:00", "2026-03-02T14:15:00+01:00"):
        ok(tracker.post("presence", "/api/presence/scan",
                        {"badge": badge, "scanned_at": moment},
                        headers={"Idempotency-Key": moment}), 200)
    again = tracker.post("presence", "/api/presence/scan",
                         {"badge": badge, "scanned_at": "2026-03-02T10:00:00+01:00"},
                         headers={"Idempotency-Key": "2026-03-02T10:00:00+01:00"})
    assert again.headers.get("Idempotent-Replayed") == "true"
    late = tracker.post("presence", "/api/presence/scan",
                        {"badge": badge, "scanned_at": "2026-03-02T09:00:00+01:00"})
    assert (late.status_code, late.json()["code"]) == (409, "scan_out_of_order")
    assert social(tracker)["dagbesteding"]["hours"] == 4.25


def test_retention_erases_ended_people_and_the_privacy_statement_says_so(tracker, clock):
    from tracker.services import upkeep

    ok(tracker.post("admin", "/api/people", {"alias": "oud", "group": "volunteer",
                                             "start": "2024-01-01"}))
    ok(tracker.post("admin", "/api/people/oud/end", {"outcome": "stopped",
                                                     "date": "2024-02-01"}), 200)
    ok(tracker.post("admin", "/api/people", {"alias": "recent", "group": "volunteer",
                                             "start": "2025-01-01"}))
    ok(tracker.post("admin", "/api/people/recent/end", {"outcome": "education",
                                                        "date": "2025-06-01"}), 200)
    ok(tracker.post("admin", "/api/people", {"alias": "nu", "group": "volunteer"}))
    with tracker.db.write() as conn:
        done = upkeep.run(conn, clock(), retention_days=730)
    assert done.erased == 1
    assert [p["alias"] for p in ok(tracker.get("admin", "/api/people"), 200)] == [
        "nu", "recent"]
    page = tracker.client.get("/privacy")
    assert page.status_code == 200 and "730 dagen" in page.text
    assert "BSN" in page.text  # it says none is kept


def test_nothing_about_people_on_public_pages_or_in_the_feed(tracker):
    ok(tracker.post("admin", "/api/people", {"alias": "geheim-alias", "group": "wsw"}))
    code = tracker.intake()
    ok(tracker.post("repair", f"/api/items/{code}/inspect",
                    {"outcome": "sellable", "price_eur": 3, "person": "geheim-alias"}), 200)
    # the item's events show the alias to stations; the stored event keeps the opaque id
    events = ok(tracker.get("repair", f"/api/items/{code}/events"), 200)
    assert events[-1]["person"] == "geheim-alias"
    with tracker.db.read() as conn:
        stored = conn.execute(sa.select(t.events.c.person).where(
            t.events.c.type == "inspected")).scalar()
    assert stored not in (None, "geheim-alias")
    assert "geheim-alias" not in tracker.client.get(f"/i/{code}").text
    d = ok(tracker.get("monitor", "/api/monitor", params=MARCH), 200)
    assert "geheim-alias" not in str(d) and stored not in str(d)
