"""Bad input gets the right 4xx with a clear detail, and changes nothing."""

from urllib.parse import unquote

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
    r = tracker.post("intake", f"/api/items/{item}/return")
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


# Numbers beyond what Decimal can round to cents (1e26 and up) and beyond any float.
ABSURD_PRICES = [1e26, "1e26", "1e999999999"]


@pytest.mark.parametrize("price", ABSURD_PRICES)
def test_an_absurd_price_is_refused_wherever_a_price_is_taken(tracker, price):
    shelf, bench, old = tracker.ready(), tracker.intake(), tracker.intake()
    assert tracker.post("repair", f"/api/items/{bench}/inspect",
                        {"outcome": "needs_repair"}).status_code == 200
    before = counts(tracker)
    for role, path, body in [
        ("repair", f"/api/items/{shelf}/price", {"price_eur": price}),
        ("till", f"/api/items/{shelf}/price", {"price_eur": price}),
        ("repair", f"/api/items/{old}/inspect", {"outcome": "sellable", "price_eur": price}),
        ("repair", f"/api/items/{bench}/repair", {"outcome": "fixed", "price_eur": price}),
        ("repair", "/api/upcycle", {"inputs": [old], "category": "meubilair",
                                    "price_eur": price}),
        ("till", "/api/sales", {"lines": [{"category": "boeken", "weight_kg": 1,
                                           "price_eur": price}], "payment": "cash"}),
        ("till", "/api/sales", {"lines": [{"category": "boeken", "weight_kg": price,
                                           "price_eur": 1}], "payment": "cash"}),
    ]:
        r = tracker.post(role, path, body)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["code"] in ("invalid_price", "invalid_weight"), (path, r.text)
    assert counts(tracker) == before


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00",
                                "9999-12-31T23:59:59-14:00", "1000-01-01T00:00:00Z"])
def test_an_admin_time_outside_the_calendar_is_refused(tracker, at):
    item = tracker.intake()
    before = counts(tracker)
    for path, body in [("/api/items", {"category": "textiel", "weight_kg": 1}),
                       (f"/api/items/{item}/inspect", {"outcome": "needs_repair"}),
                       ("/api/visits", {})]:
        r = tracker.post("admin", path, {**body, "at": at})
        assert (r.status_code, r.json()["code"]) == (422, "invalid_input"), (path, r.text)
        assert "1900-01-01" in r.json()["detail"]
        r = tracker.post("admin", path, {**body, "at": at}, headers={"Accept-Language": "en"})
        assert "give a date between 1900-01-01" in r.json()["detail"]
    assert counts(tracker) == before


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_outside_the_calendar_is_refused_in_queries_and_bodies(tracker, day):
    r = tracker.get("monitor", "/api/monitor", params={"from": day, "to": day})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_input"), r.text
    r = tracker.post("admin", "/api/activities", {"kind": "course", "date": day,
                                                  "participants": 3})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_input"), r.text


def test_hours_with_more_decimals_than_stored_are_refused(tracker):
    assert tracker.post("admin", "/api/people", {"alias": "p1", "role": "volunteer"}
                        ).status_code == 201
    r = tracker.post("admin", "/api/attendance", {"alias": "p1", "date": "2026-03-01",
                                                  "hours": "1e-30"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_hours"), r.text


@pytest.mark.parametrize("town", ["Łódź", 'Den "Haag"\r\nX-Evil: 1', "Zürich"])
def test_monitor_csv_of_a_municipality_with_any_name(tracker, clock, town):
    from tracker.services import stations

    with tracker.db.write() as conn:
        stations.add_site(conn, "elders", town, None, clock())
    day = clock().date().isoformat()
    r = tracker.get("monitor", "/api/monitor.csv",
                    params={"from": day, "to": day, "municipality": town})
    assert r.status_code == 200, r.text
    disposition = r.headers["content-disposition"]
    assert "\n" not in disposition and "X-Evil" not in r.headers
    # the exact name for browsers that read RFC 6266's filename*, a plain one for the rest
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"monitor-{town}-{day}-{day}.csv"


def test_the_last_resort_answers_422_logs_the_missing_check_and_changes_nothing(
        tracker, monkeypatch, caplog):
    from tracker.domain.events import Visit
    from tracker.services import visits

    def overflow(tx, *_):  # a use case that wrote an event, then met a value nothing checked
        tx.record("visit:x", 1, Visit())
        raise OverflowError("date value out of range")

    monkeypatch.setattr(visits, "record_visit", overflow)
    before = counts(tracker)
    r = tracker.post("intake", "/api/visits", headers={"Accept-Language": "en"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_input"), r.text
    assert "nothing has changed" in r.json()["detail"]
    assert counts(tracker) == before
    logged = [rec for rec in caplog.records if rec.name == "ambacht.api"]
    assert logged and logged[-1].exc_info and "OverflowError" in logged[-1].getMessage()
