"""Beheer › Mensen en plaatsen and the dashboard's Mensen, in Chromium (CONTRACT §12). The admin
adds a person and a badge by keyboard on /beheer; the badge, its code read from the page,
clocks in and out at /aanwezig; the dashboard's Mensen shows the hours. An erasure asks twice,
says what stays as counts, and the badge is refused at /aanwezig after it. A month of people
in 2022, entered through the API, shows on the dashboard with every figure worked out by hand,
and on /beheer the places with the days they offered and filled. Dutch on a tablet, English
in an en-US browser on a phone."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support import pages

_runs = itertools.count()
VIEWS = pytest.mark.parametrize(("lang", "viewport", "locale"), [
    ("nl", pages.TABLET, "nl-NL"), ("en", pages.PHONE, "en-US")], ids=["nl-tablet", "en-US-phone"])
WORDS = {
    "nl": {"added": "ingeschreven in Werkervaringsplek", "made": "Nieuwe badge", "in": "ingeklokt",
           "out": "uitgeklokt", "skill": "met certificaat vastgelegd", "pdf": "gedownload",
           "exists": "bestaat al", "nothing": "Er is niets veranderd.", "erase": "Wissen",
           "sure": "Zeker? Wissen", "erased": "is gewist", "refused": "gewist",
           "kept": "1 inschrijving(en), 2 uur, 1 vaardigheid/vaardigheden en 0 keer vastgelegd "
                   "werk",
           "ended": "Betaald werk", "group": "Werkervaringsplek"},
    "en": {"added": "enrolled in Work experience place", "made": "New badge", "in": "clocked in",
           "out": "clocked out", "skill": "with a certificate recorded", "pdf": "downloaded",
           "exists": "already exists", "nothing": "Nothing has changed.", "erase": "Erase",
           "sure": "Sure? Erase", "erased": "has been erased", "refused": "erased",
           "kept": "1 enrolment(s), 2 hours, 1 skill(s) and 0 records of work",
           "ended": "Paid work", "group": "Work experience place"},
}


def type_into(page, selector: str, text: str) -> None:
    """Focus a field, clear it and type, as a person at a keyboard does."""
    page.locator(selector).focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)


def press(page, selector: str) -> None:
    page.locator(selector).focus()
    page.keyboard.press("Enter")


def typed(day, lang: str) -> str:
    """A date as a person writes it on a Dutch or an English page."""
    return day.strftime("%d-%m-%Y" if lang == "nl" else "%d/%m/%Y")


def scan_at(page, badge: str, when: datetime) -> None:
    """Scan a badge at /aanwezig with the tablet's clock standing at `when`."""
    page.clock.set_fixed_time(when)
    page.locator("#badge").fill(badge)
    page.locator("#badge").press("Enter")


def hours_of(demo, group: str, start, end) -> float:
    doc = demo.call("monitor", "GET", f"/api/monitor?from={start}&to={end}")
    return float(doc["social"][group]["hours"])


