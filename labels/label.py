"""What goes on a label, and how big the label is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Smallest and largest labels the layout is designed for. Below 25 x 15 mm the QR code's
# modules get too small for a 203 dpi printer head and a phone camera; above 300 mm it is
# a poster, not a label.
MIN_SIDE_MM = 15.0
MIN_LONG_SIDE_MM = 25.0
MAX_SIDE_MM = 300.0


@dataclass(frozen=True, kw_only=True)
class LabelData:
    """The facts printed on one item's label."""

    code: str  # as displayed, `XXXX-XXXX-C`
    qr_url: str  # `{base_url}/i/{CODE}`, exactly what the QR code holds
    category: str  # the category's label in the centre's language, e.g. "Textiel"
    intake_date: date
    centre: str  # the centre's name
    weight_kg: Decimal | None = None
    price_eur: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class LabelSize:
    """A label's width and height in millimetres."""

    width_mm: float
    height_mm: float

    def __post_init__(self) -> None:
        short, long = sorted((self.width_mm, self.height_mm))
        if short < MIN_SIDE_MM or long < MIN_LONG_SIDE_MM or long > MAX_SIDE_MM:
            raise ValueError(
                f"label size {self.width_mm} x {self.height_mm} mm is outside "
                f"{MIN_LONG_SIDE_MM:g} x {MIN_SIDE_MM:g} .. {MAX_SIDE_MM:g} mm"
            )


# The roll most small Zebra desktop printers at kringloop tills carry.
DEFAULT_SIZE = LabelSize(50.0, 30.0)
