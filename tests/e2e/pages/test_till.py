"""The till in a real browser, keyboard only: refusals in plain words, unlabelled goods, refunds,
and sales made while the network is gone (or whose answer got lost) stored exactly once."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.support import pages


def _scan(page, text):
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _sales_today(demo):
    today = pages.local_today().isoformat()
    doc = demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")
    return doc["visitors"]["sales"]


def _sold_events(demo, code):
    return [e for e in demo.call("till", "GET", f"/api/items/{code}/events") if e["type"] == "sold"]


def test_till_says_in_plain_words_why_an_item_is_not_for_sale(open_page, demo):
    fresh = demo.item(state="collected")
    bench = demo.item(state="in_repair")
    gone = demo.item(state="sold")
    till = open_page("till", "/till")
    message = till.locator("#scan-message")
    for code, words in [(fresh, "is nog niet gekeurd en heeft nog geen prijs: niet te koop"),
                        (bench, "is nog in reparatie: niet te koop"),
                        (gone, "is al verkocht")]:
        _scan(till, code)
        expect(message).to_contain_text(f"{code} {words}")
        expect(till.locator("#cart-body tr")).to_have_count(0)
    wrong = fresh[:-1] + ("0" if fresh[-1] != "0" else "1")  # the check symbol does not match
    _scan(till, wrong)
    expect(message).to_contain_text("geen geldige code")
    pages.screenshot(till, "till-refused")

    # Sold at another till between the scan and the payment: nothing is sold, the page says
    # why and takes it off; paying again sells the rest.
    first, second = demo.item(price=3), demo.item(price=4)
    _scan(till, first)
    _scan(till, second)
    expect(till.locator("#cart-body tr")).to_have_count(2)
    demo.call("till", "POST", "/api/sales", {"items": [second], "payment": "cash"})
    till.keyboard.press("F8")
    expect(message).to_contain_text(f"{second} is al verkocht")
    expect(message).to_contain_text("Niets verkocht")
    expect(till.locator("#cart-body tr")).to_have_count(1)
    assert demo.call("till", "GET", f"/api/items/{first}")["state"] == "ready_for_sale"
    till.keyboard.press("F8")
    expect(till.locator("#receipt")).to_contain_text("Afgerekend: € 3,00 contant (1 regel)")
    assert len(_sold_events(demo, first)) == 1 and len(_sold_events(demo, second)) == 1
    assert till.js_errors == []


def test_till_by_keyboard_alone_with_goods_by_weight_and_a_refund(open_page, demo):
    code = demo.item(price=5)
    till = open_page("till", "/till")
    _scan(till, code)
    # unlabelled books by the kilo: open the form with the keyboard, fill it, Enter
    till.locator("#line-form summary").focus()
    till.keyboard.press("Enter")
    till.keyboard.press("Tab")  # the category (Boeken en media is preselected)
    till.keyboard.press("Tab")
    till.keyboard.type("1.2")
    till.keyboard.press("Tab")
    till.keyboard.type("2")
    till.keyboard.press("Enter")
    expect(till.locator("#cart-body tr")).to_have_count(2)
    expect(till.locator("#total")).to_have_text("€ 7,00")
    expect(till.locator("#scan")).to_be_focused()
    till.keyboard.press("F9")
    till.keyboard.press("Enter")  # the terminal said Akkoord
    expect(till.locator("#receipt")).to_contain_text("Afgerekend: € 7,00 pin (2 regels)")
    sale_id = till.locator("#receipt").get_attribute("data-sale")
    assert sale_id

    # Retour is a refund: F2, scan, F8 gives the money back in cash; the item is back on the
    # shelf in the same life (no re-donation here: that is intake's "Teruggebracht")
    till.keyboard.press("F2")
    expect(till.locator("#mode")).to_be_visible()
    _scan(till, code)
    expect(till.locator(f'#refund-lines li[data-code="{code}"] input')).to_be_checked()
    till.keyboard.press("F8")
    expect(till.locator("#refund-result")).to_have_text("Geef terug: € 5,00 contant")
    till.keyboard.press("Escape")
    expect(till.locator("#mode")).to_be_hidden()
    item = demo.call("till", "GET", f"/api/items/{code}")
    assert (item["state"], item["cycle"]) == ("ready_for_sale", 1)
    assert till.js_errors == []


def test_offline_till_keeps_two_sales_and_stores_each_once(open_page, demo):
    first, second = demo.item(price=3), demo.item(price=4.5)
    sales_before = _sales_today(demo)
    till = open_page("till", "/till")
    assert till.evaluate("navigator.serviceWorker.ready.then(() => true)")  # pages kept on device
    expect(till.locator("body")).to_have_attribute("data-shelf", "fresh")  # prices on the device
    till.context.set_offline(True)

    _scan(till, first)
    expect(till.locator(f'#cart-body tr[data-code="{first}"]')).to_contain_text("€ 3,00")
    expect(till.locator("#scan-message")).to_contain_text("Geen verbinding")
    till.keyboard.press("F8")
    expect(till.locator("#receipt")).to_have_attribute("data-state", "queued")
    _scan(till, second)
    expect(till.locator("#receipt")).to_be_hidden()  # the last customer's receipt goes
    till.keyboard.press("F9")
    till.keyboard.press("Enter")  # the terminal said Akkoord
    expect(till.locator("#receipt")).to_contain_text("bewaard op dit apparaat")
    expect(till.locator("#outbox")).to_have_attribute("data-count", "2")
    expect(till.locator("#outbox")).to_have_text("2 wachten op verzending")
    expect(till.locator("#net")).to_be_visible()
    pages.screenshot(till, "till-offline")
    assert demo.call("till", "GET", f"/api/items/{first}")["state"] == "ready_for_sale"
    # reloaded while still offline: the page comes from the device, the sales still wait
    till.reload()
    till.wait_for_selector("body[data-ready=true]")
    expect(till.locator("#outbox")).to_have_attribute("data-count", "2")
    expect(till.locator("#who")).to_contain_text("demo-till")

    till.context.set_offline(False)
    expect(till.locator("#outbox")).to_be_hidden(timeout=20_000)
    expect(till.locator("#net")).to_be_hidden()
    expect(till.locator("#scan-message")).to_contain_text("Offline verkoop verstuurd en opgeslagen")
    assert json.loads(till.evaluate("localStorage.getItem('ambacht.outbox')")) == []
    for code in (first, second):
        assert demo.call("till", "GET", f"/api/items/{code}")["state"] == "sold"
        assert len(_sold_events(demo, code)) == 1
    assert _sales_today(demo) == sales_before + 2
    assert till.js_errors == []


def test_a_sale_whose_answer_is_lost_is_sent_again_and_counted_once(open_page, demo):
    code = demo.item(price=6)
    sales_before = _sales_today(demo)
    till = open_page("till", "/till")
    _scan(till, code)
    expect(till.locator("#cart-body tr")).to_have_count(1)
    reached = []
    replayed = []
    till.on("response", lambda r: replayed.append(r.headers.get("idempotent-replayed"))
            if r.url.endswith("/api/sales") else None)

    def lose_answer(route):
        reached.append(route.fetch().status)  # the tracker stores the sale...
        route.abort("connectionreset")  # ...and the Wi-Fi drops before the till hears back

    till.route("**/api/sales", lose_answer)
    till.keyboard.press("F8")
    expect(till.locator("#receipt")).to_have_attribute("data-state", "queued")
    assert reached == [201]
    till.unroute("**/api/sales")
    expect(till.locator("#receipt")).to_contain_text("wordt verstuurd")
    expect(till.locator("#outbox")).to_be_hidden(timeout=20_000)
    pages.until(lambda: "true" in replayed)  # the resend got the first answer back
    # the receipt on screen no longer says it waits: it says what the server stored
    expect(till.locator("#receipt")).to_have_attribute("data-state", "sold")
    expect(till.locator("#receipt")).to_contain_text("Afgerekend: € 6,00 contant (1 regel)")
    assert len(_sold_events(demo, code)) == 1
    assert _sales_today(demo) == sales_before + 1
    assert till.js_errors == []


def test_till_scans_with_the_camera_where_the_browser_detects_barcodes(browser, demo):
    """Linux Chromium has no BarcodeDetector: a stand-in reads the label the fake camera shows."""
    code = demo.item(price=2)
    qr = demo.call("till", "GET", f"/api/items/{code}")["qr"]
    context = pages.station_context(browser, demo, "till")
    context.grant_permissions(["camera"], origin=demo.url)
    context.add_init_script(
        "window.BarcodeDetector = class { constructor(o) { this.formats = o.formats; }"
        f" async detect() {{ return [{{ rawValue: {json.dumps(qr)}, format: 'qr_code' }}]; }} }};")
    try:
        till = context.new_page()
        till.goto("/till")
        till.wait_for_selector("body[data-ready=true]")
        till.get_by_role("button", name="Camera").click()
        expect(till.locator(f'#cart-body tr[data-code="{code}"]')).to_be_visible()
        expect(till.locator("#camera-view")).to_be_hidden()  # the camera stops after a read
    finally:
        context.close()
