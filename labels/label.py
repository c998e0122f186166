"""What goes on a label, and how big the label is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from labels.errors import LabelError

# Bounds on a side. Whether a small label can hold a readable QR code is the layout's to
# say (LabelTooSmallError); these only keep out typing errors: 0, negative, a poster.
MIN_SIDE_MM = 10.0
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
        for side in (self.width_mm, self.height_mm):
            if not MIN_SIDE_MM <= side <= MAX_SIDE_MM:
                raise LabelError(
                    f"label size {self.width_mm:g} x {self.height_mm:g} mm: each side must be "
                    f"between {MIN_SIDE_MM:g} and {MAX_SIDE_MM:g} mm"
                )


# The roll most small Zebra desktop printers at kringloop tills carry.
DEFAULT_SIZE = LabelSize(50.0, 30.0)
