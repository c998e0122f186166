"""The questionnaire's answers and the council report (CONTRACT §14): answers carried in the
December document (revised when they change), refused when wrong; the report's text shows the
figures of the monitor document for the same period, in Dutch."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pypdfium2

from tracker.services import feed

ANSWERS = {"costs_eur": 412500.5, "subsidies_eur": 150000, "fte_own_budget": 4.5,
           "fte_participation": 12.25}


def _text(pdf: bytes) -> str:
    doc = pypdfium2.PdfDocument(pdf)
    return "\n".join(page.get_textpage().get_text_range() for page in doc)


def _year(tracker, clock) -> None:
    """Some of a year: items in, repaired, sold with a discount, a target and a baseline."""
    clock.now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    lamp = tracker.ready(price=12.5, category="kleingoed", weight_kg=2.0)
    chair = tracker.intake(category="meubilair", weight_kg=8.0)
    assert tracker.post("repair", f"/api/items/{chair}/inspect",
                        {"outcome": "needs_repair"}).status_code == 200
    clock.advance(days=40)
    assert tracker.post("repair", f"/api/items/{chair}/repair", {
        "outcome": "fixed", "price_eur": 35}).status_code == 200
    assert tracker.post("till", "/api/sales", {
        "items": [lamp, chair], "payment": "pin",
        "discounts": [{"item": chair, "eur": 5, "reason": "stadspas"}]}).status_code == 201
    assert tracker.post("admin", "/api/targets", {"figure": "sold_items", "period": "2026",
                                                  "value": 4}).status_code == 201
    assert tracker.post("admin", "/api/baselines", {
        "figure": "collected_kg", "from": "2025-01-01", "to": "2025-12-31",
        "value": 730}).status_code == 201


def test_the_answers_travel_in_the_december_document_and_a_change_revises_it(tracker, clock):
    assert tracker.post("till", "/api/questionnaire",
                        {"year": 2026, "answers": ANSWERS}).status_code == 403
    r = tracker.post("admin", "/api/questionnaire", {"year": 2026, "answers": ANSWERS})
    assert r.status_code == 200, r.text
    assert r.json()["answers"] == ANSWERS
    assert tracker.get("monitor", "/api/questionnaire", params={"year": 2026}).json()[
        "answers"] == ANSWERS

    def monitor(start: str, end: str) -> dict:
        r = tracker.get("monitor", "/api/monitor", params={"from": start, "to": end})
        assert r.status_code == 200, r.text
        return r.json()

    december = monitor("2026-12-01", "2026-12-31")
    assert december["questionnaire"] == {"year": 2026, "answers": ANSWERS}
    assert monitor("2026-01-01", "2026-12-31")["questionnaire"]["year"] == 2026
    assert "questionnaire" not in monitor("2026-11-01", "2026-11-30")
    assert "questionnaire" not in monitor("2025-12-01", "2025-12-31")  # not answered

    # the feed sent December's final document on 1 January; answers entered later revise it
    clock.now = datetime(2027, 1, 1, 9, tzinfo=UTC)
    with tracker.db.write() as conn:
        sent = feed.plan(conn, clock().date(), centre="test", categories=tracker.svc.categories,
                         now=clock())
        feed.enqueue(conn, ["national"], sent, clock())
    assert [(d.month, d.revision, d.final) for d in sent] == [("2026-12", 1, True)]
    assert sent[0].doc["questionnaire"]["answers"] == ANSWERS
    changed = {**ANSWERS, "subsidies_eur": 175000}
    assert tracker.post("admin", "/api/questionnaire",
                        {"year": 2026, "answers": changed}).status_code == 200
    clock.advance(days=1)
    with tracker.db.read() as conn:
        again = feed.plan(conn, clock().date(), centre="test",
                          categories=tracker.svc.categories, now=clock())
    revised = [d for d in again if d.month == "2026-12"]
    assert [(d.revision, d.final) for d in revised] == [(2, True)]
    assert revised[0].doc["questionnaire"]["answers"]["subsidies_eur"] == 175000


def test_wrong_answers_are_refused_and_change_nothing(tracker):
    assert tracker.post("admin", "/api/questionnaire",
                        {"year": 2026, "answers": ANSWERS}).status_code == 200
    for body, code in (({"year": 2026, "answers": {"salaris_directeur": 1}}, "unknown_question"),
                       ({"year": 2026, "answers": {"costs_eur": -5}}, "invalid_answer"),
                       ({"year": 1850, "answers": {}}, "invalid_year")):
        r = tracker.post("admin", "/api/questionnaire", body,
                         headers={"Accept-Language": "nl"})
        assert r.status_code == 422 and r.json()["code"] == code, r.text
    assert tracker.get("admin", "/api/questionnaire", params={"year": 2026}).json()[
        "answers"] == ANSWERS


def test_the_council_report_shows_the_monitor_figures_in_dutch(tracker, clock):
    _year(tracker, clock)
    assert tracker.post("admin", "/api/questionnaire",
                        {"year": 2026, "answers": ANSWERS}).status_code == 200
    period = {"from": "2026-01-01", "to": "2026-12-31"}
    doc = tracker.get("monitor", "/api/monitor", params=period).json()
    assert tracker.get("till", "/api/report.pdf", params=period).status_code == 403
    r = tracker.get("monitor", "/api/report.pdf", params=period)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "verslag-2026-01-01-2026-12-31.pdf" in r.headers["content-disposition"]
    text = " ".join(_text(r.content).split())
    # by hand: 2 + 8 kg in, both sold for 12,50 + 30,00 = 42,50; everything that left was
    # sold (100 % reused); one repair attempt, fixed; target 4 sold, 2 reached (50 %)
    assert (doc["inflow"]["kg"], doc["outflow"]["sold"]["revenue_eur"]) == (10.0, 42.5)
    assert "1 januari 2026 tot en met 31 december 2026" in text
    assert "10 kg binnen" in text and "€ 42,50" in text
    assert "100,0 %" in text  # reuse rate
    assert f"{doc['co2_avoided_kg']:.0f} kg CO2".replace(".", ",") in text
    assert "1 keer een reparatie geprobeerd, 1 keer met succes" in text
    assert "Verkocht (items) 4 2" in text and "50,0 %" in text  # target row
    assert "Ingezameld (kg) – 10 730" in text  # the baseline, no target
    assert "korting gegeven 5,00" in text
    assert "Kosten van het centrum in het jaar (€) 412.500,50" in text
    assert "Fte uit participatiebudget of loonkostensubsidie 12,25" in text
    assert len(pypdfium2.PdfDocument(r.content)) >= 2  # a few pages, with the monthly charts


def test_a_report_of_a_bad_period_or_an_unknown_site_is_a_clear_4xx(tracker):
    bad = tracker.get("monitor", "/api/report.pdf", params={"from": "2026-03-01",
                                                           "to": "2026-02-01"})
    assert bad.status_code == 422, bad.text
    gone = tracker.get("monitor", "/api/report.pdf", params={
        "from": "2026-01-01", "to": "2026-01-31", "site": "nergens"})
    assert gone.status_code == 404 and gone.json()["code"] == "site_not_found"
    assert json.loads(gone.text)["detail"]
