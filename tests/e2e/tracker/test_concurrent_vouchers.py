"""Tills at once on one tegoedbon, against a real server on both backends: it is spent once.
Ten tills each pay € 1 from a € 5 voucher: exactly five succeed (the others are told it is
used up), and ten tills each paying € 3 from one: exactly one does."""

import threading

import httpx
import pytest

from tests.support.tracker import serve
from tracker.services import stations
from tracker.services.context import utc_now
from tracker.store.database import Database

TILLS = 10


@pytest.fixture
def server(db_url):
    yield from serve(db_url)


def _stations(server):
    server.cli("site", "add", "winkel", "--municipality", "Zwolle")
    db = Database(server.env["AMBACHT_DATABASE_URL"])
    with db.write() as conn:
        made = {role: {"Authorization": "Bearer " + stations.add_station(
            conn, role, role, "winkel", utc_now())} for role in ("intake", "repair")}
        tills = [{"Authorization": "Bearer " + stations.add_station(
            conn, f"kassa-{i}", "till", "winkel", utc_now())} for i in range(TILLS)]
    db.dispose()
    return made, tills


def _items(http, made, price):
    codes = []
    for _ in range(TILLS):
        code = http.post("/api/items", json={"category": "boeken", "weight_kg": 0.5},
                         headers=made["intake"]).json()["code"]
        http.post(f"/api/items/{code}/inspect", json={"outcome": "sellable", "price_eur": price},
                  headers=made["repair"]).raise_for_status()
        codes.append(code)
    return codes


def _at_once(server, tills, codes, voucher, eur):
    start = threading.Barrier(TILLS)
    results: list[httpx.Response] = []

    def sell(headers, code):
        with httpx.Client(base_url=server.url, timeout=60) as http:
            start.wait()
            results.append(http.post("/api/sales", headers=headers, json={
                "items": [code],
                "payments": [{"method": "voucher", "amount_eur": eur, "voucher": voucher}]}))

    threads = [threading.Thread(target=sell, args=(h, c)) for h, c in zip(tills, codes,
                                                                          strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_a_voucher_used_at_ten_tills_at_once_is_spent_once(server):
    made, tills = _stations(server)
    with httpx.Client(base_url=server.url, timeout=60) as http:
        five = http.post("/api/vouchers", json={"amount_eur": 5, "reason": "cadeaubon"},
                         headers=tills[0]).json()["code"]
        three = http.post("/api/vouchers", json={"amount_eur": 3, "reason": "cadeaubon"},
                          headers=tills[0]).json()["code"]
        ones, threes = _items(http, made, 1), _items(http, made, 3)
        for till in tills:  # each till sells in its own day
            http.post("/api/till/open", json={"float_eur": 0}, headers=till).raise_for_status()

    results = _at_once(server, tills, ones, five, 1)
    statuses = sorted(r.status_code for r in results)
    assert statuses == [201] * 5 + [409] * 5, [r.text for r in results]
    # the balance is read after the lock: the late tills hear it is used up, not "try again"
    assert {r.json()["code"] for r in results if r.status_code == 409} == {"voucher_spent"}

    results = _at_once(server, tills, threes, three, 3)
    assert sorted(r.status_code for r in results) == [201] + [409] * (TILLS - 1)

    with httpx.Client(base_url=server.url) as http:
        for code, spent in ((five, 5.0), (three, 3.0)):
            seen = http.get(f"/api/vouchers/{code}", headers=tills[0]).json()
            assert seen["balance_eur"] == 0.0
            assert sum(m["amount_eur"] for m in seen["history"] if m["kind"] == "spent") == spent
        sold = [http.get(f"/api/items/{c}", headers=tills[0]).json()["state"]
                for c in ones + threes]
    assert sold.count("sold") == 6
