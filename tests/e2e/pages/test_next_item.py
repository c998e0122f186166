"""Nothing typed for one item is stored with the next: each station page walks two items in a
row (intake, repair bench, till) and the API is asked what was stored for the second."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.support import pages


def _type(field, text):
    field.click()
    field.clear()
    field.press_sequentially(text)


def test_intake_the_item_after_a_bulk_bag_takes_nothing_of_it(open_page, demo):
    intake = open_page("intake", "/intake")
    intake.locator("#manual-toggle").check()
    weight = intake.locator("#manual-weight")
    # A: a laptop with everything filled in
    intake.get_by_role("button", name="Elektrische apparaten").click()
    intake.locator("#ords").select_option("16")
    intake.get_by_label("Serienummer").fill("SN-NEXT-1")
    intake.get_by_label("Omschrijving (optioneel)").fill("laptop")
    _type(weight, "2,5")
    intake.get_by_role("button", name="Inzamelen", exact=True).click()
    expect(intake.locator("#result")).to_be_visible()
    first = intake.locator("#result").get_attribute("data-code")
    # B: a bag of clothes by weight, a description typed before the volunteer chose bulk
    intake.get_by_role("button", name="Textiel").click()
    intake.get_by_label("Omschrijving (optioneel)").fill("zak kleding")
    _type(weight, "8,4")
    intake.get_by_role("button", name="Bulk zonder label (op gewicht)").click()
    expect(intake.locator("#intake-message")).to_contain_text("Bulk ingezameld")
    # C: a book; every field is empty again
    for field in ("#description", "#serial", "#manual-weight"):
        expect(intake.locator(field)).to_have_value("")
    intake.get_by_role("button", name="Boeken en media").click()
    _type(weight, "1,1")
    intake.get_by_role("button", name="Inzamelen", exact=True).click()
    expect(intake.locator("#result")).not_to_have_attribute("data-code", first)
    third = demo.call("intake", "GET",
                      f"/api/items/{intake.locator('#result').get_attribute('data-code')}")
    assert third["category"] == "boeken" and third["weight_kg"] == 1.1
    assert third["description"] is None and third["serial_number"] is None
    assert third["ords_category_id"] is None
    assert intake.js_errors == []


def test_repair_bench_minutes_of_one_item_never_go_with_the_next(open_page, demo):
    first, second, third = (demo.item(state="in_repair"), demo.item(state="in_repair"),
                            demo.item(state="collected"))
    bench = open_page("repair", "/repair")

    def scan(code):
        bench.locator("#scan").press_sequentially(code)
        bench.keyboard.press("Enter")
        expect(bench.locator("#item-code")).to_have_text(code)

    scan(first)
    _type(bench.locator("#minutes"), "35")
    bench.get_by_role("button", name="Repareerbaar – wacht op onderdeel").click()
    expect(bench.locator("#item-message")).to_have_text("Opgeslagen: nu In reparatie.")
    expect(bench.locator("#minutes")).to_have_value("")  # stored once, not again
    _type(bench.locator("#minutes"), "20")  # typed, then the next item is scanned instead
    _type(bench.locator("#price"), "9")
    scan(second)
    expect(bench.locator("#minutes")).to_have_value("")
    expect(bench.locator("#price")).to_have_value("")
    bench.get_by_role("button", name="Repareerbaar – wacht op onderdeel").click()
    expect(bench.locator("#item-message")).to_have_text("Opgeslagen: nu In reparatie.")
    events = demo.call("repair", "GET", f"/api/items/{second}/events")
    assert events[-1]["type"] == "repaired" and "minutes" not in events[-1]["data"]
    assert demo.call("repair", "GET", f"/api/items/{first}/events")[-1]["data"]["minutes"] == 35

    scan(third)  # no price of its own: the 9 typed for another item is not offered
    bench.get_by_role("button", name="Verkoopbaar").click()
    expect(bench.locator("#price-error")).to_have_text("Vul eerst een prijs in.")
    assert demo.call("repair", "GET", f"/api/items/{third}")["state"] == "collected"
    assert bench.js_errors == []


def test_till_the_next_customer_starts_with_a_clean_receipt(open_page, demo):
    first = demo.item(price=4, description="blauwe vaas")
    second = demo.item(price=6)
    till = open_page("till", "/till")
    till.keyboard.type(first)
    till.keyboard.press("Enter")
    row = till.locator(f'#cart-body tr[data-code="{first}"]')
    expect(row).to_contain_text("Kleingoed (huisraad) · blauwe vaas")  # the description, too
    till.locator("#line-form summary").click()
    till.locator("#line-category").select_option("textiel")
    _type(till.locator("#line-weight"), "1,5")
    _type(till.locator("#line-price"), "3")
    till.locator("#line-price").press("Enter")
    _type(till.locator("#given"), "10")
    till.keyboard.press("Enter")
    expect(till.locator("#receipt")).to_have_attribute("data-state", "sold")
    expect(till.locator("#receipt-change")).to_have_text("Wisselgeld: € 3,00")

    # the next customer: the last receipt goes away once the new cart starts
    for field in ("#given", "#line-weight", "#line-price"):
        expect(till.locator(field)).to_have_value("")
    expect(till.locator("#change")).to_be_hidden()
    till.locator("#scan").focus()
    till.keyboard.type(second)
    till.keyboard.press("Enter")
    expect(till.locator("#cart-body tr")).to_have_count(1)
    expect(till.locator("#receipt")).to_be_hidden()
    till.locator("#line-form summary").click()
    _type(till.locator("#line-weight"), "0,8")
    _type(till.locator("#line-price"), "1")
    till.locator("#line-price").press("Enter")
    with till.expect_response("**/api/sales") as answer:
        till.keyboard.press("F9")
        till.keyboard.press("Enter")  # the terminal said Akkoord
    sale = answer.value.json()
    assert [i["code"] for i in sale["items"]] == [second]
    assert [(x["category"], x["weight_kg"], x["price_eur"]) for x in sale["lines"]] == \
        [("boeken", 0.8, 1.0)]  # the default category again, not the last customer's
    assert sale["payment"] == "pin" and sale["total_eur"] == 7.0
    expect(till.locator("#receipt-change")).to_be_hidden()
    pages.screenshot(till, "till-second-customer")
    assert till.js_errors == []
