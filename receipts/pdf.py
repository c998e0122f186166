"""The receipt as a PDF on a page as wide as receipt paper, from the same lines (reportlab)."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from labels.qr import QUIET_ZONE_MODULES, encode
from receipts.layout import DEFAULT_WIDTH, text_lines
from receipts.receipt import Receipt
from receipts.report import Report
from receipts.report import text_lines as report_lines

TITLE = "Ambacht kassabon"
mm = 72 / 25.4  # PDF points per millimetre
PAPER_MM = 80.0  # the common receipt roll; 58 mm rolls print the same lines smaller
MARGIN_MM = 4.0  # what a receipt printer leaves blank on either side
# Courier's characters are 0.6 em wide: the size that fits `width` of them in the margins.
CHAR_EM = 0.6
LEADING = 1.25  # line height in font sizes
QR_MM = 30.0  # a phone reads a 30 mm code at arm's length; the quiet zone is inside it
FONT = "Courier"  # a standard PDF font: no file to embed, and WinAnsi has €, é, ë


def render_pdf(receipt: Receipt, width: int = DEFAULT_WIDTH) -> bytes:
    """The receipt's lines in a monospaced font, then its QR code, on one long page."""
    return _page(text_lines(receipt, width), width, receipt.url, TITLE)


def render_report_pdf(report: Report, title: str, width: int = DEFAULT_WIDTH) -> bytes:
    """A till's report (the Z-report) in the receipt's style: its lines, no QR code."""
    return _page(report_lines(report, width), width, None, title)


def _page(lines: list[str], width: int, url: str | None, title: str) -> bytes:
    """Lines in a monospaced font on one receipt-wide page, then the QR code to `url`."""
    size = (PAPER_MM - 2 * MARGIN_MM) * mm / (width * CHAR_EM)
    step = size * LEADING
    height = 2 * MARGIN_MM * mm + step * len(lines) + (QR_MM * mm if url else 0)
    out = io.BytesIO()
    # invariant: no timestamps or random ids, so the same receipt gives the same bytes
    canvas = Canvas(out, pagesize=(PAPER_MM * mm, height), invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator(TITLE)
    canvas.setFont(FONT, size)
    y = height - MARGIN_MM * mm - size
    for line in lines:
        canvas.drawString(MARGIN_MM * mm, y, line)
        y -= step
    if url:
        _qr(canvas, url, (PAPER_MM - QR_MM) / 2 * mm, MARGIN_MM * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _qr(canvas: Canvas, url: str, left: float, bottom: float) -> None:
    """The QR code to the receipt's public page, QR_MM square with its quiet zone."""
    code = encode(url)
    module = QR_MM * mm / (code.size + 2 * QUIET_ZONE_MODULES)
    top = bottom + QR_MM * mm - QUIET_ZONE_MODULES * module
    x0 = left + QUIET_ZONE_MODULES * module
    for r, c, n in code.dark_runs():
        canvas.rect(x0 + c * module, top - (r + 1) * module, n * module, module, stroke=0,
                    fill=1)
