"""A whole day at the till by keyboard alone (issue 19, CONTRACT §11): open it with a float, a
sale with a discount paid part by card and part in cash, a sale rung up while the Wi-Fi is
gone, a refund onto a tegoedbon, and the close with the counted cash; the Z-report's figures
worked out by hand below. A tablet in Dutch and a phone in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

CASES = [("nl-NL", pages.TABLET), ("en-US", pages.PHONE)]


def _scan(page, text):
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _type_number(page, nl: str, en: str, lang: str) -> None:
    page.keyboard.type(nl if lang == "nl" else en)


# By hand (every category at 21 %):
#   float                                   100,00
#   sale 1: lamp 12,50 + toy 3,00 − 10 % stadspas on the toy (0,30) = 15,20:
#           card 10,00, cash 5,20 (10,00 given, 4,80 back)
#   sale 2 (offline): vase 4,99 in cash, rounded to 5,00 (afronding 0,01)
#   refund: the lamp (12,50) onto a new tegoedbon: no cash leaves the drawer
#   sales 2, revenue 20,19; refunds 1, 12,50; net 7,69; discounts stadspas 0,30
#   VAT per line: lamp 2,17, toy 0,47, vase 0,87 = 3,51, less the lamp's 2,17 = 1,34 on
#   net 7,69 − 1,34 = 6,35
#   payments: card 10,00, cash 10,20; paid back: voucher 12,50
#   expected cash 100,00 + 10,20 = 110,20; counted 110,00; difference −0,20
@pytest.mark.parametrize(("locale", "viewport"), CASES, ids=["nl-tablet", "en-phone"])
def test_a_whole_day_at_the_till_by_keyboard(open_page, demo, locale, viewport):
    lang = locale[:2]
    lamp = demo.item(price=12.5, category="kleingoed")
    toy = demo.item(price=3, category="speelgoed")
    vase = demo.item(price=4.99, category="kleingoed", description="blauwe vaas")
    till = open_page("till", "/till", lang=lang, locale=locale, viewport=viewport)
    expect(till.locator("body")).to_have_attribute("data-shelf", "fresh")

    # the day before (other tests' sales) is closed; a new day with € 100 in the drawer
    if demo.call("till", "GET", "/api/till/days")["open_day"] is not None:
        expect(till.locator("#day-close-button")).to_be_visible()
        expect(till.locator("#scan")).to_be_focused()
        till.keyboard.press("F10")
        expect(till.locator("#day-counted")).to_be_focused()
        till.keyboard.type("0")
        till.keyboard.press("Enter")
        expect(till.locator("#day-new")).to_be_focused()
        till.keyboard.press("Enter")
    expect(till.locator("#day-float")).to_be_focused()  # no day open: the till asks first
    till.keyboard.type("100")
    till.keyboard.press("Enter")
    expect(till.locator("#scan")).to_be_focused()
    day = demo.call("till", "GET", "/api/till/days")["open_day"]

    # 1: two items, 10 % stadspas on the toy, € 10 by card and the rest in cash
    _scan(till, lamp)  # each line found before the next scan: the cart's order is the scans'
    expect(till.locator(f'#cart-body tr[data-code="{lamp}"]')).to_be_visible()
    _scan(till, toy)
    expect(till.locator(f'#cart-body tr[data-code="{toy}"]')).to_be_visible()
    till.keyboard.press("F4")  # on the last line: the toy
    expect(till.locator("#discount-amount")).to_be_focused()
    till.keyboard.press("Shift+Tab")
    till.keyboard.press("ArrowDown")  # Beschadigd → Stadspas
    expect(till.locator("#discount-reason")).to_have_value("stadspas")
    till.keyboard.press("Tab")
    till.keyboard.type("10%")
    till.keyboard.press("Enter")
    expect(till.locator("#total")).to_have_attribute("data-eur", "15.20")
    till.keyboard.press("F7")  # the voucher field, then on to the card's part
    expect(till.locator("#voucher-code")).to_be_focused()
    till.keyboard.press("Tab")
    expect(till.locator("#pin-part")).to_be_focused()
    till.keyboard.type("10")
    till.keyboard.press("Tab")
    expect(till.locator("#given")).to_be_focused()
    till.keyboard.type("10")
    expect(till.locator("#change")).to_have_attribute("data-eur", "4.80")
    till.keyboard.press("F8")
    expect(till.locator("#pin-confirm")).to_be_visible()
    till.keyboard.press("Enter")  # the terminal said Akkoord
    expect(till.locator("#receipt")).to_have_attribute("data-state", "sold")
    first = till.locator("#receipt").get_attribute("data-sale")

    # 2: the Wi-Fi drops; the vase's price comes from the shelf kept on the tablet
    till.context.set_offline(True)
    _scan(till, vase)
    expect(till.locator(f'#cart-body tr[data-code="{vase}"]')).to_contain_text("blauwe vaas")
    till.keyboard.press("F8")  # cash, exact
    expect(till.locator("#receipt")).to_have_attribute("data-state", "queued")
    expect(till.locator("#outbox")).to_have_attribute("data-count", "1")
    till.context.set_offline(False)
    expect(till.locator("#outbox")).to_be_hidden(timeout=20_000)
    assert demo.call("till", "GET", f"/api/items/{vase}")["state"] == "sold"

    # 3: the lamp comes back, onto a tegoedbon
    till.keyboard.press("F2")
    _scan(till, lamp)
    expect(till.locator(f'#refund-lines li[data-code="{lamp}"] input')).to_be_checked()
    till.keyboard.press("F7")
    credit = till.locator("#refund-voucher")
    expect(credit).to_be_visible()
    expect(till.locator("#refund-result")).to_contain_text("12,50" if lang == "nl" else "12.50")
    code = credit.get_attribute("data-code")
    assert code and demo.call("till", "GET", f"/api/vouchers/{code}")["balance_eur"] == 12.5
    till.keyboard.press("Escape")

    # the close: € 110 counted
    till.keyboard.press("F10")
    expect(till.locator("#day-counted")).to_be_focused()
    _type_number(till, "110,00", "110.00", lang)
    till.keyboard.press("Enter")
    expect(till.locator("#day-report")).to_be_visible()
    assert till.locator("#day-report").get_attribute("data-day") == day
    report = till.locator("#day-report-text")
    for text in (("Netto omzet", "7,69", "Verschil", "-0,20") if lang == "nl"
                 else ("Net revenue", "7.69", "Difference", "-0.20")):
        expect(report).to_contain_text(text)
    pages.screenshot(till, f"till-whole-day-{locale}")

    z = demo.call("till", "GET", f"/api/till/days/{day}")
    assert z["open"] is False
    assert (z["float_eur"], z["sales"], z["refunds"], z["net_revenue_eur"]) == (
        100.0, {"count": 2, "revenue_eur": 20.19}, {"count": 1, "amount_eur": 12.5}, 7.69)
    assert (z["discounts"], z["discount_eur"]) == ({"stadspas": 0.3}, 0.3)
    assert z["vat"] == [{"rate": 0.21, "net_eur": 6.35, "vat_eur": 1.34}]
    assert (z["payments"], z["refunds_paid"], z["rounding_eur"]) == (
        {"cash": 10.2, "pin": 10.0}, {"voucher": 12.5}, 0.01)
    assert (z["expected_cash_eur"], z["counted_cash_eur"], z["difference_eur"]) == (
        110.2, 110.0, -0.2)
    sale = demo.call("till", "GET", f"/api/sales/{first}")
    assert sale["payments"] == [{"method": "cash", "amount_eur": 5.2},
                                {"method": "pin", "amount_eur": 10.0}]
    assert till.js_errors == []
    demo.call("till", "POST", "/api/till/open", {"float_eur": 0})  # the next test's till sells