@VIEWS
def test_a_person_and_a_badge_made_on_beheer_clock_in_and_the_dashboard_counts_the_hours(
        open_page, demo, lang, viewport, locale):
    w = WORDS[lang]
    alias = f"werk-{next(_runs)}-{lang}"
    today = pages.local_today()
    start = today - timedelta(days=7)
    before = hours_of(demo, "work_experience", start, today)
    page = open_page("admin", "/beheer", viewport=viewport, lang=lang, locale=locale)

    # a person, by keyboard: alias, group, a start a week ago; Enter adds and chooses them
    type_into(page, "#p-alias", alias)
    page.locator("#p-group").select_option("work_experience")
    type_into(page, "#p-start", typed(start, lang))
    page.keyboard.press("Enter")
    expect(page.locator("#person-message")).to_contain_text(f"{alias} {w['added']}")
    row = page.locator(f'tr[data-person="{alias}"]')
    expect(row).to_contain_text(w["group"])
    expect(row).to_contain_text(start.strftime("%d-%m-%Y" if lang == "nl" else "%d/%m/%Y"))
    expect(page.locator("#o-alias")).to_have_value(alias)

    # the badge, and its card on A4
    press(page, "#b-make")
    expect(page.locator("#one-message")).to_contain_text(w["made"])
    expect(page.locator("#badge-now")).to_be_visible()
    code = page.locator("#badge-code").inner_text()
    listed = {p["alias"]: p for p in demo.call("admin", "GET", "/api/people")}
    assert listed[alias]["badges"] == [code]
    expect(row).to_contain_text(code)
    with page.expect_download() as got:
        press(page, "#b-a4")
    assert re.fullmatch(r"badge-[A-Z0-9-]+-a4\.pdf", got.value.suggested_filename)
    assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"
    expect(page.locator("#one-message")).to_contain_text(w["pdf"])

    # a skill with a certificate
    type_into(page, "#k-skill", "Fietsen repareren")
    page.locator("#k-cert").check()
    page.locator("#k-skill").press("Enter")
    expect(page.locator("#one-message")).to_contain_text(w["skill"])
    skills = demo.call("admin", "GET", f"/api/people/{alias}/export")["skills"]
    assert [(s["skill"], s["certificate"]) for s in skills] == [("Fietsen repareren", True)]

    # the same alias again: refused in words, nothing changes
    type_into(page, "#p-alias", alias)
    page.locator("#p-group").select_option("volunteer")
    page.locator("#p-alias").press("Enter")
    expect(page.locator("#person-message")).to_contain_text(w["exists"])
    expect(page.locator("#person-message")).to_contain_text(w["nothing"])
    assert {p["alias"]: p for p in demo.call("admin", "GET", "/api/people")} == listed

    # the badge clocks in three hours ago and out an hour ago at the entrance
    now = datetime.now(UTC).replace(microsecond=0)
    tablet = open_page("presence", "/aanwezig", viewport=viewport, lang=lang, locale=locale)
    scan_at(tablet, code, now - timedelta(hours=3))
    expect(tablet.locator("#presence-greeting")).to_contain_text(w["in"])
    scan_at(tablet, code, now - timedelta(hours=1))
    expect(tablet.locator("#presence-greeting")).to_contain_text(w["out"])
    after = hours_of(demo, "work_experience", start, today)
    assert round(after - before, 2) == 2.0

    # the dashboard's Mensen shows the hours
    dash = open_page("monitor", f"/dashboard?from={start}&to={today}", viewport=viewport,
                     lang=lang, locale=locale)
    dash.wait_for_selector("body[data-loaded=true]")
    expect(dash.locator("#social")).to_be_visible()
    cell = dash.locator('#social-rows tr[data-group="work_experience"] td[data-label]').nth(1)
    expect(cell).to_have_attribute("data-value", str(after).removesuffix(".0"))
    chart = dash.evaluate("""(() => {
        const c = Chart.getChart(document.getElementById('chart-social'));
        return c.data.datasets.map(d => [d.label, d.data.reduce((a, b) => a + b, 0)]); })()""")
    assert round(dict(chart)[w["group"]], 2) == after
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.locator("#people").screenshot(
        path=str(pages.SCREENSHOTS / f"beheer-people-{lang}-{viewport['width']}w.png"))
    dash.locator("#social").screenshot(path=str(pages.SCREENSHOTS / f"dashboard-people-{lang}.png"))
    assert page.js_errors == [] and tablet.js_errors == [] and dash.js_errors == []


