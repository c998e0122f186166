"""The till's day, pure (CONTRACT §11): which day a sale goes into, when a day may open or
close, and the Z-report's figures, read from the classes and from the stored form alike."""

from __future__ import annotations

import json
import random

import pytest

from tracker.domain import events as ev
from tracker.domain import till_day
from tracker.domain.day_totals import Amount, VatTotal
from tracker.domain.errors import NotAllowed
from tracker.domain.till_day import TillState

OPEN, CLOSED = TillState("kassa", 3, True, 10), TillState("kassa", 3, False, 20)


@pytest.mark.parametrize(("state", "role", "queued", "day"), [
    (OPEN, "till", False, 3), (OPEN, "till", True, 3), (CLOSED, "till", True, 4),
    (None, "till", True, 1), (CLOSED, "admin", False, None), (None, "admin", False, None),
    (OPEN, "admin", False, 3)])
def test_a_sale_goes_into_the_open_day_or_the_next(state, role, queued, day):
    assert till_day.booked_day(state, role, queued) == day


@pytest.mark.parametrize("state", [CLOSED, None])
def test_a_live_sale_without_an_open_day_is_refused(state):
    with pytest.raises(NotAllowed, match="open de dag eerst") as refused:
        till_day.booked_day(state, "till", False)
    assert refused.value.code == "day_not_open" and "open the day first" in (
        refused.value.detail_en or "")


def test_a_day_opens_after_the_last_and_closes_once():
    assert (till_day.opening(None), till_day.opening(CLOSED)) == (1, 4)
    assert till_day.closing(OPEN) == 3
    with pytest.raises(NotAllowed) as twice:
        till_day.opening(OPEN)
    assert twice.value.code == "day_already_open"
    for state, code in ((CLOSED, "day_closed"), (None, "day_not_open"),
                        (TillState("kassa", 0, False, 0), "day_not_open")):
        with pytest.raises(NotAllowed) as refused:
            till_day.closing(state)
        assert refused.value.code == code


def _sale(rnd: random.Random) -> ev.Sale:
    items = tuple(ev.SoldItem(f"C{n}", "boeken", 500, rnd.randint(0, 3000), None,
                              tuple(ev.Discount(rnd.choice(["stadspas", "markdown"]),
                                                rnd.randint(1, 90))
                                    for _ in range(rnd.randint(0, 2))),
                              rnd.choice([None, 900, 0]))
                  for n in range(rnd.randint(0, 3)))
    lines = tuple(ev.Line("textiel", 1000, rnd.randint(5, 800), vat_bp=rnd.choice([None, 900]))
                  for _ in range(rnd.randint(0 if items else 1, 2)))
    total = sum(p.price_cents or 0 for p in (*items, *lines))
    if rnd.random() < 0.5:  # one way of paying (as sales before split payments were kept)
        return ev.Sale(items, lines, rnd.choice(["cash", "pin"]), total, till_day=1)
    pin = rnd.randint(0, total)
    cash = total - pin + rnd.choice([-2, -1, 0, 1, 2])
    return ev.Sale(items, lines, "split", total, (), (ev.Payment("cash", cash),
                                                      ev.Payment("pin", pin)),
                   cash - (total - pin) or None, None, 1)


def test_the_stored_form_gives_the_figures_the_classes_give():
    rnd = random.Random(19)
    facts: list[ev.Sale | ev.Refund] = []
    for _ in range(300):
        sale = _sale(rnd)
        facts.append(sale)
        if rnd.random() < 0.2:
            back = tuple(ev.RefundedLine(n, ln.category, ln.weight_g, ln.price_cents,
                                         ln.discounts, ln.vat_bp)
                         for n, ln in enumerate(sale.lines))
            facts.append(ev.Refund("r", sale.items, back, sum(
                p.price_cents or 0 for p in (*sale.items, *back)), rnd.choice(["cash", "pin"]),
                False, till_day=1))
    stored = [(f.TYPE, json.loads(json.dumps(ev.to_data(f)))) for f in facts]
    assert till_day.stored_totals(stored) == till_day.totals(facts)
    assert till_day.totals(facts).sales == sum(isinstance(f, ev.Sale) for f in facts)


def test_the_figures_of_a_small_day_by_hand():
    """A 10,00 book at 9% less 1,00 stadspas, paid 5,00 by card and 4,00 in cash; a 2,42 line
    at 21% in cash (2,40: afronding -0,02), given back in cash."""
    book = ev.SoldItem("B", "boeken", 500, 900, 1000, (ev.Discount("stadspas", 100),), 900)
    line = ev.Line("textiel", 1000, 242)
    day = till_day.totals([
        ev.Sale((book,), (), "split", 900, (), (ev.Payment("cash", 400), ev.Payment("pin", 500))),
        ev.Sale((), (line,), "cash", 242, (), (ev.Payment("cash", 240),), -2),
        ev.Refund("r", (), (ev.RefundedLine(0, "textiel", 1000, 242),), 242, "cash", False)])
    # 9,00 at 9% holds 0,74 (900 × 9/109 = 74,3); 2,42 at 21% holds 0,42, given back
    assert day.vat == (VatTotal(900, 826, 74),)
    assert (day.sales, day.revenue_cents, day.refunds, day.refunded_cents) == (2, 1142, 1, 242)
    assert day.discounts == (Amount("stadspas", 100),)
    assert day.payments == (Amount("cash", 640), Amount("pin", 500))
    assert (day.refunds_paid, day.rounding_cents) == ((Amount("cash", 242),), -2)
    assert till_day.expected_cash(5000, day) == 5000 + 640 - 242


def test_a_day_is_named_by_its_till_and_number():
    assert till_day.day_id("kassa-1.b:12") == ("kassa-1.b", 12)
    for wrong in ("kassa", "kassa:", ":3", "kassa:0", "kassa:x", "kassa:-1", "k:" + "9" * 12):
        with pytest.raises(Exception, match="bestaat niet"):
            till_day.day_id(wrong)
