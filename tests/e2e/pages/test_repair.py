"""The repair bench in a real browser: one tap per outcome, ORDS barriers for end of life,
re-pricing, upcycling several scanned items, and a resident's own repair."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from tests.support import pages


def _scan(page, code, shown=True):
    page.locator("#scan").fill(code)
    page.keyboard.press("Enter")
    if shown:  # the bench shows the item (and fills in its price) before anyone types on
        expect(page.locator("#item-code")).to_have_text(code)


def _figures_today(demo):
    today = pages.local_today().isoformat()
    return demo.call("monitor", "GET", f"/api/monitor?from={today}&to={today}")


def test_bench_outcomes_barriers_and_prices(open_page, demo):
    unusable, broken, shelf = (demo.item(state="collected"), demo.item(state="in_repair"),
                               demo.item(price=4))
    bench = open_page("repair", "/repair", viewport=pages.PHONE)

    _scan(bench, unusable)
    bench.get_by_role("button", name="Verkoopbaar").click()  # no price yet: it asks for one
    expect(bench.locator("#price-error")).to_have_text("Vul eerst een prijs in.")
    expect(bench.locator("#price")).to_be_focused()
    bench.get_by_role("button", name="Onbruikbaar").click()
    bench.get_by_role("button", name="Recyclen").click()
    expect(bench.locator("#item-state")).to_have_text("Gerecycled")

    _scan(bench, broken)
    bench.get_by_role("button", name="Niet te repareren").click()
    bench.get_by_role("button", name="Onderdelen te duur").click()
    pages.screenshot(bench, "repair-end-of-life-phone")
    bench.get_by_role("button", name="Restafval").click()
    expect(bench.locator("#item-state")).to_have_text("Restafval")
    expect(bench.locator("#history")).to_contain_text("Niet te repareren (Onderdelen te duur)")
    last = demo.call("repair", "GET", f"/api/items/{broken}/events")[-1]
    assert last["data"] == {"outcome": "end_of_life", "stream": "residual",
                            "barrier": "Spare parts too expensive"}

    _scan(bench, shelf)
    bench.get_by_label("Prijs (€)").fill("2.50")
    bench.get_by_role("button", name="Prijs opslaan").click()
    expect(bench.locator("#item-message")).to_have_text("Opgeslagen: nu Klaar voor verkoop.")
    assert demo.call("repair", "GET", f"/api/items/{shelf}")["price_eur"] == 2.5
    assert bench.js_errors == []


def test_upcycling_scanned_items_and_a_residents_own_repair(open_page, demo):
    plank, chair, sold = demo.item(state="collected"), demo.item(price=3), demo.item(state="sold")
    before = _figures_today(demo)
    bench = open_page("repair", "/repair")
    bench.get_by_role("tab", name="Upcyclen").click()
    for code in (plank, chair, sold):
        _scan(bench, code, shown=False)
    expect(bench.locator("#scan-error")).to_contain_text(f"{sold} kan niet geüpcycled worden")
    expect(bench.locator("#upcycle-inputs li")).to_have_count(2)
    bench.get_by_label("Prijs (€, optioneel)").fill("45")
    bench.get_by_label("Omschrijving (optioneel)").fill("bankje van planken")
    pages.screenshot(bench, "repair-upcycle")
    bench.get_by_role("button", name="Upcyclen", exact=True).click()
    expect(bench.locator("#upcycle-message")).to_contain_text("gemaakt van 2 items")
    new_code = bench.locator("#upcycle-message").inner_text().split()[2]
    made = demo.call("repair", "GET", f"/api/items/{new_code}")
    assert sorted(made["inputs"]) == sorted([plank, chair])
    assert made["state"] == "ready_for_sale" and made["price_eur"] == 45
    assert made["category"] == "meubilair" and made["weight_kg"] == 4.0
    for code in (plank, chair):
        assert demo.call("repair", "GET", f"/api/items/{code}")["state"] == "upcycled"

    bench.get_by_role("tab", name="Reparatie voor bewoner").click()
    bench.locator("#own-ords").select_option("14")  # Kettle
    bench.get_by_label("Merk", exact=True).fill("Philips")
    bench.get_by_label("Probleem").fill("lekt")
    bench.locator("#own-barrier").select_option("Spare parts not available")
    pages.screenshot(bench, "repair-own-use")
    bench.get_by_role("button", name="Niet te repareren").click()
    expect(bench.locator("#own-message")).to_have_text("Reparatie vastgelegd: Niet te repareren.")
    after = _figures_today(demo)
    assert after["repairs"]["own_use"] == before["repairs"]["own_use"] + 1
    barrier = "Spare parts not available"
    assert after["repairs"]["barriers"][barrier] == before["repairs"]["barriers"][barrier] + 1
    assert after["outflow"]["upcycled_inputs"]["items"] == \
        before["outflow"]["upcycled_inputs"]["items"] + 2
    assert bench.js_errors == []


def _ords_rows(demo, problem):
    today = pages.local_today().isoformat()
    with demo.api("monitor") as http:
        text = http.get(f"/api/exports/ords.csv?from={today}&to={today}").text
    return [r for r in csv.DictReader(io.StringIO(text)) if r["problem"] == problem]


def test_a_residents_repair_needs_brand_and_problem_and_speaks_dutch(open_page, demo):
    bench = open_page("repair", "/repair", viewport=pages.PHONE)
    bench.get_by_role("tab", name="Reparatie voor bewoner").click()
    # ORDS product categories in the page's language, alphabetical; ORDS ids underneath
    kettle = bench.locator('#own-ords option[value="14"]')
    expect(kettle).to_have_text("Waterkoker")
    names = bench.locator("#own-ords option").all_inner_texts()[1:]
    assert len(names) == 40 and names == sorted(names, key=str.casefold)
    bench.get_by_role("button", name="Gerepareerd", exact=True).click()  # nothing filled in
    expect(bench.locator("#own-brand-error")).to_have_text(
        "Vul het merk in, of vink ‘Merk onbekend’ aan.")
    expect(bench.locator("#own-problem-error")).to_have_text("Beschrijf kort wat er mis was.")
    expect(bench.locator("#own-message")).to_be_hidden()
    pages.screenshot(bench, "repair-own-use-required-phone")
    bench.locator("#own-ords").select_option("14")
    bench.get_by_label("Merk onbekend").check()
    expect(bench.locator("#own-brand-error")).to_be_hidden()
    bench.get_by_label("Probleem").press_sequentially("zekering slaat door")
    expect(bench.locator("#own-problem-error")).to_be_hidden()  # gone as it is fixed
    bench.get_by_role("button", name="Gerepareerd", exact=True).click()
    expect(bench.locator("#own-message")).to_have_text("Reparatie vastgelegd: Gerepareerd.")
    (row,) = _ords_rows(demo, "zekering slaat door")
    assert row["brand"] == "Unknown" and row["product_category"] == "Kettle"  # ORDS's words
    assert row["product_category_id"] == "14" and row["repair_status"] == "Fixed"
    # the form is empty again for the next resident
    expect(bench.get_by_label("Merk onbekend")).not_to_be_checked()
    expect(bench.locator("#own-ords")).to_have_value("")
    bench.get_by_role("button", name="English").click()
    expect(kettle).to_have_text("Kettle")
    assert bench.js_errors == []
