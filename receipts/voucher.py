"""A tegoedbon (voucher) on paper: its lines at a receipt printer's width, as a PDF, and printed
on the till's ESC/POS printer with the QR code to its balance page and the cut. The layout is
pure; the PDF and the print reuse the receipt's page and print job (receipts/pdf.py,
receipts/printers.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from labels.printers import CONNECT_TIMEOUT_S
from receipts import pdf, printers
from receipts.layout import DEFAULT_WIDTH, RULE, centred, money, row

TITLE = "Ambacht tegoedbon"


@dataclass(frozen=True)
class Slip:
    """A voucher as the customer gets it. `at`: when it was issued (local time); `words` the
    fixed texts in its language (keys: title, credit, balance, keep, scan, eur)."""

    centre: str
    site: str
    at: datetime
    code: str  # as shown: TB-XXXX-XXXX-XXXX-C
    url: str  # what the QR code holds: the balance page /v/{code}
    issued_cents: int
    balance_cents: int
    words: Mapping[str, str]
    decimal_comma: bool = True


def slip_lines(slip: Slip, width: int = DEFAULT_WIDTH) -> list[str]:
    """The voucher, top to bottom, each line at most `width` characters; its QR code follows."""
    w, rule = slip.words, RULE * width

    def eur(cents: int) -> str:
        return f"{w['eur']} {money(cents, slip.decimal_comma)}"

    return [*centred(slip.centre, width), *centred(slip.site, width),
            *centred(slip.at.strftime("%d-%m-%Y %H:%M"), width), rule,
            *centred(w["title"].upper(), width), "",
            row(w["credit"], eur(slip.issued_cents), width),
            row(w["balance"].upper(), eur(slip.balance_cents), width), "",
            *centred(slip.code, width), rule, *centred(w["keep"], width),
            *centred(w["scan"], width)]


def render_pdf(slip: Slip, width: int = DEFAULT_WIDTH) -> bytes:
    """The voucher as a receipt-wide PDF, with its QR code."""
    return pdf._page(slip_lines(slip, width), width, slip.url, TITLE)


def job(slip: Slip, columns: int = DEFAULT_WIDTH) -> bytes:
    """The voucher as a print job: its lines, the QR code and the cut (no drawer: no cash)."""
    return printers._job(slip_lines(slip, columns), slip.url, kick_drawer=False)


def print_slip(slip: Slip, uri: str, *, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Send the voucher to the receipt printer at `uri` (PrinterError when it did not get
    there, PrintingNotInstalled without python-escpos)."""
    where = printers.target(uri)
    printers._send(where, job(slip, where.columns), timeout_s)
