"""Measure, wrap and fit text in millimetres, with the widths of the bundled fonts (pure)."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from labels import metrics

# DejaVu's ink reaches 0.93 em above the baseline (accented capitals) and 0.24 em below
# (descenders): 1.16 em. A line box of 1.2 em holds it with a hair to spare.
LINE_HEIGHT_EM = 1.2
# Where the baseline sits below the top of its line box: just past the font's ascent, so
# that an accent on a capital never sticks out of the box.
BASELINE_EM = 0.94
# Each try shrinks the font by 4%: steps small enough that nobody sees a text could have
# been a little bigger, few enough that a label lays out in well under a millisecond.
SHRINK_STEP = 0.96
ELLIPSIS = "\u2026"
# Shown instead of a character the bundled fonts cannot draw (Chinese, emoji): every
# renderer then shows the same thing, and the width we measured is the width printed.
MISSING = "?"


@dataclass(frozen=True)
class Fitted:
    """Text broken into lines at a font size (em height, mm) so that it fits its box."""

    lines: tuple[str, ...]
    size_mm: float
    truncated: bool = False

    @property
    def height_mm(self) -> float:
        """Height of the lines' boxes, stacked."""
        return len(self.lines) * self.size_mm * LINE_HEIGHT_EM


def printable(text: str) -> str:
    """The text as the fonts can draw it: one line, single spaces, unknown glyphs as '?'."""
    text = unicodedata.normalize("NFC", text)
    chars = (
        " " if c.isspace() or unicodedata.category(c) == "Cc"
        else c if ord(c) in metrics.REGULAR else MISSING
        for c in text
    )
    return " ".join("".join(chars).split())


def width_em(text: str, bold: bool = False) -> float:
    """Advance width of printable text in ems."""
    table = metrics.BOLD if bold else metrics.REGULAR
    missing = table[ord(MISSING)]
    return sum(table.get(ord(c), missing) for c in text) / metrics.UNITS_PER_EM


def wrap(text: str, width_in_em: float, bold: bool = False) -> list[str]:
    """Greedy word wrap; a word longer than a whole line is broken between characters."""
    words = text.split(" ")
    return _wrap(words, [width_em(w, bold) for w in words], width_in_em, bold)


def _wrap(words: list[str], widths: list[float], width_in_em: float, bold: bool) -> list[str]:
    space = width_em(" ", bold)
    lines: list[str] = []
    current = ""
    used = 0.0
    for word, width in zip(words, widths, strict=True):
        if current and used + space + width <= width_in_em:
            current, used = f"{current} {word}", used + space + width
            continue
        if current:
            lines.append(current)
        if width <= width_in_em:
            current, used = word, width
            continue
        current, used = "", 0.0
        for char in word:
            char_width = width_em(char, bold)
            if current and used + char_width > width_in_em:
                lines.append(current)
                current, used = "", 0.0
            current, used = current + char, used + char_width
    if current:
        lines.append(current)
    return lines


def ellipsize(line: str, width_in_em: float, bold: bool = False) -> str:
    """The line cut short so that it and an ellipsis fit the width."""
    line = line.rstrip()
    while line and width_em(line + ELLIPSIS, bold) > width_in_em:
        line = line[:-1].rstrip()
    return line + ELLIPSIS


def fit(
    text: str,
    *,
    width_mm: float,
    height_mm: float,
    max_size_mm: float,
    min_size_mm: float,
    max_lines: int = 1,
    bold: bool = False,
) -> Fitted | None:
    """The largest size (between min and max) at which the text fits its box.

    When even the smallest size does not fit, the text is cut short with an ellipsis.
    Returns None when not one line of the smallest size fits the height.
    """
    text = printable(text)
    if not text or width_em(ELLIPSIS, bold) * min_size_mm > width_mm:
        return None
    size = min(max_size_mm, height_mm / LINE_HEIGHT_EM)
    if max_lines == 1:
        # Start no larger than the size at which the one line fills the width.
        size = min(size, width_mm / max(width_em(text, bold), 1e-9))
    size = max(size, min_size_mm)
    words = text.split(" ")
    widths = [width_em(w, bold) for w in words]
    while True:
        allowed = min(max_lines, math.floor(height_mm / (size * LINE_HEIGHT_EM) + 1e-9))
        if allowed < 1:
            return None
        width_in_em = width_mm / size
        lines = _wrap(words, widths, width_in_em, bold)
        if len(lines) <= allowed:
            return Fitted(tuple(lines), size)
        smaller = size * SHRINK_STEP
        if smaller < min_size_mm:
            kept = lines[:allowed]
            kept[-1] = ellipsize(kept[-1], width_in_em, bold)
            return Fitted(tuple(kept), size, truncated=True)
        size = smaller
