"""Targets, baseline and activities in the monitor document, against figures worked out by
hand over a period across a month boundary; refusals that store nothing; `ambacht target`
and `ambacht activity` on the command line (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
import sqlalchemy as sa

from tests.support.monitor import recomputed, valid, without_time
from tests.support.tracker import SITE
from tracker.services import stations
from tracker.store import tables as t

SITE_2 = "werkplaats-2"
# the clock stands at Monday 2 March 2026, 10:00 local; the period runs from 20 February:
# 9 days of February and 2 of March
START, END = "2026-02-20", "2026-03-02"


def doc(tracker, start=START, end=END, **params):
    r = tracker.get("monitor", "/api/monitor", params={"from": start, "to": end, **params})
    assert r.status_code == 200, r.text
    got = valid(r.json())
    site = params.get("site")
    assert without_time(got) == without_time(recomputed(
        tracker, date.fromisoformat(start), date.fromisoformat(end), site))
    return got


def ok(r, status=201):
    assert r.status_code == status, r.text
    return r.json()


def stored(tracker):
    with tracker.db.read() as conn:
        return tuple(conn.execute(sa.select(sa.func.count()).select_from(x)).scalar()
                     for x in (t.events, t.goals))


@pytest.fixture
def centre(tracker):
    """Two sites, a leader and two learners (aliases only), and the centre's goals."""
    with tracker.db.write() as conn:
        stations.add_site(conn, SITE_2, "Amersfoort", "Werkplaats", tracker.svc.clock())
    for alias, role in (("begeleider-1", "employee"), ("leerling-1", "student"),
                        ("leerling-2", "student")):
        ok(tracker.post("admin", "/api/people", {"alias": alias, "role": role}))
    for figure, period, value in (
            ("collected_kg", "2026", 36_500),  # 100 kg a day...
            ("collected_kg", "2026-03", 6_200),  # ...but 200 a day in March
            ("repairs", "2026", 730),  # 2 a day
            ("activity_participants", "2026-02", 280),  # 10 a day
            ("activity_participants", "2026-03", 620),  # 20 a day
            ("reuse_rate", "2026", "0.6"),
            ("skills_learned", "2026", 365)):  # 1 a day
        ok(tracker.post("admin", "/api/targets", {"figure": figure, "period": period,
                                                  "value": value}))
    ok(tracker.post("admin", "/api/baselines", {"figure": "collected_kg", "from": "2025-01-01",
                                                "to": "2025-12-31", "value": 73_000}))
    ok(tracker.post("admin", "/api/targets", {"figure": "collected_kg", "period": "2026",
                                              "value": 3_650, "site": SITE}))
    return tracker


def activity(tracker, **body):
    return ok(tracker.post("admin", "/api/activities", body))


