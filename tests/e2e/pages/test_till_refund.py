"""Retour at the till is a refund (CONTRACT §9): the cashier scans an item of the sale (or the
receipt), ticks what comes back, and the page says in large figures how much to give back. The
item goes back on the shelf (or to the bench), no new life; refusals are said plainly."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

WORDS = {
    "nl-NL": {"lang": "nl", "give_cash": "Geef terug: € 15,50 contant",
              "give_pin": "Geef terug: € 4,00 via de pin", "already": "is al terugbetaald",
              "nothing": "Er is niets veranderd", "never": "is niet verkocht",
              "faulty": "Defect (naar de werkbank)", "unknown_sale": "kennen we niet"},
    "en-US": {"lang": "en", "give_cash": "Give back: €15.50 in cash",
              "give_pin": "Give back: €4.00 by card", "already": "has already been refunded",
              "nothing": "Nothing has changed", "never": "has not been sold",
              "faulty": "Faulty (to the repair bench)", "unknown_sale": "We do not know sale"},
}


def _scan(page, text):
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _refunds_today(demo):
    today = pages.local_today().isoformat()
    return demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")["refunds"]


def _sale(demo):
    """A sale of a chair (€ 12,50), a book (€ 4,00) and 2 kg of textiles (€ 3,00), by card."""
    chair = demo.item(price=12.5, category="meubilair", weight_kg=8)
    book = demo.item(price=4, category="boeken", weight_kg=0.5)
    sale = demo.call("till", "POST", "/api/sales", {
        "items": [chair, book], "payment": "pin",
        "lines": [{"category": "textiel", "weight_kg": 2, "price_eur": 3}]})
    return sale["sale_id"], chair, book


@pytest.mark.parametrize("locale", ["nl-NL", "en-US"])
def test_retour_refunds_part_of_a_sale_and_says_what_to_give_back(open_page, demo, locale):
    w = WORDS[locale]
    sale_id, chair, book = _sale(demo)
    before = _refunds_today(demo)
    till = open_page("till", "/till", lang=w["lang"], locale=locale)
    till.keyboard.press("F2")
    expect(till.locator("#mode")).to_be_visible()
    expect(till.locator("#cart")).to_be_hidden()  # the customer's cart waits meanwhile

    # the hand scanner reads the chair's label: its sale shows, the chair ticked
    qr = demo.call("till", "GET", f"/api/items/{chair}")["qr"]
    _scan(till, qr)
    rows = till.locator("#refund-lines li")
    expect(rows).to_have_count(3)
    expect(till.locator(f'#refund-lines li[data-code="{chair}"] input')).to_be_checked()
    expect(till.locator(f'#refund-lines li[data-code="{book}"] input')).not_to_be_checked()
    expect(till.locator("#refund-about")).to_contain_text(sale_id)
    # the textiles come back too; the chair has a broken leg
    till.locator('#refund-lines li[data-key="l:0"] input').check()
    till.get_by_label(w["faulty"]).check()
    pages.screenshot(till, f"till-refund-{w['lang']}")
    till.keyboard.press("F8")  # in Retour: pay back in cash
    expect(till.locator("#refund-result")).to_have_text(w["give_cash"])
    expect(till.locator(f'#refund-lines li[data-code="{chair}"]')).to_have_attribute(
        "data-refunded", "true")

    # what the server stored: a refund of chair and textiles, the chair to the bench, no life
    sale = demo.call("till", "GET", f"/api/sales/{sale_id}")
    assert [(r["amount_eur"], r["method"], r["items"], r["lines"]) for r in sale["refunds"]] == [
        (15.5, "cash", [chair], [0])]
    item = demo.call("till", "GET", f"/api/items/{chair}")
    assert (item["state"], item["cycle"]) == ("in_repair", 1)
    assert demo.call("till", "GET", f"/api/items/{book}")["state"] == "sold"
    after = _refunds_today(demo)
    assert after["count"] == before["count"] + 1
    assert round(after["amount_eur"] - before["amount_eur"], 2) == 15.5
    assert round(after["kg"] - before["kg"], 3) == 10.0

    # scanned again: already refunded, and nothing is ticked for it
    _scan(till, chair)
    expect(till.locator("#scan-message")).to_contain_text(f"{chair} {w['already']}")
    expect(till.locator(f'#refund-lines li[data-code="{chair}"] input')).to_be_disabled()

    # the book was refunded at another till meanwhile: this page still offers it, the server
    # refuses, the page says so plainly and shows what is true now
    till.locator(f'#refund-lines li[data-code="{book}"] input').check()
    demo.call("till", "POST", f"/api/sales/{sale_id}/refund", {"items": [book], "method": "pin"})
    till.get_by_role("button", name="Terugbetalen" if w["lang"] == "nl" else "Pay back",
                     exact=True).click()
    expect(till.locator("#scan-message")).to_contain_text(w["already"])
    expect(till.locator("#scan-message")).to_contain_text(w["nothing"])
    expect(till.locator(f'#refund-lines li[data-code="{book}"] input')).to_be_disabled()
    assert len(demo.call("till", "GET", f"/api/sales/{sale_id}")["refunds"]) == 2

    # an item that was never sold has no money to give back
    shelf = demo.item(price=2)
    till.locator("#scan").focus()
    _scan(till, shelf)
    expect(till.locator("#scan-message")).to_contain_text(f"{shelf} {w['never']}")
    assert demo.call("till", "GET", f"/api/items/{shelf}")["state"] == "ready_for_sale"
    _scan(till, "0123456789abcdef0123456789abcdef")
    expect(till.locator("#scan-message")).to_contain_text(w["unknown_sale"])

    # Esc: back to selling
    till.keyboard.press("Escape")
    expect(till.locator("#mode")).to_be_hidden()
    expect(till.locator("#cart")).to_be_visible()
    assert till.js_errors == []


@pytest.mark.parametrize("viewport", [pages.PHONE, pages.TABLET], ids=["phone", "tablet"])
def test_retour_finds_the_sale_from_its_receipt_and_pays_back_by_card(open_page, demo,
                                                                     viewport):
    sale_id, chair, book = _sale(demo)
    till = open_page("till", "/till", viewport=viewport)
    till.get_by_role("button", name="Retour").click()
    # the receipt's QR (/r/{sale_id}), as a scanner types it, or the bare number typed over
    _scan(till, f"{demo.url}/r/{sale_id}")
    expect(till.locator("#refund-lines li")).to_have_count(3)
    expect(till.locator("#refund-lines input:checked")).to_have_count(0)  # nothing chosen yet
    till.get_by_role("button", name="Terugbetalen", exact=True).click()
    expect(till.locator("#scan-message")).to_contain_text("Vink eerst aan wat terugkomt")
    till.locator(f'#refund-lines li[data-code="{book}"] input').check()
    expect(till.locator("#refund-total")).to_have_text("€ 4,00")
    expect(till.get_by_role("radio", name="Pin")).to_be_checked()  # as the sale was paid
    overflow = till.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the refund scrolls sideways by {overflow}px"
    till.get_by_role("button", name="Terugbetalen", exact=True).click()
    expect(till.locator("#refund-result")).to_have_text("Geef terug: € 4,00 via de pin")
    pages.screenshot(till, f"till-refund-{viewport['width']}w")
    assert demo.call("till", "GET", f"/api/items/{book}")["state"] == "ready_for_sale"
    assert demo.call("till", "GET", f"/api/items/{chair}")["state"] == "sold"

    till.locator("#scan").focus()
    _scan(till, sale_id)  # the receipt number typed over: the book is refunded now
    expect(till.locator(f'#refund-lines li[data-code="{book}"]')).to_have_attribute(
        "data-refunded", "true")
    assert till.js_errors == []
