"""The national receiver's contract (CONTRACT §14), on SQLite and PostgreSQL: who may send,
what validates, revisions, idempotency, the sums and the export."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from national import summary
from national.domain import export
from tests.support.national import changed, document
from tests.support.receiver import Receiver, make_receiver

DOCS = Path(__file__).resolve().parents[3] / "docs" / "README.md"


@pytest.fixture
def receiver(db_url: str) -> Iterator[Receiver]:
    yield from make_receiver(db_url)


def _export(r: Receiver, **params: str) -> list[dict[str, str]]:
    answer = r.client.get("/national/api/export.csv", params=params)
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_a_month_is_stored_once_and_a_resend_changes_nothing(receiver: Receiver) -> None:
    receiver.add_centre("noord")
    doc = document("noord", "2025-03", inflow_kg=123.456)
    first = receiver.post(doc, **{"Idempotency-Key": "ambacht-monitor:noord:2025-03:r1"})
    again = receiver.post(doc, **{"Idempotency-Key": "ambacht-monitor:noord:2025-03:r1"})
    assert (first.status_code, first.json()["stored"]) == (201, True)
    assert (again.status_code, again.json()["stored"]) == (200, False)
    got = receiver.summary(**{"from": "2025-03", "to": "2025-03"})
    assert got["figures"]["inflow"]["kg"] == 123.456
    assert got["centre_months"] == {"expected": 1, "reported": 1, "complete": 1}
    assert len(_export(receiver)) == 1


def test_the_highest_revision_wins_whatever_the_order(receiver: Receiver) -> None:
    receiver.add_centre("noord")
    docs = {n: document("noord", "2025-03", n, inflow_kg=100.0 * n) for n in (1, 2, 3)}
    assert receiver.post(docs[2]).status_code == 201
    old = receiver.post(docs[1])
    assert (old.status_code, old.json()["revision"]) == (200, 2)
    assert receiver.post(docs[2]).status_code == 200
    assert receiver.summary(**{"from": "2025-03", "to": "2025-03"})[
        "figures"]["inflow"]["kg"] == 200
    assert receiver.post(docs[3]).status_code == 201
    assert receiver.summary(**{"from": "2025-03", "to": "2025-03"})[
        "figures"]["inflow"]["kg"] == 300
    (row,) = _export(receiver)
    assert (row["revision"], row["inflow_kg"]) == ("3", "300")


def test_a_document_for_another_centre_is_403_even_when_it_does_not_validate(
        receiver: Receiver) -> None:
    receiver.add_centre("noord")
    receiver.add_centre("zuid")
    valid = receiver.post(document("zuid", "2025-03"), as_centre="noord")
    broken = receiver.post({"centre": "zuid", "schema": "nonsense"}, as_centre="noord")
    assert (valid.status_code, valid.json()["code"]) == (403, "other_centre")
    assert broken.status_code == 403
    assert _export(receiver) == []


def test_a_missing_or_unknown_token_is_401(receiver: Receiver) -> None:
    receiver.add_centre("noord")
    doc = document("noord", "2025-03")
    assert receiver.client.post("/national/api/monitor", json=doc).status_code == 401
    assert receiver.client.post("/national/api/monitor", json=doc, headers={
        "Authorization": "Bearer ambc_nonsense"}).status_code == 401
    assert _export(receiver) == []


@pytest.mark.parametrize(("doc", "reason"), [
    (changed(document("noord", "2025-03"), inflow__kg=-1), "inflow/kg"),
    (changed(document("noord", "2025-03"), site="winkel"), "site"),
    (changed(document("noord", "2025-03"), to="2025-04-30"), "from/to"),
    (changed(document("noord", "2025-03"), **{"from": "2025-03-02"}), "from/to"),
    ({k: v for k, v in document("noord", "2025-03").items() if k != "revision"}, "revision"),
    ({k: v for k, v in document("noord", "2025-03").items() if k != "stock"}, "stock"),
    (document("noord", "2025-03", schema=1) | {"till": {}}, "till"),
    (changed(document("noord", "2025-03"), schema="ambacht.monitor/v9"), "schema"),
    (changed(document("noord", "2025-03"), outflow__sold__kg=1e12), "outflow/sold/kg"),
    (b'{"centre": "noord", "inflow": NaN}', "JSON"),
    (b"\xff\xfe not json", "JSON"),
    (b"[]", "object"),
])
def test_a_document_that_does_not_validate_is_422_with_reasons_and_stored_nowhere(
        receiver: Receiver, doc: object, reason: str) -> None:
    receiver.add_centre("noord")
    answer = receiver.post(doc, as_centre="noord")
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "invalid_document"
    assert any(reason in r for r in body["reasons"]), body["reasons"]
    english = receiver.post(doc, as_centre="noord", **{"Accept-Language": "en"}).json()
    assert english["detail"].startswith("the document does not validate")
    assert _export(receiver) == []
    assert receiver.summary(**{"from": "2025-03", "to": "2025-03"})[
        "centre_months"]["reported"] == 0


def test_v1_and_v2_documents_are_both_taken(receiver: Receiver) -> None:
    receiver.add_centre("oud")
    receiver.add_centre("nieuw")
    assert receiver.post(document("oud", "2025-03", schema=1, sold_kg=10.0)).status_code == 201
    assert receiver.post(document("nieuw", "2025-03", sold_kg=20.0)).status_code == 201
    got = receiver.summary(**{"from": "2025-03", "to": "2025-03"})
    assert got["figures"]["outflow"]["sold"]["kg"] == 30
    rows = {r["centre"]: r for r in _export(receiver)}
    assert rows["oud"]["given_away_kg"] == "" and rows["nieuw"]["given_away_kg"] == "0"


# Three centres in two provinces, two months; zuid-oost did not report February. Each
# expected figure below is added up by hand from these numbers.
HAND = {
    ("utrecht", "2025-01"): dict(inflow_kg=100.0, sold_kg=40.0, recycled_kg=30.0,
                                 disposed_kg=10.0, stock_items=5, stock_kg=50.0, volunteers=3,
                                 hours=24.5, revenue_eur=60.0),
    ("utrecht", "2025-02"): dict(inflow_kg=120.0, sold_kg=50.0, recycled_kg=20.0,
                                 disposed_kg=10.0, stock_items=6, stock_kg=55.0, volunteers=4,
                                 hours=30.0, revenue_eur=75.5),
    ("amersfoort", "2025-01"): dict(inflow_kg=80.0, sold_kg=20.0, recycled_kg=40.0,
                                    disposed_kg=20.0, stock_items=2, stock_kg=10.0,
                                    volunteers=2, hours=10.0, revenue_eur=25.25),
    ("amersfoort", "2025-02"): dict(inflow_kg=60.5, sold_kg=30.0, recycled_kg=10.0,
                                    disposed_kg=0.0, stock_items=3, stock_kg=12.5,
                                    volunteers=2, hours=12.0, revenue_eur=40.0),
    ("arnhem", "2025-01"): dict(inflow_kg=200.0, sold_kg=100.0, recycled_kg=0.0,
                                disposed_kg=0.0, stock_items=10, stock_kg=100.0, volunteers=5,
                                hours=40.0, revenue_eur=150.0),
}
PLACES = {"utrecht": ("Utrecht", "Utrecht"), "amersfoort": ("Amersfoort", "Utrecht"),
          "arnhem": ("Arnhem", "Gelderland")}


@pytest.fixture
def three(receiver: Receiver) -> Receiver:
    for centre, (municipality, province) in PLACES.items():
        receiver.add_centre(centre, municipality, province)
    for (centre, month), figures in HAND.items():
        assert receiver.post(document(centre, month, **figures)).status_code == 201
    return receiver


def test_sums_over_three_centres_in_two_provinces_by_hand(three: Receiver) -> None:
    got = three.summary(**{"from": "2025-01", "to": "2025-02"})
    f = got["figures"]
    assert f["inflow"]["kg"] == 560.5  # 100 + 120 + 80 + 60.5 + 200
    assert f["outflow"]["sold"]["kg"] == 240  # 40 + 50 + 20 + 30 + 100
    assert f["outflow"]["sold"]["revenue_eur"] == 350.75  # 60 + 75.5 + 25.25 + 40 + 150
    # 240 / (240 + 100 + 40); the mean of the five documents' rates would be 0.625
    assert f["reuse_rate"] == 0.6316
    assert f["mass_balance"]["reuse_rate_mass"] == 0.6316
    # stock: February's only (utrecht 6 + amersfoort 3; arnhem did not report February)
    assert f["stock"]["ready_for_sale"] == {"items": 9, "kg": 67.5}
    assert f["people"]["volunteer"] == {"person_months": 16, "hours": 116.5}
    assert "lead_time_days" not in f and "targets" not in f and "co2_factors" not in f
    assert got["missing"] == [{"centre": "arnhem", "name": "Centrum arnhem",
                               "municipality": "Arnhem", "province": "Gelderland",
                               "months": ["2025-02"]}]
    assert got["centre_months"] == {"expected": 6, "reported": 5, "complete": 5}


def test_sums_per_province_municipality_month_and_year(three: Receiver) -> None:
    period = {"from": "2025-01", "to": "2025-02"}
    utrecht = three.summary(**period, province="Utrecht")["figures"]
    assert utrecht["inflow"]["kg"] == 360.5 and utrecht["reuse_rate"] == 0.5  # 140 / 280
    assert three.summary(**period, municipality="Amersfoort")["figures"]["inflow"]["kg"] == 140.5
    per_province = three.summary(**period, per="province")["groups"]
    assert per_province["Gelderland"]["inflow"]["kg"] == 200
    assert per_province["Utrecht"]["stock"]["ready_for_sale"]["kg"] == 67.5
    per_month = three.summary(**period, per="month")["groups"]
    assert per_month["2025-01"]["inflow"]["kg"] == 380
    assert per_month["2025-01"]["stock"]["ready_for_sale"] == {"items": 17, "kg": 160}
    assert per_month["2025-02"]["inflow"]["kg"] == 180.5
    per_centre = three.summary(**period, per="centre")["groups"]
    assert per_centre["amersfoort"]["outflow"]["sold"]["kg"] == 50
    assert three.summary(**period, per="year")["groups"]["2025"] == \
        three.summary(**period)["figures"]


def test_the_export_has_a_row_per_centre_and_month_with_the_documented_columns(
        three: Receiver) -> None:
    answer = three.client.get("/national/api/export.csv")
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["centre"], r["month"]) for r in rows] == sorted(
        (c, m) for c, m in HAND)
    row = next(r for r in rows if (r["centre"], r["month"]) == ("amersfoort", "2025-02"))
    assert row["province"] == "Utrecht" and row["inflow_kg"] == "60.5"
    assert row["revenue_eur"] == "40" and row["stock_kg"] == "12.5"
    assert row["reuse_rate"] == "0.75" and row["people"] == "2" and row["hours"] == "12"
    assert len(_export(three, province="Gelderland")) == 1
    documented = DOCS.read_text(encoding="utf-8")
    missing = [c for c in export.COLUMNS if f"`{c}`" not in documented]
    assert not missing, f"columns not in docs/README.md: {missing}"


def test_the_maintained_totals_equal_a_recomputation_after_many_revisions(
        receiver: Receiver) -> None:
    rng = random.Random(22)
    for centre, province in (("a", "Utrecht"), ("b", "Utrecht"), ("c", "Zeeland")):
        receiver.add_centre(centre, province=province)
    sent = []
    for _ in range(60):
        centre, month = rng.choice("abc"), f"2025-0{rng.randint(1, 4)}"
        sent.append(document(centre, month, rng.randint(1, 6),
                             inflow_kg=round(rng.uniform(0, 500), 3),
                             sold_kg=round(rng.uniform(0, 100), 3),
                             stock_items=rng.randint(0, 50)))
    for doc in sent:
        receiver.post(doc)
    got = receiver.summary(**{"from": "2025-01", "to": "2025-04"})["figures"]
    with receiver.db.read() as conn:
        assert got == summary.recomputed(conn, "2025-01", "2025-04")
    best = {}
    for doc in sent:
        key = (doc["centre"], doc["from"][:7])
        best[key] = max(best.get(key, 0), doc["revision"])
    rows = {(r["centre"], r["month"]): int(r["revision"]) for r in _export(receiver)}
    assert rows == best


def test_summary_refuses_bad_months_in_dutch_and_english(receiver: Receiver) -> None:
    for params in ({"from": "2025-13"}, {"from": "2025-05", "to": "2025-01"},
                   {"to": "maart"}, {"per": "week"}):
        answer = receiver.client.get("/national/api/summary", params=params)
        assert answer.status_code == 422, (params, answer.text)
        english = receiver.client.get("/national/api/summary", params=params,
                                      headers={"Accept-Language": "en"})
        assert english.json()["detail"] != answer.json()["detail"]


def test_viewer_token_needed_when_not_public(db_url: str) -> None:
    from national import services
    from tests.support.receiver import NOW

    for r in make_receiver(db_url, public=False):
        with r.db.write() as conn:
            token = services.add_viewer(conn, "provincie-utrecht", NOW)
        for path in ("/national/api/summary", "/national/api/export.csv",
                     "/national/api/centres"):
            assert r.client.get(path).status_code == 401
            assert r.client.get(path, headers={
                "Authorization": f"Bearer {token}"}).status_code == 200
        r.add_centre("noord")
        assert r.client.get("/national/api/summary", headers={
            "Authorization": f"Bearer {r.tokens['noord']}"}).status_code == 401


def test_every_setting_of_the_receiver_is_documented_with_its_default() -> None:
    from national.settings import NationalSettings
    from tests.integration.test_docs_readme import section, shown, table_rows

    rows = {cells[0].strip("`"): cells[1] for cells in table_rows(
        section("The national receiver")) if cells[0].startswith("`AMBACHT_NATIONAL_")}
    fields = {f"AMBACHT_NATIONAL_{n.upper()}": f.default
              for n, f in NationalSettings.model_fields.items()}
    assert rows == {n: shown(v) for n, v in fields.items()}