def test_targets_baseline_and_activities_across_a_month_boundary(centre, clock):
    tracker = centre
    clock.advance(hours=1)  # 2 March, 11:00 local
    # collected: 2.5 kg on 25 February (from paper); 7.5 kg, 0.5 kg and 4.2 kg bulk today
    tracker.post("admin", "/api/items", {"category": "textiel", "weight_kg": 2.5,
                                         "at": "2026-02-25T10:00:00+01:00"})
    chair = tracker.ready(price=12, category="meubilair", weight_kg=7.5)
    lamp = tracker.intake("elektrisch", 0.5)
    ok(tracker.post("intake", "/api/bulk", {"category": "textiel", "weight_kg": 4.2}))
    ok(tracker.post("till", "/api/sales", {"items": [chair], "payment": "pin"}))
    ok(tracker.post("repair", f"/api/items/{lamp}/inspect",
                    {"outcome": "unusable", "stream": "recycle"}), 200)
    for _ in range(2):
        ok(tracker.post("intake", "/api/visits"))
    # activities, recorded today, each counted on its own date
    activity(tracker, kind="school_visit", date="2026-02-19", participants=30, under_18=30)
    activity(tracker, kind="course", date="2026-02-27", participants=10, under_18=2,
             leaders=["begeleider-1"], learners=["leerling-1", "leerling-2"])
    activity(tracker, kind="tour", date="2026-02-28", participants=6, site=SITE_2)
    cafe = activity(tracker, kind="repair_cafe", date="2026-03-02", participants=14,
                    under_18=1, leaders=["begeleider-1"], skills_learned=3)
    # three own-use repairs: two at today's Repair Café, one on 27 February
    for outcome in ("fixed", "end_of_life"):
        ok(tracker.post("repair", "/api/repairs", {"category": "elektrisch", "outcome": outcome,
                                                   "activity_id": cafe["activity_id"]}))
    ok(tracker.post("admin", "/api/repairs", {"category": "fietsen", "outcome": "fixed",
                                              "at": "2026-02-27T15:00:00+01:00"}))

    d = doc(tracker)
    assert d["activities"] == {
        "course": {"sessions": 1, "participants": 10, "under_18": 2},
        "school_visit": {"sessions": 0, "participants": 0, "under_18": 0},  # the day before
        "repair_cafe": {"sessions": 1, "participants": 14, "under_18": 1},
        "workshop": {"sessions": 0, "participants": 0, "under_18": 0},
        "tour": {"sessions": 1, "participants": 6, "under_18": 0},
        "skills_learned": 5}
    assert d["visitors"] == {"sales": 1, "drop_offs": 2, "participants": 30, "total": 33,
                             "by_municipality": {"onbekend": 2}}
    assert d["targets"] == {
        # 9 February days × 100 + 2 March days × 200; baseline 73 000 / 365 × 11 days
        "collected_kg": {"target": 1300.0, "actual": 14.7, "baseline": 2200.0},
        "reuse_rate": {"target": 0.6, "actual": round(7.5 / 8, 4), "baseline": None},
        "repairs": {"target": 22.0, "actual": 3.0, "baseline": None},
        "activity_participants": {"target": 130.0, "actual": 30.0, "baseline": None},
        "skills_learned": {"target": 11.0, "actual": 5.0, "baseline": None},
    }

    # each side of the boundary on its own
    feb = doc(tracker, "2026-02-01", "2026-02-28")
    assert feb["activities"]["school_visit"] == {"sessions": 1, "participants": 30,
                                                 "under_18": 30}
    assert feb["visitors"] == {"sales": 0, "drop_offs": 0, "participants": 46, "total": 46,
                               "by_municipality": {}}
    assert feb["targets"]["collected_kg"] == {"target": 2800.0, "actual": 2.5,
                                              "baseline": 5600.0}
    assert feb["targets"]["activity_participants"] == {"target": 280.0, "actual": 46.0,
                                                       "baseline": None}
    march = doc(tracker, "2026-03-01", "2026-03-02")
    assert march["activities"]["skills_learned"] == 3
    assert march["targets"]["collected_kg"] == {"target": 400.0, "actual": 12.2,
                                                "baseline": 400.0}
    # a site has its own goals; the centre's do not apply to it
    site = doc(tracker, site=SITE)
    assert site["targets"] == {"collected_kg": {"target": 110.0, "actual": 14.7,
                                                "baseline": None}}
    assert site["activities"]["tour"]["sessions"] == 0
    other = doc(tracker, site=SITE_2)
    assert other["targets"] == {} and other["activities"]["tour"] == {
        "sessions": 1, "participants": 6, "under_18": 0}
    assert other["visitors"] == {"sales": 0, "drop_offs": 0, "participants": 6, "total": 6,
                                 "by_municipality": {}}

    # the Repair Café lists the repairs made at it
    r = tracker.get("repair", "/api/activities", params={"from": START, "to": END})
    listed = {a["kind"]: a for a in ok(r, 200)}
    assert set(listed) == {"course", "tour", "repair_cafe"}
    assert len(listed["repair_cafe"]["repairs"]) == 2 and listed["course"]["repairs"] == []
    assert listed["course"]["leaders"] == ["begeleider-1"]
    assert listed["tour"]["site"] == SITE_2


def test_pro_rata_over_a_partial_year(centre, clock):
    """Up to and including 2 March 2026 is 61 days of the year."""
    d = doc(centre, "2026-01-01", "2026-03-02")
    assert d["targets"]["repairs"]["target"] == 122.0
    # January + February at 100 a day, 1–2 March at 200 a day
    assert d["targets"]["collected_kg"]["target"] == 59 * 100 + 2 * 200
    # monthly only: January has no participants target, so the period has none
    assert d["targets"]["activity_participants"]["target"] is None
    assert d["targets"]["skills_learned"]["target"] == 61.0
    assert doc(centre, "2026-01-01", "2026-12-31")["targets"]["repairs"]["target"] == 730.0
    assert doc(centre, "2025-12-31", "2026-01-01")["targets"]["repairs"]["target"] is None


