"""The convenience API: one call per format, bad input refused with a clear message."""

from __future__ import annotations

import io
from xml.etree import ElementTree

import pytest
from PIL import Image

from labels import (
    DEFAULT_SIZE,
    FORMATS,
    MAX_SHEET_LABELS,
    MEDIA_TYPES,
    LabelError,
    TooManyLabelsError,
    UnknownSheetError,
    UnsupportedFormatError,
    lay_out,
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


def test_svg_is_well_formed_with_its_text_escaped_and_held_to_its_measured_length() -> None:
    label = sample(description="<script>&</script>")
    svg = render(label, "svg")
    root = ElementTree.fromstring(svg)
    texts = root.findall("{http://www.w3.org/2000/svg}text")
    assert [t.text for t in texts] == [line.text for line in lay_out(label, DEFAULT_SIZE).texts]
    assert "<script>" in " ".join(t.text or "" for t in texts)
    assert b"<script>" not in svg
    assert all(float(t.attrib["textLength"]) > 0 for t in texts)
    assert (root.attrib["width"], root.attrib["height"]) == ("50mm", "30mm")


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
