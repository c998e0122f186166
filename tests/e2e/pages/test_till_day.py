"""The till's day in a real browser, keyboard only (CONTRACT §11): close the day that is open
(F10, the counted cash, Enter), the Z-report on screen, open a new day with its float, sell,
close it: the report's figures are the sale's. A phone in Dutch and a tablet in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

WORDS = {
    "nl-NL": {"lang": "nl", "opened": "Dag", "first": "Open eerst de dag",
              "expected": "Verwacht in de lade: € 57,00", "z": "Z-rapport kassa demo-till",
              "figures": ["Omzet", "7,00", "Wisselgeld begin", "50,00", "Verschil", "-0,50"]},
    "en-US": {"lang": "en", "opened": "Day", "first": "Open the day first",
              "expected": "Expected in the drawer: €57.00", "z": "Z report till demo-till",
              "figures": ["Revenue", "7.00", "Float", "50.00", "Difference", "-0.50"]},
}
CASES = [("nl-NL", pages.PHONE), ("en-US", pages.TABLET)]


def _scan(page, text):
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _close(till, counted: str) -> None:
    """F10, the counted cash, Enter: the Z-report comes up."""
    till.keyboard.press("F10")
    expect(till.locator("#day-counted")).to_be_focused()
    till.keyboard.type(counted)
    till.keyboard.press("Enter")
    expect(till.locator("#day-report")).to_be_visible()


@pytest.mark.parametrize(("locale", "viewport"), CASES, ids=["nl-phone", "en-tablet"])
def test_open_sell_and_close_the_day_by_keyboard(open_page, demo, locale, viewport):
    w = WORDS[locale]
    item = demo.item(price=7, category="boeken")
    till = open_page("till", "/till", lang=w["lang"], locale=locale, viewport=viewport)
    before = demo.call("till", "GET", "/api/till/days")["open_day"]
    assert before is not None  # the demo's till starts with its day open
    expect(till.locator("#day-close-button")).to_contain_text("F10")
    _close(till, "0")  # whatever the tests before sold: that day is done
    expect(till.locator("#day-new")).to_be_focused()
    till.keyboard.press("Enter")  # a new day: the float asked first
    expect(till.locator("#day-float")).to_be_focused()
    till.keyboard.type("50")
    till.keyboard.press("Enter")
    expect(till.locator("#day-open")).to_be_hidden()
    expect(till.locator("#scan")).to_be_focused()
    day = demo.call("till", "GET", "/api/till/days")["open_day"]
    assert day is not None and day != before
    _scan(till, item)
    expect(till.locator(f'#cart-body tr[data-code="{item}"]')).to_be_visible()
    till.keyboard.press("F8")  # cash, exact
    expect(till.locator("#receipt")).to_be_visible()
    till.keyboard.press("F10")
    expect(till.locator("#day-expected")).to_contain_text(w["expected"])  # 50 + 7
    pages.screenshot(till, f"till-day-close-{locale}")
    till.keyboard.press("Escape")  # not yet: back to the till, the day stays open
    expect(till.locator("#day-close")).to_be_hidden()
    expect(till.locator("#scan")).to_be_focused()
    _close(till, "56,50" if w["lang"] == "nl" else "56.50")
    report = till.locator("#day-report-text")
    expect(report).to_contain_text(w["z"])
    for text in w["figures"]:
        expect(report).to_contain_text(text)
    assert till.locator("#day-report").get_attribute("data-day") == day
    pages.screenshot(till, f"till-day-z-report-{locale}")
    z = demo.call("till", "GET", f"/api/till/days/{day}")
    assert (z["open"], z["sales"], z["expected_cash_eur"], z["difference_eur"]) == (
        False, {"count": 1, "revenue_eur": 7.0}, 57.0, -0.5)
    # no day open: paying is refused until the next day is opened
    till.keyboard.press("Enter")
    expect(till.locator("#day-float")).to_be_focused()
    till.keyboard.type("0")
    till.keyboard.press("Enter")
    expect(till.locator("#day-open")).to_be_hidden()
    assert demo.call("till", "GET", "/api/till/days")["open_day"] is not None
    assert till.js_errors == []


def test_a_till_without_an_open_day_asks_for_it_before_it_sells(open_page, demo):
    with demo.api("till") as http:
        assert http.post("/api/till/close", json={"counted_eur": 0}).status_code == 200
    item = demo.item(price=2)
    till = open_page("till", "/till")
    expect(till.locator("#day-open")).to_be_visible()
    expect(till.locator("#day-float")).to_be_focused()
    till.keyboard.press("Escape")  # the day must be opened: the dialog stays
    expect(till.locator("#day-open")).to_be_visible()
    till.keyboard.type("-5")
    till.keyboard.press("Enter")
    expect(till.locator("#day-open")).to_be_visible()  # refused next to the field
    till.locator("#day-float").fill("")
    till.keyboard.type("20")
    till.keyboard.press("Enter")
    expect(till.locator("#day-open")).to_be_hidden()
    _scan(till, item)
    till.keyboard.press("F8")
    expect(till.locator("#receipt")).to_be_visible()
    assert demo.call("till", "GET", f"/api/items/{item}")["state"] == "sold"
    assert till.js_errors == []
