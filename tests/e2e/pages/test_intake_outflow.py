"""Afvoeren at the intake desk (CONTRACT §10): a container on the scale, the partner and a
stream it takes, labelled items scanned with a hand scanner (code + Enter), a weighbridge ticket,
booked from the keyboard. The batch binds exactly the weighing the scale panel shows, never an
older one; a refusal of the API is said in the page's language and changes nothing; a hand
weight (typed with a decimal comma) is allowed and flagged. A gateway of our own publishes the
weighings on the demo's broker."""

from __future__ import annotations

import uuid
from itertools import count
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support import pages

_seq = count(1)
DEMO_WEIGHTS = {4.25, 12.8, 1.35, 23.6}  # what the demo's simulated scale puts on the platform


def _partner(demo: pages.Demo, kind: str, name: str) -> dict[str, Any]:
    """A partner of `kind` the admin added (a new one per test: the demo lives all session)."""
    pid = f"e2e-{kind}-{uuid.uuid4().hex[:6]}"
    return demo.call("admin", "POST", "/api/partners",  # type: ignore[no-any-return]
                     {"id": pid, "name": f"{name} {pid[-6:]}", "kind": kind})


def _recycled(demo: pages.Demo) -> str:
    """A labelled item found unusable at the bench: it waits in the recycling container."""
    code = demo.item(state="collected", category="elektrisch", weight_kg=3.2)
    demo.call("repair", "POST", f"/api/items/{code}/inspect",
              {"outcome": "unusable", "stream": "recycle"})
    return code


def _follow(demo: pages.Demo, intake: Any, scale: str) -> None:
    """Choose the scale; the page follows its live stream once a reading shows."""
    intake.locator("#scale-select").select_option(scale)
    pages.until(lambda: (pages.live_reading(demo, scale, "0.5") or True) and "0,50" in (
        intake.locator("#weight").text_content() or "").replace(".", ","), timeout=20)


def _scan(page: Any, demo: pages.Demo, code: str) -> None:
    """A hand scanner: the label's URL typed into the focused field, then Enter."""
    page.locator("#out-scan").focus()
    page.keyboard.type(f"{demo.url}/i/{code}")
    page.keyboard.press("Enter")
    expect(_row(page, code)).to_be_visible()


def _row(page: Any, code: str) -> Any:
    """The scanned item's row in the batch (the page keeps codes without hyphens)."""
    return page.locator(f'#out-items li[data-code="{code.replace("-", "")}"]')


def _bound(demo: pages.Demo, scale: str) -> dict[str, Any]:
    with demo.api("intake") as http:
        return {w["id"]: w["item"] for w in http.get(f"/api/scales/{scale}/weighings").json()}


WORDS = {
    "nl": {"mode": "Afvoeren", "recycle": "Recyclen", "collect": "Inzamelen",
           "will_bind": "Afvoeren gebruikt de weging van 123,45 kg",
           "done": "Afgevoerd: 123,45 kg recyclen naar",
           "used": "De weging van 123,45 kg is gebruikt voor afvoer naar",
           "state": "Gerecycled", "misfit": "past niet bij recyclen: het is klaar voor verkoop",
           "refused": "Niet afgevoerd: deze items kunnen niet mee",
           "nothing": "Er is niets veranderd.", "remove": "Verwijderen"},
    "en": {"mode": "Send out", "recycle": "Recycle", "collect": "Take in",
           "will_bind": "Send out uses the weighing of 123.45 kg",
           "done": "Sent out: 123.45 kg recycle to",
           "used": "The weighing of 123.45 kg was used for the batch to",
           "state": "Recycled", "misfit": "does not fit recycle: it is ready for sale",
           "refused": "Not sent out: these items cannot go in this outflow",
           "nothing": "Nothing has changed.", "remove": "Remove"},
}


