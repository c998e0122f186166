"""Ambacht receipts: a sale's kassabon as text lines, as a PDF, and on an ESC/POS printer.

    from receipts import Receipt, text_lines, render_pdf, print_receipt

    lines = text_lines(receipt, width=42)         # 42 columns: 80 mm paper; 32: 58 mm
    pdf = render_pdf(receipt)                     # the same lines, receipt-wide
    print_receipt(receipt, "escpos://192.0.2.9:9100", kick_drawer=True)

The layout is pure; printing needs the optional extra `ambacht[printing]` (python-escpos).
"""

from __future__ import annotations

from receipts.layout import DEFAULT_WIDTH, WIDTHS, text_lines
from receipts.receipt import Discount, Part, Payment, Receipt, Refund, Vat

__all__ = ["DEFAULT_WIDTH", "WIDTHS", "Discount", "Part", "Payment", "Receipt", "Refund", "Vat",
           "text_lines"]
