"""Every station page fits a phone and a tablet held upright: no sideways scrolling, and every
button big enough for a finger."""

from __future__ import annotations

import pytest

from tests.support import pages

PORTRAIT = {"width": 800, "height": 1280}
MIN_TARGET_PX = 44  # WCAG 2.5.5 target size
PAGES = [("intake", "intake"), ("repair", "repair"), ("till", "till"), ("monitor", "dashboard")]


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
        pages.screenshot(page, f"{path}-{viewport['width']}w")
        assert page.js_errors == []
