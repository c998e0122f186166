def test_item_lifecycle(tracker):
    code = tracker.intake("elektrisch", 2.345, description="Lamp")
    r = tracker.post("repair", f"/api/items/{code}/inspect", {"outcome": "needs_repair"})
    assert r.json()["state"] == "in_repair"
    r = tracker.post("repair", f"/api/items/{code}/repair", {"outcome": "fixed", "price_eur": "7.50"})
    assert r.json()["state"] == "ready_for_sale", r.text
    r = tracker.post("till", "/api/sales", {"items": [code], "payment": "pin"})
    assert r.status_code == 201, r.text
    assert r.json()["total_eur"] == 7.5
    r = tracker.post("till", f"/api/items/{code}/return")
    assert r.json()["cycle"] == 2, r.text
    r = tracker.get("monitor", f"/api/items/{code}/events")
    print(r.json())
    assert [e["type"] for e in r.json()] == ["collected", "inspected", "repaired", "sold", "returned"]
