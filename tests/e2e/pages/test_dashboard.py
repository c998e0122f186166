"""The dashboard shows the figures the monitor API gives, charts them per week, and downloads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.support import pages

LOCAL = ZoneInfo("Europe/Amsterdam")
HISTORY_DAYS = 24


def _at(day: date, hour: int) -> str:
    return datetime.combine(day, time(hour), LOCAL).astimezone(UTC).isoformat()


def _seed(demo) -> tuple[date, date]:
    """Some weeks of paper records, back-dated by the admin station; returns the period."""
    today = pages.local_today()
    start, end = today - timedelta(days=HISTORY_DAYS), today - timedelta(days=1)
    cats = ["textiel", "meubilair", "elektrisch", "boeken", "fietsen"]
    for n in range(HISTORY_DAYS - 3):
        day = start + timedelta(days=n)
        cat = cats[n % len(cats)]
        code = demo.call("admin", "POST", "/api/items", {
            "category": cat, "weight_kg": 1.5 + n, "at": _at(day, 9)})["code"]
        if n % 4 == 3:
            demo.call("admin", "POST", f"/api/items/{code}/inspect",
                      {"outcome": "unusable", "stream": "recycle", "at": _at(day, 10)})
            continue
        if n % 3 == 0:
            demo.call("admin", "POST", f"/api/items/{code}/inspect",
                      {"outcome": "needs_repair", "at": _at(day, 10)})
            if n % 2 == 0:
                demo.call("admin", "POST", f"/api/items/{code}/repair", {
                    "outcome": "end_of_life", "stream": "residual",
                    "barrier": "Spare parts too expensive", "at": _at(day, 11)})
                continue
            demo.call("admin", "POST", f"/api/items/{code}/repair",
                      {"outcome": "fixed", "price_eur": 10 + n, "at": _at(day, 11)})
        else:
            demo.call("admin", "POST", f"/api/items/{code}/inspect",
                      {"outcome": "sellable", "price_eur": 5 + n, "at": _at(day, 10)})
        if n % 2 == 1:
            demo.call("admin", "POST", "/api/sales", {
                "items": [code], "payment": "pin", "at": _at(day + timedelta(days=2), 14),
                "lines": [{"category": "boeken", "weight_kg": 0.8, "price_eur": 1.5}]})
    demo.call("admin", "POST", "/api/bulk",
              {"category": "textiel", "weight_kg": 11.5, "at": _at(start, 12)})
    demo.call("admin", "POST", "/api/repairs", {
        "category": "elektrisch", "ords_category_id": 14, "outcome": "fixed",
        "at": _at(start + timedelta(days=3), 15)})
    return start, end


def test_dashboard_shows_the_monitor_figures_per_week_and_downloads_them(open_page, demo):
    start, end = _seed(demo)
    period = f"from={start}&to={end}"
    doc = demo.call("monitor", "GET", f"/api/monitor?{period}")
    assert doc["inflow"]["items"] > 10 and doc["outflow"]["sold"]["items"] > 3

    dash = open_page("monitor", f"/dashboard?{period}")
    dash.wait_for_selector("body[data-loaded=true]")
    shown = dict(dash.eval_on_selector_all(
        "[data-figure]", "els => els.map(e => [e.dataset.figure, e.dataset.value])"))
    stock = doc["stock"]
    expected = {
        "inflow.items": doc["inflow"]["items"], "inflow.kg": doc["inflow"]["kg"],
        "inflow.bulk_kg": doc["inflow"]["bulk_kg"],
        "outflow.sold.items": doc["outflow"]["sold"]["items"],
        "outflow.sold.kg": doc["outflow"]["sold"]["kg"],
        "outflow.sold.revenue_eur": doc["outflow"]["sold"]["revenue_eur"],
        "reuse_rate": doc["reuse_rate"], "co2_avoided_kg": doc["co2_avoided_kg"],
        "repairs.attempted": doc["repairs"]["attempted"], "repairs.fixed": doc["repairs"]["fixed"],
        "repairs.own_use": doc["repairs"]["own_use"],
        "stock.total.items": sum(s["items"] for s in stock.values()),
        "stock.total.kg": round(sum(s["kg"] for s in stock.values()), 3),
        "lead_time_days.median": doc["lead_time_days"]["median"],
        "lead_time_days.p90": doc["lead_time_days"]["p90"],
        "visitors.drop_offs": doc["visitors"]["drop_offs"],
        "visitors.sales": doc["visitors"]["sales"],
    }
    assert {k: float(v) for k, v in shown.items()} == {k: float(v) for k, v in expected.items()}
    # what a person reads, too: Dutch number formatting of the same figures
    expect(dash.locator('[data-figure="reuse_rate"]')).to_have_text(
        f"{doc['reuse_rate'] * 100:.1f} %".replace(".", ","))

    # seven charts; the weekly series add up to the period's figures
    charts = dash.evaluate("""Object.values(Chart.instances).map(c => ({
        id: c.canvas.id,
        sums: c.data.datasets.map(d => d.data.reduce((s, v) => s + (v || 0), 0))}))""")
    by_id = {c["id"]: c["sums"] for c in charts  # goals, mass balance, till, people: elsewhere
             if c["id"] not in ("chart-goal", "chart-mass", "chart-partners", "chart-till",
                                "chart-social")}
    assert len(by_id) == 7
    assert round(sum(by_id["chart-inflow"]), 3) == round(doc["inflow"]["kg"]
                                                         + doc["inflow"]["bulk_kg"], 3)
    assert round(sum(by_id["chart-outflow"]), 3) == doc["outflow"]["sold"]["kg"]
    assert round(sum(by_id["chart-co2"]), 3) == doc["co2_avoided_kg"]
    assert by_id["chart-repairs"] == [doc["repairs"]["attempted"]]  # outcomes include own use
    pages.screenshot(dash, "dashboard")

    # downloads: the monitor CSV is the API's (generated_at aside)
    with dash.expect_download() as download:
        dash.get_by_role("button", name="Monitor (CSV)").click()
    got = download.value.path().read_text(encoding="utf-8")
    with demo.api("monitor") as http:
        want = http.get(f"/api/monitor.csv?{period}").text
    rows = lambda text: [r for r in csv.reader(io.StringIO(text)) if r[0] != "generated_at"]  # noqa: E731
    assert rows(got) == rows(want)
    with dash.expect_download() as download:
        dash.get_by_role("button", name="Reparaties (ORDS)").click()
    assert download.value.path().read_text(encoding="utf-8").startswith("id,data_provider,")

    # English on request
    dash.get_by_role("button", name="English").click()
    expect(dash.locator("#headline")).to_contain_text("CO2 avoided")
    expect(dash.get_by_role("button", name="Show")).to_be_visible()
    # and so are the server's refusals: a period that ends before it starts
    dash.fill("#from", str(end + timedelta(days=1)))
    dash.get_by_role("button", name="Repairs (ORDS)").click()
    expect(dash.locator("#dash-message")).to_contain_text(f"'to' ({end}) is before 'from'")
    assert dash.js_errors == []


ONE_LINE = ("el => el.getBoundingClientRect().height"
            " < 1.5 * parseFloat(getComputedStyle(el).lineHeight)")


def test_dashboard_big_figures_stay_on_one_line_and_dates_are_dutch(open_page, demo):
    """A week in 2024 with heavy furniture sold: 2.925,7 kg CO2 must not wrap before its unit."""
    monday = date(2024, 3, 4)
    for kg, price in ((1999.9, 12345.67), (659.8, 250)):
        code = demo.call("admin", "POST", "/api/items", {
            "category": "meubilair", "weight_kg": kg, "at": _at(monday, 9)})["code"]
        demo.call("admin", "POST", f"/api/items/{code}/inspect",
                  {"outcome": "sellable", "price_eur": price, "at": _at(monday, 10)})
        demo.call("admin", "POST", "/api/sales", {"items": [code], "payment": "pin",
                                                  "at": _at(monday + timedelta(days=1), 11)})
    period = f"from={monday}&to={monday + timedelta(days=6)}"
    for viewport, locale in ((pages.TABLET, "en-US"), (pages.PHONE, "nl-NL")):
        dash = open_page("monitor", f"/dashboard?{period}", viewport=viewport, locale=locale)
        dash.wait_for_selector("body[data-loaded=true]")
        # dates as the Dutch write them, whatever the browser's language
        expect(dash.locator("#from")).to_have_value("04-03-2024")
        expect(dash.locator("#to")).to_have_value("10-03-2024")
        co2 = dash.locator('.figure .value:has([data-figure="co2_avoided_kg"])')
        expect(co2).to_have_text("2.925,7 kg")
        values = dash.locator(".figure .value")
        for i in range(values.count()):
            assert values.nth(i).evaluate(ONE_LINE), values.nth(i).inner_text()
        spilled = dash.evaluate("""[...document.querySelectorAll('.figure')]
            .filter(f => f.scrollWidth > f.clientWidth).map(f => f.textContent)""")
        assert spilled == []
        pages.screenshot(dash, f"dashboard-big-figures-{viewport['width']}w")
        assert dash.js_errors == []
    # a date that does not exist is refused next to its field; English writes dd/mm/yyyy
    dash.locator("#from").fill("")
    dash.locator("#from").press_sequentially("31-02-2024")
    dash.get_by_role("button", name="Toon").click()
    expect(dash.locator("#from-error")).to_have_text(
        "‘31-02-2024’ is geen datum: schrijf dd-mm-jjjj, bijvoorbeeld 12-10-2026.")
    dash.locator("#from").fill("")
    dash.locator("#from").press_sequentially("4-3-2024")
    dash.get_by_role("button", name="Toon").click()
    expect(dash.locator("#from-error")).to_be_hidden()
    dash.get_by_role("button", name="English").click()
    expect(dash.locator("#from")).to_have_value("04/03/2024")


def test_an_empty_period_says_so_and_the_running_week_is_marked(open_page, demo):
    dash = open_page("monitor", "/dashboard?from=2019-01-07&to=2019-01-20")
    dash.wait_for_selector("body[data-loaded=true]")
    empty = dash.locator(".chart .empty")
    expect(empty).to_have_count(7)
    for i in range(7):
        expect(empty.nth(i)).to_have_text("Geen gegevens in deze periode")
    assert dash.evaluate("""Object.values(Chart.instances)
        .filter(c => c.canvas.closest('.charts')).length""") == 0  # no bare axes
    pages.screenshot(dash, "dashboard-empty")

    demo.item(state="collected")  # something today, so the running week has a bar
    today = pages.local_today()
    start = today - timedelta(days=today.weekday() + 14)  # a Monday two weeks back
    dash = open_page("monitor", f"/dashboard?from={start + timedelta(days=2)}&to={today}")
    dash.wait_for_selector("body[data-loaded=true]")
    labels = dash.evaluate("Chart.getChart(document.getElementById('chart-inflow')).data.labels")
    assert len(labels) == 3
    assert labels[0].endswith(" (deels)")  # starts on a Wednesday: part of its week
    assert not labels[1].endswith(")")
    assert labels[2].endswith(" (lopend)")  # this week: not over yet
    dash.get_by_role("button", name="English").click()
    pages.until(lambda: dash.evaluate(
        "Chart.getChart(document.getElementById('chart-inflow')).data.labels")[2]
        .endswith(" (so far)"))
    assert dash.js_errors == []
