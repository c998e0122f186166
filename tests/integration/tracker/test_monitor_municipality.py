"""A network of sites reports per site and per municipality (WaardeRing-style)."""

from tracker.services import stations


def test_municipality_sums_its_sites_only(tracker, clock):
    now = clock()
    with tracker.db.write() as conn:
        stations.add_site(conn, "werkplaats", "Utrecht", None, now)  # same town as the fixture
        stations.add_site(conn, "winkel-zeist", "Zeist", None, now)
        elsewhere = stations.add_station(conn, "balie-zeist", "intake", "winkel-zeist", now)
        workshop = stations.add_station(conn, "balie-werkplaats", "intake", "werkplaats", now)
    tracker.intake("meubilair", 10)  # milieustraat-1, Utrecht
    for token, kg in ((workshop, 2.5), (elsewhere, 7)):
        r = tracker.client.post("/api/items", json={"category": "textiel", "weight_kg": kg},
                                headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 201
    period = {"from": clock().date().isoformat(), "to": clock().date().isoformat()}

    def doc(**extra):
        r = tracker.get("monitor", "/api/monitor", params={**period, **extra})
        assert r.status_code == 200, r.text
        return r.json()

    utrecht, zeist, centre = doc(municipality="utrecht"), doc(municipality="Zeist"), doc()
    assert (utrecht["inflow"]["items"], utrecht["inflow"]["kg"]) == (2, 12.5)
    assert (zeist["inflow"]["items"], zeist["inflow"]["kg"]) == (1, 7.0)
    assert centre["inflow"]["kg"] == utrecht["inflow"]["kg"] + zeist["inflow"]["kg"]
    assert utrecht["municipality"] == "utrecht" and utrecht["site"] is None
    r = tracker.get("monitor", "/api/monitor", params={**period, "municipality": "Nergens"})
    assert r.status_code == 404
    r = tracker.get("monitor", "/api/monitor", params={**period, "municipality": "Zeist",
                                                       "site": "winkel-zeist"})
    assert r.status_code == 422
    csv = tracker.get("monitor", "/api/monitor.csv", params={**period, "municipality": "Zeist"})
    assert "inflow.kg,7.0" in csv.text
