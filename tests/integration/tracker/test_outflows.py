"""Afvoeren (CONTRACT §10): partners and weighed outflow batches; bad input is a clear 4xx
and changes nothing. On both backends."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tracker.domain.weighings import Weighing
from tracker.services import stations, weighings
from tracker.store import tables as t

SCALE = "weegbrug-1"
SITE_2 = "winkel-2"
_WEIGHING = Weighing(id="", scale_id=SCALE, seq=0, at=None, clock_synced=True,  # type: ignore
                     protocol="st-gs", net_kg=Decimal("312.5"), gross_kg=None, tare_kg=None,
                     stable=True, status="ok", raw="ST,GS,+312.5kg")
PARTNERS = [
    {"id": "sorteer", "name": "Textielsorteerder BV", "kind": "textile_sorter"},
    {"id": "metaal", "name": "Oud IJzer Jansen", "kind": "scrap_metal", "municipality": "Zeist"},
    {"id": "afval", "name": "Afvalverwerker", "kind": "waste_processor"},
    {"id": "school", "name": "Basisschool De Wissel", "kind": "school"},
    {"id": "winkel", "name": "Kringloopwinkel Amersfoort", "kind": "other_centre",
     "site": SITE_2},
]


def weigh(tracker, clock, n, kg="312.5"):
    w = replace(_WEIGHING, id=f"{SCALE}:run:{n}", seq=n, at=clock(), net_kg=Decimal(kg))
    with tracker.db.write() as conn:
        weighings.store_many(conn, [w], clock())
    return w.id


def counts(tracker):
    with tracker.db.read() as conn:
        return tuple(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
                     for table in (t.events, t.partners, t.daily_figures))


@pytest.fixture
def centre(tracker):
    with tracker.db.write() as conn:
        stations.add_site(conn, SITE_2, "Amersfoort", "Winkel", tracker.svc.clock())
    for p in PARTNERS:
        r = tracker.post("admin", "/api/partners", p)
        assert r.status_code == 201, r.text
    return tracker


def test_partners_are_kept_with_the_streams_their_kind_takes(centre):
    r = centre.get("till", "/api/partners")
    assert r.status_code == 200
    got = {p["id"]: p for p in r.json()}
    assert got["sorteer"]["streams"] == ["reuse", "recycle"]
    assert got["afval"]["streams"] == ["residual", "recycle"]
    assert got["metaal"] | {"streams": None} == {
        "id": "metaal", "name": "Oud IJzer Jansen", "kind": "scrap_metal",
        "municipality": "Zeist", "site": None, "streams": None}
    assert got["winkel"]["site"] == SITE_2
    assert centre.post("intake", "/api/partners", PARTNERS[0]).status_code == 403


@pytest.mark.parametrize(("body", "status", "code"), [
    (PARTNERS[0], 409, "partner_exists"),
    ({"id": "x", "name": "X", "kind": "bakery"}, 422, None),
    ({"id": "x", "name": "X", "kind": "other_centre"}, 422, "partner_site_required"),
    ({"id": "x", "name": "X", "kind": "other_centre", "site": "nergens"}, 422, "site_not_found"),
    ({"id": "x", "name": "X", "kind": "school", "site": SITE_2}, 422,
     "partner_site_not_allowed"),
    ({"id": "a b", "name": "X", "kind": "school"}, 422, None),
])
def test_a_bad_partner_is_refused_and_nothing_is_kept(centre, body, status, code):
    before = counts(centre)
    r = centre.post("admin", "/api/partners", body)
    assert r.status_code == status, r.text
    if code:
        assert r.json()["code"] == code
    assert counts(centre) == before


def test_a_batch_binds_the_weighing_the_page_showed_and_never_twice(centre, clock):
    shown = weigh(centre, clock, 1)
    r = centre.post("intake", "/api/outflows", {"partner": "sorteer", "stream": "recycle",
                                                "category": "textiel", "weighing_id": shown})
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["weight_kg"], got["weighing_id"], got["hand_weighed"]) == (312.5, shown, False)
    before = counts(centre)
    for body in ({"weighing_id": shown}, {"scale_id": SCALE}):
        again = centre.post("intake", "/api/outflows",
                            {"partner": "afval", "stream": "residual", **body})
        assert again.status_code == 409 and again.json()["code"] == "weighing_used", again.text
    assert counts(centre) == before
    with centre.db.read() as conn:
        bound = conn.execute(sa.select(t.weighings.c.bound_to)
                             .where(t.weighings.c.id == shown)).scalar()
    assert bound == f"outflow:{got['outflow_id']}"


def test_a_hand_weight_with_a_weighbridge_ticket_is_flagged(centre):
    r = centre.post("intake", "/api/outflows", {
        "partner": "afval", "stream": "residual", "weight_kg": "12480.5",
        "ticket": "WB-2026-0113", "note": "container restafval"})
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["weight_kg"], got["hand_weighed"], got["ticket"]) == (12480.5, True,
                                                                      "WB-2026-0113")


def test_listed_items_leave_given_away_or_transferred(centre):
    shelf, fresh = centre.ready(weight_kg=2.0), centre.intake(weight_kg=3.0)
    r = centre.post("intake", "/api/outflows", {"partner": "school", "stream": "reuse",
                                                "weight_kg": "5.5", "items": [shelf, fresh]})
    assert r.status_code == 201, r.text
    assert [i["state"] for i in r.json()["items"]] == ["given_away", "given_away"]
    assert centre.get("till", f"/api/items/{shelf}").json()["phase"] == "exit"

    moving = centre.ready(weight_kg=4.0)
    r = centre.post("intake", "/api/outflows", {"partner": "winkel", "stream": "reuse",
                                                "weight_kg": "4.2", "items": [moving]})
    assert r.status_code == 201, r.text
    assert (r.json()["transfer"], r.json()["to_site"]) == (True, SITE_2)
    item = centre.get("till", f"/api/items/{moving}").json()
    assert (item["state"], item["site"]) == ("ready_for_sale", SITE_2)


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"partner": "nobody", "stream": "recycle", "weight_kg": "10"}, 422, "unknown_partner"),
    ({"partner": "metaal", "stream": "reuse", "weight_kg": "10"}, 422, "stream_not_for_partner"),
    ({"partner": "school", "stream": "residual", "weight_kg": "10"}, 422,
     "stream_not_for_partner"),
    ({"partner": "afval", "stream": "compost", "weight_kg": "10"}, 422, None),
    ({"partner": "afval", "stream": "residual", "weight_kg": "0"}, 422, "invalid_weight"),
    ({"partner": "afval", "stream": "residual", "weight_kg": "-5"}, 422, "invalid_weight"),
    ({"partner": "afval", "stream": "residual", "weight_kg": "40000.001"}, 422,
     "invalid_weight"),
    ({"partner": "afval", "stream": "residual"}, 422, "weight_required"),
    ({"partner": "afval", "stream": "residual", "scale_id": SCALE}, 409, "no_fresh_weighing"),
    ({"partner": "afval", "stream": "residual", "weight_kg": "1", "category": "taart"}, 422,
     "unknown_category"),
    ({"partner": "sorteer", "stream": "reuse", "weight_kg": "1", "items": ["ABCD-EFGH-1"]},
     422, "invalid_code"),
])
def test_a_bad_batch_is_refused_in_dutch_and_nothing_changes(centre, body, status, code):
    before = counts(centre)
    r = centre.post("intake", "/api/outflows", body)
    assert r.status_code == status, r.text
    if code:
        assert r.json()["code"] == code
    assert r.json()["detail"]
    en = centre.post("intake", "/api/outflows", body, headers={"Accept-Language": "en"})
    assert en.json()["detail"] != r.json()["detail"]
    assert counts(centre) == before


def test_an_item_that_cannot_leave_in_the_stream_refuses_the_whole_batch(centre, clock):
    ok, sold = centre.ready(), centre.ready()
    r = centre.post("till", "/api/sales", {"items": [sold], "payment": "cash"})
    assert r.status_code == 201
    in_repair = centre.intake()
    centre.post("repair", f"/api/items/{in_repair}/inspect", {"outcome": "needs_repair"})
    shown = weigh(centre, clock, 7, "9.5")
    before = counts(centre)
    for body in ({"partner": "school", "stream": "reuse", "items": [ok, sold, in_repair]},
                 {"partner": "metaal", "stream": "recycle", "items": [ok]},
                 {"partner": "winkel", "stream": "reuse", "items": [sold]},
                 {"partner": "school", "stream": "reuse", "items": [ok, ok]}):
        r = centre.post("intake", "/api/outflows", {**body, "weighing_id": shown})
        assert r.status_code in (409, 422), r.text
        assert r.json()["code"] in ("item_cannot_leave", "duplicate_item")
    assert counts(centre) == before
    assert centre.get("till", f"/api/items/{ok}").json()["state"] == "ready_for_sale"
    r = centre.post("intake", "/api/outflows", {"partner": "school", "stream": "reuse",
                                                "items": [ok], "weighing_id": shown})
    assert r.status_code == 201, r.text  # the weighing was not used by the refused ones


def test_a_recycled_item_goes_with_its_container(centre):
    lamp = centre.intake(category="elektrisch")
    centre.post("repair", f"/api/items/{lamp}/inspect", {"outcome": "unusable",
                                                         "stream": "recycle"})
    r = centre.post("intake", "/api/outflows", {"partner": "metaal", "stream": "recycle",
                                                "weight_kg": "80", "items": [lamp]})
    assert r.status_code == 201, r.text
    assert r.json()["items"][0]["state"] == "recycled"
