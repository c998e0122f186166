"""Where everything on a label goes, in millimetres from the top-left corner (pure).

The code sits across the top in the largest type the label allows; below it the QR code
on the left (on top, for labels taller than wide) and the text column beside (below) it.
Every text is fitted to its box by choosing its size; nothing is ever drawn outside.
"""

from __future__ import annotations

from dataclasses import dataclass

from labels import fields, text
from labels.errors import LabelTooSmallError
from labels.label import LabelData, LabelSize
from labels.qr import QUIET_ZONE_MODULES, QrCode, encode

# Keeps ink off the die-cut edge: thermal printers place a roll label within about 1 mm.
ROLL_MARGIN_MM = 1.5
# The code's line may take at most this share of the label's height.
CODE_SHARE = 0.25
# Space between the code and what is below it, with a rule in the middle.
CODE_GAP_MM = 1.0
# Two dots of a 203 dpi head: a thinner rule prints broken.
RULE_MM = 0.3
# The QR code may take at most this share of the label's width (height, when upright).
QR_SHARE = 0.5
# Two dots of a 203 dpi head. Thinner modules print unevenly and a phone camera must come
# closer than it can focus; a label that cannot give this much is refused.
MIN_MODULE_MM = 0.25
# About 4.5 pt, 13 dots at 203 dpi: the smallest text a volunteer can still read.
MIN_TEXT_MM = 1.6
# Text larger than about 28 pt on a big label only looks shouty.
MAX_TEXT_MM = 10.0
# Labels at least this much taller than wide get the upright arrangement.
UPRIGHT_RATIO = 1.2
# Preferred sizes in the text column as shares of its height, and the lines each may take.
# With 1.2 em lines they add up to 73% of the column, leaving the rest to the description.
CATEGORY = (0.13, 2)
FACTS = (0.11, 1)
PRICE = (0.15, 1)
CENTRE = (0.09, 1)
DESCRIPTION_SHARE = 0.10


@dataclass(frozen=True)
class Box:
    """A rectangle: left, top, width, height in mm."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """Right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """Bottom edge."""
        return self.y + self.height

    def contains(self, other: Box, tolerance: float = 1e-6) -> bool:
        """Whether `other` lies wholly inside this box."""
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance
                and other.bottom <= self.bottom + tolerance)

    def overlaps(self, other: Box, tolerance: float = 1e-6) -> bool:
        """Whether the two boxes share any area."""
        return (self.x < other.right - tolerance and other.x < self.right - tolerance
                and self.y < other.bottom - tolerance and other.y < self.bottom - tolerance)


@dataclass(frozen=True)
class Text:
    """One line of text.

    `box` is its line box: where the text starts and its measured width. `room` is the
    line's share of the label, which `box` lies in: a renderer whose font runs wider than
    the measured one (a printer's own font) may fill it, never pass it.
    """

    box: Box
    room: Box
    text: str
    size_mm: float  # em height
    bold: bool
    centred: bool = False

    @property
    def baseline_mm(self) -> float:
        """Distance of the baseline from the label's top."""
        return self.box.y + self.size_mm * text.BASELINE_EM


@dataclass(frozen=True)
class Qr:
    """The QR symbol in `box` (no quiet zone); `clear` is the white area around it."""

    box: Box
    clear: Box
    code: QrCode

    @property
    def module_mm(self) -> float:
        """Side of one module."""
        return self.box.width / self.code.size


@dataclass(frozen=True)
class Rule:
    """A filled black rectangle."""

    box: Box


Element = Text | Qr | Rule


@dataclass(frozen=True)
class Layout:
    """Everything to draw on one label."""

    size: LabelSize
    elements: tuple[Element, ...]

    @property
    def texts(self) -> list[Text]:
        """The text lines."""
        return [e for e in self.elements if isinstance(e, Text)]

    @property
    def qr(self) -> Qr:
        """The QR code."""
        return next(e for e in self.elements if isinstance(e, Qr))


