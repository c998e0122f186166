"""Beheer (/beheer), the admin's page, in Chromium: the admin adds a station by keyboard and
a second browser logs a tablet in with the QR code the page shows (decoded from the
screenshot); sets a markdown rule and a category's VAT rate by keyboard; a refusal says
"Er is niets veranderd" and changes nothing; revoking asks twice. Dutch on a tablet, English
in an en-US browser on a phone. Only the admin station reaches the page."""

from __future__ import annotations

import uuid

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from tests.support import pages

WORDS = {
    "nl": {"nav": "Beheer", "role": "kassa", "added": "Nieuw station:", "markdown": "Afprijsregel:",
           "saved": "btw 9 %", "nothing": "Er is niets veranderd.", "exists": "bestaat al",
           "revoke": "Intrekken", "sure": "Zeker? Intrekken", "revoked": "is ingetrokken",
           "category": "Boeken en media", "vat": "Btw (%)"},
    "en": {"nav": "Admin", "role": "till", "added": "New station:", "markdown": "Markdown rule:",
           "saved": "VAT 9 %", "nothing": "Nothing has changed.", "exists": "already exists",
           "revoke": "Revoke", "sure": "Sure? Revoke", "revoked": "has been revoked",
           "category": "Books and media", "vat": "VAT (%)"},
}


def qr_in_screenshot(page, tmp_path) -> str:
    """What the QR code on screen says, read from a screenshot of it."""
    shot = tmp_path / "qr.png"
    page.locator("#new-qr").screenshot(path=str(shot))
    found = zxingcpp.read_barcodes(Image.open(shot))
    assert len(found) == 1, found
    return str(found[0].text)


def type_into(page, selector: str, text: str) -> None:
    """Focus a field, clear it and type, as a person at a keyboard does."""
    page.locator(selector).focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


@pytest.mark.parametrize(("lang", "viewport", "locale"), [
    ("nl", pages.TABLET, "nl-NL"), ("en", pages.PHONE, "en-US")], ids=["nl-tablet", "en-US-phone"])
def test_the_admin_adds_a_station_and_a_tablet_logs_in_with_its_qr(
        open_page, browser, demo, tmp_path, lang, viewport, locale):
    w = WORDS[lang]
    name = f"kassa-{uuid.uuid4().hex[:6]}"
    site = demo.call("admin", "GET", "/api/me")["site"]["id"]
    intake = open_page("admin", "/intake", viewport=viewport, lang=lang, locale=locale)
    intake.get_by_role("link", name=w["nav"], exact=True).click()
    intake.wait_for_selector("body[data-ready=true]")
    page = intake
    assert page.url.endswith("/beheer")
    expect(page.locator(f'tr[data-site="{site}"]')).to_be_visible()

    # a station, typed; Enter adds it and the token shows once, as text and as a QR code
    type_into(page, "#st-name", name)
    page.locator("#st-role").select_option("till")
    page.locator("#st-site").select_option(site)
    page.locator("#st-name").press("Enter")
    expect(page.locator("#new-station")).to_be_visible()
    expect(page.locator("#new-station-h")).to_contain_text(f"{w['added']} {name} ({w['role']}")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("amb_")
    link = page.locator("#new-qr").get_attribute("data-url")
    assert link == f"{demo.url}/login#token={token}"
    assert qr_in_screenshot(page, tmp_path) == link
    listed = {s["name"]: s for s in demo.call("admin", "GET", "/api/stations")}
    assert listed[name]["role"] == "till" and listed[name]["revoked_at"] is None
    pages.screenshot(page, f"beheer-token-{lang}-{viewport['width']}w")

    # a second browser (the tablet, never logged in) opens what the QR code says
    tablet_context = pages.station_context(browser, demo, None, pages.TABLET, lang)
    try:
        tablet = tablet_context.new_page()
        tablet.goto(link)
        tablet.wait_for_url("**/till")
        tablet.wait_for_selector("body[data-ready=true]")
        expect(tablet.locator("#who-station")).to_have_text(name)
        assert token not in tablet.url
        assert tablet.evaluate("localStorage.getItem('ambacht.token')") == token
    finally:
        tablet_context.close()

    # the same name again: refused in words, nothing changes
    page.locator("#new-done").press("Enter")
    expect(page.locator("#new-station")).to_be_hidden()
    expect(page.locator("#new-token")).to_have_text("")
    type_into(page, "#st-name", name)
    page.locator("#st-name").press("Enter")
    expect(page.locator("#station-message")).to_contain_text(w["exists"])
    expect(page.locator("#station-message")).to_contain_text(w["nothing"])
    assert {s["name"]: s for s in demo.call("admin", "GET", "/api/stations")} == listed

    rule_id = None
    try:
        # a markdown rule, by keyboard
        page.locator("#m-category").select_option("meubilair")
        type_into(page, "#m-days", "3000")
        type_into(page, "#m-pct", "25")
        page.keyboard.press("Enter")
        expect(page.locator("#rules-message")).to_contain_text(w["markdown"])
        rules = [r for r in demo.call("admin", "GET", "/api/markdowns") if r["days"] == 3000
                 and r["category"] == "meubilair"]
        assert [(r["pct"]) for r in rules] == [25.0]
        rule_id = rules[0]["id"]
        expect(page.locator(f'tr[data-markdown="{rule_id}"]')).to_contain_text("25 %")

        # a category's VAT rate, typed as a percentage; Enter saves the row
        vat = page.get_by_label(f"{w['category']} · {w['vat']}")
        expect(vat).to_have_value("21")
        vat.focus()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("9")
        page.keyboard.press("Enter")
        expect(page.locator("#category-message")).to_contain_text(w["saved"])
        boeken = {c["id"]: c for c in demo.call("till", "GET", "/api/categories")}["boeken"]
        assert boeken["vat_rate"] == 0.09 and boeken["label_en"] == "Books and media"

        # revoking asks twice, by keyboard
        revoke = page.locator(f'tr[data-station="{name}"] button')
        revoke.focus()
        page.keyboard.press("Enter")
        expect(revoke).to_have_text(w["sure"])
        page.keyboard.press("Escape")
        expect(revoke).to_have_text(w["revoke"])
        assert {s["name"]: s for s in demo.call("admin", "GET", "/api/stations")}[name][
            "revoked_at"] is None
        revoke.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        expect(page.locator("#station-message")).to_contain_text(w["revoked"])
        assert {s["name"]: s for s in demo.call("admin", "GET", "/api/stations")}[name][
            "revoked_at"] is not None

        overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        pages.screenshot(page, f"beheer-{lang}-{viewport['width']}w")
        assert page.js_errors == []
    finally:  # the demo is shared with the till's tests: leave its rules as they were
        if rule_id is not None:
            demo.call("admin", "DELETE", f"/api/markdowns/{rule_id}")
        demo.call("admin", "POST", "/api/categories/boeken", {"vat_rate": None})


def test_the_admin_page_is_the_admins_only(open_page):
    page = open_page("till", "/beheer", ready=False)
    expect(page.locator("main .warning")).to_contain_text("hoort niet bij deze pagina")
    expect(page.locator("#station-form")).to_have_count(0)
    expect(page.get_by_role("link", name="Beheer", exact=True)).to_have_count(0)
