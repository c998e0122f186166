"""Fitting text to a box: shrink, wrap, and only at the smallest size cut short."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from labels import metrics
from labels.render import fonts
from labels.text import ELLIPSIS, LINE_HEIGHT_EM, MISSING, fit, printable, width_em, wrap


def test_short_text_keeps_its_preferred_size() -> None:
    fitted = fit("Textiel", width_mm=30, height_mm=10, max_size_mm=3, min_size_mm=1.6)
    assert fitted is not None
    assert fitted.lines == ("Textiel",) and fitted.size_mm == 3


def test_text_too_wide_for_one_line_shrinks_until_it_fits() -> None:
    fitted = fit("Elektrische apparaten", width_mm=20, height_mm=10, max_size_mm=5,
                 min_size_mm=1.6)
    assert fitted is not None and not fitted.truncated
    assert width_em(fitted.lines[0]) * fitted.size_mm <= 20
    assert fitted.size_mm < 5


def test_text_wraps_onto_the_lines_it_may_use() -> None:
    fitted = fit("Bouwmaterialen (hout, metaal, steen)", width_mm=25, height_mm=10,
                 max_size_mm=3, min_size_mm=1.6, max_lines=2, bold=True)
    assert fitted is not None
    assert fitted.lines == ("Bouwmaterialen", "(hout, metaal, steen)")
    assert all(width_em(line, bold=True) * fitted.size_mm <= 25 for line in fitted.lines)


def test_text_that_cannot_fit_is_cut_short_with_an_ellipsis() -> None:
    fitted = fit("lang verhaal " * 100, width_mm=20, height_mm=5, max_size_mm=2,
                 min_size_mm=1.6, max_lines=100)
    assert fitted is not None and fitted.truncated
    assert fitted.size_mm >= 1.6
    assert fitted.lines[-1].endswith(ELLIPSIS)
    assert fitted.height_mm <= 5
    assert all(width_em(line) * fitted.size_mm <= 20 for line in fitted.lines)


def test_an_unbreakable_word_is_broken_between_characters() -> None:
    lines = wrap("X" * 100, width_in_em=10)
    assert len(lines) > 1 and all(width_em(line) <= 10 for line in lines)
    assert "".join(lines) == "X" * 100


def test_no_room_for_one_line_gives_nothing() -> None:
    assert fit("Textiel", width_mm=30, height_mm=1.6 * LINE_HEIGHT_EM * 0.9, max_size_mm=3,
               min_size_mm=1.6) is None
    assert fit("", width_mm=30, height_mm=10, max_size_mm=3, min_size_mm=1.6) is None


def test_printable_text_is_one_line_in_glyphs_the_fonts_have() -> None:
    assert printable("  Stoel\n\tmet\x00 kussen  ") == "Stoel met kussen"
    assert printable("Ĳzeren pan — €5 “goed”") == "Ĳzeren pan — €5 “goed”"
    assert printable("茶壶 🫖") == f"{MISSING}{MISSING} {MISSING}"


@pytest.mark.parametrize("bold", [False, True])
def test_width_table_matches_the_bundled_font(bold: bool) -> None:
    name = f"check-{bold}"
    pdfmetrics.registerFont(TTFont(name, str(fonts.path(bold))))
    table = metrics.BOLD if bold else metrics.REGULAR
    assert len(table) > 300
    for codepoint, width in table.items():
        measured = pdfmetrics.stringWidth(chr(codepoint), name, metrics.UNITS_PER_EM)
        assert measured == pytest.approx(width, abs=1e-6), chr(codepoint)