def test_a_new_target_replaces_the_old_and_the_history_stays(tracker):
    first = ok(tracker.post("admin", "/api/targets", {"figure": "sold_kg", "period": "2026-03",
                                                      "value": 310}))
    assert first == {"figure": "sold_kg", "site": None, "kind": "month", "period": "2026-03",
                     "from": "2026-03-01", "to": "2026-03-31", "value": 310.0,
                     "replaced": None}
    again = ok(tracker.post("admin", "/api/targets", {"figure": "sold_kg", "period": "2026-03",
                                                      "value": 620}))
    assert again["replaced"] == 310.0
    assert doc(tracker, "2026-03-01", "2026-03-02")["targets"]["sold_kg"]["target"] == 40.0
    listed = ok(tracker.get("monitor", "/api/targets"), 200)
    assert [g["value"] for g in listed["targets"]] == [620.0]
    assert "reuse_rate" in {f["name"] for f in listed["figures"]}
    with tracker.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.goals)).scalar() == 2


BAD_GOALS = [
    ("/api/targets", {"figure": "kilo", "period": "2026", "value": 1}, 422, "unknown_figure"),
    ("/api/targets", {"figure": "sold_kg", "period": "2026", "value": -5}, 422, "invalid_value"),
    ("/api/targets", {"figure": "reuse_rate", "period": "2026", "value": 60}, 422,
     "invalid_value"),
    ("/api/targets", {"figure": "sold_kg", "period": "2026-13", "value": 1}, 422,
     "invalid_target_period"),
    ("/api/targets", {"figure": "sold_kg", "period": 2026, "value": 1}, 422, "invalid_input"),
    ("/api/targets", {"figure": "sold_kg", "period": "2026", "value": 1, "site": "nergens"},
     404, "site_not_found"),
    ("/api/targets", {"figure": "sold_kg", "period": "2026"}, 422, "invalid_input"),
    ("/api/baselines", {"figure": "sold_kg", "from": "2025-01-01", "to": "2026-12-31",
                        "value": 1}, 422, "date_in_future"),
    ("/api/baselines", {"figure": "sold_kg", "from": "2025-12-31", "to": "2025-01-01",
                        "value": 1}, 422, "invalid_period"),
    ("/api/baselines", {"figure": "sold_kg", "from": 0, "to": "2025-01-01", "value": 1}, 422,
     "invalid_input"),  # a bare number is no date (not 1970)
]
BAD_ACTIVITIES = [
    ({"kind": "course", "date": "2026-03-02", "participants": -1}, 422, "invalid_count"),
    ({"kind": "course", "date": "2026-03-03", "participants": 5}, 422, "date_in_future"),
    ({"kind": "course", "date": "2026-03-02", "participants": 5, "under_18": 6}, 422,
     "under_18_exceeds_participants"),
    ({"kind": "course", "date": "2026-03-02", "participants": 5, "skills_learned": 6}, 422,
     "skills_exceed_participants"),
    ({"kind": "picnic", "date": "2026-03-02", "participants": 5}, 422, "invalid_input"),
    ({"kind": "course", "date": "2026-03-02", "participants": 2.5}, 422, "invalid_input"),
    ({"kind": "course", "date": "2026-03-02", "participants": "5"}, 422, "invalid_input"),
    ({"kind": "course", "date": 20260302, "participants": 5}, 422, "invalid_input"),
    ({"kind": "course", "date": "2026-03-02", "participants": 5, "leaders": ["onbekend"]}, 404,
     "person_not_found"),
    ({"kind": "course", "date": "2026-03-02", "participants": 5, "leaders": ["Jan Jansen"]},
     422, "invalid_input"),  # an alias, not a name
    ({"kind": "course", "date": "2026-03-02", "participants": 5, "site": "nergens"}, 404,
     "site_not_found"),
    ({"kind": "course", "date": "2026-03-02", "participants": 5, "names": ["Piet"]}, 422,
     "invalid_input"),
]


@pytest.mark.parametrize("path,body,status,code", BAD_GOALS + [
    ("/api/activities", *bad) for bad in BAD_ACTIVITIES])
def test_bad_input_is_a_clear_4xx_and_stores_nothing(tracker, path, body, status, code):
    before = stored(tracker)
    r = tracker.post("admin", path, body)
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert r.json()["detail"]
    assert stored(tracker) == before


def test_repairs_link_only_to_a_repair_cafe_on_their_own_day(tracker, clock):
    course = activity(tracker, kind="course", date="2026-03-02", participants=3)
    earlier = activity(tracker, kind="repair_cafe", date="2026-02-28", participants=3)
    before = stored(tracker)
    for activity_id, status, code in (("bestaat-niet", 404, "activity_not_found"),
                                      (course["activity_id"], 422, "not_a_repair_cafe"),
                                      (earlier["activity_id"], 422, "activity_on_another_day")):
        r = tracker.post("repair", "/api/repairs", {"category": "elektrisch", "outcome": "fixed",
                                                    "activity_id": activity_id})
        assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert stored(tracker) == before
    # the paper record of that Saturday's repair, back-dated, links fine
    r = ok(tracker.post("admin", "/api/repairs", {
        "category": "elektrisch", "outcome": "repairable", "activity_id": earlier["activity_id"],
        "at": "2026-02-28T14:00:00+01:00"}))
    assert r["activity_id"] == earlier["activity_id"]