@pytest.mark.parametrize(("lang", "viewport", "scale"), [
    ("nl", pages.TABLET, "milieustraat-18"), ("en", pages.PHONE, "milieustraat-19"),
], ids=["nl-tablet", "en-phone"])
def test_afvoeren_binds_the_weighing_on_screen_and_says_each_refusal(open_page, demo, lang,
                                                                     viewport, scale):
    w = WORDS[lang]
    sorter = _partner(demo, "textile_sorter", "Sorteerbedrijf")
    recycled, on_shelf = _recycled(demo), demo.item(state="ready_for_sale")
    pages.scale_online(demo, scale)
    intake = open_page("intake", "/intake", viewport=viewport, lang=lang,
                       locale="en-US" if lang == "en" else None)
    intake.wait_for_selector("body[data-outflow=ready]")
    _follow(demo, intake, scale)
    intake.get_by_role("tab", name=w["mode"]).click()
    expect(intake.locator("#outflow")).to_be_visible()
    expect(intake.locator("#categories")).to_be_hidden()  # Inzamelen's parts are out of sight
    expect(intake.locator("#out-partner")).to_be_focused()

    old = pages.stable_weighing(demo, scale, "80.000", next(_seq))  # taken off again
    on_scale = pages.stable_weighing(demo, scale, "123.450", next(_seq))
    expect(intake.locator("#last-weighing")).to_contain_text(w["will_bind"])
    expect(intake.locator("#last-weighing")).to_have_attribute("data-weighing", on_scale)

    intake.locator("#out-partner").select_option(sorter["id"])
    # a textile sorter takes reuse and recycle, nothing else
    expect(intake.get_by_role("radio")).to_have_count(2)
    intake.get_by_role("radio", name=w["recycle"]).check()
    _scan(intake, demo, recycled)
    expect(_row(intake, recycled)).to_contain_text(w["state"])
    # an item on the shelf cannot go to recycling: marked, and the API refuses the batch
    _scan(intake, demo, on_shelf)
    expect(_row(intake, on_shelf)).to_contain_text(w["misfit"])
    intake.locator("#out-ticket").focus()
    intake.keyboard.type("WB-2026-0042")
    intake.keyboard.press("Enter")  # Enter in a field books the batch
    expect(intake.locator("#out-message")).to_contain_text(w["refused"])
    expect(intake.locator("#out-message")).to_contain_text(w["nothing"])
    assert _bound(demo, scale)[on_scale] is None  # nothing changed: the weighing is still free
    expect(intake.locator("#last-weighing")).to_contain_text(w["will_bind"])

    intake.get_by_role("button", name=f"{w['remove']} {on_shelf}").click()
    with intake.expect_response(lambda r: r.url.endswith("/api/outflows")
                                and r.request.method == "POST") as answer:
        intake.locator("#out-ticket").press("Enter")
    booked = answer.value.json()
    assert answer.value.status == 201, booked
    assert (booked["weighing_id"], booked["weight_kg"], booked["hand_weighed"]) == (
        on_scale, 123.45, False)
    assert (booked["partner"], booked["stream"], booked["ticket"]) == (
        sorter["id"], "recycle", "WB-2026-0042")
    assert [i["code"] for i in booked["items"]] == [recycled]
    expect(intake.locator("#out-message")).to_contain_text(w["done"])
    expect(intake.locator("#out-items li")).to_have_count(0)  # the form starts empty again
    expect(intake.locator("#last-weighing")).to_contain_text(w["used"])
    bound = _bound(demo, scale)
    assert bound[old] is None and bound[on_scale] is not None  # exactly the one on screen

    # pressed again before anything new was weighed: refused, the old weighing never taken
    intake.locator("#out-book").click()
    expect(intake.locator("#out-message")).to_contain_text(
        "Die weging is al gebruikt" if lang == "nl" else "That weighing has already been used")
    assert _bound(demo, scale)[old] is None
    # Inzamelen is one tap away, with its own parts back
    intake.get_by_role("tab", name=w["collect"]).click()
    expect(intake.locator("#categories")).to_be_visible()
    expect(intake.locator("#outflow")).to_be_hidden()
    overflow = intake.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    pages.screenshot(intake, f"intake-outflow-{lang}-{viewport['width']}w")
    assert intake.js_errors == []