@VIEWS
def test_an_erasure_from_beheer_asks_twice_says_what_stays_and_the_badge_is_refused(
        open_page, demo, lang, viewport, locale):
    w = WORDS[lang]
    alias = f"weg-{next(_runs)}-{lang}"
    demo.call("admin", "POST", "/api/people", {"alias": alias, "group": "dagbesteding"})
    demo.call("admin", "POST", "/api/attendance",
              {"alias": alias, "date": str(pages.local_today()), "hours": 2})
    demo.call("admin", "POST", f"/api/people/{alias}/skills", {"skill": "solderen"})
    badge = demo.call("admin", "POST", f"/api/people/{alias}/badges")["code"]
    page = open_page("admin", "/beheer", viewport=viewport, lang=lang, locale=locale)

    # chosen from the list, by keyboard
    press(page, f'tr[data-person="{alias}"] button')
    expect(page.locator("#o-alias")).to_have_value(alias)

    # what is held, downloaded as JSON
    with page.expect_download() as got:
        press(page, "#x-export")
    assert got.value.suggested_filename == f"ambacht-{alias}.json"
    held = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert held["alias"] == alias and [b["code"] for b in held["badges"]] == [badge]

    # the erasure asks twice; Esc takes it back
    erase = page.locator("#x-erase")
    press(page, "#x-erase")
    expect(erase).to_have_text(w["sure"])
    page.keyboard.press("Escape")
    expect(erase).to_have_text(w["erase"])
    assert alias in {p["alias"] for p in demo.call("admin", "GET", "/api/people")}
    press(page, "#x-erase")
    page.keyboard.press("Enter")
    message = page.locator("#one-message")
    expect(message).to_contain_text(f"{alias} {w['erased']}")
    expect(message).to_contain_text(w["kept"])
    expect(page.locator(f'tr[data-person="{alias}"]')).to_have_count(0)
    assert alias not in {p["alias"] for p in demo.call("admin", "GET", "/api/people")}

    # the badge no longer clocks in
    tablet = open_page("presence", "/aanwezig", viewport=viewport, lang=lang, locale=locale)
    tablet.locator("#badge").fill(badge)
    tablet.locator("#badge").press("Enter")
    expect(tablet.locator("#presence-message")).to_contain_text(w["refused"])
    assert page.js_errors == [] and tablet.js_errors == []


FORMS = {
    "nl": {"month": 3, "moved": "zit vanaf 15-03-2023 in Wsw", "ended": "31-03-2023: Opleiding",
           "not_enrolled": "geen lopende inschrijving", "places": "plek(ken) per dag",
           "closes": "sluit om 16:30"},
    "en": {"month": 5, "moved": "is in Wsw (sheltered work) from 15/05/2023",
           "ended": "31/05/2023: Education", "not_enrolled": "has no current enrolment",
           "places": "place(s) a day", "closes": "closes at 16:30"},
}


