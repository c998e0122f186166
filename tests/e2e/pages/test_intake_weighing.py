"""The intake desk binds exactly the weighing it shows: weigh A, take it off, weigh B, press
Inzamelen twice, and the second press does not get A's weight (it got a weighing 66-95 s old
before). A gateway of our own publishes the weighings on the demo's broker."""

from __future__ import annotations

from itertools import count

import pytest
from playwright.sync_api import expect

from tests.support import pages

SCALE = "milieustraat-3"
_seq = count(1)


def _live(demo: pages.Demo, net_kg: str) -> None:
    pages.live_reading(demo, SCALE, net_kg)


def _weigh(demo: pages.Demo, net_kg: str) -> str:
    return pages.stable_weighing(demo, SCALE, net_kg, next(_seq))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_inzamelen_binds_the_weighing_on_screen_and_never_an_older_one(open_page, demo, lang):
    pages.scale_online(demo, SCALE)
    intake = open_page("intake", "/intake", lang=lang)
    words = {"nl": ("Inzamelen", "Meubilair", "gebruikt de weging van 3,30 kg",
                    "De weging van 3,30 kg is gebruikt voor", "Die weging is al gebruikt"),
             "en": ("Take in", "Furniture", "uses the weighing of 3.30 kg",
                    "The weighing of 3.30 kg was used for",
                    "That weighing has already been used")}[lang]
    take_in, furniture, will_bind, used, refused = words
    intake.locator("#scale-select").select_option(SCALE)
    # the page follows the scale's live stream once a reading shows (else a weighing sent
    # before the stream opened would never reach it)
    pages.until(lambda: (_live(demo, "0.5") or True) and "0,50" in (
        intake.locator("#weight").text_content() or "").replace(".", ","), timeout=20)

    a = _weigh(demo, "7.100")  # A, taken off again
    b = _weigh(demo, "3.300")  # B, on the scale now
    expect(intake.locator("#last-weighing")).to_contain_text(will_bind)
    expect(intake.locator("#last-weighing")).to_have_attribute("data-weighing", b)

    intake.get_by_role("button", name=furniture).click()
    intake.get_by_role("button", name=take_in, exact=True).click()
    expect(intake.locator("#result")).to_be_visible()
    code = intake.locator("#result").get_attribute("data-code")
    expect(intake.locator("#last-weighing")).to_contain_text(used)
    first = demo.call("intake", "GET", f"/api/items/{code}")
    assert first["weight_kg"] == 3.3
    events = demo.call("intake", "GET", f"/api/items/{code}/events")
    assert events[0]["data"]["weighing_id"] == b

    # pressed again before anything new was weighed: refused, nothing stored, A never used
    intake.get_by_role("button", name=furniture).click()
    intake.get_by_role("button", name=take_in, exact=True).click()
    expect(intake.locator("#intake-message")).to_contain_text(refused)
    with demo.api("intake") as http:
        bound = http.get(f"/api/scales/{SCALE}/weighings").json()
    assert [w["item"] for w in bound if w["id"] == a] == [None]  # A: still unused

    c = _weigh(demo, "2.450")  # the next object on the scale
    expect(intake.locator("#last-weighing")).to_have_attribute("data-weighing", c)
    intake.get_by_role("button", name=take_in, exact=True).click()
    expect(intake.locator("#result-title")).not_to_contain_text(code)
    second = intake.locator("#result").get_attribute("data-code")
    assert demo.call("intake", "GET", f"/api/items/{second}")["weight_kg"] == 2.45
    pages.screenshot(intake, f"intake-weighing-bound-{lang}")
    assert intake.js_errors == []
