"""The shop at the stations and in the shop window, in a real browser (CONTRACT §13): a photo
chosen at intake shows on /winkel and on the item's page without its GPS; the bench suggests
a price from the centre's own sales; the till asks before it sells a reserved item, and keeps
a wish list."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.support import pages
from tests.support.photos import has_gps, phone_photo

CASES = [("nl-NL", pages.TABLET), ("en-US", pages.PHONE)]
WORDS = {
    "nl-NL": {"lang": "nl", "saved": "Foto opgeslagen (1 bij dit item).",
              "reserved": "Gereserveerd",
              "kept": "staat niet op de bon: het is gereserveerd.", "sell": "Toch verkopen",
              "wished": "Genoteerd: een naaimachine"},
    "en-US": {"lang": "en", "saved": "Photo saved (1 with this item).", "reserved": "Reserved",
              "kept": "is not on the receipt: it is reserved.", "sell": "Sell anyway",
              "wished": "Noted: een naaimachine"},
}


def _scan(page, text):
    """What a hand scanner does: type the label's text, then Enter."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def _wishes(demo) -> int:
    today = pages.local_today().isoformat()
    doc = demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")
    return int(doc["demand"]["wishes"].get("elektrisch", 0))


def _loaded(page, selector: str) -> bool:
    """Whether the image has arrived and decoded (not a broken icon)."""
    return bool(page.locator(selector).evaluate("img => img.complete && img.naturalWidth > 0"))


@pytest.mark.parametrize(("locale", "viewport"), CASES, ids=["nl-tablet", "en-phone"])
def test_a_photo_taken_at_intake_shows_in_the_shop_window_and_on_its_page(
        open_page, browser, demo, tmp_path: Path, locale, viewport):
    w = WORDS[locale]
    taken = tmp_path / "IMG_0001.jpg"
    taken.write_bytes(phone_photo(2400, 1800))  # as a tablet's camera hands it over: with GPS
    assert has_gps(taken.read_bytes())
    intake = open_page("intake", "/intake", lang=w["lang"], locale=locale, viewport=viewport)
    intake.locator('#categories button[data-category="meubilair"]').click()
    intake.locator("#manual-toggle").check()
    intake.locator("#manual-weight").fill("6,5" if w["lang"] == "nl" else "6.5")
    intake.locator("#collect").click()
    expect(intake.locator("#result")).to_be_visible()
    code = intake.locator("#result").get_attribute("data-code")
    assert code
    photos = intake.locator("#result [data-photos]")
    expect(photos).to_be_visible()
    photos.locator("[data-photo-input]").set_input_files(str(taken))
    expect(photos.locator("[role=alert]")).to_have_text(w["saved"])
    expect(photos.locator(".photo-list img")).to_have_count(1)
    pages.screenshot(intake, f"intake-photo-{locale}")
    stored = demo.call("intake", "GET", f"/api/items/{code}/photos")
    assert len(stored) == 1
    kept = httpx.get(demo.url + stored[0]["url"]).content
    assert not has_gps(kept) and Image.open(io.BytesIO(kept)).size == (1600, 1200)

    demo.call("repair", "POST", f"/api/items/{code}/inspect",
              {"outcome": "sellable", "price_eur": 35, "condition": "good"})
    shopper = pages.station_context(browser, demo, None, viewport, w["lang"], locale)
    try:
        window = shopper.new_page()
        window.goto(f"/winkel?category=meubilair&lang={w['lang']}")
        tile = window.locator(f'li.shop-item[data-code="{code}"]')
        expect(tile).to_be_visible()
        thumb = f'li.shop-item[data-code="{code}"] img'
        expect(tile.locator("img")).to_have_attribute("src", stored[0]["thumb_url"])
        tile.locator("img").scroll_into_view_if_needed()
        pages.until(lambda: _loaded(window, thumb))
        expect(tile).to_contain_text("€ 35")
        pages.screenshot(window, f"winkel-{locale}")
        tile.locator("a").click()
        expect(window).to_have_url(f"{demo.url}/i/{code}?lang={w['lang']}")
        pages.until(lambda: _loaded(window, ".item-photo img"))
        expect(window.locator(".item-photo img")).to_have_attribute("src", stored[0]["url"])
        pages.screenshot(window, f"item-photo-{locale}")
    finally:
        shopper.close()
    assert intake.js_errors == []


