"""The till keeps a copy of the shelf with prices (GET /api/shelf, refreshed with If-None-Match):
scanned while the network is gone, an item shows its price and description instead of "prijs
volgt", and the sale is booked at that price. A queued sale that the server refuses on the
resend (sold at another till meanwhile) is shown plainly at the top and on the receipt."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.support import pages


def _scan(page, text):
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _with_shelf(open_page, **kw):
    """The till, once its copy of the shelf is on the device."""
    till = open_page("till", "/till", **kw)
    expect(till.locator("body")).to_have_attribute("data-shelf", "fresh")
    return till


@pytest.mark.parametrize("locale", ["nl-NL", "en-US"])
def test_an_offline_scan_shows_the_price_kept_on_the_device_and_the_sale_stands_at_it(
        open_page, demo, locale):
    lamp = demo.item(price=7.5, category="elektrisch", description="leeslamp met kap")
    till = _with_shelf(open_page, locale=locale)
    kept = json.loads(till.evaluate("localStorage.getItem('ambacht.shelf')"))
    assert kept["items"][lamp.replace("-", "")] == [7.5, "elektrisch", "leeslamp met kap"]
    # reloaded: the shelf did not change, so the refresh is a 304 and the copy stays
    statuses = []
    till.on("response", lambda r: statuses.append(r.status) if "/api/shelf" in r.url else None)
    till.reload()
    expect(till.locator("body")).to_have_attribute("data-shelf", "kept")
    assert statuses == [304]

    demo.call("repair", "POST", f"/api/items/{lamp}/price", {"price_eur": 6})  # after the copy
    late = demo.item(price=9)  # on the shelf only after the copy was made
    till.context.set_offline(True)
    _scan(till, lamp)
    row = till.locator(f'#cart-body tr[data-code="{lamp}"]')
    expect(row).to_contain_text("€ 7,50")
    expect(row).to_contain_text("leeslamp met kap")
    expect(till.locator("#scan-message")).to_contain_text("€ 7,50")
    _scan(till, late)  # not in the copy: its price still follows
    expect(till.locator(f'#cart-body tr[data-code="{late}"]')).to_contain_text("volgt")
    till.get_by_role("button", name=f"Verwijderen {late}").click()
    expect(till.locator("#total")).to_have_text("€ 7,50")
    till.locator("#given").press_sequentially("10")
    expect(till.locator("#change")).to_have_text("Wisselgeld: € 2,50")  # the cashier can count
    till.locator("#given").press("Enter")
    expect(till.locator("#receipt")).to_have_attribute("data-state", "queued")
    expect(till.locator("#receipt-change")).to_have_text("Wisselgeld: € 2,50")
    pages.screenshot(till, f"till-offline-prices-{locale}")

    till.context.set_offline(False)
    expect(till.locator("#outbox")).to_be_hidden(timeout=20_000)
    expect(till.locator("#receipt")).to_contain_text("Afgerekend: € 7,50 contant")
    sold = [e for e in demo.call("till", "GET", f"/api/items/{lamp}/events")
            if e["type"] == "sold"]
    assert len(sold) == 1 and sold[0]["data"]["price_eur"] == 7.5  # what the customer paid
    today = pages.local_today().isoformat()
    differences = demo.call("monitor", "GET",
                            f"/api/sales/price-differences?from={today}&to={today}")
    assert [(d["shown_eur"], d["listed_eur"]) for d in differences if d["code"] == lamp] == [
        (7.5, 6.0)]
    assert demo.call("till", "GET", f"/api/items/{late}")["state"] == "ready_for_sale"
    assert till.js_errors == []


def test_an_offline_sale_refused_on_the_resend_is_shown_plainly(open_page, demo):
    gone, other = demo.item(price=3), demo.item(price=2)
    till = _with_shelf(open_page)
    till.context.set_offline(True)
    _scan(till, gone)
    _scan(till, other)
    expect(till.locator("#total")).to_have_text("€ 5,00")
    till.keyboard.press("F9")
    till.keyboard.press("Enter")  # the terminal said Akkoord
    expect(till.locator("#receipt")).to_have_attribute("data-state", "queued")
    # meanwhile another till, still online, sold the first item
    demo.call("till", "POST", "/api/sales", {"items": [gone], "payment": "cash"})
    till.context.set_offline(False)

    failed = till.locator("#failed")
    expect(failed).to_be_visible(timeout=20_000)
    expect(failed).to_contain_text("Verkoop: 2 regels, € 5,00 pin")
    expect(failed).to_contain_text(f"{gone} is al verkocht. Niets van deze verkoop")
    expect(till.locator("#receipt")).to_have_attribute("data-state", "refused")
    expect(till.locator("#receipt")).to_contain_text("geweigerd")
    pages.screenshot(till, "till-offline-refused")
    assert demo.call("till", "GET", f"/api/items/{other}")["state"] == "ready_for_sale"
    till.get_by_role("button", name="Gezien").click()
    expect(failed).to_be_hidden()
    assert till.js_errors == []
