"""Beheer › Afnemers: the admin station lists and adds partners from the keyboard (name, kind,
municipality; another centre of the network names its receiving site), in Dutch and English,
on a phone and a tablet; each refusal is said in words and changes nothing; other stations
are told the page is not theirs."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.support import pages

WORDS = {
    "nl": {"nav": "Beheer › Afnemers", "kind": "Ander centrum (eigen netwerk)",
           "need_site": "Kies de locatie van het andere centrum", "save": "Afnemer toevoegen",
           "added": "Toegevoegd:", "takes": "Deze soort neemt: Hergebruik",
           "exists": "Niet toegevoegd: afnemer", "nothing": "Er is niets veranderd.",
           "sorter": "Textielsorteerder", "sorter_takes": "Hergebruik, Recyclen"},
    "en": {"nav": "Admin › Partners", "kind": "Other centre (own network)",
           "need_site": "Choose the other centre's site", "save": "Add partner",
           "added": "Added:", "takes": "This kind takes: Reuse",
           "exists": "Not added: partner", "nothing": "Nothing has changed.",
           "sorter": "Textile sorter", "sorter_takes": "Reuse, Recycle"},
}


@pytest.mark.parametrize(("lang", "viewport"), [("nl", pages.TABLET), ("en", pages.PHONE)],
                         ids=["nl-tablet", "en-phone"])
def test_the_admin_keeps_the_partners(open_page, demo, lang, viewport):
    w = WORDS[lang]
    tag = uuid.uuid4().hex[:5]
    sorter = demo.call("admin", "POST", "/api/partners", {
        "id": f"sorteer-{tag}", "name": f"Sorteerder {tag}", "kind": "textile_sorter",
        "municipality": "Demostad"})
    site = demo.call("admin", "GET", "/api/me")["site"]["id"]

    # the admin reaches the page from its navigation
    intake = open_page("admin", "/intake", viewport=viewport, lang=lang)
    intake.get_by_role("link", name=w["nav"]).click()
    intake.wait_for_selector("body[data-ready=true]")
    assert intake.url.endswith("/beheer/afnemers")
    page = intake
    row = page.locator(f'tr[data-partner="{sorter["id"]}"]')
    expect(row).to_contain_text(w["sorter"])
    expect(row).to_contain_text(w["sorter_takes"])
    expect(row).to_contain_text("Demostad")

    # a new one, typed: the short name follows the name until it is typed over
    name = f"Kringloop Zuid {tag}"
    page.locator("#p-name").focus()
    page.keyboard.type(name)
    expect(page.locator("#p-id")).to_have_value(f"kringloop-zuid-{tag}")
    page.locator("#p-kind").select_option(label=w["kind"])
    expect(page.locator("#p-streams")).to_have_text(f"{w['takes']}.")
    page.locator("#p-municipality").focus()
    page.keyboard.type("Zuiderstad")
    page.keyboard.press("Enter")  # no site chosen yet: said next to the field, nothing sent
    expect(page.locator("#p-site-error")).to_contain_text(w["need_site"])
    assert all(p["name"] != name for p in demo.call("admin", "GET", "/api/partners"))
    page.locator("#p-site").select_option(site)
    page.get_by_role("button", name=w["save"]).click()
    expect(page.locator("#partner-message")).to_contain_text(w["added"])
    new = page.locator(f'tr[data-partner="kringloop-zuid-{tag}"]')
    expect(new).to_contain_text(w["kind"])
    stored = {p["id"]: p for p in demo.call("admin", "GET", "/api/partners")}
    assert stored[f"kringloop-zuid-{tag}"] == {
        "id": f"kringloop-zuid-{tag}", "name": name, "kind": "other_centre",
        "municipality": "Zuiderstad", "site": site, "streams": ["reuse"]}
    expect(page.locator("#p-name")).to_have_value("")  # ready for the next one

    # the same short name again: the API's refusal in words, nothing changes
    page.locator("#p-name").focus()
    page.keyboard.type("Dubbel")
    page.locator("#p-id").fill(sorter["id"])
    page.locator("#p-kind").select_option("school")
    page.locator("#p-name").press("Enter")
    expect(page.locator("#partner-message")).to_contain_text(w["exists"])
    expect(page.locator("#partner-message")).to_contain_text(w["nothing"])
    assert {p["id"]: p for p in demo.call("admin", "GET", "/api/partners")} == stored
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    pages.screenshot(page, f"partners-{lang}-{viewport['width']}w")
    assert page.js_errors == []


def test_the_partners_page_is_the_admins_only(open_page):
    page = open_page("intake", "/beheer/afnemers", ready=False)
    expect(page.locator("main .warning")).to_contain_text("hoort niet bij deze pagina")
    expect(page.locator("#partner-form")).to_have_count(0)
    expect(page.get_by_role("link", name="Beheer › Afnemers")).to_have_count(0)
