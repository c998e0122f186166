"""Item categories with their EU reuse-reporting group and CO2 factor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from tracker.domain.errors import InvalidInput

EU_GROUPS = ("textiles", "eee", "furniture", "construction", "other")
# National starter guide: each kg reused avoids 1.1 kg CO2 unless a category says otherwise.
DEFAULT_CO2_FACTOR = Decimal("1.1")
# The Dutch general VAT rate; a centre may set another per category (9%, or 0 when exempt).
DEFAULT_VAT_RATE = Decimal("0.21")


@dataclass(frozen=True)
class Category:
    id: str
    label_nl: str
    label_en: str
    eu_group: str
    co2_factor: Decimal = DEFAULT_CO2_FACTOR
    vat_rate: Decimal = DEFAULT_VAT_RATE


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("textiel", "Textiel", "Textiles", "textiles"),
    Category("fietsen", "Fietsen", "Bicycles", "other"),
    Category("meubilair", "Meubilair", "Furniture", "furniture"),
    Category("kleingoed", "Kleingoed (huisraad)", "Household goods", "other"),
    Category("boeken", "Boeken en media", "Books and media", "other"),
    Category("speelgoed", "Speelgoed", "Toys", "other"),
    Category("bouwmaterialen", "Bouwmaterialen (hout, metaal, steen)",
             "Building materials (wood, metal, stone)", "construction"),
    Category("elektrisch", "Elektrische apparaten", "Electrical appliances", "eee"),
)


def with_vat(categories: Mapping[str, Category], default: Decimal,
             per_category: Mapping[str, Decimal]) -> dict[str, Category]:
    """The categories with the centre's VAT rates (`default` unless a category has its own);
    a rate for a category that does not exist is a mistake in the settings."""
    unknown = sorted(set(per_category) - set(categories))
    if unknown:
        raise ValueError(f"vat_rates: unknown categories {unknown}")
    return {k: replace(c, vat_rate=per_category.get(k, default)) for k, c in categories.items()}


# What the admin may change of a category (CONTRACT §12, /beheer). A typo guard, not a model:
# even a phone's production (some 350 kg CO2 per kg of phone) stays below it.
MAX_CO2_FACTOR = Decimal("1000")
CO2_PLACES = 3  # grams of CO2 per kg: finer than any published factor
VAT_PLACES = 4  # 0.2100: every Dutch rate (21 %, 9 %, 0 %) and any future one in tenths of a %
MAX_LABEL_CHARS = 64  # a label is shown on a 62 mm label and a till button


@dataclass(frozen=True)
class Change:
    """What the admin set on a category; None keeps the default (code, then settings)."""

    label_nl: str | None = None
    label_en: str | None = None
    co2_factor: Decimal | None = None
    vat_rate: Decimal | None = None


def changed(categories: Mapping[str, Category], changes: Mapping[str, Change]
            ) -> dict[str, Category]:
    """The categories with the admin's changes on them (a change for a category the code no
    longer knows is left out: it has no EU group to report under)."""
    out = dict(categories)
    for key, ch in changes.items():
        if key in out:
            c = out[key]
            out[key] = replace(
                c, label_nl=ch.label_nl or c.label_nl, label_en=ch.label_en or c.label_en,
                co2_factor=c.co2_factor if ch.co2_factor is None else ch.co2_factor,
                vat_rate=c.vat_rate if ch.vat_rate is None else ch.vat_rate)
    return out


def check_label(text: str, language_nl: str, language_en: str) -> str:
    """A label as it will be shown: trimmed, one line, 1 to MAX_LABEL_CHARS characters."""
    label = " ".join(text.split())
    if not label or len(label) > MAX_LABEL_CHARS or not label.isprintable():
        raise InvalidInput(
            f"het {language_nl} label is 1 tot {MAX_LABEL_CHARS} tekens op één regel",
            "invalid_label_text",
            en=f"the {language_en} label is 1 to {MAX_LABEL_CHARS} characters on one line")
    return label


def _number(raw: Decimal | float | int | str) -> Decimal | None:
    try:
        d = Decimal(str(raw))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def check_co2_factor(raw: Decimal | float | int | str) -> Decimal:
    """kg CO2 avoided per kg reused: 0 (nothing claimed) up to MAX_CO2_FACTOR, 3 decimals."""
    d = _number(raw)
    if d is None or d < 0 or d > MAX_CO2_FACTOR or d != round(d, CO2_PLACES):
        raise InvalidInput(
            f"de CO2-factor is een getal van 0 tot {MAX_CO2_FACTOR} (kg CO2 per kg) met "
            f"hoogstens {CO2_PLACES} decimalen", "invalid_co2_factor",
            en=f"the CO2 factor is a number from 0 to {MAX_CO2_FACTOR} (kg CO2 per kg) with at "
               f"most {CO2_PLACES} decimals")
    return round(d, CO2_PLACES)


def check_vat_rate(raw: Decimal | float | int | str) -> Decimal:
    """A VAT rate as a fraction: 0 (exempt) to 1, e.g. 0.21 or 0.09."""
    d = _number(raw)
    if d is None or d < 0 or d > 1 or d != round(d, VAT_PLACES):
        raise InvalidInput(
            "het btw-tarief is een fractie van 0 tot 1 (0,21 = 21 %, 0,09 = 9 %, 0 = vrijgesteld)",
            "invalid_vat_rate",
            en="the VAT rate is a fraction from 0 to 1 (0.21 = 21 %, 0.09 = 9 %, 0 = exempt)")
    return round(d, VAT_PLACES)