def test_the_bench_suggests_a_price_from_the_centres_own_sales(open_page, demo):
    for price in (2, 4, 6, 8, 10):  # five toys in fair condition sold here
        code = demo.call("intake", "POST", "/api/items",
                         {"category": "speelgoed", "weight_kg": 1})["code"]
        demo.call("repair", "POST", f"/api/items/{code}/inspect",
                  {"outcome": "sellable", "price_eur": price, "condition": "fair"})
        demo.call("till", "POST", "/api/sales", {"items": [code], "payment": "cash"})
    toy = demo.item(state="collected", category="speelgoed")
    bench = open_page("repair", "/repair")
    bench.locator("#scan").fill(toy)
    bench.keyboard.press("Enter")
    expect(bench.locator("#item-code")).to_have_text(toy)
    bench.locator("#condition").select_option("fair")
    expect(bench.locator("#price-suggestion-text")).to_have_text(
        "Prijsadvies: € 6,00 (meestal € 4,00 – € 8,00), op basis van 5 verkopen van "
        "Speelgoed, redelijk.")
    pages.screenshot(bench, "repair-price-suggestion")
    bench.locator("#price-suggestion-use").click()
    expect(bench.locator("#price")).to_have_value("6")  # whole euros as typed
    bench.get_by_role("button", name="Verkoopbaar").click()
    expect(bench.locator("#item-state")).to_have_text("Klaar voor verkoop")
    item = demo.call("repair", "GET", f"/api/items/{toy}")
    assert (item["price_eur"], item["condition"]) == (6.0, "fair")
    # an item of a kind that sold less than five times gets no suggestion at all
    lamp = demo.item(state="collected", category="bouwmaterialen")
    bench.locator("#scan").fill(lamp)
    bench.keyboard.press("Enter")
    expect(bench.locator("#item-code")).to_have_text(lamp)
    expect(bench.locator("#price-suggestion")).to_be_hidden()
    assert bench.js_errors == []


@pytest.mark.parametrize(("locale", "viewport"), CASES, ids=["nl-tablet", "en-phone"])
def test_the_till_asks_before_it_sells_a_reserved_item_and_notes_wishes(
        open_page, demo, locale, viewport):
    w = WORDS[locale]
    chair = demo.item(price=15, category="meubilair")
    till = open_page("till", "/till", lang=w["lang"], locale=locale, viewport=viewport)
    # a customer phones: the cashier reserves the chair by keyboard (4 hours is the default)
    till.locator("#reserve summary").focus()
    till.keyboard.press("Enter")
    expect(till.locator("#reserve-code")).to_be_focused()
    till.keyboard.type(chair)
    till.keyboard.press("Tab")
    till.keyboard.press("Tab")
    expect(till.locator("#reserve-note")).to_be_focused()
    till.keyboard.type("mw. Jansen, belt om 3 uur")
    till.keyboard.press("Enter")
    expect(till.locator("#reserve-message")).to_contain_text(chair)
    held = demo.call("till", "GET", f"/api/items/{chair}")
    assert held["reservation_note"] == "mw. Jansen, belt om 3 uur" and held["reserved_until"]
    till.locator("#scan").focus()
    _scan(till, chair)
    ask = till.locator("#reserved-ask")
    expect(ask).to_be_visible()
    expect(ask).to_contain_text(w["reserved"])
    expect(till.locator("#reserved-text")).to_contain_text(f"{chair}")
    expect(till.locator("#reserved-text")).to_contain_text("mw. Jansen, belt om 3 uur")
    pages.screenshot(till, f"till-reserved-{locale}")
    till.keyboard.press("Escape")  # the safe choice: not sold, and the receipt stays as it was
    expect(ask).to_be_hidden()
    expect(till.locator("#scan-message")).to_contain_text(f"{chair} {w['kept']}")
    expect(till.locator("#cart-body tr")).to_have_count(0)
    expect(till.locator("#scan")).to_be_focused()
    _scan(till, chair)
    expect(ask).to_be_visible()
    till.get_by_role("button", name=w["sell"]).click()
    expect(till.locator("#cart-body tr")).to_have_count(1)
    expect(till.locator("#total")).to_have_attribute("data-eur", "15.00")

    wishes = _wishes(demo)
    till.locator("#wish summary").click()
    till.locator("#wish-category").select_option("elektrisch")
    till.locator("#wish-text").fill("een naaimachine")
    till.locator("#wish-form button").click()
    expect(till.locator("#wish-message")).to_contain_text(w["wished"])
    assert _wishes(demo) == wishes + 1
    assert till.js_errors == []
