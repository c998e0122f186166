"""Money and weight as exact integers: cents and grams; the dates any input may name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from tracker.domain.errors import InvalidInput

MAX_WEIGHT_KG = Decimal(2000)  # heavier than anything a drop-off platform scale takes: a typo
# What leaves may be heavier: a full skip truck on a weighbridge is the ceiling (CONTRACT §10).
MAX_OUTFLOW_KG = Decimal(40_000)
MAX_PRICE_EUR = Decimal(100_000)  # a thrift store sells nothing dearer; guards against typos
# Every date or time a request names lies in this range: older than any paper record a centre
# keeps, and far enough from Python's datetime limits (years 1 and 9999) that turning a local
# time into UTC, or a local date into its noon, can never overflow. Both databases hold it.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9998, 12, 31)


def _decimal(value: Decimal | float | int | str, name: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(f"{name} is geen getal", "invalid_number",
                           en=f"{name} is not a number") from None
    if not d.is_finite():
        raise InvalidInput(f"{name} is geen getal", "invalid_number", en=f"{name} is not a number")
    return d


def price_cents(value: Decimal | float | int | str, name: str = "price_eur") -> int:
    """Euro amount → cents; refuses negatives, more than two decimals, absurd amounts."""
    d = _decimal(value, name)
    if d < 0:
        raise InvalidInput(f"{name} mag niet negatief zijn", "invalid_price",
                           en=f"{name} must not be negative")
    # the range before the decimals: rounding 1e26 to cents needs more digits than Decimal has
    if d > MAX_PRICE_EUR:
        raise InvalidInput(f"{name} is onwaarschijnlijk hoog (max {MAX_PRICE_EUR})",
                           "invalid_price", en=f"{name} is improbably high (max {MAX_PRICE_EUR})")
    if d != d.quantize(Decimal("0.01")):
        raise InvalidInput(f"{name} heeft meer dan twee decimalen", "invalid_price",
                           en=f"{name} has more than two decimals")
    return int(d * 100)


def weight_g(value: Decimal | float | int | str, name: str = "weight_kg",
             max_kg: Decimal = MAX_WEIGHT_KG) -> int:
    """Kilograms → grams; refuses zero, negatives, more than 3 decimals, over `max_kg`."""
    d = _decimal(value, name)
    if d <= 0:
        raise InvalidInput(f"{name} moet groter dan 0 zijn", "invalid_weight",
                           en=f"{name} must be more than 0")
    if d > max_kg:
        raise InvalidInput(f"{name} is meer dan {max_kg} kg: tikfout?", "invalid_weight",
                           en=f"{name} is more than {max_kg} kg: a typo?")
    if d != d.quantize(Decimal("0.001")):
        raise InvalidInput(f"{name} heeft meer dan drie decimalen", "invalid_weight",
                           en=f"{name} has more than three decimals")
    return int(d * 1000)


def in_range(day: date) -> bool:
    """Whether a date (or a moment's date) lies between EARLIEST_DATE and LATEST_DATE."""
    return EARLIEST_DATE <= day <= LATEST_DATE


def kg(grams: int) -> float:
    """Grams → kg as a JSON number with at most 3 decimals."""
    return round(grams / 1000, 3)


def eur(cents: int | None) -> float | None:
    """Cents → euros as a JSON number with at most 2 decimals."""
    return None if cents is None else round(cents / 100, 2)
