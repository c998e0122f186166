"""PDF: one label on a page of its own size, or many on A4 sheets (reportlab)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from labels.layout import Layout, Qr, Rule, Text
from labels.render import fonts
from labels.sheets import A4, Sheet

TITLE = "Ambacht labels"
mm = 72 / 25.4  # PDF points per millimetre
_FONT_NAMES = {False: "AmbachtLabelSans", True: "AmbachtLabelSans-Bold"}


def render_pdf(layout: Layout) -> bytes:
    """One label on a page exactly its size, for a label printer driven through CUPS."""
    out = io.BytesIO()
    canvas = _canvas(out, (layout.size.width_mm * mm, layout.size.height_mm * mm))
    _draw(canvas, layout, 0.0, 0.0, layout.size.height_mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def render_sheets(layouts: Iterable[Layout], sheet: Sheet) -> bytes:
    """Labels on as many A4 sheets as they take, in order, rows filled left to right."""
    out = io.BytesIO()
    canvas = _canvas(out, (A4[0] * mm, A4[1] * mm))
    current_page = 0
    for index, layout in enumerate(layouts):
        page, left, top = sheet.place(index)
        if page != current_page:
            canvas.showPage()
            current_page = page
        _draw(canvas, layout, left, top, A4[1])
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _canvas(out: io.BytesIO, pagesize: tuple[float, float]) -> Canvas:
    _register_fonts()
    # invariant: no timestamps or random ids, so the same labels give the same bytes.
    canvas = Canvas(out, pagesize=pagesize, invariant=True, pageCompression=1)
    canvas.setTitle(TITLE)
    canvas.setCreator(TITLE)
    return canvas


@cache
def _register_fonts() -> None:
    for bold, name in _FONT_NAMES.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts.path(bold))))


def _draw(canvas: Canvas, layout: Layout, left_mm: float, top_mm: float,
          page_height: float) -> None:
    """Draw a layout with its top-left corner at (left, top) mm from the page's top-left."""

    def x(v: float) -> float:
        return (left_mm + v) * mm

    def y(v: float) -> float:
        return (page_height - top_mm - v) * mm

    for element in layout.elements:
        if isinstance(element, Text):
            canvas.setFont(_FONT_NAMES[element.bold], element.size_mm * mm)
            canvas.drawString(x(element.box.x), y(element.baseline_mm), element.text)
        elif isinstance(element, Qr):
            canvas.addLiteral(_qr_operators(element, x(element.box.x), y(element.box.y)))
        elif isinstance(element, Rule):
            b = element.box
            canvas.rect(x(b.x), y(b.bottom), b.width * mm, b.height * mm, stroke=0, fill=1)


def _qr_operators(qr: Qr, x: float, y: float) -> str:
    """The symbol as raw PDF path operators: one rectangle per dark run, in module units.

    The matrix flips y and scales to the module size, so each run is four small integers;
    writing them straight is several times faster than a path object per rectangle, which
    a 1,000-label sheet feels.
    """
    m = qr.module_mm * mm
    runs = " ".join(f"{c} {r} {n} 1 re" for r, c, n in qr.code.dark_runs())
    return f"q 0 g {m:.5f} 0 0 {-m:.5f} {x:.4f} {y:.4f} cm {runs} f Q"
