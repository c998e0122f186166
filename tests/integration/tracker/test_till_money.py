"""The money at the till through the API (CONTRACT §11): discounts, VAT per rate, split
payments with change, what a refund gives back, the monitor's till block, and bad input that
is refused and changes nothing."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
import sqlalchemy as sa

from tests.support.monitor import recomputed, valid, without_time
from tests.support.tracker import make_tracker
from tracker.services import rebuild
from tracker.store import tables as t

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
    ({"payment": "voucher"}, "invalid_payment", "met een tegoedbon betalen gaat met payments"),
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


def test_markdown_rules_lower_the_price_of_what_stayed_on_the_shelf(tracker, clock):
    assert tracker.post("till", "/api/markdowns", {"category": "meubilair", "days": 30,
                                                   "pct": 25}).status_code == 403
    for days, pct in ((30, 25), (60, 50)):
        r = tracker.post("admin", "/api/markdowns", {"category": "meubilair", "days": days,
                                                     "pct": pct})
        assert r.status_code == 201, r.text
    chair = tracker.ready(price=10.0, category="meubilair")
    fresh = tracker.get("till", "/api/scan", params={"q": chair}).json()
    assert fresh["markdown_pct"] is None and fresh["price_eur"] == 10.0
    clock.advance(days=31)
    # a new price does not put it back on the shelf: the days count from becoming ready
    assert tracker.post("admin", f"/api/items/{chair}/price",
                        {"price_eur": 9.99}).status_code == 200
    table = tracker.ready(price=20.0, category="meubilair")  # just ready: no markdown
    scanned = tracker.get("till", "/api/scan", params={"q": chair}).json()
    assert (scanned["markdown_pct"], scanned["marked_down_eur"]) == (25.0, 7.49)  # 2,4975 → 2,50
    shelf = {i["code"]: i for i in tracker.get("till", "/api/shelf").json()["items"]}
    assert (shelf[chair]["marked_down_eur"], shelf[table].get("marked_down_eur")) == (7.49, None)

    r = tracker.post("till", "/api/sales", {"items": [chair, table], "payment": "pin"})
    assert r.status_code == 201, r.text
    assert r.json()["total_eur"] == 27.49
    assert r.json()["discounts"] == [{"item": chair, "line": None, "reason": "markdown",
                                      "eur": 2.5}]
    # a refund puts it back on the shelf: its days start again
    sale_id = r.json()["sale_id"]
    assert tracker.post("till", f"/api/sales/{sale_id}/refund",
                        {"items": [chair], "method": "pin"}).json()["amount_eur"] == 7.49
    assert tracker.get("till", "/api/scan", params={"q": chair}).json()["markdown_pct"] is None
    clock.advance(days=61)
    assert tracker.get("till", "/api/scan", params={"q": chair}).json()["markdown_pct"] == 50.0


def test_after_the_upgrade_the_items_know_since_when_they_are_on_the_shelf(tracker, clock):
    """A database from before migration 0010 has no ready_since: the service folds it from the
    events once when it starts, and markdowns count from the day the item became ready."""
    assert tracker.post("admin", "/api/markdowns", {"category": "meubilair", "days": 30,
                                                    "pct": 25}).status_code == 201
    chair = tracker.ready(price=10.0, category="meubilair")
    clock.advance(days=31)
    with tracker.db.write() as conn:  # as the upgrade leaves it
        conn.execute(sa.update(t.items).values(ready_since=None))
        conn.execute(sa.delete(t.projections).where(t.projections.c.name == rebuild.ITEMS))
    assert tracker.get("till", "/api/scan", params={"q": chair}).json()["markdown_pct"] is None
    with tracker.db.write() as conn:
        assert rebuild.ensure_items(conn, clock())
        assert not rebuild.ensure_items(conn, clock())  # once
    assert tracker.get("till", "/api/scan", params={"q": chair}).json()["markdown_pct"] == 25.0


@pytest.mark.parametrize(("body", "code"), [
    ({"category": "meubilair", "days": 30, "pct": 0}, "invalid_markdown"),
    ({"category": "meubilair", "days": 30, "pct": 101}, "invalid_markdown"),
    ({"category": "meubilair", "days": -1, "pct": 10}, "invalid_markdown"),
    ({"category": "ruimteschip", "days": 30, "pct": 10}, "unknown_category"),
])
def test_a_bad_markdown_rule_is_refused(tracker, body, code):
    r = tracker.post("admin", "/api/markdowns", body)
    assert r.status_code == 422 and r.json()["code"] == code, r.text
    assert tracker.get("till", "/api/markdowns").json() == []


def test_the_admin_keeps_the_list_of_discount_reasons(tracker):
    assert tracker.get("till", "/api/discount-reasons").json() == {
        "reasons": ["beschadigd", "stadspas", "vrijwilliger"]}
    assert tracker.post("till", "/api/discount-reasons", {"reason": "x"}).status_code == 403
    added = tracker.post("admin", "/api/discount-reasons", {"reason": "Trouwe klant"})
    assert added.status_code == 201 and "trouwe klant" in added.json()["reasons"]
    earlier = tracker.post("till", "/api/sales", {  # the till reads the list before the change
        "items": [tracker.ready(price=5.0)], "payment": "pin",
        "discounts": [{"eur": 1, "reason": "stadspas"}]})
    assert earlier.status_code == 201, earlier.text
    gone = tracker.client.delete("/api/discount-reasons/stadspas",
                                 headers=tracker.as_("admin"))
    assert gone.status_code == 200 and "stadspas" not in gone.json()["reasons"]
    item = tracker.ready(price=5.0)
    refused = tracker.post("till", "/api/sales", {
        "items": [item], "payment": "pin", "discounts": [{"eur": 1, "reason": "stadspas"}]})
    assert refused.status_code == 422 and refused.json()["code"] == "unknown_discount_reason"
    assert "trouwe klant" in refused.json()["detail"]
    by_hand = tracker.post("till", "/api/sales", {
        "items": [item], "payment": "pin", "discounts": [{"eur": 1, "reason": "markdown"}]})
    assert by_hand.status_code == 422
    sold = tracker.post("till", "/api/sales", {
        "items": [item], "payment": "pin", "discounts": [{"eur": 1, "reason": "trouwe klant"}]})
    assert sold.status_code == 201 and sold.json()["total_eur"] == 4.0


def test_a_rule_changed_by_the_admin_holds_at_the_next_scan_and_one_changed_elsewhere_soon(
        tracker, clock):
    """The till keeps the rules in memory (read on every scan): a change through the API is
    seen at once, one made beside it (a restore, another process) within the copy's lifetime."""
    chair = tracker.ready(price=10.0, category="meubilair")

    def scan():
        return tracker.get("till", "/api/scan", params={"q": chair}).json()["markdown_pct"]

    assert scan() is None
    rule = tracker.post("admin", "/api/markdowns", {"category": "meubilair", "days": 0,
                                                    "pct": 20}).json()
    assert scan() == 20.0
    with tracker.db.write() as conn:  # beside the service
        conn.execute(sa.update(t.markdowns).values(pct=30))
    cache = tracker.svc.rules
    assert scan() == 20.0  # the copy
    cache.clock = lambda: float("inf")  # its lifetime over
    assert scan() == 30.0
    cache.clock = time.monotonic
    assert tracker.client.delete(f"/api/markdowns/{rule['id']}",
                                 headers=tracker.as_("admin")).status_code == 200
    assert scan() is None
