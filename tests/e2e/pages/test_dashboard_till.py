"""The dashboard's till panel (CONTRACT §11, the monitor's `till`): a week of sales in 2021 with
a discount on an item, one on a receipt, a split payment and cash rounded to 5 cents, every
figure worked out by hand here; shown per way of paying, with the discounts given and the VAT,
and charted per week."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.support import pages

LOCAL = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2021, 5, 10)  # a week no other page test writes in


def _at(day: int, hour: int) -> str:
    when = datetime.combine(date(MONDAY.year, MONDAY.month, MONDAY.day + day), time(hour), LOCAL)
    return when.astimezone(UTC).isoformat()


@pytest.fixture(scope="module")
def week(demo: pages.Demo) -> None:
    """Three sales, back-dated by the admin station."""
    def ready(price: float, category: str) -> str:
        code = demo.call("admin", "POST", "/api/items", {
            "category": category, "weight_kg": 1, "at": _at(0, 9)})["code"]
        demo.call("admin", "POST", f"/api/items/{code}/inspect",
                  {"outcome": "sellable", "price_eur": price, "at": _at(0, 10)})
        return str(code)

    lamp, book, chair, vase = (ready(12.5, "kleingoed"), ready(3.0, "kleingoed"),
                               ready(20.0, "meubilair"), ready(4.99, "kleingoed"))
    sales = [
        {"items": [lamp], "discounts": [{"item": lamp, "pct": 10, "reason": "stadspas"}],
         "payment": "pin", "at": _at(1, 11)},
        {"items": [book, chair], "discounts": [{"eur": 2, "reason": "vrijwilliger"}],
         "payments": [{"method": "pin", "amount_eur": 11}, {"method": "cash", "amount_eur": 10}],
         "at": _at(2, 11)},
        {"items": [vase], "payments": [{"method": "cash", "amount_eur": 10}], "at": _at(3, 11)},
    ]
    for sale in sales:
        demo.call("admin", "POST", "/api/sales", sale)


# By hand: the lamp 12,50 − 10 % = 11,25 by card; book and chair 23,00 − 2,00 = 21,00, of which
# 11,00 by card and 10,00 cash; the vase 4,99 rounds to 5,00 in cash (10,00 given, 5,00 back).
# Card 22,25, cash 15,00, taken 37,25; discounts 1,25 + 2,00 = 3,25 of 40,50 before them (8,0 %).
# VAT 21 % per line: the receipt's 2,00 spread 0,26 / 1,74 (largest remainder) → paid 2,74 and
# 18,26; VAT 11,25 → 1,95, 2,74 → 0,48, 18,26 → 3,17, 4,99 → 0,87: 6,47.
PIN, CASH, DISCOUNT, VAT = 22.25, 15.0, 3.25, 6.47


@pytest.mark.parametrize(("lang", "viewport", "locale"), [
    ("nl", pages.TABLET, "nl-NL"), ("en", pages.PHONE, "en-US"),
], ids=["nl-tablet", "en-US-phone"])
def test_the_till_panel_shows_what_came_in_per_way_of_paying(open_page, demo, week, lang,
                                                            viewport, locale):
    period = f"from={MONDAY}&to={date(2021, 5, 16)}"
    till = demo.call("monitor", "GET", f"/api/monitor?{period}")["till"]
    assert till == {"discount_eur": DISCOUNT, "vat_eur": VAT,
                    "payments": {"cash": CASH, "pin": PIN, "other": 0}}

    dash = open_page("monitor", f"/dashboard?{period}", viewport=viewport, lang=lang,
                     locale=locale)
    dash.wait_for_selector("body[data-loaded=true]")
    section = dash.locator("#till-money")
    expect(section).to_be_visible()
    figures = {el.get_attribute("data-till"): float(el.get_attribute("data-value") or "nan")
               for el in dash.locator("[data-till]").all()}
    assert figures == {"taken": 37.25, "discount_eur": DISCOUNT, "vat_eur": VAT,
                       "discount_share": 325 / 4050}
    expect(dash.locator('[data-till="taken"]')).to_have_text("37,25" if lang == "nl" else "37.25")
    expect(dash.locator('[data-till="discount_share"]')).to_have_text(
        "8,0 %" if lang == "nl" else "8.0 %")
    methods = {li.get_attribute("data-method"): li.inner_text()
               for li in dash.locator("#till-methods li").all()}
    assert list(methods) == ["cash", "pin", "other"]
    assert methods["pin"] == ("Pin: € 22,25 (59,7 %)" if lang == "nl" else "Card: € 22.25 (59.7 %)")
    assert re.fullmatch(r"(Contant|Cash): € 15[,.]00 \(40[,.]3 %\)", methods["cash"])

    chart = dash.evaluate("""(() => {
        const c = Chart.getChart(document.getElementById('chart-till'));
        return {labels: c.data.labels, sets: c.data.datasets.map(d => [d.label, d.data])}; })()""")
    assert len(chart["labels"]) == 1  # one week
    assert dict(chart["sets"]) == {("Contant" if lang == "nl" else "Cash"): [CASH],
                                   ("Pin" if lang == "nl" else "Card"): [PIN],
                                   ("Anders" if lang == "nl" else "Other"): [0]}
    overflow = dash.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    section.screenshot(path=str(pages.SCREENSHOTS / f"dashboard-till-{lang}.png"))
    assert dash.js_errors == []
