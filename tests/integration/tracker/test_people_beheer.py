"""What the admin's page needs of the people API (CONTRACT §12), on SQLite and PostgreSQL: a
change of group in one go, an erasure that says what stays as counts, places with the days
offered and filled up to today, and a site's closing time; each worked out by hand, bad
input refused with nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.tracker.test_people import _state, badge_of, ok
from tests.support.tracker import SITE


def test_a_change_of_group_ends_the_old_one_the_day_before_and_starts_the_new(tracker, clock):
    # the clock stands on 2 March 2026
    ok(tracker.post("admin", "/api/people", {"alias": "p1", "group": "participatiewet",
                                             "start": "2026-02-01"}))
    moved = ok(tracker.post("admin", "/api/people/p1/group",
                            {"group": "work_experience", "from": "2026-02-16"}))
    assert (moved["group"], moved["start"], moved["end"], moved["site"]) == (
        "work_experience", "2026-02-16", None, SITE)
    enrolments = ok(tracker.get("admin", "/api/people/p1/export"), 200)["enrolments"]
    assert [(e["group"], e["start"], e["end"], e["outcome"]) for e in enrolments] == [
        ("participatiewet", "2026-02-01", "2026-02-15", "other_programme"),
        ("work_experience", "2026-02-16", None, None)]
    d = ok(tracker.get("monitor", "/api/monitor",
                       params={"from": "2026-02-01", "to": "2026-02-28"}), 200)["social"]
    assert (d["participatiewet"]["ended"], d["work_experience"]["started"]) == (1, 1)

    before = _state(tracker)
    cases = [({"group": "work_experience"}, 422, "same_group"),
             ({"group": "wsw", "from": "2026-02-16"}, 422, "start_before_end"),
             ({"group": "stagiair"}, 422, "unknown_group"),
             ({"group": "wsw", "outcome": "pensioen"}, 422, "unknown_outcome")]
    for body, status, code in cases:
        r = tracker.post("admin", "/api/people/p1/group", body)
        assert (r.status_code, r.json()["code"]) == (status, code), r.text
    ok(tracker.post("admin", "/api/people/p1/end", {"outcome": "paid_work"}), 200)
    r = tracker.post("admin", "/api/people/p1/group", {"group": "wsw"})
    assert (r.status_code, r.json()["code"]) == (409, "not_enrolled")
    r = tracker.post("admin", "/api/people/nobody/group", {"group": "wsw"})
    assert (r.status_code, r.json()["code"]) == (404, "person_not_found")
    assert _state(tracker) == {**before}


def test_an_erasure_says_what_stays_as_counts(tracker, clock):
    ok(tracker.post("admin", "/api/people", {"alias": "weg", "group": "dagbesteding",
                                             "start": "2026-02-01"}))
    ok(tracker.post("admin", "/api/people/weg/group", {"group": "wsw", "from": "2026-02-20"}))
    ok(tracker.post("admin", "/api/attendance", {"alias": "weg", "date": "2026-02-25",
                                                 "hours": "2.5"}))
    ok(tracker.post("admin", "/api/people/weg/skills", {"skill": "solderen"}))
    badge = badge_of(tracker, "weg")
    # the list names the badge as it is printed on the card (the admin reads it from there)
    assert [p["badges"] for p in ok(tracker.get("admin", "/api/people"), 200)] == [[badge]]
    clock.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 local
    ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)
    clock.now = datetime(2026, 3, 2, 11, 15, tzinfo=UTC)
    ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)
    code = tracker.intake()
    ok(tracker.post("repair", f"/api/items/{code}/inspect",
                    {"outcome": "needs_repair", "person": "weg"}), 200)
    gone = ok(tracker.post("admin", "/api/people/weg/erase"), 200)
    # two enrolments; 2.5 h by hand + 3.25 h clocked; one skill; one inspection
    assert gone == {"alias": "weg", "erased": True,
                    "kept": {"enrolments": 2, "hours": 5.75, "skills": 1, "work": 1}}


def test_places_say_how_many_days_they_offered_and_were_filled(tracker, clock):
    # today is 2 March 2026; one intern from 25 February, a second from 1 March
    ok(tracker.post("admin", "/api/people", {"alias": "i1", "group": "intern",
                                             "start": "2026-02-25"}))
    ok(tracker.post("admin", "/api/people", {"alias": "i2", "group": "intern",
                                             "start": "2026-03-01"}))
    ok(tracker.post("admin", "/api/places", {"group": "intern", "count": 2,
                                             "from": "2026-02-21"}))
    ok(tracker.post("admin", "/api/places", {"group": "intern", "count": 0,
                                             "from": "2026-02-23", "to": "2026-02-24"}))
    rows = ok(tracker.get("admin", "/api/places"), 200)
    # 21-22 Feb and 25 Feb - 2 Mar: 2 + 6 days of 2 places = 16; filled 25-28 Feb by one (4),
    # 1-2 March by two (4): 8. The 0 row offered nothing on its two days.
    assert [(r["count"], r["offered_days"], r["filled_days"]) for r in rows] == [
        (2, 16, 8), (0, 0, 0)]


def test_a_sites_closing_time_closes_the_forgotten_clock_outs(tracker, clock):
    assert {s["id"]: s["closes"] for s in ok(tracker.get("admin", "/api/sites"), 200)} == {
        SITE: "17:00"}
    site = ok(tracker.post("admin", f"/api/sites/{SITE}", {"closes": "15:30"}), 200)
    assert site["closes"] == "15:30"
    assert ok(tracker.get("till", "/api/me"), 200)["site"]["closes"] == "15:30"
    ok(tracker.post("admin", "/api/people", {"alias": "p1", "group": "wsw"}))
    badge = badge_of(tracker, "p1")
    ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)  # 10:00
    clock.now = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert ok(tracker.post("presence", "/api/presence/scan", {"badge": badge}), 200)[
        "forgotten_closed"]
    flagged = ok(tracker.get("admin", "/api/presence/flagged"), 200)
    assert [(f["alias"], f["clock_out"]) for f in flagged] == [
        ("p1", "2026-03-02T14:30:00Z")]

    for closes, status, code in (("25:00", 422, "invalid_time"), ("17.30", 422,
                                                                   "invalid_time")):
        r = tracker.post("admin", f"/api/sites/{SITE}", {"closes": closes})
        assert (r.status_code, r.json()["code"]) == (status, code), r.text
        en = tracker.post("admin", f"/api/sites/{SITE}", {"closes": closes},
                          headers={"Accept-Language": "en"})
        assert en.json()["detail"] != r.json()["detail"]
    made = ok(tracker.post("admin", "/api/sites", {"id": "avond", "municipality": "Houten",
                                                   "closes": "21:00"}))
    assert made["closes"] == "21:00"
    r = tracker.post("admin", "/api/sites/nergens", {"closes": "16:00"})
    assert (r.status_code, r.json()["code"]) == (404, "site_not_found")
    assert {s["id"]: s["closes"] for s in ok(tracker.get("admin", "/api/sites"), 200)} == {
        SITE: "15:30", "avond": "21:00"}
