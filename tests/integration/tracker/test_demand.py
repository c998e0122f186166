"""Reservations, wishes, the demand block and the price suggestion (CONTRACT §13), against
figures worked out by hand, on both backends."""

from __future__ import annotations

from datetime import timedelta

from tests.support.tracker import Tracker


def sell(t: Tracker, codes: list[str], **kw) -> str:
    r = t.post("till", "/api/sales", {"items": codes, "payment": "pin", **kw})
    assert r.status_code == 201, r.text
    return str(r.json()["sale_id"])


def monitor(t: Tracker, start: str = "2026-03-01", end: str = "2026-03-31") -> dict:
    r = t.get("monitor", f"/api/monitor?from={start}&to={end}")
    assert r.status_code == 200, r.text
    return r.json()


def test_a_reservation_holds_shows_at_the_scan_and_lapses_by_itself(tracker, clock) -> None:
    code = tracker.ready(12.5)
    before = monitor(tracker)
    r = tracker.post("till", f"/api/items/{code}/reserve", {"hours": 3, "note": "mw. Jansen"})
    assert r.status_code == 200, r.text
    assert r.json()["reservation_note"] == "mw. Jansen"
    scan = tracker.get("till", f"/api/scan?q={code}").json()
    held = scan["reserved_until"]
    assert held.startswith((clock() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    assert scan["reservation_note"] == "mw. Jansen"
    assert monitor(tracker) | {"generated_at": 0} == before | {"generated_at": 0}
    clock.advance(hours=3, seconds=1)
    lapsed = tracker.get("till", f"/api/scan?q={code}").json()
    assert lapsed["reserved_until"] is None and lapsed["reservation_note"] is None


def test_only_what_is_on_the_shelf_can_be_reserved(tracker) -> None:
    code = tracker.intake()
    r = tracker.post("repair", f"/api/items/{code}/reserve", {"hours": 2})
    assert r.status_code == 409 and r.json()["code"] == "not_on_the_shelf"
    on_shelf = tracker.ready()
    assert tracker.post("intake", f"/api/items/{on_shelf}/reserve", {"hours": 2}
                        ).status_code == 403
    for hours in (0, -1, 169):
        assert tracker.post("till", f"/api/items/{on_shelf}/reserve", {"hours": hours}
                            ).status_code == 422
    assert tracker.get("till", f"/api/scan?q={on_shelf}").json()["reserved_until"] is None


def test_a_sold_reserved_item_is_reserved_no_more(tracker) -> None:
    code = tracker.ready()
    tracker.post("till", f"/api/items/{code}/reserve", {"hours": 5})
    sale = sell(tracker, [code])
    tracker.post("till", f"/api/sales/{sale}/refund", {"items": [code], "method": "cash"})
    assert tracker.get("till", f"/api/scan?q={code}").json()["reserved_until"] is None


def test_demand_figures_by_hand(tracker, clock) -> None:
    # Monday 2 March: three chairs and a book onto the shelf, a bike for repair
    chairs = [tracker.ready(20, category="meubilair") for _ in range(3)]
    book = tracker.ready(2, category="boeken")
    clock.advance(days=2)  # Wednesday: one chair sold after 2 days on the shelf
    sell(tracker, [chairs[0]])
    clock.advance(days=3)  # Saturday: another after 5 days, and the book after 5
    sale = sell(tracker, [chairs[1], book])
    tracker.post("till", f"/api/items/{chairs[2]}/reserve", {"hours": 4})  # still on the shelf
    tracker.post("till", "/api/wishes", {"category": "fietsen", "text": "kinderfiets"})
    tracker.post("till", "/api/wishes", {"category": "fietsen", "text": "racefiets"})
    clock.advance(days=1)  # Sunday: the book comes back for its money
    tracker.post("till", f"/api/sales/{sale}/refund", {"items": [book], "method": "cash"})
    demand = monitor(tracker)["demand"]
    # chairs: 2 sold (2 and 5 days: median 3.5), 1 still on the shelf: 2 / 3
    assert demand["by_category"]["meubilair"] == {
        "sold": 2, "days_on_shelf_median": 3.5, "sell_through": 0.6667}
    # the book's sale was refunded: nothing sold, the book is back on the shelf
    assert demand["by_category"]["boeken"] == {
        "sold": 0, "days_on_shelf_median": None, "sell_through": 0.0}
    assert demand["by_category"]["textiel"] == {
        "sold": 0, "days_on_shelf_median": None, "sell_through": None}
    assert demand["wishes"]["fietsen"] == 2 and demand["wishes"]["boeken"] == 0
    # the first week alone: the book's sale counts there (refunded on the 8th), but as with
    # lead times a refunded sale's days on the shelf leave on the sale's own date
    week = monitor(tracker, "2026-03-02", "2026-03-07")["demand"]["by_category"]
    assert week["boeken"] == {"sold": 1, "days_on_shelf_median": None, "sell_through": 1.0}
    assert week["meubilair"]["days_on_shelf_median"] == 3.5


def test_wishes_need_a_known_category(tracker) -> None:
    r = tracker.post("till", "/api/wishes", {"category": "ruimteschepen", "text": "x"})
    assert r.status_code == 422 and r.json()["code"] == "unknown_category"
    assert tracker.post("repair", "/api/wishes", {"category": "boeken", "text": "x"}
                        ).status_code == 403


def test_the_price_suggestion_by_hand(tracker, clock) -> None:
    def radio(price: float, condition: str) -> str:
        code = tracker.intake(category="elektrisch", ords_category_id=27)
        r = tracker.post("repair", f"/api/items/{code}/inspect",
                         {"outcome": "sellable", "price_eur": price, "condition": condition})
        assert r.status_code == 200, r.text
        return code

    ask = "/api/price-suggestion?category=elektrisch&ords_category_id=27&condition=good"
    goods = [radio(p, "good") for p in (10, 12, 15, 20, 40, 30)]
    other = radio(99, "fair")
    sell(tracker, goods[:4])
    # four sales: too few to say anything
    assert tracker.get("repair", ask).json() == {"median_eur": None, "p25": None, "p75": None,
                                                 "n": 4}
    # a fifth at 40 with 10 off (paid 30), a sixth at 30 that is refunded, a fair one
    sell(tracker, [goods[4]], discounts=[{"item": goods[4], "eur": 10, "reason": "beschadigd"}])
    refunded = sell(tracker, [goods[5]])
    tracker.post("till", f"/api/sales/{refunded}/refund", {"items": [goods[5]], "method": "pin"})
    sell(tracker, [other])
    # paid: 10, 12, 15, 20, 30 → median 15; p25 12, p75 20 (inclusive quartiles)
    assert tracker.get("repair", ask).json() == {"median_eur": 15.0, "p25": 12.0,
                                                 "p75": 20.0, "n": 5}
    # without the condition the fair radio counts too: 10 12 15 20 30 99 → 17.5, 12.75, 27.5
    assert tracker.get("till", "/api/price-suggestion?category=elektrisch").json() == {
        "median_eur": 17.5, "p25": 12.75, "p75": 27.5, "n": 6}
    assert tracker.get("repair", "/api/price-suggestion?condition=mint").status_code == 422
