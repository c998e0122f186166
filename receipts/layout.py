"""The receipt as lines of monospaced text at a printer's width (pure).

A receipt printer prints a fixed number of characters a line: 42 in font A on 80 mm paper
(Epson TM-T20/T88 and their clones), 32 on 58 mm paper. The text receipt, the PDF and the
ESC/POS print all come from these lines, so what the customer holds is what was checked.
"""

from __future__ import annotations

import textwrap

from receipts.receipt import Receipt

WIDTHS = (32, 42, 48)  # 58 mm; 80 mm font A; 80 mm printers with 48 columns (font A, 576 dots)
DEFAULT_WIDTH = 42
RULE = "-"
DETAIL_INDENT = "  "


def money(cents: int, decimal_comma: bool = True) -> str:
    """-1234 cents → "-12,34" (or "-12.34"): exact, never through a float."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}{',' if decimal_comma else '.'}{part:02d}"


def row(left: str, right: str, width: int) -> str:
    """`left` and `right` on one line of `width`; a long `left` is cut, never the amount."""
    room = width - len(right) - 1
    left = left[: max(room, 0)]  # plain cut: a receipt printer's code page has no ellipsis
    return left + " " * (width - len(left) - len(right)) + right


def centred(text: str, width: int) -> list[str]:
    """Text in the middle of the line, wrapped over more lines when longer."""
    return [line.center(width).rstrip() for line in textwrap.wrap(text, width) or [""]]


def text_lines(receipt: Receipt, width: int = DEFAULT_WIDTH) -> list[str]:
    """The whole receipt, top to bottom, each line at most `width` characters. The QR code to
    `receipt.url` follows the last line (the renderers draw it)."""
    w, comma = receipt.words, receipt.decimal_comma

    def eur(cents: int) -> str:
        return money(cents, comma)

    rule = RULE * width
    out = [*centred(receipt.centre, width), *centred(receipt.site, width),
           *centred(receipt.at.strftime("%d-%m-%Y %H:%M"), width),
           *centred(f"{w['receipt']} {receipt.number}", width), rule]
    for part in receipt.parts:
        shown = part.list_cents if part.discounts and part.list_cents is not None else part.cents
        out.append(row(part.name, eur(shown), width))
        if part.detail:
            out.append(DETAIL_INDENT + part.detail[: width - len(DETAIL_INDENT)])
        out += [row(f"{DETAIL_INDENT}{w['discount']} {d.reason}", eur(-d.cents), width)
                for d in part.discounts]
    out += [row(f"{w['discount']} {d.reason}", eur(-d.cents), width) for d in receipt.discounts]
    out.append(rule)
    if receipt.rounding_cents:
        out.append(row(w["rounding"], eur(receipt.rounding_cents), width))
    out.append(row(w["total"].upper(), f"{w['eur']} {eur(receipt.total_cents)}", width))
    out += [row(p.method, eur(p.cents), width) for p in receipt.payments]
    if receipt.change_cents:
        out.append(row(w["change"], eur(receipt.change_cents), width))
    if receipt.vat:
        out.append("")
        out += [row(f"{w['vat']} {v.rate} {w['vat_over']} {eur(v.net_cents)}", eur(v.vat_cents),
                    width) for v in receipt.vat]
    for refund in receipt.refunds:
        out += [rule, row(f"{w['refunded']} {refund.at.strftime('%d-%m-%Y')}",
                          eur(-refund.cents), width), DETAIL_INDENT + refund.method]
        out += [DETAIL_INDENT + p[: width - len(DETAIL_INDENT)] for p in refund.parts]
    out += [rule, *centred(w["scan"], width)]
    return out