@VIEWS
def test_ends_changes_of_group_places_and_closing_times_on_beheer(open_page, demo, lang,
                                                                  viewport, locale):
    w, nothing = FORMS[lang], WORDS[lang]["nothing"]
    month = w["month"]  # each language its own month: the places rows do not overlap
    alias = f"traject-{next(_runs)}-{lang}"
    site = demo.call("admin", "GET", "/api/me")["site"]["id"]
    demo.call("admin", "POST", "/api/people",
              {"alias": alias, "group": "intern", "start": f"2023-{month:02d}-01"})
    # someone who forgot to clock out six days ago (an offline tablet's scan, at most a week)
    late = f"vergeten-{next(_runs)}-{lang}"
    today = pages.local_today()
    demo.call("admin", "POST", "/api/people",
              {"alias": late, "group": "dagbesteding", "start": str(today - timedelta(days=7))})
    badge = demo.call("admin", "POST", f"/api/people/{late}/badges")["code"]
    morning = datetime.combine(today - timedelta(days=6), time(9), pages.LOCAL)
    demo.call("presence", "POST", "/api/presence/scan",
              {"badge": badge, "scanned_at": morning.isoformat()})
    assert demo.call("presence", "POST", "/api/presence/scan", {"badge": badge})[
        "forgotten_closed"]
    page = open_page("admin", "/beheer", viewport=viewport, lang=lang, locale=locale)

    # the forgotten clock-out is there to look at, closed at 17:00 that day
    flagged = page.locator(f'tr[data-flagged="{late}"]')
    expect(flagged).to_be_visible()
    closed = morning.replace(hour=17).astimezone(UTC).isoformat().replace("+00:00", "Z")
    expect(flagged).to_have_attribute("data-closed-at", closed)

    # a change of group halfway the month, by keyboard
    press(page, f'tr[data-person="{alias}"] button')
    page.locator("#g-group").select_option("wsw")
    type_into(page, "#g-from", typed(date(2023, month, 15), lang))
    page.keyboard.press("Enter")
    expect(page.locator("#one-message")).to_contain_text(f"{alias} {w['moved']}")
    held = demo.call("admin", "GET", f"/api/people/{alias}/export")["enrolments"]
    assert [(e["group"], e["end"], e["outcome"]) for e in held] == [
        ("intern", f"2023-{month:02d}-14", "other_programme"), ("wsw", None, None)]

    # the end with an outcome; a second end is refused and changes nothing
    page.locator("#e-outcome").select_option("education")
    type_into(page, "#e-date", typed(date(2023, month, 31), lang))
    page.keyboard.press("Enter")
    expect(page.locator(f'tr[data-person="{alias}"]')).to_contain_text(w["ended"])
    held = demo.call("admin", "GET", f"/api/people/{alias}/export")
    page.locator("#e-outcome").select_option("stopped")
    page.locator("#e-date").press("Enter")
    expect(page.locator("#one-message")).to_contain_text(w["not_enrolled"])
    expect(page.locator("#one-message")).to_contain_text(nothing)
    assert demo.call("admin", "GET", f"/api/people/{alias}/export") == held

    # places for the month: 1 a day, filled from the 15th to the 31st by the new wsw person
    page.locator("#pl-group").select_option("wsw")
    type_into(page, "#pl-count", "1")
    type_into(page, "#pl-from", typed(date(2023, month, 1), lang))
    type_into(page, "#pl-to", typed(date(2023, month, 31), lang))
    page.locator("#pl-site").select_option(site)
    page.keyboard.press("Enter")
    expect(page.locator("#places-message")).to_contain_text(w["places"])
    row = [p for p in demo.call("admin", "GET", "/api/places")
           if p["from"] == f"2023-{month:02d}-01" and p["group"] == "wsw"]
    assert [(p["offered_days"], p["filled_days"]) for p in row] == [(31, 17)]
    shown = page.locator(f'tr[data-places="{row[0]["id"]}"]')
    expect(shown).to_have_attribute("data-filled", "17")
    expect(shown.locator("td").last).to_have_text("17 (55 %)")
    # a negative count is refused next to the field, and nothing is sent
    places = demo.call("admin", "GET", "/api/places")
    type_into(page, "#pl-count", "-2")
    type_into(page, "#pl-from", typed(date(2023, month, 1), lang))
    page.keyboard.press("Enter")
    expect(page.locator("#pl-count-error")).to_be_visible()
    assert demo.call("admin", "GET", "/api/places") == places

    # the site's closing time, typed the Dutch way with a point
    try:
        page.locator("#c-site").select_option(site)
        type_into(page, "#c-closes", "16.30")
        page.keyboard.press("Enter")
        expect(page.locator("#closes-message")).to_contain_text(w["closes"])
        assert {s["id"]: s["closes"] for s in demo.call("admin", "GET", "/api/sites")}[
            site] == "16:30"
        type_into(page, "#c-closes", "25:00")
        page.keyboard.press("Enter")
        expect(page.locator("#c-closes-error")).to_be_visible()
    finally:  # the demo is shared: its sites close at 17:00 again
        demo.call("admin", "POST", f"/api/sites/{site}", {"closes": "17:00"})
    assert page.js_errors == []
