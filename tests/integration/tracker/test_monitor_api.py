"""The monitor document over HTTP and on the command line: known figures, DST-correct days,
the same numbers in JSON, CSV and `ambacht monitor`, and clear errors (SQLite, PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from tests.support.monitor import recomputed, valid, without_time
from tests.support.tracker import SITE
from tracker.domain import monitor as doc_rows
from tracker.services import monitor
from tracker.services.context import utc_now


def month(tracker, start="2026-03-01", end="2026-03-31", **params):
    r = tracker.get("monitor", "/api/monitor", params={"from": start, "to": end, **params})
    assert r.status_code == 200, r.text
    return valid(r.json())


def test_a_morning_at_the_centre_in_figures(tracker, clock):
    lamp = tracker.intake("elektrisch", 2.0)  # 2026-03-02 09:00 UTC
    chair = tracker.ready(price=12.5, category="meubilair", weight_kg=7.5)
    shirt = tracker.ready(price=3, category="textiel", weight_kg=0.25)
    tracker.post("repair", f"/api/items/{lamp}/inspect", {"outcome": "needs_repair"})
    tracker.post("repair", f"/api/items/{lamp}/repair", {"outcome": "repairable"})
    tracker.post("repair", f"/api/items/{lamp}/repair", {
        "outcome": "end_of_life", "stream": "residual", "barrier": "Spare parts not available"})
    tracker.post("repair", "/api/repairs", {"category": "elektrisch", "outcome": "fixed"})
    tracker.post("intake", "/api/bulk", {"category": "textiel", "weight_kg": 4.2})
    for _ in range(3):
        assert tracker.post("intake", "/api/visits").status_code == 201
    clock.advance(days=2)
    r = tracker.post("till", "/api/sales", {"items": [chair], "payment": "cash", "lines": [
        {"category": "boeken", "weight_kg": 1.5, "price_eur": 2}]})
    assert r.status_code == 201
    clock.advance(days=5)
    tracker.post("till", "/api/sales", {"items": [shirt], "payment": "pin"})
    tracker.post("admin", "/api/people", {"alias": "vrijwilliger-7", "role": "volunteer"})
    tracker.post("admin", "/api/attendance", {"alias": "vrijwilliger-7", "date": "2026-03-03",
                                              "hours": "4.5"})

    d = month(tracker)
    assert d["schema"] == "ambacht.monitor/v2" and d["site"] is None
    assert d["inflow"]["items"] == 3 and d["inflow"]["kg"] == 9.75
    assert d["inflow"]["bulk_kg"] == 4.2 and d["inflow"]["by_category"]["meubilair"] == {
        "items": 1, "kg": 7.5}
    sold = d["outflow"]["sold"]
    assert (sold["items"], sold["kg"], sold["revenue_eur"]) == (2, 9.25, 17.5)
    assert sold["by_category"]["boeken"] == {"items": 0, "kg": 1.5, "revenue_eur": 2.0}
    assert d["outflow"]["disposed"] == {"items": 1, "kg": 2.0}
    assert d["repairs"] == {"attempted": 3, "fixed": 1, "repairable": 1, "end_of_life": 1,
                            "own_use": 1, "barriers": {**dict.fromkeys(
                                d["repairs"]["barriers"], 0), "Spare parts not available": 1}}
    assert d["reuse_rate"] == round(9.25 / (9.25 + 2.0), 4)
    assert d["co2_avoided_kg"] == round(9.25 * 1.1, 3)
    assert d["co2_factors"]["meubilair"] == 1.1
    assert d["stock"] == {"collected": {"items": 0, "kg": 0.0},
                          "in_repair": {"items": 0, "kg": 0.0},
                          "ready_for_sale": {"items": 0, "kg": 0.0}}
    assert d["lead_time_days"] == {"median": 4.5, "p90": 7.0}  # sold after 2 and 7 days
    assert d["visitors"] == {"sales": 2, "drop_offs": 3, "participants": 0, "total": 5}
    assert d["people"]["volunteer"] == {"people": 1, "hours": 4.5}
    assert d["eu_reuse_tonnes"] == {"textiles": 0.00025, "eee": 0.0, "furniture": 0.0075,
                                    "construction": 0.0, "other": 0.0015}
    # no goals set and no activities: there, honestly empty
    assert d["targets"] == {} and d["activities"]["course"] == {"sessions": 0, "participants": 0,
                                                                "under_18": 0}
    assert without_time(d) == without_time(recomputed(tracker, date(2026, 3, 1),
                                                      date(2026, 3, 31)))
    # stock is at the end of `to`: on the first day the chair and shirt were still on the shelf
    first = month(tracker, "2026-03-02", "2026-03-02")
    assert first["stock"]["ready_for_sale"] == {"items": 2, "kg": 7.75}
    assert first["outflow"]["sold"]["items"] == 0 and first["lead_time_days"]["median"] is None


def test_days_follow_amsterdam_across_both_dst_changes(tracker, clock):
    clock.now = datetime(2026, 11, 1, 12, tzinfo=UTC)
    # (UTC moment, the local date it belongs to)
    moments = [("2026-03-28T22:59:00Z", "2026-03-28"), ("2026-03-28T23:00:00Z", "2026-03-29"),
               ("2026-03-29T21:59:00Z", "2026-03-29"), ("2026-03-29T22:00:00Z", "2026-03-30"),
               ("2026-10-24T21:59:00Z", "2026-10-24"), ("2026-10-24T22:00:00Z", "2026-10-25"),
               ("2026-10-25T22:59:00Z", "2026-10-25"), ("2026-10-25T23:00:00Z", "2026-10-26")]
    for at, _ in moments:
        r = tracker.post("admin", "/api/items", {"category": "boeken", "weight_kg": 1, "at": at})
        assert r.status_code == 201, r.text
    for day in sorted({d for _, d in moments}):
        expected = sum(1 for _, d in moments if d == day)
        assert month(tracker, day, day)["inflow"]["items"] == expected, day
    # stock at the end of the 23-hour day: everything up to its last local minute
    assert month(tracker, "2026-03-29", "2026-03-29")["stock"]["collected"]["items"] == 3
    assert month(tracker, "2026-10-25", "2026-10-25")["stock"]["collected"]["items"] == 7


def test_per_site_figures_add_up_to_the_centre(tracker):
    tracker.intake("textiel", 1)
    tracker.post("intake", "/api/visits")
    whole, site = month(tracker), month(tracker, site=SITE)
    assert site["site"] == SITE and without_time({**site, "site": None}) == without_time(whole)


def test_json_csv_and_command_line_give_the_same_numbers(tracker, clock):
    code = tracker.ready(price=4.2, category="speelgoed", weight_kg=0.8)
    tracker.post("till", "/api/sales", {"items": [code], "payment": "cash"})
    tracker.intake("fietsen", 14.25)
    as_json = month(tracker)
    r = tracker.get("monitor", "/api/monitor.csv", params={"from": "2026-03-01",
                                                          "to": "2026-03-31"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    as_csv = dict(csv.reader(io.StringIO(r.text)))
    assert as_csv.pop("figure") == "value"
    expected = dict(doc_rows.rows(as_json))
    assert {k: v for k, v in as_csv.items() if k != "generated_at"} == {
        k: v for k, v in expected.items() if k != "generated_at"}
    assert as_csv["outflow.sold.revenue_eur"] == "4.2" and as_csv["reuse_rate"] == "1.0"

    env = {"AMBACHT_DATABASE_URL": tracker.db.url, "PATH": "/usr/bin:/bin"}
    args = [sys.executable, "-m", "tracker", "monitor", "--from", "2026-03-01", "--to",
            "2026-03-31"]
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert without_time(valid(json.loads(done.stdout))) == without_time(as_json)
    done = subprocess.run([*args, "--format", "csv"], env=env, capture_output=True, text=True)
    cli_csv = dict(csv.reader(io.StringIO(done.stdout)))
    assert {k: v for k, v in cli_csv.items() if k != "generated_at"} == {
        k: v for k, v in as_csv.items() if k != "generated_at"} | {"figure": "value"}


BAD = [
    ({"from": "2026-03-31", "to": "2026-03-01"}, 422, "invalid_period"),
    ({"from": "2016-01-01", "to": "2026-01-02"}, 422, "period_too_long"),
    ({"from": "2026-03-01", "to": "2026-03-31", "site": "nergens"}, 404, "site_not_found"),
    ({"from": "2026-03-01"}, 422, "invalid_input"),
    ({"from": "1 maart", "to": "2026-03-31"}, 422, "invalid_input"),
    ({"from": "2026-02-30", "to": "2026-03-31"}, 422, "invalid_input"),
    ({"from": "2026-03-01", "to": "0"}, 422, "invalid_input"),  # not 1 January 1970
]


@pytest.mark.parametrize("params,status,code", BAD)
@pytest.mark.parametrize("path", ["/api/monitor", "/api/monitor.csv"])
def test_bad_periods_and_sites_are_clear_4xx(tracker, path, params, status, code):
    r = tracker.get("monitor", path, params=params)
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert r.json()["detail"]


def test_exactly_ten_years_is_allowed(tracker):
    assert month(tracker, "2016-03-01", "2026-03-01")["inflow"]["items"] == 0


@pytest.mark.parametrize("args,message", [
    (["--from", "2026-03-31", "--to", "2026-03-01"], "ligt vóór"),
    (["--from", "2026-03-01", "--to", "2026-03-31", "--site", "nergens"], "bestaat niet"),
    (["--from", "2000-01-01", "--to", "2026-03-31"], "10 jaar"),
])
def test_command_line_errors_are_one_line(tracker, args, message):
    env = {"AMBACHT_DATABASE_URL": tracker.db.url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "tracker", "monitor", *args], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_register_lists_each_life_of_items_with_a_serial_number(tracker, clock):
    phone = tracker.ready(price=45, category="elektrisch", weight_kg=0.2,
                          serial_number="IMEI 356938035643809", description="Fairphone 3")
    tracker.ready(price=1, category="boeken", weight_kg=0.3)  # no serial number: not listed
    clock.advance(days=1)
    tracker.post("till", "/api/sales", {"items": [phone], "payment": "pin"})
    clock.advance(days=10)
    tracker.post("intake", f"/api/items/{phone}/return")
    r = tracker.get("monitor", "/api/exports/register.csv")
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows == [
        {"code": phone, "intake_date": "2026-03-02", "description": "Fairphone 3",
         "category": "elektrisch", "serial_number": "IMEI 356938035643809",
         "sale_date": "2026-03-03", "price_eur": "45.00", "given_to": ""},
        {"code": phone, "intake_date": "2026-03-13", "description": "Fairphone 3",
         "category": "elektrisch", "serial_number": "IMEI 356938035643809",
         "sale_date": "", "price_eur": "", "given_to": ""}]
    later = tracker.get("monitor", "/api/exports/register.csv",
                        params={"from": "2026-03-10", "to": "2026-03-31"}).text
    assert len(list(csv.DictReader(io.StringIO(later)))) == 1
    r = tracker.get("monitor", "/api/exports/register.csv",
                    params={"from": "2026-03-10", "to": "2026-03-01"})
    assert (r.status_code, r.json()["code"]) == (422, "invalid_period")


def test_an_item_given_away_leaves_the_register_like_a_sale_without_a_price(tracker, clock):
    bike = tracker.ready(price=60, category="fietsen", weight_kg=14.0, serial_number="FR-1234",
                         description="Gazelle")
    assert tracker.post("admin", "/api/partners", {"id": "school", "name": "De Wissel",
                                                   "kind": "school"}).status_code == 201
    clock.advance(days=2)
    r = tracker.post("intake", "/api/outflows", {"partner": "school", "stream": "reuse",
                                                 "weight_kg": "14.0", "items": [bike]})
    assert r.status_code == 201, r.text
    rows = list(csv.DictReader(io.StringIO(
        tracker.get("monitor", "/api/exports/register.csv").text)))
    assert [(x["code"], x["sale_date"], x["price_eur"], x["given_to"]) for x in rows] == [
        (bike, "2026-03-04", "", "school")]


def test_upgrade_counts_the_existing_log_once(tracker):
    """A database from before the monitor: its figures are built from the log at start."""
    from tracker.store import figures as stored

    code = tracker.ready(price=2)
    tracker.post("till", "/api/sales", {"items": [code], "payment": "cash"})
    before = month(tracker)
    with tracker.db.write() as conn:
        stored.clear(conn)
        conn.execute(stored.t.projections.delete())
    assert month(tracker)["outflow"]["sold"]["items"] == 0  # what an upgraded database holds
    with tracker.db.write() as conn:
        assert monitor.ensure_figures(conn, utc_now()) is True
        assert monitor.ensure_figures(conn, utc_now()) is False  # once
    assert without_time(month(tracker)) == without_time(before)
