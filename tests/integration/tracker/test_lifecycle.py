"""An item's life through the API, as the stations use it (SQLite and PostgreSQL)."""

from tests.support.tracker import SITE


def test_lamp_from_intake_to_sale_and_back(tracker):
    code = tracker.intake("elektrisch", 2.345, description="Lamp", ords_category_id=22)
    item = tracker.get("intake", f"/api/items/{code}").json()
    assert item["state"] == "collected" and item["phase"] == "collect"
    assert item["weight_kg"] == 2.345 and item["qr"] == f"http://test.local/i/{code}"
    assert item["site"] == SITE and item["cycle"] == 1

    r = tracker.post("repair", f"/api/items/{code}/inspect", {"outcome": "needs_repair"})
    assert (r.status_code, r.json()["state"], r.json()["phase"]) == (200, "in_repair", "prepare")
    assert tracker.post("admin", "/api/people", {"alias": "vrijwilliger-7", "role": "volunteer"}
                        ).status_code == 201  # `person` names a known alias
    r = tracker.post("repair", f"/api/items/{code}/repair",
                     {"outcome": "repairable", "minutes": 20, "person": "vrijwilliger-7"})
    assert r.json()["state"] == "in_repair"
    r = tracker.post("repair", f"/api/items/{code}/repair", {"outcome": "fixed", "price_eur": 7.1})
    assert (r.json()["state"], r.json()["price_eur"]) == ("ready_for_sale", 7.1)
    r = tracker.post("till", f"/api/items/{code}/price", {"price_eur": "6.50"})
    assert r.json()["price_eur"] == 6.5

    r = tracker.post("till", "/api/sales", {"items": [code], "payment": "pin"})
    assert r.status_code == 201 and r.json()["total_eur"] == 6.5
    assert tracker.get("till", f"/api/items/{code}").json()["state"] == "sold"

    r = tracker.post("intake", f"/api/items/{code}/return")
    assert (r.json()["state"], r.json()["cycle"], r.json()["code"]) == ("collected", 2, code)

    history = tracker.get("monitor", f"/api/items/{code}/events").json()
    assert [e["type"] for e in history] == [
        "collected", "inspected", "repaired", "repaired", "priced", "sold", "returned"]
    assert [e["seq"] for e in history] == list(range(1, 8))
    assert history[2]["person"] == "vrijwilliger-7"
    assert history[0]["data"]["weight_kg"] == 2.345
    assert all(e["station"] and e["site"] == SITE for e in history)


def test_scan_resolves_label_urls_and_sloppy_typing(tracker):
    code = tracker.intake()
    for typed in (code, code.lower(), code.replace("-", ""), f"http://test.local/i/{code}",
                  f"  {code.lower().replace('-', ' ')} "):
        r = tracker.get("till", "/api/scan", params={"q": typed})
        assert r.status_code == 200 and r.json()["code"] == code, typed


def test_mistyped_code_is_422_and_unknown_code_is_404(tracker):
    code = tracker.intake()
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    r = tracker.get("till", "/api/scan", params={"q": typo})
    assert r.status_code == 422 and r.json()["code"] == "invalid_code"
    unknown = "0000-0000-0"
    r = tracker.get("till", f"/api/items/{unknown}")
    assert r.status_code == 404 and r.json()["code"] == "item_not_found"


def test_sale_is_all_or_nothing_and_names_each_offender(tracker):
    ok = tracker.ready(price=3)
    in_repair = tracker.intake()
    tracker.post("repair", f"/api/items/{in_repair}/inspect", {"outcome": "needs_repair"})
    fresh = tracker.intake()
    r = tracker.post("till", "/api/sales", {"items": [ok, in_repair, fresh], "payment": "cash"})
    assert r.status_code == 409 and r.json()["code"] == "not_ready_for_sale"
    assert {i["code"] for i in r.json()["items"]} == {in_repair, fresh}
    assert "reparatie" in r.json()["detail"]
    assert tracker.get("till", f"/api/items/{ok}").json()["state"] == "ready_for_sale"
    assert len(tracker.get("till", f"/api/items/{ok}/events").json()) == 2


