"""The dashboard shows progress toward each target the monitor API gives (a bar, with the
baseline beside it) and a line of actual against target, in a real browser."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from tests.support import pages


def test_dashboard_shows_progress_toward_each_target(open_page, demo):
    today = pages.local_today()
    year = today.year
    demo.call("admin", "POST", "/api/targets", {"figure": "activity_participants",
                                                "period": str(year), "value": 3650})
    demo.call("admin", "POST", "/api/baselines", {"figure": "activity_participants",
                                                  "from": f"{year - 1}-01-01",
                                                  "to": f"{year - 1}-12-31", "value": 365})
    demo.call("admin", "POST", "/api/activities", {"kind": "workshop", "date": str(today),
                                                   "participants": 12, "under_18": 5})
    start = max(today - timedelta(days=20), today.replace(month=1, day=1))
    period = f"from={start}&to={today}"
    goal = demo.call("monitor", "GET", f"/api/monitor?{period}")["targets"][
        "activity_participants"]
    days = (today - start).days + 1
    assert goal["target"] == round(3650 * days / (366 if year % 4 == 0 else 365), 2)
    assert goal["actual"] >= 12

    dash = open_page("monitor", f"/dashboard?{period}")
    dash.wait_for_selector("body[data-loaded=true]")
    row = dash.locator('[data-goal="activity_participants"]')
    expect(row).to_be_visible()
    assert float(row.get_attribute("data-target")) == goal["target"]
    assert float(row.get_attribute("data-actual")) == goal["actual"]
    assert float(row.get_attribute("data-baseline")) == goal["baseline"]
    expected = round(min(100, 100 * goal["actual"] / goal["target"]))
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", str(expected))
    expect(row.locator(".goal-numbers")).to_contain_text(" van ")
    expect(row.locator(".goal-numbers")).to_contain_text("nulmeting")
    # the line: actual and target added up week by week end at the period's figures
    dash.select_option("#goal-figure", "activity_participants")
    ends = dash.evaluate("""() => window.Chart.getChart(document.getElementById('chart-goal'))
                              .data.datasets.map(d => d.data[d.data.length - 1])""")
    assert abs(ends[0] - goal["actual"]) < 1e-6 and abs(ends[1] - goal["target"]) < 0.05
    dash.click("#lang")
    expect(row.locator(".goal-name")).to_have_text("Activity participants")
    expect(row.locator(".goal-numbers")).to_contain_text(" of ")
    assert dash.js_errors == []
    pages.screenshot(dash, "dashboard-goals")


def test_a_goal_without_a_target_shows_no_bar_as_if_reached(open_page, demo):
    today = pages.local_today()
    last_year = today.year - 1
    demo.call("admin", "POST", "/api/baselines", {"figure": "repairs", "value": 40,
                                                  "from": f"{last_year}-01-01",
                                                  "to": f"{last_year}-12-31"})
    dash = open_page("monitor", f"/dashboard?from={today}&to={today}")
    dash.wait_for_selector("body[data-loaded=true]")
    row = dash.locator('[data-goal="repairs"]')
    expect(row).to_be_visible()
    assert row.get_attribute("data-target") == ""
    expect(row.locator(".goal-numbers")).to_contain_text("geen doel")
    assert row.locator(".goal-bar span").evaluate("s => s.getBoundingClientRect().width") == 0
    expect(row.get_by_role("progressbar")).to_have_count(0)  # nothing to progress toward
    # the chart's axis writes numbers the Dutch way
    assert dash.evaluate("Chart.getChart(document.getElementById('chart-goal'))"
                         ".options.locale") == "nl-NL"
    pages.screenshot(dash, "dashboard-goal-without-target")
    assert dash.js_errors == []
