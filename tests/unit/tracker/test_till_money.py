"""The money at the till (CONTRACT §11): a receipt computed by hand, cash rounding, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain import till
from tracker.domain.errors import InvalidInput
from tracker.domain.till import Discount, VatPart

REASONS = till.DISCOUNT_REASONS


def test_a_receipt_computed_by_hand():
    # lamp € 12,50 (21%), book € 3,00 (9%), bricks by weight € 7,99 (21%);
    # 10% stadspas on the lamp: € 1,25 off, lamp € 11,25;
    # € 2,00 vrijwilliger on the receipt over 1125 / 300 / 799 (2224):
    #   floors 101 / 26 / 71 (198), remainders 376 / 2176 / 1896: book and bricks +1
    #   → 101 / 27 / 72; paid 1024 / 273 / 727 = 2024
    prices = [1250, 300, 799]
    given = till.discounts(prices, [Discount(0, "stadspas", pct=Decimal(10)),
                                    Discount(None, "vrijwilliger", cents=200)], REASONS)
    assert given == [[("stadspas", 125), ("vrijwilliger", 101)], [("vrijwilliger", 27)],
                     [("vrijwilliger", 72)]]
    paid = [p - sum(c for _, c in d) for p, d in zip(prices, given, strict=True)]
    assert paid == [1024, 273, 727]
    # VAT per line, half up: 1024·21/121 = 177,72 → 178; 727·21/121 = 126,17 → 126;
    # 273·9/109 = 22,54 → 23
    assert till.vat_by_rate([(1024, 2100), (273, 900), (727, 2100)]) == [
        VatPart(900, 250, 23), VatPart(2100, 1447, 304)]
    # € 10 by card, € 20 in cash: cash due 10,24 → 10,25 (afronding +1 ct), change 9,75
    settled = till.settle(2024, [("pin", 1000), ("cash", 2000)])
    assert settled == till.Settled((("cash", 1025), ("pin", 1000)), 1, 975)


@pytest.mark.parametrize(("cents", "rounded"), [
    (100, 100), (101, 100), (102, 100), (103, 105), (104, 105), (106, 105), (107, 105),
    (108, 110), (109, 110)])
def test_cash_rounds_to_five_cents_as_dutch_shops_do(cents, rounded):
    assert till.cash_rounded(cents) == rounded


def test_cash_alone_is_rounded_and_a_card_is_exact():
    assert till.settle(1298, [("cash", None)]) == till.Settled((("cash", 1300),), 2, 0)
    assert till.settle(1298, [("pin", None)]) == till.Settled((("pin", 1298),), 0, 0)


def test_spread_adds_up_exactly():
    for amount in range(0, 301, 7):
        assert sum(till.spread(amount, [333, 1, 999, 0, 17])) == amount


@pytest.mark.parametrize(("prices", "asked", "code"), [
    ([500], [Discount(0, "stadspas", cents=501)], "discount_over_price"),
    ([500, 100], [Discount(None, "stadspas", cents=601)], "discount_over_price"),
    ([500], [Discount(0, "stadspas", pct=Decimal(101))], "invalid_discount"),
    ([500], [Discount(0, "stadspas", cents=0)], "invalid_discount"),
    ([500], [Discount(0, "mooi weer", cents=100)], "unknown_discount_reason"),
])
def test_bad_discounts_are_refused(prices, asked, code):
    with pytest.raises(InvalidInput) as refused:
        till.discounts(prices, asked, REASONS)
    assert refused.value.code == code


@pytest.mark.parametrize(("total", "paid", "code"), [
    (1000, [("pin", 600), ("other", 300)], "payments_do_not_add_up"),
    (1000, [("pin", 1100)], "payments_do_not_add_up"),
    (1000, [("pin", 600), ("cash", 300)], "payments_do_not_add_up"),
    (1000, [("pin", 1100), ("cash", 0)], "payments_do_not_add_up"),
    (1000, [("cash", -500), ("cash", 1500)], "invalid_payment"),
    (1000, [("voucher", 1000)], "invalid_payment"),  # a voucher pays with its code only
    (1000, [("pin", 500), ("cash", None)], "invalid_payment"),
    (1000, [], "invalid_payment"),
])
def test_bad_payments_are_refused(total, paid, code):
    with pytest.raises(InvalidInput) as refused:
        till.settle(total, paid)
    assert refused.value.code == code
