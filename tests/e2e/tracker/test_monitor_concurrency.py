"""Busy tills and desks at once, against the real server: every sale and intake succeeds
(figure rows never deadlock), and the figures still equal a full recomputation."""

from __future__ import annotations

import json
import random
import threading
from datetime import UTC, date, datetime

import httpx
import pytest

from tests.support.monitor import valid, without_time
from tests.support.tracker import open_day, serve
from tracker.domain.calendar import local_date
from tracker.domain.categories import DEFAULT_CATEGORIES
from tracker.services import monitor, stations
from tracker.services.context import utc_now
from tracker.store.database import Database

TILLS = 8
SALES_PER_TILL = 6
CATEGORIES = ["textiel", "boeken", "meubilair", "speelgoed"]


@pytest.fixture
def server(db_url):
    yield from serve(db_url)


def test_concurrent_sales_and_intakes_keep_the_figures_right(server):
    server.cli("site", "add", "winkel", "--municipality", "Zwolle")
    db = Database(server.env["AMBACHT_DATABASE_URL"])
    with db.write() as conn:
        def token(name, role):
            return {"Authorization": "Bearer " + stations.add_station(conn, name, role,
                                                                      "winkel", utc_now())}
        desk, bench, watcher = token("balie", "intake"), token("werkbank", "repair"), token(
            "monitor", "monitor")
        tills = [token(f"kassa-{i}", "till") for i in range(TILLS)]
        for i in range(TILLS):  # each till sells in its open day (CONTRACT §11)
            open_day(conn, f"kassa-{i}", utc_now(), site="winkel")
    rnd = random.Random(6)
    with httpx.Client(base_url=server.url, timeout=60) as http:
        ready = {c: [] for c in CATEGORIES}
        for i in range(TILLS * SALES_PER_TILL * 2):
            cat = CATEGORIES[i % len(CATEGORIES)]
            code = http.post("/api/items", json={"category": cat, "weight_kg": 1 + i % 7},
                             headers=desk).json()["code"]
            http.post(f"/api/items/{code}/inspect", json={"outcome": "sellable",
                                                         "price_eur": 2 + i % 5}, headers=bench)
            ready[cat].append(code)

    start = threading.Barrier(TILLS + 2)
    statuses: list[int] = []

    def till(n: int) -> None:
        # each till sells pairs in the opposite category order of its neighbour
        a, b = CATEGORIES[n % 4], CATEGORIES[(n + 1) % 4]
        pairs = [(ready[a].pop(), ready[b].pop()) for _ in range(SALES_PER_TILL)]
        with httpx.Client(base_url=server.url, timeout=60) as http:
            start.wait()
            for x, y in pairs:
                items = [x, y] if n % 2 else [y, x]
                r = http.post("/api/sales", headers=tills[n], json={
                    "items": items, "payment": "pin", "lines": [
                        {"category": rnd.choice(CATEGORIES), "weight_kg": 0.5,
                         "price_eur": 1}]})
                statuses.append(r.status_code)

    def intake_desk() -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            start.wait()
            for i in range(20):
                r = http.post("/api/items", json={"category": CATEGORIES[i % 4],
                                                  "weight_kg": 3}, headers=desk)
                statuses.append(r.status_code)
                statuses.append(http.post("/api/visits", headers=desk).status_code)

    threads = [threading.Thread(target=till, args=(n,)) for n in range(TILLS)]
    threads += [threading.Thread(target=intake_desk) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201] * len(statuses) and len(statuses) == TILLS * SALES_PER_TILL + 80

    today = local_date(datetime.now(UTC)).isoformat()
    with httpx.Client(base_url=server.url) as http:
        got = valid(http.get("/api/monitor", params={"from": "2020-01-01", "to": today},
                             headers=watcher).json())
    assert got["outflow"]["sold"]["items"] == TILLS * SALES_PER_TILL * 2
    assert got["visitors"] == {"sales": TILLS * SALES_PER_TILL, "drop_offs": 40,
                               "participants": 0, "total": TILLS * SALES_PER_TILL + 40,
                               "by_municipality": {"onbekend": 40}}
    with db.read(snapshot=True) as conn:
        again = monitor.recomputed_document(
            conn, date(2020, 1, 1), date.fromisoformat(today), None, centre="demo",
            categories={c.id: c for c in DEFAULT_CATEGORIES}, now=utc_now())
    db.dispose()
    assert without_time(got) == without_time(json.loads(json.dumps(again)))
