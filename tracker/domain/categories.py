"""Item categories with their EU reuse-reporting group and CO2 factor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

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
