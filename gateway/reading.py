"""What a scale said: one reading, in kg, with exactly the digits the scale sent."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Status(StrEnum):
    """The scale's own verdict on a reading (CONTRACT §4)."""

    OK = "ok"
    OVERLOAD = "overload"
    UNDERLOAD = "underload"
    ERROR = "error"


# Exact by definition (international yard and pound agreement, 1959), so converting
# keeps every digit the scale sent and adds no float noise.
KG_PER_LB = Decimal("0.45359237")
KG_PER_OZ = Decimal("0.028349523125")

# Mass units only: counting (pcs), percent and other application units are refused.
_UNIT_ALIASES = {
    "kg": "kg", "g": "g", "t": "t", "lb": "lb", "lbs": "lb", "#": "lb", "oz": "oz",
}


def mass_unit(text: str) -> str | None:
    """The canonical mass unit for a scale's unit text, or None if it is not a mass."""
    return _UNIT_ALIASES.get(text.strip().lower())


def to_kg(value: Decimal, unit: str) -> Decimal:
    """Convert a weight in a canonical mass unit to kg without losing or inventing digits."""
    if unit == "kg":
        return value
    if unit == "g":
        return value.scaleb(-3)
    if unit == "t":
        return value.scaleb(3)
    if unit == "lb":
        return value * KG_PER_LB
    if unit == "oz":
        return value * KG_PER_OZ
    raise ValueError(f"not a mass unit: {unit!r}")


def parse_weight(text: str) -> Decimal | None:
    """A scale's weight text (`-0012.340`, `12,5`, `- 3.2`) as a Decimal, or None."""
    cleaned = text.replace(" ", "").replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        return None
    body = cleaned[1:] if cleaned[0] in "+-" else cleaned
    if not body or not all(c.isdigit() or c == "." for c in body) or body == ".":
        return None
    if not any(c.isdigit() for c in body):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    # A scale shows "-0.000" around zero; the sign of zero carries no meaning.
    return abs(value) if value == 0 else value


def step_of(value: Decimal) -> Decimal:
    """The smallest step the scale's digits show: 12.345 -> 0.001, 120 -> 1."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(exponent)


def printable(raw: bytes) -> str:
    """A frame as text for the `raw` evidence field: framing stripped, control bytes escaped."""
    text = raw.strip(b"\x02\x03\r\n").decode("latin-1")
    return "".join(c if " " <= c <= "~" else f"\\x{ord(c):02x}" for c in text)


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading of the scale; weights in kg, None where the scale did not say."""

    gross_kg: Decimal | None
    tare_kg: Decimal | None
    net_kg: Decimal | None
    stable: bool
    status: Status
    raw: str
    division_kg: Decimal | None = None
    stable_by: str = "scale"
    detail: str = ""

    def with_stability(self, stable: bool, by: str) -> Reading:
        """The same reading with stability decided elsewhere (the gateway's window)."""
        return replace(self, stable=stable, stable_by=by)


@dataclass(frozen=True, slots=True)
class Rejected:
    """Bytes that did not form a valid frame of the protocol (noise, wrong baud, bad checksum)."""

    raw: str
    reason: str


Parsed = Reading | Rejected


def weight_reading(
    value: Decimal,
    unit: str,
    *,
    net: bool,
    stable: bool,
    raw: str,
    tare: Decimal | None = None,
    division: Decimal | None = None,
) -> Reading:
    """A normal weight reading in the scale's unit, converted to kg.

    A gross reading without a tare means nothing is tared: net equals gross. A net
    reading without a tare leaves gross and tare unknown rather than guessed.
    """
    shown = to_kg(value, unit)
    tare_kg = to_kg(tare, unit) if tare is not None else None
    step = to_kg(division if division is not None else step_of(value), unit)
    if net:
        gross_kg = shown + tare_kg if tare_kg is not None else None
        return Reading(gross_kg, tare_kg, shown, stable, Status.OK, raw, step)
    if tare_kg is None:
        tare_kg = Decimal(0).scaleb(shown.as_tuple().exponent)  # type: ignore[arg-type]
    return Reading(shown, tare_kg, shown - tare_kg, stable, Status.OK, raw, step)


def fault_reading(status: Status, raw: str, detail: str) -> Reading:
    """A reading that carries no usable weight: overload, underload or a scale error."""
    return Reading(None, None, None, False, status, raw, None, "scale", detail)


def moving_reading(raw: str, detail: str = "in motion") -> Reading:
    """The scale answered but withheld its weight because the load is moving."""
    return Reading(None, None, None, False, Status.OK, raw, None, "scale", detail)
