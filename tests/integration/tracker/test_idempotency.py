"""Idempotency-Key: a retried POST returns the first answer and changes nothing."""

import sqlalchemy as sa

from tracker.store import tables as t


def n_events(tracker):
    with tracker.db.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(t.events)).scalar()


def test_retried_intake_creates_one_item(tracker):
    body = {"category": "speelgoed", "weight_kg": 0.7}
    key = {"Idempotency-Key": "tablet-1:42"}
    first = tracker.post("intake", "/api/items", body, headers=key)
    before = n_events(tracker)
    again = tracker.post("intake", "/api/items", body, headers=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    assert n_events(tracker) == before


def test_retried_sale_after_wifi_drop_sells_once(tracker):
    code = tracker.ready(price=2)
    key = {"Idempotency-Key": "till-offline-7"}
    body = {"items": [code], "payment": "cash"}
    first = tracker.post("till", "/api/sales", body, headers=key)
    again = tracker.post("till", "/api/sales", body, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["sale_id"] == again.json()["sale_id"]
    assert [e["type"] for e in tracker.get("till", f"/api/items/{code}/events").json()] == [
        "collected", "inspected", "sold"]


def test_same_key_with_other_body_is_refused(tracker):
    key = {"Idempotency-Key": "k1"}
    tracker.post("intake", "/api/items", {"category": "textiel", "weight_kg": 1}, headers=key)
    before = n_events(tracker)
    r = tracker.post("intake", "/api/items", {"category": "textiel", "weight_kg": 2},
                     headers=key)
    assert r.status_code == 422 and r.json()["code"] == "idempotency_key_reused"
    assert n_events(tracker) == before


def test_keys_are_per_station(tracker):
    body = {"category": "textiel", "weight_kg": 1}
    a = tracker.post("intake", "/api/items", body, headers={"Idempotency-Key": "same"})
    b = tracker.post("admin", "/api/items", body, headers={"Idempotency-Key": "same"})
    assert a.json()["code"] != b.json()["code"]


def test_failed_request_is_not_remembered(tracker):
    code = tracker.intake()
    key = {"Idempotency-Key": "retry-after-fix"}
    body = {"items": [code], "payment": "cash"}
    assert tracker.post("till", "/api/sales", body, headers=key).status_code == 409
    tracker.post("repair", f"/api/items/{code}/inspect", {"outcome": "sellable", "price_eur": 1})
    assert tracker.post("till", "/api/sales", body, headers=key).status_code == 201
