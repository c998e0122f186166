"""Bad input gets the right 4xx with a clear detail, and changes nothing."""

import pytest
import sqlalchemy as sa

from tracker.store import tables as t


def counts(tracker):
    with tracker.db.read() as conn:
        return (conn.execute(sa.select(sa.func.count()).select_from(t.events)).scalar(),
                conn.execute(sa.select(sa.func.count()).select_from(t.items)).scalar())


BAD_INTAKE = [
    ({"category": "onbekend", "weight_kg": 1}, 422, "unknown_category"),
    ({"category": "textiel", "weight_kg": -1}, 422, "invalid_weight"),
    ({"category": "textiel", "weight_kg": 0}, 422, "invalid_weight"),
    ({"category": "textiel", "weight_kg": 2000.5}, 422, "invalid_weight"),
    ({"category": "textiel", "weight_kg": "veel"}, 422, "invalid_input"),
    ({"category": "textiel"}, 422, "weight_required"),
    ({"weight_kg": 1}, 422, "invalid_input"),
    ({"category": "textiel", "weight_kg": 1, "colour": "red"}, 422, "invalid_input"),
    ({"category": "elektrisch", "weight_kg": 1, "ords_category_id": 99}, 422,
     "invalid_ords_category"),
]


@pytest.mark.parametrize("body,status,code", BAD_INTAKE)
def test_bad_intake(tracker, body, status, code):
    before = counts(tracker)
    r = tracker.post("intake", "/api/items", body)
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    assert counts(tracker) == before


def test_own_use_repair_refuses_an_ords_category_outside_ords(tracker):
    before = counts(tracker)
    r = tracker.post("repair", "/api/repairs", {"category": "elektrisch", "outcome": "fixed",
                                                "ords_category_id": 41})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_ords_category"), r.text
    assert counts(tracker) == before


@pytest.mark.parametrize("price,code", [(-1, "invalid_price"), ("1.999", "invalid_price"),
                                        (None, "price_required")])
def test_bad_prices(tracker, price, code):
    item = tracker.intake()
    before = counts(tracker)
    r = tracker.post("repair", f"/api/items/{item}/inspect",
                     {"outcome": "sellable", "price_eur": price})
    assert (r.status_code, r.json()["code"]) == (422, code)
    assert counts(tracker) == before


def test_transition_not_allowed_is_409_and_changes_nothing(tracker):
    item = tracker.intake()
    before = counts(tracker)
    r = tracker.post("till", "/api/sales", {"items": [item], "payment": "cash"})
    assert r.status_code == 409
    r = tracker.post("repair", f"/api/items/{item}/repair", {"outcome": "fixed", "price_eur": 1})
    assert r.status_code == 409 and "ingezameld" in r.json()["detail"]
    r = tracker.post("till", f"/api/items/{item}/return")
    assert r.status_code == 409
    assert counts(tracker) == before


def test_unknown_and_mistyped_items(tracker):
    r = tracker.post("repair", "/api/items/0000-0000-0/inspect", {"outcome": "needs_repair"})
    assert r.status_code == 404
    r = tracker.post("repair", "/api/items/0000-0000-1/inspect", {"outcome": "needs_repair"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_code"
    r = tracker.post("till", "/api/sales", {"items": ["0000-0000-0"], "payment": "cash"})
    assert r.status_code == 404


def test_malformed_json_and_huge_bodies(tracker):
    before = counts(tracker)
    r = tracker.client.post("/api/items", content=b"{category: textiel",
                            headers={**tracker.as_("intake"), "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    r = tracker.client.post("/api/items", content=b"x" * (10 * 1024 * 1024),
                            headers={**tracker.as_("intake"), "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert counts(tracker) == before


def test_sale_input_errors(tracker):
    a = tracker.ready()
    for body, code in [({"items": [], "payment": "cash"}, "empty_sale"),
                       ({"items": [a, a], "payment": "cash"}, "duplicate_item"),
                       ({"items": [a], "payment": "bitcoin"}, "invalid_input"),
                       ({"lines": [{"category": "x", "weight_kg": 1, "price_eur": 1}],
                         "payment": "cash"}, "unknown_category")]:
        r = tracker.post("till", "/api/sales", body)
        assert (r.status_code, r.json()["code"]) == (422, code), r.text
    assert tracker.get("till", f"/api/items/{a}").json()["state"] == "ready_for_sale"


def test_expired_and_revoked_tokens(tracker, clock):
    from tracker.services import stations

    with tracker.db.write() as conn:
        stations.revoke_station(conn, "till-1", clock())
    r = tracker.get("till", "/api/categories")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"
    r = tracker.client.get("/api/categories", headers={"Authorization": "Bearer amb_nonsense"})
    assert r.status_code == 401
    r = tracker.client.get("/api/categories", headers={"Authorization": "Basic dXNlcjpwdw=="})
    assert r.status_code == 401


@pytest.mark.parametrize("role,path,body", [
    ("intake", "/api/items", {"category": "textiel", "weight_kg": 1, "description": "lamp\0"}),
    ("repair", "/api/repairs", {"category": "elektrisch", "outcome": "fixed", "brand": "\0"}),
    ("admin", "/api/people", {"alias": "p1", "role": "volunteer", "person": "a\0"}),
])
def test_a_nul_character_is_refused_alike_on_both_databases(tracker, role, path, body):
    # PostgreSQL cannot store one and SQLite can: the answer must not depend on which it is
    before = counts(tracker)
    r = tracker.post(role, path, body)
    assert (r.status_code, r.json()["code"]) == (422, "invalid_input"), r.text
    assert "NUL" in r.json()["detail"]
    assert counts(tracker) == before


def test_a_backslash_before_u0000_is_just_text(tracker):
    r = tracker.post("intake", "/api/items", {"category": "kleingoed", "weight_kg": 1,
                                              "description": "C:\\u0000map"})
    assert r.status_code == 201, r.text
    assert tracker.get("intake", f"/api/items/{r.json()['code']}").status_code == 200


def test_a_nul_in_a_query_is_never_a_server_error(tracker):
    r = tracker.get("monitor", "/api/monitor",
                    params={"from": "2026-03-01", "to": "2026-03-31", "site": "a\0"})
    assert r.status_code in (404, 422), r.text
