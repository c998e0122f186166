"""One item's whole life in a real browser: weighed by the simulated scale through the real
gateway at the intake desk, repaired at the bench, sold at the till, told on its public page."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.support import pages

DEMO_WEIGHTS = {4.25, 12.8, 1.35, 23.6}  # what the demo's simulated scale puts on the platform


def test_item_from_scale_to_bench_to_till_to_its_public_page(open_page, demo):
    pages.wait_for_weighing(demo)

    # Login: a fresh tablet, the intake token typed once; the page names station, role and site.
    login = open_page(None, "/login")
    pages.screenshot(login, "login")
    login.get_by_label("Stationtoken").fill(demo.tokens["intake"])
    login.get_by_role("button", name="Aanmelden").click()
    login.wait_for_url("**/intake")
    login.wait_for_selector("body[data-ready=true]")
    intake = login
    expect(intake.locator("#who")).to_contain_text("demo-intake")
    expect(intake.locator("#who")).to_contain_text("inzameling")
    expect(intake.locator("#who")).to_contain_text("Milieustraat en kringloopwinkel")

    # Intake: the live weight streams in; wait for "Stabiel" and a weighing from the gateway.
    expect(intake.locator("#stability")).to_have_text("Stabiel", timeout=30_000)
    # (the scale's newest weighing from before the page opened, or one the page saw arrive)
    expect(intake.locator("#last-weighing")).to_contain_text(
        re.compile("Laatste weging|Inzamelen gebruikt de weging"), timeout=30_000)
    expect(intake.locator("#scale-warning")).to_be_hidden()
    intake.get_by_role("button", name="Elektrische apparaten").click()
    expect(intake.locator("#ords-field")).to_be_visible()
    intake.locator("#ords").select_option("16")  # Laptop
    intake.get_by_label("Serienummer").fill("SN-PAGES-1")
    intake.get_by_label("Omschrijving (optioneel)").fill("laptop met lader")
    intake.get_by_role("button", name="Inzamelen", exact=True).click()
    expect(intake.locator("#result")).to_be_visible()
    code = intake.locator("#result").get_attribute("data-code")
    assert code and re.fullmatch(r"\w{4}-\w{4}-.", code)
    expect(intake.locator("#label-img")).to_have_attribute("src", re.compile("^blob:"))
    intake.locator("#label-img").evaluate("img => img.decode()")
    pages.screenshot(intake, "intake")
    intake.get_by_role("button", name="Label printen").first.click()
    pages.until(lambda: intake.evaluate("window.__printed") == 1)

    item = demo.call("intake", "GET", f"/api/items/{code}")
    assert item["weight_kg"] in DEMO_WEIGHTS
    assert item["ords_category_id"] == 16 and item["serial_number"] == "SN-PAGES-1"
    with demo.api("intake") as http:
        bound = [w for w in http.get(f"/api/scales/{pages.SCALE}/weighings",
                                     params={"limit": 1000}).json() if w["item"] == code]
    assert len(bound) == 1 and bound[0]["net_kg"] == item["weight_kg"]

    # Repair bench: scan it, "Moet gerepareerd", then "Gerepareerd" with a price.
    bench = open_page("repair", "/repair")
    bench.locator("#scan").fill(code.lower().replace("-", ""))  # typed by hand, sloppily
    bench.keyboard.press("Enter")
    expect(bench.locator("#item-state")).to_have_text("Ingezameld")
    bench.get_by_role("button", name="Moet gerepareerd").click()
    expect(bench.locator("#item-state")).to_have_text("In reparatie")
    bench.get_by_label("Prijs (€)").fill("12.50")
    bench.get_by_label("Minuten gewerkt (optioneel)").fill("35")
    bench.get_by_role("button", name="Gerepareerd", exact=True).click()
    expect(bench.locator("#item-state")).to_have_text("Klaar voor verkoop")
    expect(bench.locator("#history li")).to_have_count(3)
    pages.screenshot(bench, "repair")

    # Till: the hand scanner types the label's URL and Enter; F9 pays by card.
    till = open_page("till", "/till")
    till.keyboard.type(item["qr"])
    till.keyboard.press("Enter")
    expect(till.locator(f'#cart-body tr[data-code="{code}"]')).to_be_visible()
    expect(till.locator("#total")).to_have_text(re.compile(r"12,50"))
    pages.screenshot(till, "till")
    till.keyboard.press("F9")
    till.keyboard.press("Enter")  # the terminal said Akkoord
    expect(till.locator("#receipt")).to_contain_text("Afgerekend")
    expect(till.locator("#cart-empty")).to_be_visible()
    sold = demo.call("till", "GET", f"/api/items/{code}")
    assert sold["state"] == "sold" and sold["price_eur"] == 12.5

    # The public page, on a phone, without a login: its story and nothing about people.
    phone = open_page(None, f"/i/{code}", viewport=pages.PHONE, ready=False)
    expect(phone.locator("h1")).to_have_text(code)
    facts = dict(zip(phone.locator(".fact dt").all_inner_texts(),
                     phone.locator(".fact dd").all_inner_texts(), strict=True))
    co2 = (Decimal(str(item["weight_kg"])) * Decimal("1.1")).quantize(Decimal("0.1"))
    assert facts["Levens"] == "1" and facts["Keer gerepareerd"] == "1"
    assert facts["CO2 bespaard"] == f"{co2.normalize():f} kg".replace(".", ",")  # 26,0 → 26
    expect(phone.locator(".moments")).to_contain_text("Gerepareerd")
    expect(phone.locator(".moments")).to_contain_text("Verkocht")
    html = phone.content()
    assert "demo-" not in html and "SN-PAGES-1" not in html and "Milieustraat" not in html
    pages.screenshot(phone, "public-item-phone")
    for p in (intake, bench, till, phone):
        assert p.js_errors == []
