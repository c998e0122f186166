"""Numbers on the label the way a Dutch volunteer writes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from labels import fields


def test_weight_in_kilograms_with_a_decimal_comma_and_no_trailing_zeros() -> None:
    assert fields.weight(Decimal("12.340")) == "12,34 kg"
    assert fields.weight(Decimal("0.5")) == "0,5 kg"
    assert fields.weight(Decimal("3")) == "3 kg"
    assert fields.weight(Decimal("3.000")) == "3 kg"
    assert fields.weight(Decimal("1.23456")) == "1,235 kg"


def test_price_in_euros_with_two_decimals_and_thousands_dots() -> None:
    assert fields.price(Decimal("12.5")) == "€ 12,50"
    assert fields.price(Decimal("1250")) == "€ 1.250,00"
    assert fields.price(Decimal("0.005")) == "€ 0,01"


def test_facts_line_holds_weight_when_known_and_the_intake_date() -> None:
    assert fields.facts(Decimal("2.5"), date(2026, 3, 7)) == "2,5 kg · 07-03-2026"
    assert fields.facts(None, date(2026, 3, 7)) == "07-03-2026"
