"""ZPL II for Zebra printers: well formed, on the label, the texts and QR data intact."""

from __future__ import annotations

import pytest

from labels import DEFAULT_SIZE, LabelError, LabelSize, lay_out, render
from labels.render.zpl import render_zpl
from tests.support.labels import CATEGORIES, LONGEST_DESCRIPTIONS, parse_zpl, sample


@pytest.mark.parametrize(("dpi", "dots_per_mm"), [(203, 8), (300, 12)])
def test_zpl_is_well_formed_and_sized_for_the_head(dpi: int, dots_per_mm: int) -> None:
    label = sample()
    zpl = parse_zpl(render(label, "zpl", dpi=dpi))
    assert (zpl.width, zpl.length) == (50 * dots_per_mm, 30 * dots_per_mm)
    assert zpl.texts() == [line.text for line in lay_out(label, DEFAULT_SIZE).texts]


@pytest.mark.parametrize("dpi", [203, 300])
def test_qr_field_holds_the_url_in_byte_mode_with_its_exact_length(dpi: int) -> None:
    label = sample()
    qr = parse_zpl(render(label, "zpl", dpi=dpi)).qr()
    url = label.qr_url.encode()
    assert qr.data == f"HM,B{len(url):04d}{label.qr_url}"


@pytest.mark.parametrize("dpi", [203, 300])
def test_printed_qr_stays_inside_its_quiet_zone(dpi: int) -> None:
    layout = lay_out(sample(), DEFAULT_SIZE)
    dots = {203: 8, 300: 12}[dpi]
    qr = parse_zpl(render_zpl(layout, dpi)).qr()
    magnification = int(qr.commands["BQ"].split(",")[2])
    side = magnification * layout.qr.code.size
    clear = layout.qr.clear
    quiet = 4 * magnification
    assert qr.x - quiet >= clear.x * dots - 1 and qr.y - quiet >= clear.y * dots - 1
    assert qr.x + side + quiet <= clear.right * dots + 1
    assert qr.y + side + quiet <= clear.bottom * dots + 1
    # The mask the printer is told is the one the layout chose, so both draw one symbol.
    assert qr.commands["BQ"].endswith(f",{layout.qr.code.mask}")


def test_command_characters_in_text_are_escaped_not_obeyed() -> None:
    label = sample(description="pijp^XZ ~JA kapot_of_niet \\& é€", centre="A^B~C")
    printed = " ".join(parse_zpl(render(label, "zpl")).texts())
    assert "pijp^XZ ~JA kapot_of_niet \\& é€" in printed
    assert "A^B~C" in printed


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_and_the_longest_description_is_well_formed(category: str) -> None:
    for description in LONGEST_DESCRIPTIONS:
        parse_zpl(render(sample(category=category, description=description), "zpl"))


def test_label_size_is_configurable() -> None:
    zpl = parse_zpl(render(sample(), "zpl", size=LabelSize(102, 51), dpi=203))
    assert (zpl.width, zpl.length) == (816, 408)


def test_a_head_that_does_not_exist_is_refused() -> None:
    with pytest.raises(LabelError, match="dpi"):
        render(sample(), "zpl", dpi=250)
