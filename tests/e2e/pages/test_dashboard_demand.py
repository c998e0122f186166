"""The dashboard's demand panel (CONTRACT §13, the monitor's `demand`): a week in 2021 with
toys and textiles put on the shelf on Monday, some sold later in the week, and wishes noted
at the till; every figure worked out by hand here."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.support import pages

LOCAL = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2021, 9, 6)  # a week no other page test writes in
PERIOD = f"from={MONDAY}&to={date(2021, 9, 12)}"


def _at(day: int, hour: int) -> str:
    when = datetime.combine(date(MONDAY.year, MONDAY.month, MONDAY.day + day), time(hour), LOCAL)
    return when.astimezone(UTC).isoformat()


@pytest.fixture(scope="module")
def week(demo: pages.Demo) -> None:
    """Three toys and three textiles on the shelf on Monday; toys sold on Wednesday and
    Sunday, one textile on Thursday; two wishes for electrical appliances, one for textiles."""
    def ready(category: str) -> str:
        code = demo.call("admin", "POST", "/api/items", {
            "category": category, "weight_kg": 1, "at": _at(0, 9)})["code"]
        demo.call("admin", "POST", f"/api/items/{code}/inspect",
                  {"outcome": "sellable", "price_eur": 5, "at": _at(0, 10)})
        return str(code)

    toys, cloths = [ready("speelgoed") for _ in range(3)], [ready("textiel") for _ in range(3)]
    for code, day in ((toys[0], 2), (toys[1], 6), (cloths[0], 3)):
        demo.call("admin", "POST", "/api/sales", {"items": [code], "payment": "cash",
                                                  "at": _at(day, 11)})
    for category, text in (("elektrisch", "naaimachine"), ("elektrisch", "föhn"),
                           ("textiel", "winterjas maat 140")):
        demo.call("admin", "POST", "/api/wishes", {"category": category, "text": text,
                                                   "at": _at(4, 12)})


# By hand: toys sold after 2 and 6 days (median 4), one still on the shelf on Sunday: 2 of 3
# sold; textiles one sold after 3 days, two still there: 1 of 3; wishes 2 and 1.
BY_HAND = {"speelgoed": (2, 4, 2 / 3, 0), "textiel": (1, 3, 1 / 3, 1),
           "elektrisch": (0, None, None, 2)}


@pytest.mark.parametrize(("lang", "viewport", "locale"), [
    ("nl", pages.TABLET, "nl-NL"), ("en", pages.PHONE, "en-US"),
], ids=["nl-tablet", "en-US-phone"])
def test_the_demand_panel_shows_what_sells_how_fast_and_what_was_asked_for(
        open_page, demo, week, lang, viewport, locale):
    demand = demo.call("monitor", "GET", f"/api/monitor?{PERIOD}")["demand"]
    for category, (sold, days, through, wishes) in BY_HAND.items():
        f = demand["by_category"][category]
        assert (f["sold"], f["days_on_shelf_median"], demand["wishes"][category]) == (
            sold, days, wishes), category
        assert f["sell_through"] == (None if through is None else round(through, 4)), category

    dash = open_page("monitor", f"/dashboard?{PERIOD}", viewport=viewport, lang=lang,
                     locale=locale)
    dash.wait_for_selector("body[data-loaded=true]")
    panel = dash.locator("#demand")
    expect(panel).to_be_visible()
    rows = panel.locator("#demand-rows tr")
    expect(rows).to_have_count(3)  # only categories with sales, stock or wishes
    assert [r.get_attribute("data-category") for r in rows.all()] == [
        "speelgoed", "textiel", "elektrisch"]  # most sold first
    for category, (sold, days, through, wishes) in BY_HAND.items():
        cells = panel.locator(f'tr[data-category="{category}"] td')
        values = [c.get_attribute("data-value") for c in cells.all()]
        assert values[0] == str(sold) and values[3] == str(wishes), category
        assert values[1] == ("" if days is None else str(days)), category
        assert (values[2] == "") if through is None else abs(float(values[2]) - through) < 1e-3
    toys = panel.locator('tr[data-category="speelgoed"]')
    expect(toys).to_contain_text("Speelgoed" if lang == "nl" else "Toys")
    expect(toys.locator("td").nth(2)).to_have_text("67 %")
    expect(panel.locator('tr[data-category="elektrisch"] td').nth(1)).to_have_text("–")
    pages.screenshot(dash, f"dashboard-demand-{lang}")
    assert dash.js_errors == []
