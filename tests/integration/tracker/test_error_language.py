"""The API words its refusals in English for a client that asks for English (a station page
switched to English), and in Dutch otherwise."""

from pathlib import Path

import pytest

from tracker.domain import codes


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The language of a sentence does not depend on the database: SQLite is enough."""
    return f"sqlite:///{tmp_path / 'ambacht.db'}"


def refused_sale(tracker, headers):
    """Sell an item that was only taken in: the till refuses it. (code as shown, body)"""
    code = tracker.intake()
    r = tracker.post("till", "/api/sales", {"items": [code], "payment": "cash"}, headers=headers)
    assert (r.status_code, r.json()["code"]) == (409, "not_ready_for_sale"), r.text
    return code, r.json()


@pytest.mark.parametrize(("accept_language", "english"), [
    (None, False),
    ("nl", False),
    ("nl, en;q=0.8", False),
    ("en", True),
    ("en-GB,nl;q=0.5", True),
])
def test_a_refused_sale_in_the_language_asked_for(tracker, accept_language, english):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    code, body = refused_sale(tracker, headers)
    reason = ("has not been inspected and priced yet" if english
              else "is nog niet gekeurd en geprijsd")
    refusal = "not for sale" if english else "niet te koop"
    assert body["detail"] == f"{refusal}: {code} {reason}"
    assert body["items"] == [{"code": code, "state": "collected", "detail": f"{code} {reason}"}]


def test_a_bad_token_in_english(tracker):
    r = tracker.client.get("/api/me", headers={"Authorization": "Bearer amb_nonsense",
                                               "Accept-Language": "en"})
    assert r.status_code == 401
    assert r.json() == {"detail": "unknown or revoked station token", "code": "unauthorized"}


def test_an_unknown_item_in_english(tracker):
    unknown = codes.new_code(lambda bits: 0)
    r = tracker.client.get(f"/api/items/{unknown}",
                           headers={**tracker.as_("till"), "Accept-Language": "en"})
    assert r.status_code == 404
    assert r.json() == {"detail": f"item {codes.display(unknown)} does not exist",
                        "code": "item_not_found"}


@pytest.mark.parametrize(("body", "dutch", "english"), [
    ({"weight_kg": 1}, "category: ontbreekt", "category: Field required"),
    ({"category": "textiel", "weight_kg": "veel"}, "weight_kg: moet een getal zijn",
     "weight_kg: Input should be a valid decimal"),
    ({"category": "textiel", "weight_kg": 1, "colour": "rood"},
     "colour: is geen veld dat hier hoort", "colour: Extra inputs are not permitted"),
    ({"category": "textiel", "weight_kg": 1, "at": 1700000000},
     "at: geef een datum als JJJJ-MM-DD (of tijd als 2026-03-02T10:15:00+01:00)",
     "at: give a date as YYYY-MM-DD (or a time as 2026-03-02T10:15:00+01:00)"),
    (["textiel"], "body: moet een object zijn",
     "body: Input should be a valid dictionary or object to extract fields from"),
])
def test_a_malformed_request_is_explained_in_the_language_asked_for(tracker, body, dutch,
                                                                     english):
    for language, said in (("nl", dutch), ("en", english)):
        r = tracker.post("admin", "/api/items", body, headers={"Accept-Language": language})
        assert (r.status_code, r.json()) == (422, {"detail": said, "code": "invalid_input"})


def test_a_choice_outside_the_list_names_the_choices_in_dutch(tracker):
    r = tracker.post("till", "/api/sales", {"items": [], "payment": "bitcoin"})
    assert r.json()["detail"] == "payment: moet 'cash', 'pin', 'other' of 'voucher' zijn"


def test_a_body_too_large_in_english(tracker):
    r = tracker.client.post("/api/items", content=b"x" * (10 * 1024 * 1024), headers={
        **tracker.as_("intake"), "Content-Type": "application/json", "Accept-Language": "en"})
    assert r.status_code == 413
    assert r.json()["detail"].startswith("the request is larger than")
