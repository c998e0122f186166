"""The receiver's social sums, December's questionnaire in the export, and the centres' table
from the key figures kept on each report row (also after an upgrade from schema version 1);
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from national import store
from tests.support.national import document
from tests.support.receiver import Receiver, make_receiver


@pytest.fixture
def receiver(db_url: str) -> Iterator[Receiver]:
    yield from make_receiver(db_url)


def _export(r: Receiver, **params: str) -> list[dict[str, str]]:
    answer = r.client.get("/national/api/export.csv", params=params)
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


SOCIAL = {  # (centre, month): the social figures its document carries
    ("noord", "2025-11"): {
        "volunteer": {"people": 4, "hours": 60.5, "started": 1, "offered_days": 0},
        "participatiewet": {"people": 2, "hours": 100.0, "ended": 1,
                            "outcomes": {"paid_work": 1}, "offered_days": 60,
                            "filled_days": 41},
        "skills": {"people": 2, "certificates": 1}},
    ("noord", "2025-12"): {
        "volunteer": {"people": 5, "hours": 70.0, "started": 1},
        "participatiewet": {"people": 1, "hours": 52.0, "offered_days": 62,
                            "filled_days": 31},
        "skills": {"people": 1, "certificates": 0}},
    ("zuid", "2025-12"): {
        "participatiewet": {"people": 3, "hours": 150.25, "started": 2, "ended": 2,
                            "outcomes": {"education": 1, "stopped": 1}, "offered_days": 93,
                            "filled_days": 80},
        "dagbesteding": {"people": 6, "hours": 300.0, "offered_days": 120,
                         "filled_days": 110}},
}
ANSWERS = {"year": 2025, "answers": {"costs_eur": 182000.0, "subsidies_eur": 45000.0,
                                     "fte_own_budget": 3.5, "fte_participation": 1.2}}


@pytest.fixture
def social(receiver: Receiver) -> Receiver:
    receiver.add_centre("noord", "Groningen", "Groningen")
    receiver.add_centre("zuid", "Maastricht", "Limburg")
    for (centre, month), groups in SOCIAL.items():
        doc = document(centre, month, social=groups)
        if (centre, month) == ("noord", "2025-12"):
            doc["questionnaire"] = ANSWERS
        assert receiver.post(doc).status_code == 201
    # a v1 document has no social block: it adds nothing to it, and breaks nothing
    receiver.add_centre("oost", "Enschede", "Overijssel")
    assert receiver.post(document("oost", "2025-12", schema=1)).status_code == 201
    return receiver


def test_the_social_block_is_summed_as_person_months_days_and_outcomes(social: Receiver) -> None:
    got = social.summary(**{"from": "2025-11", "to": "2025-12"})["figures"]["social"]
    # people enrolled in a month, added over months: person-months (4 + 5 volunteers)
    assert got["volunteer"]["person_months"] == 9 and got["volunteer"]["hours"] == 130.5
    assert got["participatiewet"]["person_months"] == 6  # 2 + 1 + 3
    assert got["participatiewet"]["hours"] == 302.25  # 100 + 52 + 150.25
    assert got["participatiewet"]["started"] == 2 and got["participatiewet"]["ended"] == 3
    assert got["participatiewet"]["outcomes"] == {"paid_work": 1, "education": 1,
                                                  "other_programme": 0, "stopped": 1,
                                                  "unknown": 0}
    assert got["places"]["participatiewet"] == {"offered_days": 215, "filled_days": 152}
    assert got["places"]["dagbesteding"] == {"offered_days": 120, "filled_days": 110}
    assert got["skills"] == {"person_months": 3, "certificates": 1}
    assert "people" not in got["volunteer"]  # a count of people over months would mislead
    per = social.summary(**{"from": "2025-11", "to": "2025-12"}, per="province")["groups"]
    assert per["Limburg"]["social"]["dagbesteding"]["person_months"] == 6
    assert "social" not in per["Overijssel"]


def test_the_questionnaire_is_not_summed_but_listed_on_decembers_export_row(
        social: Receiver) -> None:
    got = social.summary(**{"from": "2025-12", "to": "2025-12"})["figures"]
    assert "questionnaire" not in got and not any("costs" in k for k in got)
    rows = {(r["centre"], r["month"]): r for r in _export(social)}
    december = rows[("noord", "2025-12")]
    assert december["questionnaire_year"] == "2025"
    assert (december["costs_eur"], december["subsidies_eur"]) == ("182000.0", "45000.0")
    assert (december["fte_own_budget"], december["fte_participation"]) == ("3.5", "1.2")
    assert december["fte_sheltered"] == "" and december["municipal_contribution_eur"] == ""
    assert rows[("noord", "2025-11")]["questionnaire_year"] == ""
    assert rows[("zuid", "2025-12")]["costs_eur"] == ""  # no answers sent
    # the social columns: every group together; a v1 row has none (empty, not 0)
    assert rows[("zuid", "2025-12")]["social_people"] == "9"
    assert rows[("zuid", "2025-12")]["places_filled_days"] == "190"
    assert rows[("noord", "2025-11")]["outcome_paid_work"] == "1"
    assert rows[("oost", "2025-12")]["social_people"] == ""
    # a later revision without answers takes them off the row
    later = document("noord", "2025-12", 2, social=SOCIAL[("noord", "2025-12")])
    assert social.post(later).status_code == 201
    assert {(r["centre"], r["month"]): r for r in _export(social)}[
        ("noord", "2025-12")]["costs_eur"] == ""


def _centres(r: Receiver, first: str, last: str) -> dict[str, dict]:
    answer = r.client.get("/national/api/centres", params={"from": first, "to": last})
    assert answer.status_code == 200, answer.text
    return {c["centre"]: c for c in answer.json()}


def _three_months(r: Receiver) -> None:
    r.add_centre("noord", "Groningen", "Groningen")
    r.add_centre("zuid", "Maastricht", "Limburg")
    r.add_centre("stil", "Assen", "Drenthe")
    for month, kg, eur in (("2025-01", 100.0, 60.0), ("2025-02", 120.5, 75.25),
                           ("2025-03", 80.0, 10.0)):
        assert r.post(document("noord", month, inflow_kg=kg, revenue_eur=eur,
                               repairs=3)).status_code == 201
    assert r.post(document("noord", "2025-02", 2, inflow_kg=20.0, revenue_eur=5.0,
                           repairs=1)).status_code == 201  # a revision replaces February
    assert r.post(document("zuid", "2025-01", inflow_kg=7.125)).status_code == 201


def test_the_centres_table_sums_the_key_figures_and_names_the_last_report(
        receiver: Receiver) -> None:
    _three_months(receiver)
    got = _centres(receiver, "2025-01", "2025-02")
    noord = got["noord"]
    assert (noord["last_month"], noord["last_revision"], noord["months"]) == ("2025-02", 2, 2)
    assert noord["figures"] == {"inflow/kg": 120, "outflow/sold/kg": 80,
                                "outflow/sold/revenue_eur": 65, "co2_avoided_kg": 88,
                                "repairs/attempted": 4}
    assert got["zuid"]["figures"]["inflow/kg"] == 7.125 and got["zuid"]["months"] == 1
    assert got["stil"]["last_month"] is None and got["stil"]["figures"]["inflow/kg"] == 0
    assert _centres(receiver, "2025-03", "2025-03")["noord"]["figures"]["inflow/kg"] == 80


def test_a_version_1_database_gets_the_key_columns_filled_on_upgrade(
        receiver: Receiver) -> None:
    _three_months(receiver)
    before = _centres(receiver, "2025-01", "2025-03")
    december = document("zuid", "2024-12")
    december["questionnaire"] = ANSWERS | {"year": 2024}
    assert receiver.post(december).status_code == 201
    with receiver.db.write() as conn:  # as version 1 left it: none of the new columns
        for column in [*store.KEY_FIGURES.values(), "questionnaire"]:
            conn.execute(sa.text(f"ALTER TABLE national_reports DROP COLUMN {column}"))
        conn.execute(sa.update(store.schema_version).values(version=1))
    assert store.migrate(receiver.db) == 2
    assert _centres(receiver, "2025-01", "2025-03") == before
    row = {(r["centre"], r["month"]): r for r in _export(receiver)}[("zuid", "2024-12")]
    assert (row["questionnaire_year"], row["costs_eur"]) == ("2024", "182000.0")
    assert store.migrate(receiver.db) == 2  # again: nothing to do
