"""Visitors' origin over the API, on both backends: a postcode's municipality is counted and
only it is stored; bad postcodes change nothing; the monitor gives drop-offs per municipality
per site and for the centre; the intake page's choices are learned from the site's visits."""

from __future__ import annotations

import json

import sqlalchemy as sa

from tests.support.monitor import recomputed, valid, without_time
from tests.support.tracker import SITE
from tracker.services import monitor, stations
from tracker.store import figures as stored
from tracker.store import tables as t


def _month(tracker, clock, **extra):
    today = clock().date().isoformat()
    r = tracker.get("monitor", "/api/monitor", params={"from": today, "to": today, **extra})
    assert r.status_code == 200, r.text
    return valid(r.json())


def _visit(tracker, body=None, **kw):
    return tracker.post("intake", "/api/visits", body, **kw)


def test_a_postcode_counts_for_its_municipality_and_only_that_is_stored(tracker, clock):
    answers = [_visit(tracker, body).json() for body in (
        {"postcode": "3511"}, {"postcode": "3511"}, {"postcode": "3811"}, {"postcode": "9999"},
        {}, None, {"municipality": "zeist"})]
    assert [a["municipality"] for a in answers] == [
        "Utrecht", "Utrecht", "Amersfoort", "onbekend", "onbekend", "onbekend", "Zeist"]
    doc = _month(tracker, clock)
    assert doc["visitors"]["drop_offs"] == 7
    assert doc["visitors"]["by_municipality"] == {
        "Amersfoort": 1, "Utrecht": 2, "Zeist": 1, "onbekend": 3}
    with tracker.db.read() as conn:
        stored_visits = [json.dumps(r.data) for r in conn.execute(
            sa.select(t.events.c.data).where(t.events.c.type == "visit"))]
    assert len(stored_visits) == 7
    assert not any(pc in s for s in stored_visits for pc in ("3511", "3811", "9999", "postcode"))
    assert sorted(stored_visits) == sorted(
        ['{"municipality": "Utrecht"}'] * 2 + ['{"municipality": "Amersfoort"}',
                                               '{"municipality": "Zeist"}'] + ["{}"] * 3)


def test_a_postcode_that_is_not_4_digits_is_refused_and_nothing_is_counted(tracker, clock):
    for bad in ("3511AB", "3511 AB", "351", "35111", "", "drie"):
        r = _visit(tracker, {"postcode": bad})
        assert r.status_code == 422 and r.json()["code"] == "invalid_postcode", r.text
        assert "4 cijfers" in r.json()["detail"]
    r = _visit(tracker, {"postcode": "3511AB"}, headers={"Accept-Language": "en"})
    assert r.status_code == 422 and "4 digits" in r.json()["detail"]
    for body, code in (({"postcode": "3511", "municipality": "Utrecht"},
                        "postcode_and_municipality"),
                       ({"municipality": "Nergenshuizen"}, "unknown_municipality"),
                       ({"postcode": 3511}, "invalid_input")):
        r = _visit(tracker, body)
        assert r.status_code == 422 and r.json()["code"] == code, r.text
    assert _month(tracker, clock)["visitors"]["drop_offs"] == 0
    with tracker.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(t.events).where(
            ~t.events.c.stream.like("till:%"))).scalar() == 0  # the fixture opened a day


def test_each_site_and_the_centre_see_their_municipalities(tracker, clock):
    with tracker.db.write() as conn:
        stations.add_site(conn, "ms-zeist", "Zeist", None, clock())
        zeist = stations.add_station(conn, "balie-zeist", "intake", "ms-zeist", clock())
    _visit(tracker, {"postcode": "3511"})
    _visit(tracker, {"postcode": "3701"})
    for body in ({"postcode": "3701"}, {"postcode": "3511"}, {"municipality": "Zeist"}, {}):
        r = tracker.client.post("/api/visits", json=body,
                                headers={"Authorization": f"Bearer {zeist}"})
        assert r.status_code == 201, r.text
    by = {where: _month(tracker, clock, **({"site": where} if where else {}))
          for where in (None, SITE, "ms-zeist")}
    assert by[SITE]["visitors"]["by_municipality"] == {"Utrecht": 1, "Zeist": 1}
    assert by["ms-zeist"]["visitors"]["by_municipality"] == {
        "Utrecht": 1, "Zeist": 2, "onbekend": 1}
    assert by[None]["visitors"]["by_municipality"] == {"Utrecht": 2, "Zeist": 3, "onbekend": 1}
    today = clock().date()
    for where, doc in by.items():  # the maintained figures are the recomputed ones
        assert without_time(doc) == without_time(recomputed(tracker, today, today, where))


def test_the_choices_are_the_sites_own_municipality_then_its_commonest_origins(tracker, clock):
    r = tracker.get("intake", "/api/visits/origins")
    assert r.status_code == 200, r.text
    empty = r.json()
    assert empty["municipality"] == "Utrecht"
    assert empty["choices"] == [{"municipality": "Utrecht", "drop_offs": 0}]
    for body in [{"postcode": "3811"}] * 3 + [{"postcode": "3701"}] * 2 + [
            {"municipality": "De Bilt"}] * 2 + [{"postcode": "3511"}, {}, {}, {}, {}]:
        assert _visit(tracker, body).status_code == 201
    choices = tracker.get("intake", "/api/visits/origins").json()["choices"]
    assert choices == [{"municipality": "Utrecht", "drop_offs": 1},
                       {"municipality": "Amersfoort", "drop_offs": 3},
                       {"municipality": "De Bilt", "drop_offs": 2},
                       {"municipality": "Zeist", "drop_offs": 2}]  # no "onbekend" button
    clock.advance(days=400)  # a year later the old pattern is forgotten
    assert tracker.get("intake", "/api/visits/origins").json()["choices"] == [
        {"municipality": "Utrecht", "drop_offs": 0}]
    assert tracker.get("till", "/api/visits/origins").status_code == 403


def test_visits_stored_before_origins_were_asked_count_as_onbekend(tracker, clock):
    for _ in range(2):
        _visit(tracker, {"postcode": "3511"})
        _visit(tracker)
    with tracker.db.write() as conn:  # what figures version 1 kept: one key for every visit
        conn.execute(sa.delete(t.daily_figures).where(t.daily_figures.c.figure == "visit"))
        conn.execute(t.daily_figures.insert().values(
            day=clock().date(), site_id=SITE, figure="visit", key="", n=4, grams=0, cents=0))
        stored.set_version(conn, 1, clock())
        assert monitor.ensure_figures(conn, clock())  # the upgrade recounts from the log
    assert _month(tracker, clock)["visitors"]["by_municipality"] == {"Utrecht": 2, "onbekend": 2}