@pytest.mark.parametrize(("lang", "locale", "viewport"), [
    ("nl", "nl-NL", pages.PHONE), ("en", "en-US", pages.TABLET),
], ids=["nl-phone", "en-US-tablet"])
def test_a_pallet_to_a_school_by_hand_weight_is_flagged_and_its_items_given_away(
        open_page, demo, lang, locale, viewport):
    school = _partner(demo, "school", "Vakschool")
    planks = demo.item(state="ready_for_sale", category="bouwmaterialen", weight_kg=12.0)
    intake = open_page("intake", "/intake", viewport=viewport, lang=lang, locale=locale)
    intake.wait_for_selector("body[data-outflow=ready]")
    intake.get_by_role("tab", name=WORDS[lang]["mode"]).click()
    intake.locator("#out-partner").select_option(school["id"])
    reuse = intake.get_by_role("radio", name="Hergebruik" if lang == "nl" else "Reuse")
    expect(reuse).to_be_checked()  # the one stream a school takes is chosen at once
    _scan(intake, demo, planks)
    intake.locator("#out-manual").check()
    expect(intake.locator("#out-manual-field")).to_contain_text(
        "Handgewicht" if lang == "nl" else "Hand weight")
    weight = intake.locator("#out-weight")
    weight.press_sequentially("40000,5")  # over a full skip truck: a typo
    weight.press("Enter")
    expect(intake.locator("#out-weight-error")).to_contain_text(
        "Mag hoogstens 40.000" if lang == "nl" else "Must be at most 40,000")
    weight.clear()
    with intake.expect_response(lambda r: r.url.endswith("/api/outflows")) as answer:
        weight.press_sequentially("86,5")  # a decimal comma, in an English browser too
        weight.press("Enter")
    booked = answer.value.json()
    assert (booked["weight_kg"], booked["hand_weighed"], booked["weighing_id"]) == (
        86.5, True, None)
    recent = intake.locator("#out-recent li").first
    expect(recent).to_have_attribute("data-hand", "true")
    expect(recent).to_contain_text("met de hand" if lang == "nl" else "by hand")
    expect(intake.locator("#out-message")).to_contain_text(
        "86,5 kg hergebruik naar" if lang == "nl" else "86.5 kg reuse to")
    assert demo.call("intake", "GET", f"/api/items/{planks}")["state"] == "given_away"
    # the same item again: the API says why not, and nothing changes
    intake.locator("#out-partner").select_option(school["id"])
    _scan(intake, demo, planks)
    intake.locator("#out-weight").press_sequentially("2")
    intake.locator("#out-weight").press("Enter")
    expect(intake.locator("#out-message")).to_contain_text(WORDS[lang]["nothing"])
    expect(_row(intake, planks)).to_have_attribute(
        "data-fits", "false")
    overflow = intake.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    pages.screenshot(intake, f"intake-outflow-hand-{lang}-{viewport['width']}w")
    assert intake.js_errors == []


def test_a_batch_booked_while_the_wifi_is_gone_arrives_once(open_page, demo):
    scrap = _partner(demo, "scrap_metal", "Oud IJzer")
    rusty = _recycled(demo)
    intake = open_page("intake", "/intake")
    intake.wait_for_selector("body[data-outflow=ready]")
    intake.get_by_role("tab", name="Afvoeren").click()
    intake.locator("#out-partner").select_option(scrap["id"])
    intake.locator("#out-manual").check()

    intake.context.set_offline(True)
    _scan(intake, demo, rusty)  # not looked up: it goes along as scanned
    expect(_row(intake, rusty)).to_contain_text("(offline gescand)")
    intake.locator("#out-weight").press_sequentially("7,5")
    intake.locator("#out-weight").press("Enter")
    expect(intake.locator("#out-message")).to_contain_text("Bewaard op dit apparaat")
    expect(intake.locator("#outbox")).to_have_attribute("data-count", "1")

    intake.context.set_offline(False)
    expect(intake.locator("#outbox")).to_be_hidden(timeout=20_000)
    expect(intake.locator("#out-recent li").first).to_contain_text("7,5 kg · Recyclen")
    today = pages.local_today()
    balance = demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")
    assert balance["mass_balance"]["by_partner"][scrap["id"]] == {"recycle": 7.5}  # once
    assert intake.js_errors == []


