"""The words and numbers on a label, written the Dutch way (pure)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# Scales send at most three decimals of a kilogram (grams); more would be noise.
WEIGHT_DECIMALS = Decimal("0.001")
CENTS = Decimal("0.01")
SEPARATOR = " \u00b7 "  # a middle dot between facts on one line


def weight(kg: Decimal) -> str:
    """'12,345 kg', '0,5 kg', '3 kg': grams at most, no trailing zeros."""
    text = f"{kg.quantize(WEIGHT_DECIMALS, rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} kg"


def price(eur: Decimal) -> str:
    """'€ 12,50', '€ 1.250,00'."""
    text = f"{eur.quantize(CENTS, rounding=ROUND_HALF_UP):,.2f}"
    return "\u20ac " + text.replace(",", "_").replace(".", ",").replace("_", ".")


def day(d: date) -> str:
    """'28-11-2026'."""
    return d.strftime("%d-%m-%Y")


def facts(weight_kg: Decimal | None, intake_date: date) -> str:
    """Weight (when known) and intake date on one line."""
    parts = ([weight(weight_kg)] if weight_kg is not None else []) + [day(intake_date)]
    return SEPARATOR.join(parts)
