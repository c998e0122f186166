"""The dashboard's mass balance (CONTRACT §10): a week of paper records in 2021 (items and bulk in,
a pallet to a school, a residual skip, scrap metal), every figure worked out by hand here,
shown as the bar of in against where it went with "niet uitgewogen" plainly visible (negative
this week: more was weighed out than came in), and a chart per partner and stream."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.support import pages

LOCAL = ZoneInfo("Europe/Amsterdam")
MONDAY = date(2021, 6, 7)  # a week no other page test writes in


def _at(day: int, hour: int) -> str:
    """A moment of the week, `day` days after its Monday."""
    when = datetime.combine(date(MONDAY.year, MONDAY.month, MONDAY.day + day), time(hour), LOCAL)
    return when.astimezone(UTC).isoformat()


@pytest.fixture(scope="module")
def week(demo: pages.Demo) -> dict[str, str]:
    """The week's records, back-dated by the admin station; the partners' ids by kind."""
    def post(path: str, body: dict[str, object]) -> dict[str, object]:
        return demo.call("admin", "POST", path, body)  # type: ignore[no-any-return]

    tag = uuid.uuid4().hex[:5]
    partners = {}
    for kind, name in (("school", "Vakschool"), ("waste_processor", "Afvalbedrijf"),
                       ("scrap_metal", "Oud IJzer")):
        partners[kind] = str(post("/api/partners", {"id": f"{kind}-{tag}",
                                                    "name": f"{name} {tag}", "kind": kind})["id"])
    post("/api/items", {"category": "meubilair", "weight_kg": 10, "at": _at(0, 9)})  # stays
    planks = post("/api/items", {"category": "bouwmaterialen", "weight_kg": 4, "at": _at(0, 10)})
    broken = post("/api/items", {"category": "elektrisch", "weight_kg": 3, "at": _at(0, 11)})
    post("/api/bulk", {"category": "textiel", "weight_kg": 5, "at": _at(0, 12)})
    post(f"/api/items/{broken['code']}/inspect",
         {"outcome": "unusable", "stream": "recycle", "at": _at(1, 10)})
    post("/api/outflows", {"partner": partners["school"], "stream": "reuse", "weight_kg": 2.5,
                           "items": [planks["code"]], "at": _at(2, 10)})
    post("/api/outflows", {"partner": partners["waste_processor"], "stream": "residual",
                           "weight_kg": 40, "at": _at(3, 10)})
    post("/api/outflows", {"partner": partners["scrap_metal"], "stream": "recycle",
                           "weight_kg": 1.25, "items": [broken["code"]], "at": _at(3, 11)})
    return partners


# By hand: in 10 + 4 + 3 labelled + 5 bulk = 22 kg; out 2,5 given away (the planks are inside
# the pallet's weight) + 1,25 recycle (the broken item inside the scrap batch) + 40 residual =
# 43,75 kg; stock 0 -> 10 kg (the cupboard still collected); unaccounted 22 - 43,75 - 10.
IN_KG, STOCK_CHANGE_KG, UNACCOUNTED_KG = 22.0, 10.0, -31.75
PARTS = {"collected": 22.0, "given_away": 2.5, "recycle": 1.25, "residual": 40.0,
         "stock_change": 10.0, "unaccounted": -31.75}


@pytest.mark.parametrize(("lang", "viewport", "locale"), [
    ("nl", pages.TABLET, "nl-NL"), ("en", pages.PHONE, "en-US"),
], ids=["nl-tablet", "en-US-phone"])
def test_the_mass_balance_bar_and_the_chart_per_partner(open_page, demo, week, lang, viewport,
                                                        locale):
    period = f"from={MONDAY}&to={date(2021, 6, 13)}"
    doc = demo.call("monitor", "GET", f"/api/monitor?{period}")["mass_balance"]
    assert (doc["in_kg"], doc["stock_change_kg"], doc["unaccounted_kg"]) == (
        IN_KG, STOCK_CHANGE_KG, UNACCOUNTED_KG)

    dash = open_page("monitor", f"/dashboard?{period}", viewport=viewport, lang=lang,
                     locale=locale)
    dash.wait_for_selector("body[data-loaded=true]")
    section = dash.locator("#mass-balance")
    expect(section).to_be_visible()
    unaccounted = dash.locator("#mass-unaccounted")
    expect(unaccounted).to_have_attribute("data-value", str(UNACCOUNTED_KG))
    expect(unaccounted).to_have_text(re.compile(r"^[-−]31[,.]8$"))
    expect(dash.locator(".mass-figures .unaccounted")).to_have_attribute("data-sign", "negative")
    expect(dash.locator("#mass-unaccounted-note")).to_have_text(
        "meer uitgewogen dan er binnenkwam: iets van een eerdere periode ging nu de deur uit"
        if lang == "nl" else
        "more weighed out than came in: something of an earlier period left now")
    figures = {el.get_attribute("data-mass"): float(el.get_attribute("data-value") or "nan")
               for el in dash.locator("[data-mass]").all()}
    assert figures == {"in_kg": IN_KG, "out_total": 43.75, "stock_change_kg": STOCK_CHANGE_KG,
                       "unaccounted_kg": UNACCOUNTED_KG, "reuse_rate_mass": doc["reuse_rate_mass"]}
    assert round(doc["reuse_rate_mass"], 3) == round(2.5 / 43.75, 3)
    expect(dash.locator('[data-mass="reuse_rate_mass"]')).to_have_text(
        "5,7 %" if lang == "nl" else "5.7 %")
    legend = {li.get_attribute("data-part"): float(li.get_attribute("data-value") or "nan")
              for li in dash.locator("#mass-legend li").all()}
    assert legend == PARTS  # nothing sold, no transfers: those parts are left out
    expect(dash.locator('#mass-legend li[data-part="unaccounted"]')).to_have_text(
        re.compile(r"^Niet uitgewogen: [-−]31,75 kg$" if lang == "nl"
                   else r"^Not weighed out: [-−]31\.75 kg$"))

    bar = dash.evaluate("""(() => { const c = Chart.getChart(document.getElementById('chart-mass'));
        return c.data.datasets.map(d => [d.label, d.data]); })()""")
    shown = dict((label, data) for label, data in bar)
    assert shown["Niet uitgewogen" if lang == "nl" else "Not weighed out"] == [None, -31.75]
    assert shown["Ingezameld (met en zonder label)" if lang == "nl"
                 else "Taken in (labelled and bulk)"] == [22, None]

    partners = dash.evaluate("""(() => {
        const c = Chart.getChart(document.getElementById('chart-partners'));
        return {labels: c.data.labels, sets: c.data.datasets.map(d => [d.label, d.data])}; })()""")
    tag = week["school"].split("-")[-1]
    names = {week["school"]: f"Vakschool {tag}", week["waste_processor"]: f"Afvalbedrijf {tag}",
             week["scrap_metal"]: f"Oud IJzer {tag}"}
    by_name = {pid: names[pid] for pid in doc["by_partner"]}
    assert set(partners["labels"]) == set(by_name.values())
    per = {label: dict(zip(partners["labels"], data, strict=True))
           for label, data in partners["sets"]}
    reuse, recycle, residual = (("Hergebruik", "Recyclen", "Restafval") if lang == "nl"
                                else ("Reuse", "Recycle", "Residual waste"))
    assert per[reuse][names[week["school"]]] == 2.5
    assert per[residual][names[week["waste_processor"]]] == 40
    assert per[recycle][names[week["scrap_metal"]]] == 1.25
    assert per[reuse][names[week["waste_processor"]]] == 0
    overflow = dash.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    section.screenshot(path=str(pages.SCREENSHOTS / f"dashboard-mass-balance-{lang}.png"))
    assert dash.js_errors == []


def test_a_period_without_outflows_says_so(open_page, demo):
    dash = open_page("monitor", "/dashboard?from=2019-01-07&to=2019-01-20")
    dash.wait_for_selector("body[data-loaded=true]")
    expect(dash.locator("#mass-partners-empty")).to_have_text(
        "Niets afgevoerd naar afnemers in deze periode.")
    expect(dash.locator("#mass-unaccounted-note")).to_have_text("alles is verantwoord")
    assert dash.js_errors == []
