"""Two tills, one item: of 20 simultaneous sales exactly one succeeds (both backends)."""

import threading

import httpx
import pytest

from tests.support.tracker import open_day, serve
from tracker.services import stations
from tracker.services.context import utc_now
from tracker.store.database import Database

TILLS = 20


@pytest.fixture
def server(db_url):
    yield from serve(db_url)


def test_twenty_tills_sell_the_same_item(server):
    server.cli("site", "add", "winkel", "--municipality", "Zwolle")
    intake = {"Authorization": "Bearer " + server.cli("station", "add", "balie", "--role",
                                                      "intake", "--site", "winkel")}
    bench = {"Authorization": "Bearer " + server.cli("station", "add", "werkbank", "--role",
                                                     "repair", "--site", "winkel")}
    db = Database(server.env["AMBACHT_DATABASE_URL"])
    with db.write() as conn:  # twenty CLI runs would only measure Python start-up
        tills = [{"Authorization": "Bearer " + stations.add_station(
            conn, f"kassa-{i}", "till", "winkel", utc_now())} for i in range(TILLS)]
        for i in range(TILLS):  # each till sells in its open day (CONTRACT §11)
            open_day(conn, f"kassa-{i}", utc_now(), site="winkel")
    db.dispose()
    with httpx.Client(base_url=server.url, timeout=60) as http:
        code = http.post("/api/items", json={"category": "fietsen", "weight_kg": 14.2},
                         headers=intake).json()["code"]
        http.post(f"/api/items/{code}/inspect", json={"outcome": "sellable", "price_eur": 60},
                  headers=bench).raise_for_status()

    start = threading.Barrier(TILLS)
    results: list[httpx.Response] = []

    def sell(headers):
        with httpx.Client(base_url=server.url, timeout=60) as http:
            start.wait()
            results.append(http.post("/api/sales", json={"items": [code], "payment": "pin"},
                                     headers=headers))

    threads = [threading.Thread(target=sell, args=(h,)) for h in tills]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] + [409] * (TILLS - 1), [r.text for r in results if r.status_code
                                                      not in (201, 409)]
    assert all("verkocht" in r.json()["detail"] or r.json()["code"] == "concurrent_change"
               for r in results if r.status_code == 409)
    with httpx.Client(base_url=server.url) as http:
        events = http.get(f"/api/items/{code}/events", headers=intake).json()
    assert [e["type"] for e in events].count("sold") == 1