def lay_out(label: LabelData, size: LabelSize, margin_mm: float = ROLL_MARGIN_MM) -> Layout:
    """Lay out a label of `size`. Raises LabelTooSmallError when the QR code cannot fit."""
    page = Box(0.0, 0.0, size.width_mm, size.height_mm)
    inner = Box(margin_mm, margin_mm, size.width_mm - 2 * margin_mm,
                size.height_mm - 2 * margin_mm)
    code_line = _code_line(label.code, inner)
    rule = Rule(Box(inner.x, code_line.box.y + code_line.box.height + (CODE_GAP_MM - RULE_MM) / 2,
                    inner.width, RULE_MM))
    below = rule.box.bottom + (CODE_GAP_MM - RULE_MM) / 2
    code = encode(label.qr_url)
    upright = size.height_mm >= UPRIGHT_RATIO * size.width_mm
    if upright:
        side = min(page.width, (page.bottom - rule.box.bottom) * QR_SHARE)
        clear = Box((page.width - side) / 2, rule.box.bottom, side, side)
        qr = _qr_in(clear, code, margin_mm, size)
        column = Box(inner.x, clear.bottom, inner.width, inner.bottom - clear.bottom)
    else:
        side = min(page.width * QR_SHARE, page.bottom - rule.box.bottom)
        clear = Box(0.0, rule.box.bottom, side, side)
        qr = _qr_in(clear, code, margin_mm, size)
        column = Box(clear.right, below, inner.right - clear.right, inner.bottom - below)
    return Layout(size, (code_line, rule, qr, *_column(label, column)))


def _code_line(code: str, inner: Box) -> Text:
    """The item code across the top, as large as the width and CODE_SHARE allow."""
    code = text.printable(code)
    advance = text.width_em(code, bold=True)
    size = min(inner.height * CODE_SHARE / text.LINE_HEIGHT_EM, inner.width / max(advance, 1e-9))
    width = advance * size
    height = size * text.LINE_HEIGHT_EM
    return Text(Box(inner.x + (inner.width - width) / 2, inner.y, width, height),
                Box(inner.x, inner.y, inner.width, height), code, size, bold=True, centred=True)


def _qr_in(clear: Box, code: QrCode, margin_mm: float, size: LabelSize) -> Qr:
    """The symbol centred in `clear`, its quiet zone inside, never closer than the margin."""
    quiet = max(QUIET_ZONE_MODULES * clear.width / (code.size + 2 * QUIET_ZONE_MODULES),
                margin_mm)
    module = (clear.width - 2 * quiet) / code.size
    if module < MIN_MODULE_MM:
        raise LabelTooSmallError(
            f"a {size.width_mm:g} x {size.height_mm:g} mm label is too small for this QR "
            f"code: its modules would be {module:.2f} mm, at least {MIN_MODULE_MM} mm is needed"
        )
    side = module * code.size
    return Qr(Box(clear.x + (clear.width - side) / 2, clear.y + (clear.height - side) / 2,
                  side, side), clear, code)


def _column(label: LabelData, column: Box) -> list[Text]:
    """The text column: category, weight and date, price, description, and centre at the foot.

    Each block gets its preferred size or less; blocks that do not fit the column's height
    are left out, least important first (description, centre, facts, price).
    """
    def fitted(words: str, share_lines: tuple[float, int], bold: bool) -> text.Fitted | None:
        share, lines = share_lines
        preferred = min(MAX_TEXT_MM, max(MIN_TEXT_MM, column.height * share))
        return text.fit(words, width_mm=column.width,
                        height_mm=preferred * text.LINE_HEIGHT_EM * lines,
                        max_size_mm=preferred, min_size_mm=MIN_TEXT_MM, max_lines=lines,
                        bold=bold)

    price = fields.price(label.price_eur) if label.price_eur is not None else ""
    blocks = {
        "category": fitted(label.category, CATEGORY, bold=True),
        "price": fitted(price, PRICE, bold=True),
        "facts": fitted(fields.facts(label.weight_kg, label.intake_date), FACTS, bold=False),
        "centre": fitted(label.centre, CENTRE, bold=False),
    }
    kept: dict[str, text.Fitted] = {}
    used = 0.0
    for name, block in blocks.items():  # most important first
        if block is not None and used + block.height_mm <= column.height + 1e-9:
            kept[name] = block
            used += block.height_mm
    preferred = min(MAX_TEXT_MM, max(MIN_TEXT_MM, column.height * DESCRIPTION_SHARE))
    description = text.fit(label.description, width_mm=column.width,
                           height_mm=column.height - used, max_size_mm=preferred,
                           min_size_mm=MIN_TEXT_MM, max_lines=1000)
    if description is not None:
        kept["description"] = description

    lines: list[Text] = []
    y = column.y
    for name in ("category", "facts", "price", "description"):
        if name in kept:
            lines += _lines(kept[name], column, y, bold=name in ("category", "price"))
            y += kept[name].height_mm
    if "centre" in kept:
        lines += _lines(kept["centre"], column, column.bottom - kept["centre"].height_mm,
                        bold=False)
    return lines


def _lines(block: text.Fitted, column: Box, top: float, bold: bool) -> list[Text]:
    height = block.size_mm * text.LINE_HEIGHT_EM
    return [
        Text(Box(column.x, top + i * height, text.width_em(line, bold) * block.size_mm, height),
             Box(column.x, top + i * height, column.width, height), line, block.size_mm, bold)
        for i, line in enumerate(block.lines)
    ]
