"""Money and weight as exact integers: cents and grams."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tracker.domain.errors import InvalidInput

MAX_WEIGHT_KG = Decimal(2000)  # heavier than anything a drop-off platform scale takes: a typo
MAX_PRICE_EUR = Decimal(100_000)  # a thrift store sells nothing dearer; guards against typos


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
    if d != d.quantize(Decimal("0.01")):
        raise InvalidInput(f"{name} heeft meer dan twee decimalen", "invalid_price",
                           en=f"{name} has more than two decimals")
    if d > MAX_PRICE_EUR:
        raise InvalidInput(f"{name} is onwaarschijnlijk hoog (max {MAX_PRICE_EUR})",
                           "invalid_price", en=f"{name} is improbably high (max {MAX_PRICE_EUR})")
    return int(d * 100)


def weight_g(value: Decimal | float | int | str, name: str = "weight_kg") -> int:
    """Kilograms → grams; refuses zero, negatives, more than 3 decimals, over 2,000 kg."""
    d = _decimal(value, name)
    if d <= 0:
        raise InvalidInput(f"{name} moet groter dan 0 zijn", "invalid_weight",
                           en=f"{name} must be more than 0")
    if d > MAX_WEIGHT_KG:
        raise InvalidInput(f"{name} is meer dan {MAX_WEIGHT_KG} kg: tikfout?", "invalid_weight",
                           en=f"{name} is more than {MAX_WEIGHT_KG} kg: a typo?")
    if d != d.quantize(Decimal("0.001")):
        raise InvalidInput(f"{name} heeft meer dan drie decimalen", "invalid_weight",
                           en=f"{name} has more than three decimals")
    return int(d * 1000)


def kg(grams: int) -> float:
    """Grams → kg as a JSON number with at most 3 decimals."""
    return round(grams / 1000, 3)


def eur(cents: int | None) -> float | None:
    """Cents → euros as a JSON number with at most 2 decimals."""
    return None if cents is None else round(cents / 100, 2)
