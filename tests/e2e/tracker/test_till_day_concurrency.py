"""Two tills of one site close and reopen their days while their sales keep coming in (live,
and from the outbox), against the real server on both backends: every sale that was taken is
in exactly one day of its own till, and the days' figures add up to the sales."""

from __future__ import annotations

import collections
import threading
import time

import httpx
import pytest

from tests.support.tracker import serve
from tracker.domain import events as ev
from tracker.services import stations
from tracker.services.context import utc_now
from tracker.store import repository as repo
from tracker.store.database import Database

TILLS = ("kassa-a", "kassa-b")
ITEMS_PER_TILL = 36
SELLERS = 2  # threads selling at each till at once (two tabs, a resent outbox)
CLOSES = 3  # days each till closes while selling
QUEUED = {"Ambacht-Queued-At": "2026-03-02T09:30:00Z"}


@pytest.fixture
def server(db_url):
    yield from serve(db_url)


def _setup(server) -> tuple[dict[str, str], dict[str, list[str]]]:
    server.cli("site", "add", "winkel", "--municipality", "Zwolle")
    db = Database(server.env["AMBACHT_DATABASE_URL"])
    with db.write() as conn:
        tokens = {name: stations.add_station(conn, name, role, "winkel", utc_now())
                  for name, role in (("balie", "intake"), ("werkbank", "repair"),
                                     *((t, "till") for t in TILLS))}
    db.dispose()
    auth = {n: {"Authorization": f"Bearer {tok}"} for n, tok in tokens.items()}
    items: dict[str, list[str]] = {t: [] for t in TILLS}
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for n in range(ITEMS_PER_TILL * len(TILLS)):
            code = http.post("/api/items", json={"category": "boeken", "weight_kg": 1},
                             headers=auth["balie"]).json()["code"]
            http.post(f"/api/items/{code}/inspect", json={
                "outcome": "sellable", "price_eur": 1 + n % 7}, headers=auth["werkbank"]
            ).raise_for_status()
            items[TILLS[n % len(TILLS)]].append(code)
        for t in TILLS:
            http.post("/api/till/open", json={"float_eur": 0}, headers=auth[t]).raise_for_status()
    return auth, items


def test_two_tills_close_their_days_while_selling(server):
    auth, items = _setup(server)
    taken: dict[str, list[tuple[str, float]]] = collections.defaultdict(list)
    problems: list[str] = []
    start = threading.Barrier(len(TILLS) * (SELLERS + 1))

    def sell(till: str, codes: list[str]) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            start.wait()
            for n, code in enumerate(codes):
                queued = n % 3 == 0  # every third one was kept offline and comes from the outbox
                for _ in range(50):  # a live sale refused between close and open: again
                    r = http.post("/api/sales", json={"items": [code], "payment": "cash"},
                                  headers={**auth[till], **(QUEUED if queued else {})})
                    if r.status_code == 201:
                        taken[till].append((r.json()["sale_id"], r.json()["total_eur"]))
                        break
                    if queued or r.json().get("code") not in ("day_not_open",
                                                              "concurrent_change"):
                        problems.append(f"{till} {code}: {r.status_code} {r.text}")
                        break
                    time.sleep(0.01)

    def close_and_reopen(till: str) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            start.wait()
            for _ in range(CLOSES):
                time.sleep(0.15)
                for path, body in (("/api/till/close", {"counted_eur": 0}),
                                   ("/api/till/open", {"float_eur": 0})):
                    r = http.post(path, json=body, headers=auth[till])
                    if r.status_code >= 300:
                        problems.append(f"{till} {path}: {r.status_code} {r.text}")
                    time.sleep(0.05)

    threads = [threading.Thread(target=close_and_reopen, args=(t,)) for t in TILLS]
    threads += [threading.Thread(target=sell, args=(t, items[t][k::SELLERS]))
                for t in TILLS for k in range(SELLERS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert problems == []

    with httpx.Client(base_url=server.url, timeout=60) as http:
        for t in TILLS:
            http.post("/api/till/close", json={"counted_eur": 0}, headers=auth[t])
        days = {t: http.get("/api/till/days", headers=auth[t]).json()["days"] for t in TILLS}
    db = Database(server.env["AMBACHT_DATABASE_URL"])
    with db.read() as conn:
        booked = {e.stream.removeprefix("sale:"): (e.station, e.fact.till_day)
                  for e in repo.events_of_type(conn, ev.Sale.TYPE)
                  if isinstance(e.fact, ev.Sale)}
    db.dispose()
    for t in TILLS:
        assert len(taken[t]) == ITEMS_PER_TILL  # every item sold once, at its own till
        assert len(days[t]) == CLOSES + 1 and not any(d["open"] for d in days[t])
        per_day = collections.Counter(booked[sale_id][1] for sale_id, _ in taken[t])
        assert all(booked[sale_id][0] == t for sale_id, _ in taken[t])
        # each sale is in exactly one day, and each day counts exactly its own sales
        assert {d["day"]: d["sales"]["count"] for d in days[t]} == {
            n: per_day.get(n, 0) for n in range(1, CLOSES + 2)}
        revenue = round(sum(d["sales"]["revenue_eur"] for d in days[t]), 2)
        assert revenue == round(sum(total for _, total in taken[t]), 2)
        assert sum(d["expected_cash_eur"] for d in days[t]) == pytest.approx(
            sum(d["payments"].get("cash", 0) for d in days[t]))
