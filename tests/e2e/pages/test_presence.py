"""Aanwezig: a morning at the entrance tablet with three badges, the Wi-Fi gone in the middle
(the scans wait on the tablet and count at the moment they were made), and a badge of an
erased person refused; in Dutch on a tablet and in English on a phone."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from tests.support import pages

_runs = itertools.count()


def _people(demo, n):
    """n new people with a badge each: (alias, badge QR text)."""
    run = next(_runs)
    out = []
    for i in range(n):
        alias = f"aanwezig-{run}-{i}"
        demo.call("admin", "POST", "/api/people", {"alias": alias, "group": "dagbesteding"})
        out.append((alias, demo.call("admin", "POST", f"/api/people/{alias}/badges")["qr"]))
    return out


def _scan(page, text):
    """A badge scanned; the greeting of the scan before is wiped first, so that what the test
    then waits for is this scan's own answer (not the last one's, still on screen)."""
    page.evaluate("document.getElementById('presence-greeting').textContent = ''")
    page.locator("#badge").fill(text)
    page.locator("#badge").press("Enter")


@pytest.mark.parametrize("viewport,lang,locale,clocked_in,clocked_out,kept", [
    (pages.TABLET, "nl", "nl-NL", "ingeklokt", "uitgeklokt", "bewaard"),
    (pages.PHONE, "en", "en-US", "clocked in", "clocked out", "is kept"),
], ids=["nl-tablet", "en-phone"])
def test_a_morning_at_the_entrance(open_page, demo, viewport, lang, locale, clocked_in,
                                   clocked_out, kept):
    (a, badge_a), (b, badge_b), (c, badge_c) = _people(demo, 3)
    page = open_page("presence", "/aanwezig", viewport=viewport, lang=lang, locale=locale)
    greeting = page.locator("#presence-greeting")
    _scan(page, badge_a)
    expect(greeting).to_contain_text(clocked_in)
    expect(greeting).not_to_contain_text(a)  # no name, not even the alias
    _scan(page, badge_b)
    expect(greeting).to_contain_text(clocked_in)

    page.context.set_offline(True)  # the Wi-Fi drops: c arrives, a leaves
    _scan(page, badge_c)
    expect(greeting).to_contain_text(kept)
    _scan(page, badge_a)
    expect(page.locator("#outbox")).to_have_attribute("data-count", "2")
    assert demo.call("admin", "GET", f"/api/people/{c}/export")["sessions"] == []

    page.context.set_offline(False)
    expect(page.locator("#outbox")).to_be_hidden(timeout=20_000)
    _scan(page, badge_b)
    expect(greeting).to_contain_text(clocked_out)

    sessions = {x: demo.call("admin", "GET", f"/api/people/{x}/export")["sessions"]
                for x in (a, b, c)}
    assert [s["clock_out"] is not None for s in sessions[a]] == [True]  # out while offline
    assert [s["clock_out"] is not None for s in sessions[b]] == [True]
    assert [s["clock_out"] for s in sessions[c]] == [None]  # in while offline, still here
    assert not any(s["forgotten"] for x in sessions.values() for s in x)

    demo.call("admin", "POST", f"/api/people/{c}/erase")  # c asks to be forgotten
    _scan(page, badge_c)
    expect(page.locator("#presence-message")).to_be_visible()
    expect(page.locator("#presence-message")).to_contain_text(
        "gewist" if lang == "nl" else "erased")
    pages.screenshot(page, f"presence-{lang}")
    assert page.js_errors == []


def test_a_presence_tablet_sees_only_its_own_page(open_page, demo):
    page = open_page("presence", "/till", ready=False)
    expect(page.locator("#main .warning")).to_be_visible()
    with demo.api("presence") as http:
        assert http.get("/api/categories").status_code == 403
        assert http.get("/api/me").json()["role"] == "presence"
