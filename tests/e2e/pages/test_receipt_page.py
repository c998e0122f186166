"""The public receipt page /r/{sale_id} on a customer's phone, in Dutch and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages


@pytest.mark.parametrize(("lang", "total", "item_word"), [
    ("nl", "Totaal", "Kleingoed (huisraad)"), ("en", "Total", "Household goods")])
def test_the_digital_receipt_fits_a_phone_in_its_language(open_page, demo, lang, total,
                                                          item_word):
    code = demo.item(price=7.5)
    sale = demo.call("till", "POST", "/api/sales", {"items": [code], "payment": "pin"})
    page = open_page(None, f"/r/{sale['sale_id']}", viewport=pages.PHONE, lang=lang,
                     ready=False)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("tr.total")).to_contain_text(total)
    expect(page.locator("tr.total")).to_contain_text("7" + (",50" if lang == "nl" else ".50"))
    expect(page.locator("table.receipt tbody").first).to_contain_text(f"{item_word} · {code}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/r/ scrolls sideways by {overflow}px"
    pages.screenshot(page, f"receipt-{lang}-{pages.PHONE['width']}w")
    assert page.js_errors == []
