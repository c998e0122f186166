"""Tegoedbonnen at the till by keyboard alone (CONTRACT §11, §9): issue one (F3), pay part of
a receipt by scanning its QR and the rest in cash, refund an item onto a new voucher (F2,
F7), and pay with that one by typing its code (F7)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

WORDS = {
    "nl-NL": {"lang": "nl", "made": "Tegoedbon TB-", "covers": "genoeg voor alles",
              "applied": "Nog te betalen: € 2,50", "back": "Op tegoedbon: € 10,00"},
    "en-US": {"lang": "en", "made": "Voucher TB-", "covers": "enough for everything",
              "applied": "Still to pay: €2.50", "back": "Onto a voucher: €10.00"},
}
CASES = [("nl-NL", pages.PHONE), ("en-US", pages.TABLET)]


def _scan(page, text):
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _balance(demo, code: str) -> float:
    return demo.call("till", "GET", f"/api/vouchers/{code}")["balance_eur"]


@pytest.mark.parametrize(("locale", "viewport"), CASES, ids=["nl-phone", "en-tablet"])
def test_vouchers_issued_spent_and_refunded_onto_by_keyboard(open_page, demo, locale, viewport):
    w = WORDS[locale]
    lamp, chair = demo.item(price=12.5), demo.item(price=10)
    till = open_page("till", "/till", lang=w["lang"], locale=locale, viewport=viewport)

    till.keyboard.press("F3")  # Tegoedbon uitgeven: € 20, a gift voucher paid in cash
    expect(till.locator("#voucher-amount")).to_be_focused()
    till.keyboard.type("20")
    till.keyboard.press("Enter")
    made = till.locator("#voucher-made")
    expect(made).to_contain_text(w["made"])
    gift = made.get_attribute("data-code")
    assert gift and _balance(demo, gift) == 20.0
    expect(till.locator("#scan")).to_be_focused()
    pages.screenshot(till, f"till-voucher-issued-{locale}")

    _scan(till, lamp)
    _scan(till, chair)
    expect(till.locator("#total")).to_have_attribute("data-eur", "22.50")
    _scan(till, f"{demo.url}/v/{gift}")  # the voucher's QR, as a hand scanner types it
    expect(till.locator("#scan-message")).to_contain_text(w["applied"])
    expect(till.locator("#voucher-list")).to_contain_text(gift)
    till.keyboard.press("F8")  # the rest (2,50) in cash
    expect(till.locator("#receipt")).to_have_attribute("data-state", "sold")
    sale_id = till.locator("#receipt").get_attribute("data-sale")
    sale = demo.call("till", "GET", f"/api/sales/{sale_id}")
    assert sale["payments"] == [{"method": "cash", "amount_eur": 2.5},
                                {"method": "voucher", "amount_eur": 20.0, "voucher": gift}]
    assert _balance(demo, gift) == 0.0

    till.keyboard.press("F2")  # Retour: the chair comes back, onto a voucher
    _scan(till, chair)
    expect(till.locator(f'#refund-lines li[data-code="{chair}"] input')).to_be_checked()
    till.keyboard.press("F7")
    expect(till.locator("#refund-result")).to_have_text(w["back"])
    credit = till.locator("#refund-voucher").get_attribute("data-code")
    assert credit and credit != gift and _balance(demo, credit) == 10.0
    pages.screenshot(till, f"till-refund-voucher-{locale}")
    till.keyboard.press("Escape")

    book = demo.item(price=4)
    _scan(till, book)
    till.keyboard.press("F7")  # the voucher's field: its code typed by hand, in small letters
    expect(till.locator("#voucher-code")).to_be_focused()
    _scan(till, credit.lower())
    expect(till.locator("#scan-message")).to_contain_text(w["covers"])
    till.keyboard.press("F8")
    expect(till.locator("#receipt")).to_be_visible()
    expect(till.locator("#receipt")).not_to_have_attribute("data-sale", sale_id)
    paid_with = till.locator("#receipt").get_attribute("data-sale")
    sale = demo.call("till", "GET", f"/api/sales/{paid_with}")
    assert sale["payments"] == [{"method": "voucher", "amount_eur": 4.0, "voucher": credit}]
    assert _balance(demo, credit) == 6.0
    pages.screenshot(till, f"till-voucher-paid-{locale}")
    assert till.js_errors == []


def test_a_used_up_voucher_is_refused_at_the_till_and_nothing_is_sold(open_page, demo):
    code = demo.call("till", "POST", "/api/vouchers", {"amount_eur": 3, "reason": "x"})["code"]
    demo.call("till", "POST", "/api/sales", {"items": [demo.item(price=3)], "payments": [
        {"method": "voucher", "amount_eur": 3, "voucher": code}]})
    toy = demo.item(price=5)
    till = open_page("till", "/till")
    _scan(till, toy)
    _scan(till, code)
    expect(till.locator("#scan-message")).to_contain_text("helemaal gebruikt")
    expect(till.locator("#voucher-list")).to_be_hidden()
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    _scan(till, typo)
    expect(till.locator("#scan-message")).to_contain_text("geen geldige tegoedbon")
    assert demo.call("till", "GET", f"/api/items/{toy}")["state"] == "ready_for_sale"
    assert till.js_errors == []
