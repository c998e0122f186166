"""A refund whose connection drops after the sale was found: it waits on the till with its own
Idempotency-Key, the cashier already sees what to give back, and once the Wi-Fi is back it is
stored exactly once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import pages


def test_a_refund_made_while_the_wifi_is_gone_arrives_once(open_page, demo):
    chair = demo.item(price=12.5, category="meubilair", weight_kg=8)
    sale_id = demo.call("till", "POST", "/api/sales",
                        {"items": [chair], "payment": "cash"})["sale_id"]
    till = open_page("till", "/till")
    till.keyboard.press("F2")
    till.keyboard.type(demo.call("till", "GET", f"/api/items/{chair}")["qr"])
    till.keyboard.press("Enter")
    expect(till.locator(f'#refund-lines li[data-code="{chair}"] input')).to_be_checked()

    till.context.set_offline(True)  # the sale was found; now the Wi-Fi drops
    till.keyboard.press("F8")
    expect(till.locator("#refund-result")).to_have_text("Geef terug: € 12,50 contant")
    expect(till.locator("#refund-note")).to_contain_text("Bewaard op dit apparaat")
    expect(till.locator("#outbox")).to_have_attribute("data-count", "1")
    assert demo.call("till", "GET", f"/api/sales/{sale_id}")["refunds"] == []

    till.context.set_offline(False)
    expect(till.locator("#outbox")).to_be_hidden(timeout=20_000)
    refunds = demo.call("till", "GET", f"/api/sales/{sale_id}")["refunds"]
    assert [(r["amount_eur"], r["method"], r["items"]) for r in refunds] == [
        (12.5, "cash", [chair])]
    assert demo.call("till", "GET", f"/api/items/{chair}")["state"] == "ready_for_sale"
    pages.screenshot(till, "till-refund-offline")
    assert till.js_errors == []
