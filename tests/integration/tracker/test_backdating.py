"""Admins register past events from paper records with `at`; nobody writes the future."""

from datetime import timedelta


def test_admin_backdates_within_bounds(tracker, clock):
    r = tracker.post("admin", "/api/items", {"category": "meubilair", "weight_kg": 20,
                                             "at": "2026-02-20T10:00:00+01:00"})
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    assert r.json()["created_at"].startswith("2026-02-20T09:00:00")
    r = tracker.post("admin", f"/api/items/{code}/inspect", {
        "outcome": "sellable", "price_eur": 30, "at": "2026-02-19T10:00:00+01:00"})
    assert r.status_code == 422 and r.json()["code"] == "at_before_previous_event"
    r = tracker.post("admin", f"/api/items/{code}/inspect", {
        "outcome": "sellable", "price_eur": 30, "at": "2026-02-21T10:00:00"})  # local time
    assert r.status_code == 200
    future = (clock() + timedelta(hours=1)).isoformat()
    r = tracker.post("admin", f"/api/items/{code}/price", {"price_eur": 25, "at": future})
    assert r.status_code == 422 and r.json()["code"] == "at_in_future"


def test_only_admin_may_backdate(tracker):
    r = tracker.post("intake", "/api/items", {"category": "meubilair", "weight_kg": 20,
                                              "at": "2026-02-20T10:00:00+01:00"})
    assert r.status_code == 403
