"""Nieuwe bezoeker with where the visitor came from, typed on a real keyboard: one tap for the
site's own municipality, a postcode's 4 digits and Enter, a full postcode refused; the monitor
counts each for its municipality, and the page learns the site's commonest origins."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

CASES = [("nl", "nl-NL", pages.PHONE), ("nl", "nl-NL", pages.TABLET),
         ("en", "en-US", pages.PHONE), ("en", "en-US", pages.TABLET)]
SAID = {
    "nl": {"plain": "Nieuwe bezoeker", "own": "Bezoeker uit Demostad",
           "field": "Postcode (4 cijfers)", "counted": "Bezoeker uit Utrecht geteld.",
           "refused": "Geef alleen de 4 cijfers van de postcode (bijv. 3511).",
           "learned": "Bezoeker uit Utrecht"},
    "en": {"plain": "New visitor", "own": "Visitor from Demostad",
           "field": "Postcode (4 digits)", "counted": "Visitor from Utrecht counted.",
           "refused": "Give only the 4 digits of the postcode (e.g. 3511).",
           "learned": "Visitor from Utrecht"},
}


def _today(demo):
    today = pages.local_today().isoformat()
    return demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")["visitors"]


@pytest.mark.parametrize("lang, locale, viewport", CASES,
                         ids=[f"{loc}-{'phone' if v == pages.PHONE else 'tablet'}"
                              for _, loc, v in CASES])
def test_a_visitor_counted_with_a_tap_or_a_typed_postcode(open_page, demo, lang, locale,
                                                          viewport):
    said = SAID[lang]
    before = _today(demo)
    intake = open_page("intake", "/intake", viewport=viewport, lang=lang, locale=locale)
    count = intake.locator("#visitor-count")
    shown = int(count.inner_text())

    # one tap: the site's own municipality is the first choice
    own = intake.get_by_role("button", name=said["own"], exact=True)
    expect(intake.locator("#visitor-choices button").first).to_have_text("Demostad")
    own.click()
    expect(count).to_have_text(str(shown + 1))

    # a postcode's 4 digits typed and Enter: counted for its municipality, the field emptied
    field = intake.get_by_label(said["field"])
    field.click()
    intake.keyboard.type("3511")
    intake.keyboard.press("Enter")
    expect(intake.locator("#intake-message")).to_have_text(said["counted"])
    expect(field).to_have_value("")
    expect(count).to_have_text(str(shown + 2))

    # a full postcode is refused on the page: nothing counted, nothing sent
    field.click()
    intake.keyboard.type("3511AB")
    intake.keyboard.press("Enter")
    expect(intake.locator("#intake-message")).to_have_text(said["refused"])
    expect(count).to_have_text(str(shown + 2))
    intake.keyboard.press("Control+A")
    intake.keyboard.press("Backspace")

    # the plain button: a visitor whose origin nobody asked
    intake.get_by_role("button", name=said["plain"]).click()
    expect(count).to_have_text(str(shown + 3))
    expect(intake.locator("#outbox")).to_be_hidden()  # all sent and answered

    after = _today(demo)
    assert after["drop_offs"] == before["drop_offs"] + 3
    grew = {m: n - before["by_municipality"].get(m, 0)
            for m, n in after["by_municipality"].items()}
    assert {m: n for m, n in grew.items() if n} == {"Demostad": 1, "Utrecht": 1, "onbekend": 1}

    # learned from the site's history: Utrecht is a one-tap choice now, after Demostad
    intake.reload()
    intake.wait_for_selector("body[data-ready=true]")
    expect(intake.get_by_role("button", name=said["learned"], exact=True)).to_be_visible()
    expect(intake.locator("#visitor-choices button").first).to_have_text("Demostad")
    overflow = intake.evaluate("document.documentElement.scrollWidth - "
                               "document.documentElement.clientWidth")
    assert overflow <= 0  # nothing sticks out sideways, on a phone either
    assert intake.js_errors == []
    pages.screenshot(intake, f"intake-visitors-{locale}-{viewport['width']}")
