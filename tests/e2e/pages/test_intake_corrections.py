"""At the intake desk a mistake can be put right (CONTRACT §9): "Corrigeren" on a row of "Net
ingezameld" (a typed weight, or the weighing on the scale, a category, and why), also from the
item's public page on a device logged in at intake; and a sold item given back as a donation
is taken in here as "Teruggebracht (nieuw leven)" (no longer at the till)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect

from tests.support import pages

SCALE = "milieustraat-4"  # a scale of these tests' own, weighed by a gateway of our own
_seq = count(1)
LOCALES = ["nl-NL", "en-US"]


def _figures_today(demo):
    today = pages.local_today().isoformat()
    return demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")


def _take_in_by_hand(intake, category, kg):
    intake.locator("#manual-toggle").check()
    intake.get_by_role("button", name=category, exact=True).click()
    intake.locator("#manual-weight").fill(kg)
    intake.get_by_role("button", name="Inzamelen", exact=True).click()
    expect(intake.locator("#result")).to_be_visible()
    code = intake.locator("#result").get_attribute("data-code")
    expect(intake.locator(f'#recent li[data-code="{code}"]')).to_be_visible()
    return code


@pytest.mark.parametrize("locale", LOCALES)
def test_corrigeren_a_typed_weight_and_the_category_in_net_ingezameld(open_page, demo, locale):
    intake = open_page("intake", "/intake", locale=locale)
    code = _take_in_by_hand(intake, "Kleingoed (huisraad)", "5")
    row = intake.locator(f'#recent li[data-code="{code}"]')
    row.get_by_role("button", name=f"Corrigeren {code}").click()
    form = row.locator("#correct-form")
    expect(form).to_be_visible()
    expect(form.locator("#correct-title")).to_contain_text(f"{code} · Kleingoed (huisraad) · 5 kg")
    expect(form.locator("#correct-weight")).to_be_focused()
    intake.keyboard.type("3,25")  # the Dutch comma, in any browser language
    form.locator("#correct-category").select_option("elektrisch")
    intake.keyboard.press("Enter")  # no reason yet: said next to the field, nothing sent
    expect(form.locator("#correct-reason-error")).to_have_text(
        "Zeg kort waarom: dat blijft bij het item bewaard.")
    assert demo.call("intake", "GET", f"/api/items/{code}")["weight_kg"] == 5
    form.locator("#correct-reason").press_sequentially("weegschaal niet op nul")
    intake.keyboard.press("Enter")

    expect(form).to_be_hidden()
    expect(row).to_contain_text("Elektrische apparaten · 3,25 kg (gecorrigeerd)")
    expect(intake.locator("#recent-message")).to_contain_text(
        f"Gecorrigeerd: {code} is nu 3,25 kg, Elektrische apparaten")
    item = demo.call("intake", "GET", f"/api/items/{code}")
    assert (item["weight_kg"], item["category"]) == (3.25, "elektrisch")
    last = demo.call("intake", "GET", f"/api/items/{code}/events")[-1]
    assert last["type"] == "corrected" and last["data"]["reason"] == "weegschaal niet op nul"
    assert last["data"]["old_weight_kg"] == 5

    # nothing to change: said, nothing sent
    row.get_by_role("button", name=f"Corrigeren {code}").click()
    form.locator("#correct-reason").fill("x")
    form.get_by_role("button", name="Correctie opslaan").click()
    expect(form.locator("#correct-message")).to_contain_text("Er verandert niets")
    assert len(demo.call("intake", "GET", f"/api/items/{code}/events")) == 2
    pages.screenshot(intake, f"intake-correct-{locale}")
    assert intake.js_errors == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_opnieuw_wegen_binds_the_weighing_on_screen(open_page, demo, lang):
    pages.scale_online(demo, SCALE)
    fix, will_bind, save = {
        "nl": ("Corrigeren", "De correctie gebruikt de weging van 14,20 kg", "Correctie opslaan"),
        "en": ("Correct", "The correction uses the weighing of 14.20 kg", "Save correction"),
    }[lang]
    # taken in 5 minutes ago by this desk with the bike half on the platform
    code = demo.item(state="collected", category="fietsen", weight_kg=4)
    intake = open_page("intake", f"/intake#correct={code}", lang=lang)
    form = intake.locator("#correct-form")
    expect(form).to_be_visible()  # the link from the item's page opens its form
    intake.locator("#scale-select").select_option(SCALE)
    # the page follows the scale's live stream once a reading shows
    pages.until(lambda: (pages.live_reading(demo, SCALE, "0.5") or True) and intake.locator(
        "#weight").get_attribute("data-kg") == "0.5", timeout=20)
    form.locator("#correct-reweigh").check()
    weighing = pages.stable_weighing(demo, SCALE, "14.200", next(_seq))
    expect(form.locator("#correct-weighing")).to_contain_text(will_bind)
    expect(form.locator("#correct-weighing")).to_have_attribute("data-weighing", weighing)
    form.locator("#correct-reason").fill("half op de weegschaal")
    form.get_by_role("button", name=save).click()
    expect(form).to_be_hidden()
    expect(intake.locator(f'#recent li[data-code="{code}"]')).to_contain_text(
        "14,2 kg" if lang == "nl" else "14.2 kg")
    item = demo.call("intake", "GET", f"/api/items/{code}")
    assert item["weight_kg"] == 14.2
    last = demo.call("intake", "GET", f"/api/items/{code}/events")[-1]
    assert last["data"]["weighing_id"] == weighing
    expect(intake.locator(f'#recent li[data-code="{code}"]').get_by_role(
        "button", name=f"{fix} {code}")).to_be_visible()
    assert intake.js_errors == []


def test_an_old_intake_is_explained_and_the_item_page_links_only_for_intake(open_page, demo):
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    old = demo.call("admin", "POST", "/api/items",
                    {"category": "textiel", "weight_kg": 2, "at": two_days_ago})["code"]
    # a customer's phone: the public page offers nothing of the stations
    public = open_page(None, f"/i/{old}", viewport=pages.PHONE, ready=False)
    expect(public.locator("h1")).to_have_text(old)
    expect(public.locator("#correct-link")).to_be_hidden()
    till = open_page("till", f"/i/{old}", ready=False)  # a till may not correct either
    expect(till.locator("h1")).to_have_text(old)
    till.wait_for_load_state("networkidle")
    expect(till.locator("#correct-link")).to_be_hidden()

    # the intake desk's tablet scans the label: "Corrigeren" opens the intake page's form
    page = open_page("intake", f"/i/{old}", viewport=pages.PHONE, ready=False)
    expect(page.get_by_role("link", name="Corrigeren")).to_be_visible()
    pages.screenshot(page, "item-page-on-the-intake-tablet-390w")
    page.get_by_role("link", name="Corrigeren").click()
    page.wait_for_selector("body[data-ready=true]")
    form = page.locator("#correct-form")
    expect(form.locator("#correct-title")).to_contain_text(old)
    form.locator("#correct-weight").fill("2,5")
    form.locator("#correct-reason").fill("tikfout")
    form.get_by_role("button", name="Correctie opslaan").click()
    expect(form.locator("#correct-message")).to_contain_text(
        "meer dan 24 uur geleden ingezameld. De coördinator (beheer) kan het nog corrigeren")
    assert demo.call("intake", "GET", f"/api/items/{old}")["weight_kg"] == 2
    pages.screenshot(page, "intake-correct-too-late")
    assert page.js_errors == []


@pytest.mark.parametrize("locale", LOCALES)
def test_teruggebracht_at_intake_starts_a_new_life_that_counts_as_inflow(open_page, demo,
                                                                         locale):
    sold = demo.item(state="sold", category="speelgoed", weight_kg=1.5)
    unsold = demo.item(state="ready_for_sale")
    before = _figures_today(demo)["inflow"]
    intake = open_page("intake", "/intake", locale=locale, viewport=pages.PHONE)
    field = intake.get_by_label("Code van het teruggebrachte item, dan Enter")
    field.focus()
    qr = demo.call("intake", "GET", f"/api/items/{sold}")["qr"]
    intake.keyboard.type(qr)  # the hand scanner
    intake.keyboard.press("Enter")
    message = intake.locator("#back-message")
    expect(message).to_contain_text(f"Teruggebracht: {sold} (Speelgoed) begint een nieuw leven")
    expect(intake.locator(f'#recent li[data-code="{sold}"]')).to_contain_text("teruggebracht")
    item = demo.call("intake", "GET", f"/api/items/{sold}")
    assert (item["state"], item["cycle"]) == ("collected", 2)
    after = _figures_today(demo)["inflow"]
    assert after["items"] == before["items"] + 1
    assert round(after["kg"] - before["kg"], 3) == 1.5

    intake.keyboard.type(unsold)  # on the shelf, never sold: not a return
    intake.keyboard.press("Enter")
    expect(message).to_contain_text(f"{unsold} is niet verkocht")
    assert demo.call("intake", "GET", f"/api/items/{unsold}")["cycle"] == 1
    overflow = intake.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    pages.screenshot(intake, "intake-brought-back-390w")
    assert intake.js_errors == []
