"""What the admin's page /beheer does through the API (CONTRACT §12): sites, stations with a
token shown once (as text, login link and QR code) and stored hashed, revoking, and the
categories' labels, CO2 factor and VAT rate, seen by the running service at once. Bad input
is a clear Dutch 4xx with an English twin, and changes nothing. SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
import re
from datetime import UTC, date, datetime

import sqlalchemy as sa
import zxingcpp
from fastapi.testclient import TestClient
from PIL import Image

from tests.support.monitor import recomputed, valid, without_time
from tests.support.tracker import SITE, make_tracker
from tracker.api.app import create_app
from tracker.api.deps import Services
from tracker.feed.worker import FeedWorker
from tracker.services import stations
from tracker.store import tables as t

DAY = date(2026, 3, 2)  # the FakeClock's day
EN = {"Accept-Language": "en"}
MODULE_PX = 8  # pixels per QR module when the SVG is drawn for the decoder


def qr_text(data_uri: str) -> str:
    """Decode a QR code given as an SVG data URI (unit squares `Mx,yH..V..H..z` on white)."""
    svg = base64.b64decode(data_uri.removeprefix("data:image/svg+xml;base64,")).decode()
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    image = Image.new("L", (size * MODULE_PX, size * MODULE_PX), 255)
    for x, y in re.findall(r"M(\d+),(\d+)H", svg):
        left, top = int(x) * MODULE_PX, int(y) * MODULE_PX
        image.paste(0, (left, top, left + MODULE_PX, top + MODULE_PX))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return str(found[0].text)


def refused(r, status: int, code: str, dutch: str) -> None:
    assert r.status_code == status, r.text
    assert r.json()["code"] == code and dutch in r.json()["detail"], r.json()


def both_languages(tracker, method: str, path: str, body, status: int, code: str, dutch: str,
                   english: str) -> None:
    """Refused in Dutch, and in English when asked, with the same code."""
    refused(tracker.client.request(method, path, json=body, headers=tracker.as_("admin")),
            status, code, dutch)
    refused(tracker.client.request(method, path, json=body, headers={**tracker.as_("admin"),
                                                                     **EN}),
            status, code, english)


def test_the_admin_adds_a_site(tracker):
    r = tracker.post("admin", "/api/sites", {"id": "werkplaats-zuid", "municipality": "Houten",
                                             "name": "Werkplaats Zuid"})
    assert r.status_code == 201, r.text
    assert r.json() == {"id": "werkplaats-zuid", "municipality": "Houten",
                        "name": "Werkplaats Zuid", "closes": "17:00"}
    assert {"id": "werkplaats-zuid", "municipality": "Houten", "name": "Werkplaats Zuid",
            "closes": "17:00"} in tracker.get("till", "/api/sites").json()
    before = tracker.get("admin", "/api/sites").json()
    for body, status, code, nl, en in (
            ({"id": SITE, "municipality": "Utrecht"}, 409, "site_exists", "bestaat al",
             "already exists"),
            ({"id": "Werk Plaats", "municipality": "Utrecht"}, 422, "invalid_name",
             "kleine letters", "lower-case letters"),
            ({"id": "leeg", "municipality": "  "}, 422, "municipality_required",
             "vul de gemeente", "enter the site's municipality"),
            ({"id": "lang", "municipality": "U" * 129}, 422, "invalid_input",
             "hoogstens 128 tekens", "at most 128 characters")):
        both_languages(tracker, "POST", "/api/sites", body, status, code, nl, en)
    assert tracker.get("admin", "/api/sites").json() == before
    assert tracker.post("till", "/api/sites", {"id": "x", "municipality": "Y"}).status_code == 403


def test_a_new_stations_token_is_shown_once_and_logs_a_device_in(tracker):
    body = {"name": "kassa-2", "role": "till", "site": SITE}
    r = tracker.post("admin", "/api/stations", body, headers={"Idempotency-Key": "k-1"})
    assert r.status_code == 201, r.text
    new = r.json()
    token = new["token"]
    assert token.startswith("amb_")
    assert new["login_url"] == f"http://test.local/login#token={token}"
    assert qr_text(new["login_qr"]) == new["login_url"]
    assert {k: new[k] for k in ("name", "role", "site", "revoked_at")} == {
        "name": "kassa-2", "role": "till", "site": SITE, "revoked_at": None}
    # the token works, with the role and site it was given
    me = tracker.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert (me["station"], me["role"], me["site"]["id"]) == ("kassa-2", "till", SITE)
    # listed without a token; the database holds only its hash, also for the replayed answer
    listed = {s["name"]: s for s in tracker.get("admin", "/api/stations").json()}
    assert "token" not in listed["kassa-2"] and listed["kassa-2"]["role"] == "till"
    again = tracker.post("admin", "/api/stations", body, headers={"Idempotency-Key": "k-1"})
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert (again.json()["token"], again.json()["login_url"], again.json()["login_qr"]) == (
        None, None, None)
    assert again.json()["name"] == "kassa-2"
    with tracker.db.read() as conn:
        everything = json.dumps([[str(v) for v in row] for table in t.metadata.sorted_tables
                                 for row in conn.execute(sa.select(table))])
    assert token not in everything and token.removeprefix("amb_") not in everything
    assert stations.token_hash(token) in everything


def test_bad_stations_are_refused_and_change_nothing(tracker):
    before = tracker.get("admin", "/api/stations").json()
    for body, status, code, nl, en in (
            ({"name": "kassa-9", "role": "baas", "site": SITE}, 422, "invalid_role",
             "rol moet een van", "role must be one of"),
            ({"name": "kassa-9", "role": "till", "site": "nergens"}, 404, "site_not_found",
             "bestaat niet", "does not exist"),
            ({"name": "till-1", "role": "till", "site": SITE}, 409, "station_exists",
             "bestaat al", "already exists"),
            ({"name": "Kassa 9", "role": "till", "site": SITE}, 422, "invalid_name",
             "kleine letters", "lower-case letters")):
        both_languages(tracker, "POST", "/api/stations", body, status, code, nl, en)
    assert tracker.get("admin", "/api/stations").json() == before
    for role in ("intake", "repair", "till", "monitor"):
        assert tracker.get(role, "/api/stations").status_code == 403
        assert tracker.post(role, "/api/stations", {"name": "x", "role": "till",
                                                    "site": SITE}).status_code == 403


def test_revoking_a_station(tracker):
    now = [0.0]
    tracker.svc.tokens = stations.TokenCache(clock=lambda: now[0])
    assert tracker.get("till", "/api/me").status_code == 200
    r = tracker.post("admin", "/api/stations/till-1/revoke")
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "till-1" and r.json()["revoked_at"] is not None
    now[0] += stations.TOKEN_CACHE_SECONDS + 0.1
    assert tracker.get("till", "/api/me").status_code == 401
    before = tracker.get("admin", "/api/stations").json()
    both_languages(tracker, "POST", "/api/stations/kassa-77/revoke", None, 404,
                   "station_not_found", "bestaat niet", "does not exist")
    both_languages(tracker, "POST", "/api/stations/till-1/revoke", None, 409,
                   "station_revoked", "al ingetrokken", "already been revoked")
    both_languages(tracker, "POST", "/api/stations/admin-1/revoke", None, 409,
                   "revoke_own_station", "waarmee je nu werkt", "you are working on")
    assert tracker.get("admin", "/api/stations").json() == before
    assert tracker.get("admin", "/api/me").status_code == 200
    assert tracker.post("monitor", "/api/stations/intake-1/revoke").status_code == 403


def _categories(tracker) -> dict[str, dict]:
    return {c["id"]: c for c in tracker.get("till", "/api/categories").json()}


def _monitor(tracker) -> dict:
    r = tracker.get("monitor", "/api/monitor", params={"from": DAY.isoformat(),
                                                       "to": DAY.isoformat()})
    assert r.status_code == 200, r.text
    doc = valid(r.json())
    assert without_time(doc) == without_time(recomputed(tracker, DAY, DAY))
    return doc


def test_a_category_change_is_used_at_once(tracker):
    assert _categories(tracker)["boeken"]["vat_rate"] == 0.21
    sold = tracker.post("till", "/api/sales", {
        "lines": [{"category": "boeken", "weight_kg": 2, "price_eur": 3}], "payment": "cash"})
    assert sold.status_code == 201, sold.text
    assert sold.json()["vat"] == [{"rate": 0.21, "net_eur": 2.48, "vat_eur": 0.52}]
    assert _monitor(tracker)["co2_avoided_kg"] == 2.2  # 2 kg × 1.1

    r = tracker.post("admin", "/api/categories/boeken", {
        "vat_rate": "0.09", "co2_factor": "1.5", "label_nl": "Boeken, platen en strips"})
    assert r.status_code == 200, r.text
    assert r.json() == {"id": "boeken", "label_nl": "Boeken, platen en strips",
                        "label_en": "Books and media", "eu_group": "other", "co2_factor": 1.5,
                        "vat_rate": 0.09}
    assert _categories(tracker)["boeken"] == r.json()
    # a new sale takes the new rate; the earlier one keeps the VAT it was sold with
    later = tracker.post("till", "/api/sales", {
        "lines": [{"category": "boeken", "weight_kg": 1, "price_eur": 3}], "payment": "cash"})
    assert later.json()["vat"] == [{"rate": 0.09, "net_eur": 2.75, "vat_eur": 0.25}]
    doc = _monitor(tracker)
    assert doc["till"]["vat_eur"] == 0.77  # 0.52 + 0.25
    # the factor counts for every period: 3 kg sold × 1.5, and the document says so
    assert doc["co2_avoided_kg"] == 4.5 and doc["co2_factors"]["boeken"] == 1.5
    code = tracker.intake(category="boeken")
    label = tracker.get("intake", f"/api/items/{code}/label.zpl").text
    assert "Boeken, platen en strips" in " ".join(re.findall(r"\^FD([^^]*)\^FS", label))

    # null puts one back to its default; the rest stays
    r = tracker.post("admin", "/api/categories/boeken", {"co2_factor": None})
    assert (r.json()["co2_factor"], r.json()["vat_rate"]) == (1.1, 0.09)
    assert _monitor(tracker)["co2_avoided_kg"] == 3.3


def test_a_category_change_outlives_a_restart(db_url, clock):
    for tracker in make_tracker(db_url, clock, vat_rates={"textiel": "0.09"}):
        r = tracker.post("admin", "/api/categories/speelgoed", {"co2_factor": 2,
                                                                "label_en": "Toys and games"})
        assert r.status_code == 200, r.text
        restarted = Services(settings=tracker.svc.settings, db=tracker.db)  # same database
        with TestClient(create_app(restarted)) as client:
            seen = {c["id"]: c for c in client.get("/api/categories",
                                                   headers=tracker.as_("till")).json()}
        assert (seen["speelgoed"]["co2_factor"], seen["speelgoed"]["label_en"]) == (
            2.0, "Toys and games")
        assert seen["textiel"]["vat_rate"] == 0.09  # the settings still give the default


def test_bad_category_changes_are_refused_and_change_nothing(tracker):
    before = _categories(tracker)
    for path, body, status, code, nl, en in (
            ("boeken", {"co2_factor": -0.1}, 422, "invalid_co2_factor", "CO2-factor",
             "CO2 factor"),
            ("boeken", {"co2_factor": "1e9"}, 422, "invalid_co2_factor", "CO2-factor",
             "CO2 factor"),
            ("boeken", {"vat_rate": 1.5}, 422, "invalid_vat_rate", "btw-tarief", "VAT rate"),
            ("boeken", {"vat_rate": -0.21}, 422, "invalid_vat_rate", "btw-tarief", "VAT rate"),
            # one bad field: the good one beside it is not stored either
            ("boeken", {"vat_rate": 0.09, "co2_factor": -1}, 422, "invalid_co2_factor",
             "CO2-factor", "CO2 factor"),
            ("boeken", {"label_nl": "  "}, 422, "invalid_label_text", "label", "label"),
            ("boeken", {"label_en": "x" * 65}, 422, "invalid_label_text", "64 tekens",
             "64 characters"),
            ("fietsen", {"label_nl": "Fiets\u0007en"}, 422, "invalid_label_text", "één regel",
             "one line"),
            ("kano", {"vat_rate": 0.09}, 404, "unknown_category", "onbekende categorie",
             "unknown category")):
        both_languages(tracker, "POST", f"/api/categories/{path}", body, status, code, nl, en)
    assert _categories(tracker) == before
    assert tracker.post("till", "/api/categories/boeken", {"vat_rate": 0.09}).status_code == 403
    assert _categories(tracker) == before


def test_a_new_co2_factor_revises_the_closed_months_it_changes(tracker):
    clock = tracker.svc.clock
    clock.now = datetime(2026, 3, 30, 9, tzinfo=UTC)
    sent: list = []
    w = FeedWorker(tracker.db, {"list": sent.append}, centre="demo",
                   categories=tracker.svc.categories, clock=clock, retry_base_s=60,
                   retry_max_s=3600)
    assert tracker.post("till", "/api/sales", {
        "lines": [{"category": "boeken", "weight_kg": 2, "price_eur": 3}],
        "payment": "cash"}).status_code == 201
    clock.now = datetime(2026, 4, 1, 9, tzinfo=UTC)
    w.tick()  # March's final document
    r = tracker.post("admin", "/api/categories/boeken", {"co2_factor": 1.5})
    assert r.status_code == 200, r.text
    clock.now = datetime(2026, 4, 2, 9, tzinfo=UTC)
    w.tick()  # the next day's round: April's first, and March again with the new factor
    docs = [json.loads(d.body) for d in sent]
    assert [(d["from"], d["revision"], d["co2_avoided_kg"], d["co2_factors"]["boeken"])
            for d in docs] == [("2026-03-01", 1, 2.2, 1.1), ("2026-04-01", 1, 0.0, 1.5),
                               ("2026-03-01", 2, 3.0, 1.5)]