def test_an_activity_sent_twice_with_one_key_counts_once(tracker):
    body = {"kind": "workshop", "date": "2026-03-01", "participants": 9}
    key = {"Idempotency-Key": "workshop-1"}
    first = tracker.post("admin", "/api/activities", body, headers=key)
    second = tracker.post("admin", "/api/activities", body, headers=key)
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert doc(tracker, "2026-03-01", "2026-03-01")["activities"]["workshop"]["sessions"] == 1


def test_the_council_export_names_nobody(centre):
    activity(centre, kind="course", date="2026-03-01", participants=4,
             leaders=["begeleider-1"], learners=["leerling-1"])
    d = doc(centre, "2026-03-01", "2026-03-02")
    assert d["activities"]["skills_learned"] == 1
    csv_text = centre.get("monitor", "/api/monitor.csv",
                          params={"from": "2026-03-01", "to": "2026-03-02"}).text
    for text in (json.dumps(d), csv_text):
        assert "begeleider" not in text and "leerling" not in text


def test_command_line_sets_goals_and_records_activities(centre, clock):
    env = {"AMBACHT_DATABASE_URL": centre.db.url, "PATH": "/usr/bin:/bin"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "tracker", *args], env=env,
                              capture_output=True, text=True)

    done = cli("target", "set", "sold_kg", "2026-03", "3100", "--site", SITE)
    assert done.returncode == 0 and "sold_kg 2026-03" in done.stdout, done.stderr
    done = cli("baseline", "set", "sold_kg", "15,5", "--from", "2025-03-01", "--to",
               "2025-03-31", "--site", SITE)
    assert done.returncode == 0, done.stderr
    done = cli("activity", "add", "workshop", "--date", "2026-03-01", "--participants", "12",
               "--under-18", "4", "--leader", "begeleider-1", "--learner", "leerling-2",
               "--site", SITE_2)
    assert done.returncode == 0 and "12 deelnemers" in done.stdout, done.stderr
    site = doc(centre, "2026-03-01", "2026-03-02", site=SITE)
    assert site["targets"]["sold_kg"] == {"target": 200.0, "actual": 0.0, "baseline": 1.0}
    other = doc(centre, "2026-03-01", "2026-03-02", site=SITE_2)
    assert other["activities"]["workshop"] == {"sessions": 1, "participants": 12,
                                               "under_18": 4}
    assert other["activities"]["skills_learned"] == 1
    listed = json.loads(cli("target", "list", "--json", "--site", SITE).stdout)
    assert [g["figure"] for g in listed["targets"]] == ["collected_kg", "sold_kg"]
    for args, message in (
            (("target", "set", "kilo", "2026", "1"), "onbekend cijfer"),
            (("activity", "add", "course", "--participants", "3", "--under-18", "4", "--site",
              SITE), "under_18"),
            (("activity", "add", "course", "--participants", "3"), "kies een locatie"),
            (("activity", "add", "tour", "--date", "2099-01-01", "--participants", "3",
              "--site", SITE), "toekomst")):
        done = cli(*args)
        assert done.returncode == 1 and done.stdout == "", done.stdout
        assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_activities_are_recounted_from_the_log_by_a_rebuild(tracker, clock):
    from tracker.services.monitor import rebuild_figures
    from tracker.services.rebuild import rebuild

    activity(tracker, kind="tour", date="2026-02-27", participants=7, under_18=7)
    cafe = activity(tracker, kind="repair_cafe", date="2026-03-02", participants=4)
    ok(tracker.post("repair", "/api/repairs", {"category": "elektrisch", "outcome": "fixed",
                                               "activity_id": cafe["activity_id"]}))
    before = doc(tracker)
    with tracker.db.write() as conn:
        assert rebuild(conn) == 0  # activities and repairs are no items
        rebuild_figures(conn, clock())
    after = doc(tracker)
    assert without_time(after) == without_time(before)
    assert after["visitors"]["participants"] == 11 and after["repairs"]["own_use"] == 1


@pytest.mark.parametrize("path", ["/api/targets", "/api/activities"])
def test_a_wrong_method_names_both_of_the_path(tracker, path):
    r = tracker.client.delete(path, headers=tracker.as_("admin"))
    assert r.status_code == 405 and r.headers["allow"] == "GET, POST"
    assert r.json()["code"] == "method_not_allowed"
