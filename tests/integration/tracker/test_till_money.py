"""The money at the till through the API (CONTRACT §11): discounts, VAT per rate, split
payments with change, what a refund gives back, the monitor's till block, and bad input that
is refused and changes nothing."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.support.monitor import recomputed, valid, without_time
from tests.support.tracker import make_tracker

DAY = date(2026, 3, 2)


def _monitor(tracker) -> dict:
    r = tracker.get("monitor", "/api/monitor", params={"from": DAY.isoformat(),
                                                       "to": DAY.isoformat()})
    assert r.status_code == 200, r.text
    doc = valid(r.json())
    assert without_time(doc) == without_time(recomputed(tracker, DAY, DAY))
    return doc


def test_a_sale_with_discounts_and_a_split_payment(tracker):
    lamp = tracker.ready(price=12.5, category="kleingoed")
    book = tracker.ready(price=3.0, category="boeken")
    r = tracker.post("till", "/api/sales", {
        "items": [lamp, book],
        "lines": [{"category": "bouwmaterialen", "weight_kg": 20, "price_eur": 7.99}],
        "discounts": [{"item": lamp, "pct": 10, "reason": "stadspas"},
                      {"eur": 2, "reason": "vrijwilliger"}],
        "payments": [{"method": "pin", "amount_eur": 10}, {"method": "cash", "amount_eur": 20}]})
    assert r.status_code == 201, r.text
    sale = r.json()
    # by hand (as tests/unit/tracker/test_till_money.py): paid 10,24 + 2,73 + 7,27; all 21%
    assert sale["total_eur"] == 20.24 and sale["discount_eur"] == 3.25
    assert sale["vat"] == [{"rate": 0.21, "net_eur": 16.73, "vat_eur": 3.51}]  # 178+47+126 ct
    assert sale["payments"] == [{"method": "cash", "amount_eur": 10.25},
                                {"method": "pin", "amount_eur": 10.0}]
    assert (sale["change_eur"], sale["rounding_eur"], sale["payment"]) == (9.75, 0.01, "split")
    assert sorted((d.get("item") or d.get("line"), d["reason"], d["eur"])
                  for d in sale["discounts"] if d["item"] == lamp) == [
        (lamp, "stadspas", 1.25), (lamp, "vrijwilliger", 1.01)]
    seen = tracker.get("till", f"/api/sales/{sale['sale_id']}").json()
    assert {k: seen[k] for k in ("vat", "payments", "discounts", "change_eur", "total_eur")} == {
        k: sale[k] for k in ("vat", "payments", "discounts", "change_eur", "total_eur")}
    assert [(i["price_eur"], i["list_price_eur"]) for i in seen["items"]] == [
        (10.24, 12.5), (2.73, 3.0)]

    doc = _monitor(tracker)
    assert doc["outflow"]["sold"]["revenue_eur"] == 20.24  # after discounts, without afronding
    assert doc["till"] == {"discount_eur": 3.25, "vat_eur": 3.51,
                           "payments": {"cash": 10.25, "pin": 10.0, "other": 0.0}}
    # a refund gives back what was paid for the item: its share of the discounts stays off
    back = tracker.post("till", f"/api/sales/{sale['sale_id']}/refund",
                        {"items": [lamp], "method": "cash"})
    assert back.status_code == 201 and back.json()["amount_eur"] == 10.24
    doc = _monitor(tracker)
    assert doc["outflow"]["sold"]["revenue_eur"] == 10.0
    assert doc["till"] == {"discount_eur": 0.99, "vat_eur": 1.73,
                           "payments": {"cash": 0.01, "pin": 10.0, "other": 0.0}}


BAD = [
    ({"discounts": [{"eur": 6, "reason": "stadspas"}]}, "discount_over_price",
     "hoger dan het totaal"),
    ({"discounts": [{"item": "ITEM", "pct": 120, "reason": "stadspas"}]}, "invalid_discount",
     "tussen 0 en 100"),
    ({"discounts": [{"eur": 1, "reason": "mooi weer"}]}, "unknown_discount_reason",
     "onbekende reden"),
    ({"discounts": [{"line": 3, "eur": 1, "reason": "stadspas"}]}, "invalid_discount",
     "regel 3"),
    ({"payment": None, "payments": [{"method": "pin", "amount_eur": 2},
                                    {"method": "other", "amount_eur": 2}]},
     "payments_do_not_add_up", "tellen niet op"),
    ({"payment": None, "payments": [{"method": "cash", "amount_eur": -1}]}, "invalid_price",
     "niet negatief"),
    ({"payment": None, "payments": [{"method": "cash", "amount_eur": 4}]},
     "payments_do_not_add_up", "te weinig"),
    ({"payment": "voucher"}, "voucher_not_yet", "nog niet"),
    ({"payments": [{"method": "pin", "amount_eur": 5}]}, "invalid_payment", "niet allebei"),
]


@pytest.mark.parametrize(("change", "code", "words"), BAD)
def test_bad_money_is_refused_in_dutch_and_english_and_changes_nothing(tracker, change, code,
                                                                       words):
    item = tracker.ready(price=5.0)
    change = json.loads(json.dumps(change).replace('"ITEM"', json.dumps(item)))
    body = {"items": [item], "payment": "pin", **change}
    r = tracker.post("till", "/api/sales", body)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == code and words in r.json()["detail"], r.json()
    en = tracker.post("till", "/api/sales", body, headers={"Accept-Language": "en"})
    assert en.status_code == 422 and en.json()["detail"] != r.json()["detail"]
    assert tracker.get("till", f"/api/items/{item}").json()["state"] == "ready_for_sale"
    assert _monitor(tracker)["visitors"]["sales"] == 0


def test_vat_per_category_as_the_centre_configures_it(db_url, clock):
    for tracker in make_tracker(db_url, clock, vat_rate="0.21", vat_rates={"boeken": "0.09"}):
        book = tracker.ready(price=3.0, category="boeken")
        lamp = tracker.ready(price=12.5, category="kleingoed")
        r = tracker.post("till", "/api/sales", {"items": [book, lamp], "payment": "pin"})
        assert r.status_code == 201, r.text
        # 300·9/109 = 24,77 → 25 ct; 1250·21/121 = 216,94 → 217 ct
        assert r.json()["vat"] == [{"rate": 0.09, "net_eur": 2.75, "vat_eur": 0.25},
                                   {"rate": 0.21, "net_eur": 10.33, "vat_eur": 2.17}]
        assert r.json()["payments"] == [{"method": "pin", "amount_eur": 15.5}]
