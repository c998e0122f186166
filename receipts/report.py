"""A till's report (the Z-report of a day, the slip of an opened day) as lines of monospaced
text at a printer's width (pure), in the receipt's style: the PDF and the ESC/POS print come
from these lines, as a receipt's do."""

from __future__ import annotations

from dataclasses import dataclass

from receipts.layout import DEFAULT_WIDTH, DETAIL_INDENT, RULE, centred, money, row


@dataclass(frozen=True)
class Row:
    """One figure: its label and an amount in cents, or a plain value (a count)."""

    label: str
    cents: int | None = None
    value: str = ""


@dataclass(frozen=True)
class Section:
    """A titled block of figures (an empty title: rows without a heading)."""

    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Report:
    """A report already in its language: centred lines on top, then its sections."""

    head: tuple[str, ...]
    sections: tuple[Section, ...]
    decimal_comma: bool = True  # 12,50 in Dutch, 12.50 in English


def text_lines(report: Report, width: int = DEFAULT_WIDTH) -> list[str]:
    """The whole report, top to bottom, each line at most `width` characters."""
    out = [line for text in report.head for line in centred(text, width)]
    out.append(RULE * width)
    for n, section in enumerate(report.sections):
        if n:
            out.append("")
        indent = ""
        if section.title:
            out.append(section.title[:width])
            indent = DETAIL_INDENT
        for r in section.rows:
            right = r.value if r.cents is None else money(r.cents, report.decimal_comma)
            out.append(row(indent + r.label, right, width))
    out.append(RULE * width)
    return out
