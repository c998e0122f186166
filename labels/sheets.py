"""A4 sheets of sticky labels, for offices without a label printer (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from labels.errors import LabelError, TooManyLabelsError, UnknownSheetError
from labels.label import LabelSize

A4 = (210.0, 297.0)
# One request prints at most this many labels: a morning's intake is a few hundred, and a
# 1,000-label PDF is about 40 pages and takes a few seconds to make.
MAX_SHEET_LABELS = 1000
# Office printers cannot print the outer ~4 mm of a page and feed a sheet within ~1 mm;
# the 3x8 sheet's labels run to the page edge, so every label keeps this much inside.
SHEET_MARGIN_MM = 4.0


@dataclass(frozen=True)
class Sheet:
    """A sheet's grid: label size, offset of the first label, distance between labels."""

    name: str
    columns: int
    rows: int
    label: LabelSize
    left_mm: float
    top_mm: float
    pitch_x_mm: float
    pitch_y_mm: float

    @property
    def per_page(self) -> int:
        """Labels on one sheet."""
        return self.columns * self.rows

    def place(self, index: int) -> tuple[int, float, float]:
        """(page, left, top) in mm of the index-th label, filling rows left to right."""
        page, slot = divmod(index, self.per_page)
        row, column = divmod(slot, self.columns)
        return page, self.left_mm + column * self.pitch_x_mm, self.top_mm + row * self.pitch_y_mm


SHEETS: dict[str, Sheet] = {
    # 24 labels of 70 x 37 mm (Avery 3474, Herma 4453 and look-alikes): no gaps, 0.5 mm
    # top and bottom.
    "3x8": Sheet("3x8", 3, 8, LabelSize(70.0, 37.0), 0.0, 0.5, 70.0, 37.0),
    # 14 labels of 99.1 x 38.1 mm (Avery L7163 and look-alikes): 4.65 mm sides, 2.5 mm
    # between the columns, 15.15 mm top and bottom.
    "2x7": Sheet("2x7", 2, 7, LabelSize(99.1, 38.1), 4.65, 15.15, 101.6, 38.1),
}


def sheet(name: str) -> Sheet:
    """The sheet layout called `name`; UnknownSheetError names the ones there are."""
    try:
        return SHEETS[name]
    except KeyError:
        raise UnknownSheetError(
            f"unknown sheet layout {name!r}; choose one of {', '.join(SHEETS)}"
        ) from None


def check_count(count: int) -> None:
    """Refuse an empty sheet request or one over MAX_SHEET_LABELS, saying so."""
    if count > MAX_SHEET_LABELS:
        raise TooManyLabelsError(
            f"{count} labels asked for; at most {MAX_SHEET_LABELS} fit in one sheet PDF, "
            "split the request"
        )
    if count < 1:
        raise LabelError("no labels asked for; give at least one item")
