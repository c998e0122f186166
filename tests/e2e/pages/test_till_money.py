"""The money at the till by keyboard alone (CONTRACT §11): a markdown rule lowers a price on the
cart line by itself, a discount on a line (%) and on the whole receipt (€) with a reason, part
paid by card (the cashier confirms the terminal's approval) and the rest in cash, rounded to
5 cents, with the change big on screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

WORDS = {
    "nl-NL": {"lang": "nl", "marked": "afgeprijsd 20%", "pin": "Pin € 5,00",
              "change": "Wisselgeld: € 2,60", "discount": "korting 10% (Stadspas)"},
    "en-US": {"lang": "en", "marked": "marked down 20%", "pin": "Card €5.00",
              "change": "Change: €2.60", "discount": "discount 10% (City pass)"},
}
CASES = [("nl-NL", pages.PHONE), ("en-US", pages.TABLET)]


def _scan(page, text):
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


@pytest.mark.parametrize(("locale", "viewport"), CASES, ids=["nl-phone", "en-tablet"])
def test_markdown_discounts_and_a_split_payment_by_keyboard(open_page, demo, locale, viewport):
    w = WORDS[locale]
    rule = demo.call("admin", "POST", "/api/markdowns",
                     {"category": "speelgoed", "days": 0, "pct": 20})
    try:
        toy = demo.item(price=10, category="speelgoed")
        book = demo.item(price=5.99, category="boeken")
        till = open_page("till", "/till", lang=w["lang"], locale=locale, viewport=viewport)
        _scan(till, toy)
        toy_row = till.locator(f'#cart-body tr[data-code="{toy}"]')
        expect(toy_row).to_have_attribute("data-markdown", "20")
        expect(toy_row).to_contain_text(w["marked"])  # € 10 marked down: € 8,00
        _scan(till, book)
        expect(till.locator(f'#cart-body tr[data-code="{book}"]')).to_be_visible()
        till.keyboard.press("F4")  # on the last line; the reason: back one field, down one
        expect(till.locator("#discount-amount")).to_be_focused()
        till.keyboard.press("Shift+Tab")
        till.keyboard.press("ArrowDown")  # Beschadigd → Stadspas
        expect(till.locator("#discount-reason")).to_have_value("stadspas")
        till.keyboard.press("Tab")
        till.keyboard.type("10%")
        till.keyboard.press("Enter")  # the book: 5,99 − 0,60 = 5,39
        expect(till.locator(f'#cart-body tr[data-code="{book}"]')).to_contain_text(w["discount"])
        till.keyboard.press("F4")  # € 1 off the whole receipt (Stadspas still chosen)
        till.keyboard.press("Shift+Tab")
        till.keyboard.press("Shift+Tab")
        expect(till.locator("#discount-on")).to_be_focused()
        till.keyboard.press("Home")  # the first choice: the whole receipt
        till.keyboard.press("Tab")
        till.keyboard.press("Tab")
        till.keyboard.type("1")
        till.keyboard.press("Enter")
        expect(till.locator("#total")).to_have_attribute("data-eur", "12.39")  # 8 + 5,39 − 1
        till.locator("#pin-part").focus()
        till.keyboard.type("5")
        till.keyboard.press("Tab")
        till.keyboard.type("10")
        # cash due 7,39 → 7,40 (rounded to 5 cents): 2,60 back
        expect(till.locator("#change")).to_have_attribute("data-eur", "2.60")
        till.keyboard.press("F8")
        expect(till.locator("#pin-confirm")).to_be_visible()
        expect(till.locator("#pin-ask")).to_contain_text(w["pin"])
        pages.screenshot(till, f"till-pin-confirm-{locale}")
        till.keyboard.press("Enter")  # the terminal said Akkoord
        expect(till.locator("#receipt-change")).to_have_text(w["change"])
        sale_id = till.locator("#receipt").get_attribute("data-sale")
        assert sale_id
        sale = demo.call("till", "GET", f"/api/sales/{sale_id}")
        assert (sale["total_eur"], sale["change_eur"], sale["rounding_eur"]) == (12.39, 2.6, 0.01)
        assert sale["payments"] == [{"method": "cash", "amount_eur": 7.4},
                                    {"method": "pin", "amount_eur": 5.0}]
        # the € 1 spread over 8,00 and 5,39 by largest remainder: 0,60 and 0,40
        assert sorted((d.get("item"), d["reason"], d["eur"]) for d in sale["discounts"]) == sorted([
            (toy, "markdown", 2.0), (toy, "stadspas", 0.6), (book, "stadspas", 0.6),
            (book, "stadspas", 0.4)])
        pages.screenshot(till, f"till-split-{locale}")
        assert till.js_errors == []
    finally:
        with demo.api("admin") as http:
            http.delete(f"/api/markdowns/{rule['id']}")
