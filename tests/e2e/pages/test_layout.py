"""Every station page fits a phone and a tablet held upright: no sideways scrolling, and every
button big enough for a finger."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

PORTRAIT = {"width": 800, "height": 1280}
MIN_TARGET_PX = 44  # WCAG 2.5.5 target size
PAGES = [("intake", "intake"), ("repair", "repair"), ("till", "till"), ("monitor", "dashboard"),
         ("admin", "beheer/afnemers"), ("admin", "beheer")]


@pytest.mark.parametrize("viewport", [pages.PHONE, PORTRAIT], ids=["phone", "tablet-portrait"])
def test_station_pages_fit_and_have_finger_sized_buttons(open_page, demo, viewport):
    for role, path in PAGES:
        page = open_page(role, f"/{path}", viewport=viewport)
        if path == "dashboard":
            page.wait_for_selector("body[data-loaded=true]")
        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at {viewport}"
        small = page.evaluate(f"""[...document.querySelectorAll("button, a.button, select, input")]
            .filter(e => e.offsetParent !== null && e.type !== "checkbox")
            .map(e => [e.id || e.textContent.trim(), e.getBoundingClientRect().height])
            .filter(([, h]) => h < {MIN_TARGET_PX})""")
        assert small == [], f"/{path}: too small to tap: {small}"
        pages.screenshot(page, f"{path.replace('/', '-')}-{viewport['width']}w")
        assert page.js_errors == []


SIZES = [pages.PHONE, pages.TABLET]
SIZE_IDS = ["phone", "tablet"]
# A line box is 1.4 × the font size (app.css): anything taller has wrapped.
ONE_LINE = ("el => el.getBoundingClientRect().height"
            " < 1.5 * parseFloat(getComputedStyle(el).lineHeight)")


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_till_with_a_full_cart_fits_and_codes_stay_on_one_line(open_page, demo, viewport):
    codes = [demo.item(price=12.5, category="elektrisch",
                       description="staafmixer met drie hulpstukken en een lange omschrijving"),
             demo.item(price=1234.5, category="bouwmaterialen")]
    till = open_page("till", "/till", viewport=viewport)
    for code in codes:
        till.keyboard.type(code)
        till.keyboard.press("Enter")
    expect(till.locator("#cart-body tr")).to_have_count(2)
    overflow = till.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the till scrolls sideways by {overflow}px"
    for code in codes:
        assert till.locator(f'#cart-body tr[data-code="{code}"] .code').evaluate(ONE_LINE), code
    pages.screenshot(till, f"till-cart-{viewport['width']}w")
    assert till.js_errors == []


@pytest.mark.parametrize("viewport", SIZES, ids=SIZE_IDS)
def test_intake_categories_fit_their_buttons_and_inzamelen_stays_in_reach(open_page, viewport):
    intake = open_page("intake", "/intake", viewport=viewport)
    buttons = intake.locator("#categories button")
    expect(buttons).to_have_count(8)
    # no label spills out of its button, and no word is broken ("Bouwmaterialen" whole)
    spilled = intake.evaluate("""[...document.querySelectorAll('#categories button')]
        .filter(b => b.scrollWidth > b.clientWidth).map(b => b.textContent)""")
    assert spilled == []
    words_on_one_line = intake.locator('[data-category="bouwmaterialen"]').evaluate("""b => {
        const range = document.createRange();
        range.setStart(b.firstChild, 0);
        range.setEnd(b.firstChild, 'Bouwmaterialen'.length);
        return range.getClientRects().length === 1; }""")
    assert words_on_one_line
    # Inzamelen is on the first screen, before any scrolling, and still after a choice
    collect = intake.get_by_role("button", name="Inzamelen", exact=True)
    box = collect.bounding_box()
    assert box["y"] + box["height"] <= viewport["height"], box
    intake.locator('[data-category="bouwmaterialen"]').click()
    box = collect.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    pages.screenshot(intake, f"intake-categories-{viewport['width']}w")
    assert intake.js_errors == []
