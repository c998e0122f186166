"""Terugbetalen (CONTRACT §9): (part of) a sale goes back for its money; the items return to
the shelf in the same life, and the sold figures go down on the refund's date. Not a return
(a donation at intake, which is a new life and inflow)."""

from __future__ import annotations

from datetime import date

from tests.support.monitor import recomputed, valid, without_time

SALE_DAY, REFUND_DAY = date(2026, 3, 2), date(2026, 3, 4)


def _monitor(tracker, start: date, end: date | None = None) -> dict:
    r = tracker.get("monitor", "/api/monitor",
                    params={"from": start.isoformat(), "to": (end or start).isoformat()})
    assert r.status_code == 200, r.text
    doc = valid(r.json())
    assert without_time(doc) == without_time(recomputed(tracker, start, end or start))
    return doc


def _sale(tracker):
    a = tracker.ready(price=12.5, category="meubilair", weight_kg=8.0)
    b = tracker.ready(price=4.0, category="boeken", weight_kg=1.5)
    r = tracker.post("till", "/api/sales", {
        "items": [a, b], "payment": "pin",
        "lines": [{"category": "textiel", "weight_kg": 2.0, "price_eur": 3.0}]})
    assert r.status_code == 201, r.text
    return r.json()["sale_id"], a, b


def test_a_refund_puts_the_item_back_and_the_figures_down_on_its_own_day(tracker, clock):
    sale_id, a, b = _sale(tracker)
    clock.advance(days=2)
    r = tracker.post("till", f"/api/sales/{sale_id}/refund",
                     {"items": [a], "method": "cash", "reason": "past niet"})
    assert r.status_code == 201, r.text
    assert r.json()["amount_eur"] == 12.5
    item = tracker.get("till", f"/api/items/{a}").json()
    assert (item["state"], item["cycle"], item["price_eur"]) == ("ready_for_sale", 1, 12.5)

    sale_day, refund_day = _monitor(tracker, SALE_DAY), _monitor(tracker, REFUND_DAY)
    assert sale_day["outflow"]["sold"]["items"] == 2  # the sale's own day keeps the sale
    assert sale_day["lead_time_days"]["median"] == 0  # ...but not the refunded item's lead time
    assert refund_day["outflow"]["sold"] | {"by_category": None} == {
        "items": -1, "kg": -8.0, "revenue_eur": -12.5, "by_category": None}
    assert refund_day["refunds"] == {"count": 1, "items": 1, "kg": 8.0, "amount_eur": 12.5}
    assert refund_day["inflow"]["items"] == 0  # a refund is no new life
    assert refund_day["co2_avoided_kg"] == -8.8
    both = _monitor(tracker, SALE_DAY, REFUND_DAY)  # never negative where the sale falls
    assert both["outflow"]["sold"] | {"by_category": None} == {
        "items": 1, "kg": 3.5, "revenue_eur": 7.0, "by_category": None}
    assert both["stock"]["ready_for_sale"] == {"items": 1, "kg": 8.0}

    seen = tracker.get("till", f"/api/sales/{sale_id}").json()
    assert [(i["code"], i["refunded"]) for i in seen["items"]] == [(a, True), (b, False)]
    assert seen["lines"][0]["refunded"] is False and len(seen["refunds"]) == 1


def test_each_item_and_line_is_refunded_once_and_the_rest_by_default(tracker, clock):
    sale_id, a, b = _sale(tracker)
    assert tracker.post("till", f"/api/sales/{sale_id}/refund",
                        {"items": [a], "method": "pin"}).status_code == 201
    again = tracker.post("till", f"/api/sales/{sale_id}/refund", {"items": [a], "method": "pin"})
    assert again.status_code == 409 and again.json()["code"] == "not_refundable"
    assert "al terugbetaald" in again.json()["detail"]
    rest = tracker.post("till", f"/api/sales/{sale_id}/refund", {"method": "cash",
                                                                 "faulty": True})
    assert rest.status_code == 201, rest.text
    assert rest.json()["amount_eur"] == 7.0 and [ln["index"] for ln in rest.json()["lines"]] == [0]
    assert tracker.get("till", f"/api/items/{b}").json()["state"] == "in_repair"  # faulty
    nothing = tracker.post("till", f"/api/sales/{sale_id}/refund", {"method": "cash"})
    assert nothing.status_code == 409
    day = _monitor(tracker, SALE_DAY)
    assert day["outflow"]["sold"]["kg"] == 0 and day["refunds"]["amount_eur"] == 19.5
    assert day["lead_time_days"] == {"median": None, "p90": None}


