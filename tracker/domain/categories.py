"""Item categories with their EU reuse-reporting group and CO2 factor."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

EU_GROUPS = ("textiles", "eee", "furniture", "construction", "other")
# National starter guide: each kg reused avoids 1.1 kg CO2 unless a category says otherwise.
DEFAULT_CO2_FACTOR = Decimal("1.1")


@dataclass(frozen=True)
class Category:
    id: str
    label_nl: str
    label_en: str
    eu_group: str
    co2_factor: Decimal = DEFAULT_CO2_FACTOR


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
