"""The convenience API: one call per format, bad input refused with a clear message."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from labels import (
    FORMATS,
    MAX_SHEET_LABELS,
    MEDIA_TYPES,
    LabelError,
    TooManyLabelsError,
    UnknownSheetError,
    UnsupportedFormatError,
    render,
    render_sheet,
)
from labels.sheets import A4, SHEETS
from tests.support.labels import sample

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-", "zpl": b"^XA"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_renders_to_its_kind_of_file(fmt: str) -> None:
    assert render(sample(), fmt).startswith(MAGIC[fmt])
    assert MEDIA_TYPES[fmt]


def test_format_is_case_insensitive_and_may_carry_a_dot() -> None:
    assert render(sample(), ".PNG").startswith(MAGIC["png"])


def test_an_unsupported_format_is_refused_naming_the_ones_there_are() -> None:
    with pytest.raises(UnsupportedFormatError, match="png, svg, pdf, zpl"):
        render(sample(), "jpg")
    assert issubclass(UnsupportedFormatError, ValueError)  # an API maps it to 422


def test_more_than_a_thousand_labels_are_refused_before_any_work() -> None:
    never = (sample() for _ in range(MAX_SHEET_LABELS + 1))
    with pytest.raises(TooManyLabelsError, match="at most 1000"):
        render_sheet(never)


def test_an_empty_sheet_or_an_unknown_layout_is_refused() -> None:
    with pytest.raises(LabelError, match="no labels"):
        render_sheet([])
    with pytest.raises(UnknownSheetError, match="3x8, 2x7"):
        render_sheet([sample()], layout="4x10")


def test_svg_text_is_escaped_and_fits_its_measured_length() -> None:
    svg = render(sample(description="<script>&</script>"), "svg").decode()
    assert "<script>" not in svg and "&lt;script&gt;&amp;&lt;/script&gt;" in svg
    assert svg.count("textLength=") == svg.count("<text ")


@pytest.mark.parametrize("name", list(SHEETS))
def test_every_slot_of_a_sheet_lies_on_the_a4_page(name: str) -> None:
    sheet = SHEETS[name]
    for index in range(sheet.per_page * 2):
        page, left, top = sheet.place(index)
        assert page == index // sheet.per_page
        assert left >= 0 and top >= 0
        assert left + sheet.label.width_mm <= A4[0] + 1e-9
        assert top + sheet.label.height_mm <= A4[1] + 1e-9


def test_png_is_a_greyscale_picture_at_the_asked_resolution() -> None:
    image = Image.open(io.BytesIO(render(sample(), "png", dpi=300)))
    image.load()  # checks every chunk's CRC and the zlib stream
    assert image.mode == "L"
    assert image.size == (591, 354)  # 50 x 30 mm at 300 dpi
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert image.getextrema() == (0, 255)
