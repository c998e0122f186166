"""The public story of an item: its moments by local day, lives, repairs, CO2 per sale, no one."""

from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from tracker.domain import items
from tracker.domain.events import Event
from tracker.domain.items import apply
from tracker.domain.story import story

T0 = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam: still the 28th there


def life(*steps):
    """Apply changes in order, a day apart; returns the item and its events."""
    item, events = None, []
    for n, step in enumerate(steps):
        change = step(item)
        event = Event("ABCDEFGH0", n + 1, T0 + timedelta(days=n), "werkplaats-2", "bench-7",
                      "volunteer-anna", change)
        events.append(event)
        item = apply(item, event)
    return item, events


COLLECT = lambda _: items.collect("elektrisch", 4250)  # noqa: E731


def test_a_repaired_item_sold_twice_has_two_lives_and_twice_the_co2():
    item, events = life(COLLECT, lambda i: items.inspect(i, "needs_repair"),
                        lambda i: items.repair(i, "fixed", 1500),
                        lambda i: items.sell(i, "s1"), lambda i: items.return_item(i),
                        lambda i: items.inspect(i, "sellable", 1200),
                        lambda i: items.sell(i, "s2"))
    told = story(item, events, Decimal("1.1"))
    assert told.lives == 2 and told.repairs == 1 and told.times_sold == 2
    assert told.co2_avoided_kg == Decimal("9.4")  # 2 × 4.25 kg × 1.1, to 0.1 kg
    assert told.price_eur is None  # sold: no price on show
    assert [m.kind for m in told.moments] == ["collected", "to_repair", "repaired", "sold",
                                             "returned", "checked", "sold"]
    assert told.moments[0].day == date(2026, 3, 28)  # the local day, not the UTC one


def test_on_the_shelf_it_shows_its_price_and_the_co2_a_sale_would_avoid():
    item, events = life(COLLECT, lambda i: items.inspect(i, "sellable", 1250),
                        lambda i: items.reprice(i, 995))
    told = story(item, events, Decimal("1.1"))
    assert told.price_eur == Decimal("9.95") and told.phase == "prepare"
    assert told.co2_avoided_kg == 0 and told.co2_per_life_kg == Decimal("4.7")
    assert [m.kind for m in told.moments] == ["collected", "checked"]  # a re-price is no story


def test_the_story_names_no_station_person_or_site():
    item, events = life(COLLECT, lambda i: items.inspect(i, "unusable", stream="recycle"))
    told = story(item, events, Decimal("1.1"))
    text = repr(told)
    assert "bench-7" not in text and "anna" not in text and "werkplaats" not in text
    assert {f.name for f in fields(told)}.isdisjoint({"site", "station", "person"})
    assert told.state == "recycled" and told.moments[-1].kind == "unusable"


def test_a_refunded_sale_is_no_sale_and_avoided_no_co2():
    sold_at = datetime(2026, 3, 30, tzinfo=UTC)
    item, events = life(COLLECT, lambda i: items.inspect(i, "sellable", 1250),
                        lambda i: items.sell(i, "s1"),
                        lambda i: items.refund(i, "s1", "r1", 1250, False, sold_at, "w"))
    told = story(item, events, Decimal("1.1"))
    assert (told.state, told.times_sold, told.co2_avoided_kg) == ("ready_for_sale", 0, 0)
    assert [m.kind for m in told.moments] == ["collected", "checked"]
    assert told.price_eur == Decimal("12.5")  # back on the shelf, at its price


def test_an_item_given_away_tells_so_and_a_transfer_tells_nothing():
    from tracker.web import public

    item, events = life(COLLECT, lambda i: items.transfer(i, "o1", "winkel", "winkel-2"),
                        lambda i: items.inspect(i, "sellable", 1250),
                        lambda i: items.give_away(i, "o2", "school"))
    told = story(item, events, Decimal("1.1"))
    assert (told.state, told.phase, told.times_sold) == ("given_away", "exit", 0)
    assert [m.kind for m in told.moments] == ["collected", "checked", "given_away"]
    for lang in ("nl", "en"):
        page = public.body(told, "Elektrisch", lang)
        assert page["moments"][-1][2] in {"Weggegeven voor hergebruik", "Given away for reuse"}
        assert "reuse" in str(page["co2_note"]) or "hergebruik" in str(page["co2_note"])