def test_what_cannot_be_refunded_is_said_and_changes_nothing(tracker):
    sale_id, a, _ = _sale(tracker)
    other = tracker.ready()
    for body, status, code in (
            ({"items": [other], "method": "cash"}, 409, "not_refundable"),
            ({"lines": [3], "method": "cash"}, 409, "not_refundable"),
            ({"items": [a], "method": "other"}, 422, "invalid_input"),
            ({"items": [a, a], "method": "cash"}, 422, "duplicate_item"),
            ({"items": ["ABCD-EFGH-X"], "method": "cash"}, 422, "invalid_code")):
        r = tracker.post("till", f"/api/sales/{sale_id}/refund", body)
        assert (r.status_code, r.json()["code"]) == (status, code), (body, r.text)
    r = tracker.post("till", "/api/sales/nope/refund", {"method": "cash"})
    assert r.status_code == 404 and r.json()["code"] == "sale_not_found"
    assert tracker.post("intake", f"/api/sales/{sale_id}/refund",
                        {"method": "cash"}).status_code == 403
    assert tracker.get("till", f"/api/items/{a}").json()["state"] == "sold"
    assert tracker.get("till", f"/api/sales/{sale_id}").json()["refunds"] == []


def test_a_refund_answer_lost_on_the_way_is_not_paid_twice(tracker):
    sale_id, a, _ = _sale(tracker)
    headers = {"Idempotency-Key": "refund-1"}
    first = tracker.post("till", f"/api/sales/{sale_id}/refund", {"items": [a], "method": "cash"},
                         headers=headers)
    again = tracker.post("till", f"/api/sales/{sale_id}/refund", {"items": [a], "method": "cash"},
                         headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert len(tracker.get("till", f"/api/sales/{sale_id}").json()["refunds"]) == 1


def test_a_refunded_item_sells_again_in_the_same_life(tracker, clock):
    sale_id, a, _ = _sale(tracker)
    tracker.post("till", f"/api/sales/{sale_id}/refund", {"items": [a], "method": "cash"})
    clock.advance(days=1)
    r = tracker.post("till", "/api/sales", {"items": [a], "payment": "cash"})
    assert r.status_code == 201, r.text
    assert tracker.get("till", f"/api/items/{a}").json()["cycle"] == 1
    _monitor(tracker, SALE_DAY, date(2026, 3, 3))  # equal to a recomputation, lead time too


def test_the_till_keeps_a_copy_of_the_shelf_and_refreshes_it_cheaply(tracker):
    a = tracker.ready(price=7.5, description="leeslamp")
    r = tracker.get("till", "/api/shelf")
    assert r.status_code == 200
    assert {"code": a, "category": "kleingoed", "price_eur": 7.5,
            "description": "leeslamp"} in r.json()["items"]
    tag = r.headers["etag"]
    same = tracker.get("till", "/api/shelf", headers={"If-None-Match": tag})
    assert same.status_code == 304 and same.content == b""
    tracker.post("till", "/api/sales", {"items": [a], "payment": "cash"})
    changed = tracker.get("till", "/api/shelf", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and a not in {i["code"] for i in changed.json()["items"]}
    assert tracker.get("intake", "/api/shelf").status_code == 403


def test_an_offline_sale_stands_at_the_price_the_till_showed_and_the_difference_is_kept(
        tracker):
    a, b = tracker.ready(price=10.0), tracker.ready(price=4.0)
    tracker.post("repair", f"/api/items/{a}/price", {"price_eur": 6.0})  # marked down meanwhile
    r = tracker.post("till", "/api/sales", {"items": [a, b], "payment": "cash",
                                            "shown_prices": {a: 10.0, b: 4.0}})
    assert r.status_code == 201, r.text
    assert r.json()["total_eur"] == 14.0  # what the customer paid
    assert _monitor(tracker, SALE_DAY)["outflow"]["sold"]["revenue_eur"] == 14.0
    found = tracker.get("monitor", "/api/sales/price-differences",
                        params={"from": "2026-03-01", "to": "2026-03-02"}).json()
    assert [(d["code"], d["shown_eur"], d["listed_eur"]) for d in found] == [(a, 10.0, 6.0)]
    refund = tracker.post("till", f"/api/sales/{r.json()['sale_id']}/refund",
                          {"items": [a], "method": "cash"})
    assert refund.json()["amount_eur"] == 10.0  # back what was paid
    assert tracker.get("till", "/api/sales/price-differences",
                       params={"from": "2026-03-01", "to": "2026-03-02"}).status_code == 403