def test_sale_with_unlabelled_lines(tracker):
    code = tracker.ready(price=4.5)
    r = tracker.post("till", "/api/sales", {
        "items": [code], "payment": "cash",
        "lines": [{"category": "boeken", "weight_kg": 3.2, "price_eur": 2},
                  {"category": "textiel", "weight_kg": "0.8", "price_eur": "1.25"}]})
    assert r.status_code == 201, r.text
    assert r.json()["total_eur"] == 7.75
    assert [ln["weight_kg"] for ln in r.json()["lines"]] == [3.2, 0.8]
    r = tracker.post("till", "/api/sales", {"lines": [{"category": "boeken", "weight_kg": 1,
                                                       "price_eur": 1}], "payment": "pin"})
    assert r.status_code == 201 and r.json()["items"] == []


def test_upcycle_names_its_inputs_and_retires_them(tracker):
    planks = [tracker.intake("bouwmaterialen", 4), tracker.intake("bouwmaterialen", 6)]
    r = tracker.post("repair", "/api/upcycle", {"inputs": planks, "category": "meubilair",
                                                "price_eur": 45, "description": "Bankje"})
    assert r.status_code == 201, r.text
    bench = r.json()
    assert bench["inputs"] == planks and bench["weight_kg"] == 10.0
    assert bench["state"] == "ready_for_sale"
    for p in planks:
        assert tracker.get("repair", f"/api/items/{p}").json()["state"] == "upcycled"
    r = tracker.post("repair", "/api/upcycle", {"inputs": planks, "category": "meubilair"})
    assert r.status_code == 409


def test_unusable_items_go_to_their_stream(tracker):
    a, b = tracker.intake(), tracker.intake()
    r = tracker.post("repair", f"/api/items/{a}/inspect", {"outcome": "unusable",
                                                           "stream": "recycle"})
    assert r.json()["state"] == "recycled" and r.json()["phase"] == "exit"
    tracker.post("repair", f"/api/items/{b}/inspect", {"outcome": "needs_repair"})
    r = tracker.post("repair", f"/api/items/{b}/repair", {
        "outcome": "end_of_life", "stream": "residual", "barrier": "No way to open product"})
    assert r.json()["state"] == "disposed"
    assert tracker.get("repair", f"/api/items/{b}/events").json()[-1]["data"]["barrier"] == \
        "No way to open product"


def test_own_use_repair_and_bulk_intake(tracker):
    r = tracker.post("repair", "/api/repairs", {
        "category": "elektrisch", "ords_category_id": 25, "outcome": "end_of_life",
        "barrier": "Spare parts too expensive", "brand": "Philips", "problem": "brommt"})
    assert r.status_code == 201 and r.json()["state"] == "returned_to_owner"
    r = tracker.post("intake", "/api/bulk", {"category": "textiel", "weight_kg": 8.25})
    assert r.status_code == 201 and r.json()["weight_kg"] == 8.25


def test_intake_with_scale_but_no_weighing_is_409(tracker):
    r = tracker.post("intake", "/api/items", {"category": "fietsen", "scale_id": "ms-1"})
    assert r.status_code == 409 and r.json()["code"] == "no_fresh_weighing"
    assert "Stabiel" in r.json()["detail"]


def test_people_and_attendance(tracker):
    r = tracker.post("admin", "/api/people", {"alias": "leerwerk-3", "role": "participant"})
    assert r.status_code == 201
    r = tracker.post("admin", "/api/attendance", {"alias": "leerwerk-3", "date": "2026-03-02",
                                                  "hours": 6.5})
    assert r.status_code == 201 and r.json()["hours"] == 6.5
    again = tracker.post("admin", "/api/attendance", {"alias": "leerwerk-3",
                                                      "date": "2026-03-02", "hours": 2})
    assert again.status_code == 409
    assert tracker.post("admin", "/api/people", {"alias": "leerwerk-3",
                                                 "role": "student"}).status_code == 409


def test_health_and_categories(tracker):
    r = tracker.client.get("/api/health")
    assert r.json() == {"status": "ok", "db": "ok", "mqtt": "disconnected", "ingest": "off",
                        "weighings_stored": None, "messages_refused": None}
    cats = tracker.get("till", "/api/categories").json()
    assert {c["id"]: c["eu_group"] for c in cats}["elektrisch"] == "eee"
    assert all(c["co2_factor"] == 1.1 for c in cats)
