"""Ambacht labels: a QR label for every item, for screens, A4 sheets and label printers.

    from labels import LabelData, render, render_sheet, print_label

    png = render(label, "png")                      # also "svg", "pdf", "zpl"
    pdf = render_sheet([label, ...], layout="3x8")  # or "2x7"; at most 1,000 labels
    print_label(render(label, "zpl"), "zpl://192.0.2.7:9100")

Bad input raises a `LabelError` (a ValueError) with a message for a person; a printer that
cannot be reached raises `PrinterError`.
"""

from __future__ import annotations

from collections.abc import Iterable

from labels.errors import (
    LabelError,
    LabelTooSmallError,
    TooManyLabelsError,
    UnknownSheetError,
    UnsupportedFormatError,
)
from labels.label import DEFAULT_SIZE, LabelData, LabelSize
from labels.layout import Layout, lay_out
from labels.printers import PrinterError, check_uri, print_label
from labels.render import png, svg, zpl
from labels.render.pdf import render_pdf, render_sheets
from labels.sheets import MAX_SHEET_LABELS, SHEET_MARGIN_MM, SHEETS, check_count, sheet

# What each format is, as an HTTP response says it.
MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "zpl": "application/vnd.zebra-zpl",  # not registered; what Zebra's own tools send
}
FORMATS = tuple(MEDIA_TYPES)

__all__ = [
    "DEFAULT_SIZE", "FORMATS", "MAX_SHEET_LABELS", "MEDIA_TYPES", "SHEETS",
    "LabelData", "LabelError", "LabelSize", "LabelTooSmallError", "Layout", "PrinterError",
    "TooManyLabelsError", "UnknownSheetError", "UnsupportedFormatError",
    "check_uri", "lay_out", "print_label", "render", "render_sheet",
]


def render(
    label: LabelData, fmt: str, *, size: LabelSize = DEFAULT_SIZE, dpi: int | None = None
) -> bytes:
    """One label as png, svg, pdf or zpl bytes.

    `dpi` is the PNG's resolution (default 300) or the Zebra head's (203, 300 or 600;
    default 203); svg and pdf are vector and ignore it.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in MEDIA_TYPES:
        raise UnsupportedFormatError(
            f"unsupported label format {fmt!r}; choose one of {', '.join(FORMATS)}"
        )
    placed = lay_out(label, size)
    if fmt == "png":
        return png.render_png(placed, dpi or png.DEFAULT_DPI)
    if fmt == "svg":
        return svg.render_svg(placed)
    if fmt == "pdf":
        return render_pdf(placed)
    return zpl.render_zpl(placed, dpi or zpl.DEFAULT_DPI)


def render_sheet(labels: Iterable[LabelData], layout: str = "3x8") -> bytes:
    """Labels on A4 sheets as one PDF; `layout` is a key of SHEETS ("3x8", "2x7")."""
    grid = sheet(layout)
    items = list(labels)
    check_count(len(items))
    return render_sheets((lay_out(item, grid.label, SHEET_MARGIN_MM) for item in items), grid)
