"""The dashboard's Mensen (CONTRACT §12, the monitor's `social`): February 2022 with four people
in four groups, a change of group, two ends, hours, skills, places and a target on the hours,
entered through the API; every figure on the page worked out by hand here."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support import pages

PERIOD = "from=2022-02-01&to=2022-02-28"  # a month no other page test writes in


@pytest.fixture(scope="module")
def february(demo: pages.Demo) -> None:
    """Four people at the admin station's site; hours by hand (presence scans may not be
    back-dated more than a week)."""
    def post(path: str, body: dict[str, object]) -> None:
        demo.call("admin", "POST", path, body)

    post("/api/people", {"alias": "feb-a", "group": "intern", "start": "2022-01-15"})
    post("/api/people", {"alias": "feb-b", "group": "wsw", "start": "2022-02-07"})
    post("/api/people", {"alias": "feb-c", "group": "re_integration", "start": "2022-02-01"})
    post("/api/people", {"alias": "feb-d", "group": "volunteer", "start": "2021-06-01"})
    post("/api/people/feb-c/group", {"group": "intern", "from": "2022-02-15"})
    post("/api/people/feb-a/end", {"outcome": "paid_work", "date": "2022-02-10"})
    post("/api/people/feb-d/end", {"outcome": "education", "date": "2022-02-20"})
    for alias, day, hours in (("feb-a", 3, 4), ("feb-a", 8, 3.5), ("feb-b", 7, 6),
                              ("feb-b", 14, 6), ("feb-c", 10, 2.25), ("feb-c", 21, 5),
                              ("feb-d", 5, 3)):
        post("/api/attendance", {"alias": alias, "date": f"2022-02-{day:02d}", "hours": hours})
    post("/api/people/feb-a/skills", {"skill": "lassen", "certificate": True,
                                      "date": "2022-02-04"})
    post("/api/people/feb-c/skills", {"skill": "verkopen", "date": "2022-02-22"})
    post("/api/people/feb-b/skills", {"skill": "solderen", "certificate": True,
                                      "date": "2022-01-20"})  # before the month
    post("/api/places", {"group": "intern", "count": 1, "from": "2022-02-01",
                         "to": "2022-02-28"})
    post("/api/places", {"group": "wsw", "count": 2, "from": "2022-02-01", "to": "2022-12-31"})
    post("/api/targets", {"figure": "social_hours", "period": "2022-02", "value": 40})


# By hand, February 2022 (28 days):
# intern: feb-a (15 Jan - 10 Feb, paid work) and feb-c (from 15 Feb) → 2 people, 4 + 3,5 + 5 =
#   12,5 h, 1 started (feb-c), 1 ended (feb-a); re_integration: feb-c 1-14 Feb → 1 person,
#   2,25 h, 1 started, 1 ended (other programme); wsw: feb-b from 7 Feb → 1, 12 h, 1 started;
#   volunteer: feb-d until 20 Feb (education) → 1, 3 h, 1 ended.
# Hours 12,5 + 2,25 + 12 + 3 = 29,75. Ended 3, of whom 2 to paid work or education.
# Places: intern 1 a day × 28 = 28 offered, filled 1-10 and 15-28 Feb = 24; wsw 2 × 28 = 56,
#   filled 7-28 Feb by one = 22. Together 84 offered, 46 filled (54,8 %: "55 %").
# Skills in the month: feb-a (certificate) and feb-c → 2 people, 1 certificate.
# Target: 40 hours for the month → 29,75 of 40 (74 %).
GROUPS = {"intern": [2, 12.5, 1, 1, 28, 24], "re_integration": [1, 2.25, 1, 1, 0, 0],
          "wsw": [1, 12, 1, 0, 56, 22], "volunteer": [1, 3, 0, 1, 0, 0]}


@pytest.mark.parametrize(("lang", "viewport", "locale"), [
    ("nl", pages.TABLET, "nl-NL"), ("en", pages.PHONE, "en-US"),
], ids=["nl-tablet", "en-US-phone"])
def test_the_mensen_panel_shows_the_month_worked_out_by_hand(open_page, demo, february, lang,
                                                            viewport, locale):
    dash = open_page("monitor", f"/dashboard?{PERIOD}", viewport=viewport, lang=lang,
                     locale=locale)
    dash.wait_for_selector("body[data-loaded=true]")
    section = dash.locator("#social")
    expect(section).to_be_visible()
    figures = {el.get_attribute("data-social"): float(el.get_attribute("data-value") or "nan")
               for el in dash.locator("[data-social]").all()}
    assert figures == {"hours": 29.75, "filled_share": 46 / 84, "filled_days": 46,
                       "offered_days": 84, "moved_on": 2, "ended": 3, "skills_people": 2,
                       "certificates": 1}
    expect(dash.locator('[data-social="hours"]')).to_have_text(
        "29,75" if lang == "nl" else "29.75")
    expect(dash.locator('[data-social="filled_share"]')).to_have_text("55 %")

    rows = {tr.get_attribute("data-group"): [float(td.get_attribute("data-value"))
                                             for td in tr.locator("td[data-label]").all()]
            for tr in dash.locator("#social-rows tr").all()}
    assert rows == GROUPS
    intern = dash.locator('#social-rows tr[data-group="intern"]')
    expect(intern).to_contain_text("Stage of leerwerkplek" if lang == "nl"
                                   else "Internship or learning place")
    expect(intern.locator("td").last).to_have_text("24 (86 %)")
    outcomes = {li.get_attribute("data-outcome"): int(li.get_attribute("data-value"))
                for li in dash.locator("#social-outcomes li").all()}
    assert outcomes == {"paid_work": 1, "education": 1, "other_programme": 1, "stopped": 0,
                        "unknown": 0}
    expect(dash.locator('#social-outcomes li[data-outcome="paid_work"]')).to_have_text(
        "Betaald werk: 1" if lang == "nl" else "Paid work: 1")
    goal = dash.locator('#social-goals li[data-goal="social_hours"]')
    expect(goal).to_have_attribute("data-target", "40")
    expect(goal).to_have_attribute("data-actual", "29.75")
    expect(goal).to_contain_text("29,75 van 40 (74 %)" if lang == "nl" else "29.75 of 40 (74 %)")

    chart = dash.evaluate("""(() => {
        const c = Chart.getChart(document.getElementById('chart-social'));
        return {weeks: c.data.labels.length, sets: c.data.datasets.map(d => [d.label, d.data])};
        })()""")
    assert chart["weeks"] == 5  # the weeks of 31 Jan, 7, 14, 21 and 28 February
    per_group = {label: round(sum(data), 2) for label, data in chart["sets"]}
    names = {"nl": {"intern": "Stage of leerwerkplek", "re_integration": "Re-integratie",
                    "wsw": "Wsw (sociale werkvoorziening)", "volunteer": "Vrijwilligers"},
             "en": {"intern": "Internship or learning place", "re_integration": "Re-integration",
                    "wsw": "Wsw (sheltered work)", "volunteer": "Volunteers"}}[lang]
    assert per_group == {names[g]: v[1] for g, v in GROUPS.items()}
    # intern by week: 3 Feb (4 h), 8 Feb (3,5 h), nothing 14-20 Feb, 21 Feb (5 h), 28 Feb
    by_week = dict(chart["sets"])[names["intern"]]
    assert by_week == [4, 3.5, 0, 5, 0]
    overflow = dash.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    section.screenshot(path=str(pages.SCREENSHOTS / f"dashboard-people-month-{lang}.png"))
    assert dash.js_errors == []