@pytest.mark.parametrize("viewport", [pages.PHONE, {"width": 800, "height": 1280}],
                         ids=["phone", "tablet-portrait"])
def test_afvoeren_fits_and_has_finger_sized_controls(open_page, demo, viewport):
    sorter = _partner(demo, "textile_sorter", "Sorteerbedrijf")
    intake = open_page("intake", "/intake", viewport=viewport)
    intake.wait_for_selector("body[data-outflow=ready]")
    intake.get_by_role("tab", name="Afvoeren").click()
    intake.locator("#out-partner").select_option(sorter["id"])
    _scan(intake, demo, demo.item(state="ready_for_sale"))
    overflow = intake.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    small = intake.evaluate("""[...document.querySelectorAll(
            "#outflow button, #outflow select, #outflow input, #outflow .stream-choices label")]
        .filter(e => e.offsetParent !== null && e.type !== "checkbox" && e.type !== "radio")
        .map(e => [e.id || e.textContent.trim(), e.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert small == []
    # Afvoeren stays in reach at the bottom of the screen, however long the form
    box = intake.locator("#out-book").bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
    assert intake.js_errors == []


def test_afvoeren_with_the_demos_simulated_scale_through_the_real_gateway(open_page, demo):
    """The scale the demo simulates on a virtual serial port, read by the real gateway: the
    batch gets exactly the weighing the panel shows, as a weight the simulator put on it."""
    pages.wait_for_weighing(demo)
    scrap = _partner(demo, "scrap_metal", "Oud IJzer")
    intake = open_page("intake", "/intake")
    intake.wait_for_selector("body[data-outflow=ready]")
    if intake.locator("#scale-select").is_visible():  # other tests' scales are there too
        intake.locator("#scale-select").select_option(pages.SCALE)
    intake.get_by_role("tab", name="Afvoeren").click()
    expect(intake.locator("#stability")).to_have_text("Stabiel", timeout=30_000)
    expect(intake.locator("#last-weighing")).to_contain_text("Afvoeren gebruikt de weging",
                                                             timeout=60_000)
    intake.locator("#out-partner").select_option(scrap["id"])
    shown = intake.locator("#last-weighing").get_attribute("data-weighing")
    with intake.expect_response(lambda r: r.url.endswith("/api/outflows")
                                and r.request.method == "POST") as answer:
        intake.locator("#out-book").click()
    booked = answer.value.json()
    assert answer.value.status == 201, booked
    weighing = {w["id"]: w for w in demo.call(
        "intake", "GET", f"/api/scales/{pages.SCALE}/weighings?limit=1000")}[booked["weighing_id"]]
    expect(intake.locator("#last-weighing")).to_contain_text("is gebruikt voor afvoer")
    # the one on screen (or one the simulator weighed in the instant before the press): never
    # an older one
    seq = lambda weighing_id: int(weighing_id.rsplit(":", 1)[1])  # noqa: E731
    assert shown and seq(booked["weighing_id"]) >= seq(shown)
    assert booked["weight_kg"] == weighing["net_kg"] in DEMO_WEIGHTS
    assert not booked["hand_weighed"]
    assert booked["stream"] == "recycle"  # scrap metal takes recycle only: chosen for you
    assert weighing["item"] is not None
    expect(intake.locator("#out-message")).to_contain_text("Afgevoerd")
    assert intake.js_errors == []
