"""What a station may do within its role (README "What each station may do"): it binds only
the scales of its own site, sells by weight only plausible lines, names only known people,
and acts at its own site only. On both backends."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests.support.tracker import SITE, open_day
from tracker.domain.weighings import Weighing
from tracker.services import scales, stations, weighings
from tracker.store import tables as t

SCALE = "weegbrug-1"
_WEIGHING = Weighing(id="", scale_id=SCALE, seq=0, at=None, clock_synced=True,  # type: ignore
                     protocol="st-gs", net_kg=Decimal("12.5"), gross_kg=None, tare_kg=None,
                     stable=True, status="ok", raw="ST,GS,+12.5kg")


def weigh(tracker, clock, n, scale=SCALE):
    """A fresh stable weighing of 12.5 kg on `scale`, as the ingest stores it."""
    w = replace(_WEIGHING, id=f"{scale}:run:{n}", scale_id=scale, seq=n, at=clock())
    with tracker.db.write() as conn:
        weighings.store_many(conn, [w], clock())
    return w.id


def bound_to(tracker, weighing_id):
    with tracker.db.read() as conn:
        return conn.execute(sa.select(t.weighings.c.bound_to)
                            .where(t.weighings.c.id == weighing_id)).scalar()


def event_count(tracker):
    with tracker.db.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(t.events)).scalar()


def as_station(tracker, token, path, body, **headers):
    return tracker.client.post(path, json=body, headers={"Authorization": f"Bearer {token}",
                                                         **headers})


@pytest.fixture
def elsewhere(tracker, clock):
    """Stations of a second site (a workshop in another town)."""
    with tracker.db.write() as conn:
        stations.add_site(conn, "werkplaats", "Zeist", None, clock())
        tokens = {role: stations.add_station(conn, f"{role}-werkplaats", role, "werkplaats",
                                             clock()) for role in ("intake", "repair", "till")}
        open_day(conn, "till-werkplaats", clock(), site="werkplaats")
        return tokens


def test_a_scale_tied_to_a_site_is_bound_only_by_that_sites_stations(tracker, clock, elsewhere):
    # never added: any intake station binds it ("zonder locatie")
    first = weigh(tracker, clock, 1)
    r = as_station(tracker, elsewhere["intake"], "/api/items",
                   {"category": "meubilair", "scale_id": SCALE})
    assert r.status_code == 201, r.text
    assert bound_to(tracker, first) is not None
    assert {s["scale_id"]: s["site"] for s in tracker.get("till", "/api/scales").json()} == {
        SCALE: None}

    with tracker.db.write() as conn:
        scales.add_scale(conn, SCALE, SITE, clock())
    second = weigh(tracker, clock, 2)
    item = tracker.intake()  # an input for the upcycle below
    before = event_count(tracker)
    for role, path, body in [
        ("intake", "/api/items", {"category": "meubilair", "scale_id": SCALE}),
        ("intake", "/api/bulk", {"category": "textiel", "scale_id": SCALE}),
        ("repair", "/api/upcycle", {"inputs": [item], "category": "meubilair",
                                    "scale_id": SCALE}),
    ]:
        r = as_station(tracker, elsewhere[role], path, body)
        assert (r.status_code, r.json()["code"]) == (403, "scale_of_another_site"), r.text
        assert f"'{SITE}'" in r.json()["detail"] and "met de hand" in r.json()["detail"]
        r = as_station(tracker, elsewhere[role], path, body, **{"Accept-Language": "en"})
        assert "may not use its weighings" in r.json()["detail"]
    assert event_count(tracker) == before and bound_to(tracker, second) is None

    r = tracker.post("intake", "/api/items", {"category": "meubilair", "scale_id": SCALE})
    assert (r.status_code, r.json()["weight_kg"]) == (201, 12.5)  # its own site binds it
    assert bound_to(tracker, second) == r.json()["code"].replace("-", "")
    third = weigh(tracker, clock, 3)
    r = tracker.post("admin", "/api/bulk", {"category": "textiel", "scale_id": SCALE})
    assert r.status_code == 201 and bound_to(tracker, third)  # the admin, anywhere

    weigh(tracker, clock, 1, scale="los-1")
    listed = {s["scale_id"]: s["site"] for s in tracker.get("till", "/api/scales").json()}
    assert listed == {SCALE: SITE, "los-1": None}


def test_ambacht_scale_add_and_list(tracker, clock):
    def ambacht(*args):
        return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True,
                              text=True, env={"AMBACHT_DATABASE_URL": tracker.db.url,
                                              "PATH": "/usr/bin:/bin"})

    weigh(tracker, clock, 1, scale="los-1")
    done = ambacht("scale", "add", SCALE, "--site", SITE)
    assert done.returncode == 0 and f"locatie '{SITE}'" in done.stdout, done.stderr
    listed = ambacht("scale", "list").stdout.splitlines()
    assert [line.split() for line in listed] == [["los-1", "zonder", "locatie"], [SCALE, SITE]]
    done = ambacht("scale", "add", SCALE, "--site", "nergens")
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "bestaat niet" in done.stderr
    done = ambacht("scale", "add", "a/b", "--site", SITE)
    assert done.returncode == 1 and "'/'" in done.stderr
    with tracker.db.read() as conn:
        assert scales.sites(conn) == {SCALE: SITE}


@pytest.mark.parametrize("kg,eur,code", [
    (2000, 0, "line_too_heavy"),  # the line: inflates sold kg, reuse rate and CO2
    (500.001, 100, "line_too_heavy"),
    (10, 0, "line_price_too_low"),
    (10, "0.49", "line_price_too_low"),
    (0.1, 0, "line_price_too_low"),
])
def test_an_implausible_line_by_weight_is_refused(tracker, kg, eur, code):
    before = event_count(tracker)
    r = tracker.post("till", "/api/sales", {"payment": "cash", "lines": [
        {"category": "boeken", "weight_kg": 1, "price_eur": 2},
        {"category": "bouwmaterialen", "weight_kg": kg, "price_eur": eur}]})
    assert (r.status_code, r.json()["code"]) == (422, code), r.text
    assert r.json()["detail"].startswith("regel 2: ")
    assert event_count(tracker) == before


@pytest.mark.parametrize("kg,eur", [(10, "0.50"), (500, 25), (0.2, "0.01"), (3.2, 2)])
def test_a_cheap_but_plausible_line_is_sold(tracker, kg, eur):
    r = tracker.post("till", "/api/sales", {"payment": "cash", "lines": [
        {"category": "bouwmaterialen", "weight_kg": kg, "price_eur": eur}]})
    assert r.status_code == 201, r.text


def test_person_must_be_a_known_alias_wherever_it_is_taken(tracker):
    shelf, bench = tracker.ready(), tracker.intake()
    before = event_count(tracker)
    for role, path, body in [
        ("intake", "/api/items", {"category": "textiel", "weight_kg": 1}),
        ("repair", f"/api/items/{bench}/inspect", {"outcome": "needs_repair"}),
        ("repair", "/api/repairs", {"category": "elektrisch", "outcome": "fixed"}),
        ("till", "/api/sales", {"items": [shelf], "payment": "pin"}),
        ("intake", "/api/visits", {}),
    ]:
        r = tracker.post(role, path, {**body, "person": "niemand-42"})
        assert (r.status_code, r.json()["code"]) == (422, "unknown_person"), (path, r.text)
        assert "niemand-42" in r.json()["detail"]
    assert event_count(tracker) == before
    assert tracker.post("admin", "/api/people", {"alias": "vrijwilliger-7", "role": "volunteer"}
                        ).status_code == 201
    r = tracker.post("repair", f"/api/items/{bench}/inspect",
                     {"outcome": "needs_repair", "person": "vrijwilliger-7"})
    assert r.status_code == 200, r.text
    events = tracker.get("repair", f"/api/items/{bench}/events").json()
    assert events[-1]["person"] == "vrijwilliger-7"


def test_a_till_sells_at_its_own_site_only(tracker, clock, elsewhere):
    # a network sells what was collected elsewhere (CONTRACT §10: an event of an item at
    # another site is a transfer); the sale records the till's own site, never one it names
    code = tracker.ready()
    r = as_station(tracker, elsewhere["till"], "/api/sales",
                   {"items": [code], "payment": "pin", "site": SITE})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_input")
    r = as_station(tracker, elsewhere["till"], "/api/sales", {"items": [code], "payment": "pin"})
    assert r.status_code == 201 and r.json()["items"][0]["site"] == "werkplaats"
    sold = tracker.get("till", f"/api/items/{code}/events").json()[-1]
    assert (sold["type"], sold["site"], sold["station"]) == ("sold", "werkplaats",
                                                             "till-werkplaats")
    day = (clock() + timedelta(hours=1)).date().isoformat()
    doc = tracker.get("monitor", "/api/monitor", params={"from": day, "to": day,
                                                         "site": "werkplaats"}).json()
    assert doc["outflow"]["sold"]["items"] == 1
