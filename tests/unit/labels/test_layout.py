"""The layout: everything inside its rectangle, for every category and any description."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labels import DEFAULT_SIZE, LabelSize, LabelTooSmallError, lay_out
from labels.layout import MIN_MODULE_MM, MIN_TEXT_MM, ROLL_MARGIN_MM, Box, Layout, Qr, Rule
from labels.qr import QUIET_ZONE_MODULES
from labels.sheets import SHEET_MARGIN_MM, SHEETS
from labels.text import ELLIPSIS
from tests.support.labels import CATEGORIES, LONGEST_DESCRIPTIONS, sample

# (size, margin): the roll sizes Zebra desktop printers commonly carry, and the A4 sheets.
SIZES = [
    (DEFAULT_SIZE, ROLL_MARGIN_MM),
    (LabelSize(38, 25), ROLL_MARGIN_MM),
    (LabelSize(57, 32), ROLL_MARGIN_MM),
    (LabelSize(102, 51), ROLL_MARGIN_MM),
    (LabelSize(102, 152), ROLL_MARGIN_MM),  # 4 x 6 inch, upright
    (SHEETS["3x8"].label, SHEET_MARGIN_MM),
    (SHEETS["2x7"].label, SHEET_MARGIN_MM),
]
DESCRIPTIONS = ("", "Eikenhouten eettafel", *LONGEST_DESCRIPTIONS)


def assert_fits(layout: Layout, margin: float) -> None:
    """Nothing leaves the label, texts stay in their rooms, nothing overlaps."""
    w, h = layout.size.width_mm, layout.size.height_mm
    page = Box(0, 0, w, h)
    inner = Box(margin, margin, w - 2 * margin, h - 2 * margin)
    qr = layout.qr
    assert page.contains(qr.clear) and qr.clear.contains(qr.box)
    quiet = min(qr.box.x - qr.clear.x, qr.box.y - qr.clear.y,
                qr.clear.right - qr.box.right, qr.clear.bottom - qr.box.bottom)
    assert quiet >= QUIET_ZONE_MODULES * qr.module_mm - 1e-6
    assert inner.contains(qr.box)
    assert qr.module_mm >= MIN_MODULE_MM
    areas: list[Box] = [qr.clear]
    for element in layout.elements:
        if isinstance(element, Rule):
            assert inner.contains(element.box)
            areas.append(element.box)
    for line in layout.texts:
        assert line.room.contains(line.box), line.text
        assert inner.contains(line.room), line.text
        assert line.size_mm >= MIN_TEXT_MM - 1e-9
        areas.append(line.box)
    for a, b in itertools.combinations(areas, 2):
        assert not a.overlaps(b), (a, b)


@pytest.mark.parametrize(("size", "margin"), SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("description", DESCRIPTIONS, ids=["none", "short", "prose", "word"])
def test_every_category_and_description_fits_its_rectangle(
    size: LabelSize, margin: float, category: str, description: str
) -> None:
    layout = lay_out(sample(category=category, description=description), size, margin)
    assert_fits(layout, margin)
    texts = [line.text for line in layout.texts]
    # The code, category, weight, date and price are always there in full...
    assert texts[0] == "7K3M-9QXZ-R"
    assert category in " ".join(texts)
    assert "23,45 kg · 28-11-2026" in texts
    assert "€ 45,00" in texts
    # ...and the description as far as it fits, cut short visibly.
    if description in LONGEST_DESCRIPTIONS:
        assert any(t.endswith(ELLIPSIS) for t in texts)


@pytest.mark.parametrize(("size", "margin"), SIZES, ids=lambda v: str(v))
def test_the_code_is_the_largest_text_on_the_label(size: LabelSize, margin: float) -> None:
    layout = lay_out(sample(), size, margin)
    code, *rest = layout.texts
    assert code.text == "7K3M-9QXZ-R" and code.bold
    assert all(code.size_mm > line.size_mm for line in rest)
    assert code.size_mm >= 4.5  # about 13 pt, readable at arm's length, on the smallest roll


def test_unknown_weight_and_price_are_left_out() -> None:
    layout = lay_out(sample(weight_kg=None, price_eur=None), DEFAULT_SIZE)
    texts = [line.text for line in layout.texts]
    assert "28-11-2026" in texts
    assert not any("kg" in t or "€" in t for t in texts)


def test_a_label_too_small_for_a_readable_qr_code_is_refused() -> None:
    with pytest.raises(LabelTooSmallError, match="too small"):
        lay_out(sample(), LabelSize(30, 15))


def test_the_qr_code_holds_the_url_and_sits_left_of_the_text() -> None:
    layout = lay_out(sample(), DEFAULT_SIZE)
    assert layout.qr.code.data == "http://127.0.0.1:8000/i/7K3M-9QXZ-R"
    assert all(line.box.x >= layout.qr.clear.right for line in layout.texts[1:])


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=150, deadline=None)
@given(code=st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
       category=texts, description=texts, centre=texts,
       width=st.floats(25, 200), height=st.floats(15, 200),
       weight=st.none() | st.decimals(0, 100000, places=3),
       price=st.none() | st.decimals(0, 1000000, places=2))
def test_any_text_on_any_size_fits_or_the_size_is_refused(
    code: str, category: str, description: str, centre: str, width: float, height: float,
    weight: Decimal | None, price: Decimal | None,
) -> None:
    label = sample(code, category=category, description=description, centre=centre,
                   weight_kg=weight, price_eur=price)
    try:
        layout = lay_out(label, LabelSize(width, height))
    except LabelTooSmallError:
        return
    assert_fits(layout, ROLL_MARGIN_MM)
    assert isinstance(layout.elements[2], Qr)
