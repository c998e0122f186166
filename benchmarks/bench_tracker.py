"""Tracker API speed: scan and sale against a bare endpoint of the same app, same server.

Targets (issue 2): GET /api/scan at 16 clients >= 50% of bare with p99 < 25 ms;
POST /api/sales of one item (durable commit, synchronous=FULL) >= 25% of bare.
Issue 19: a markdown rule is active on every item (scan and sale look up its days on the
shelf), and POST /api/sales with a discount and a split payment keeps >= 25% of bare.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from benchmarks import loadgen
from tracker.domain import codes
from tracker.services import intake, prepare, stations, till_days, till_rules
from tracker.services.context import Actor, Tx, utc_now
from tracker.store.database import Database

CLIENTS = 16
REQUESTS = 4000
SALES = 1500
ROUNDS = 3  # baseline and targets alternate; the median round is reported (a shared machine)
WARMUP = 300


def _seed(url: str, n_items: int) -> tuple[str, list[str]]:
    db = Database(url)
    db.migrate()
    now = utc_now()
    with db.write() as conn:
        stations.add_site(conn, "winkel", "Zwolle", None, now)
        token = stations.add_station(conn, "kassa", "till", "winkel", now)
        tx = Tx.on(conn, Actor("bench", "admin", "winkel"), now)
        # from day 0: every item is marked down, so every scan and sale looks up its history
        till_rules.add_markdown(tx, "kleingoed", 0, Decimal(10))
        ready = []
        for _ in range(n_items):
            item = intake.collect(tx, "kleingoed", 1200)
            prepare.inspect(tx, item.code, "sellable", 250)
            ready.append(codes.display(item.code))
        tx.commit()
        till = Tx.on(conn, Actor("kassa", "till", "winkel"), now)
        till_days.open_day(till, 0)  # a till sells in its open day (CONTRACT §11)
        till.commit()
    db.dispose()
    return token, ready


def run() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ambacht-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    token, ready = _seed(url, 2 * SALES * ROUNDS + 10)
    from tests.support.services import free_port, wait_for_port

    port = free_port()
    env = {**os.environ, "AMBACHT_DATABASE_URL": url, "AMBACHT_MQTT_URL": "mqtt://127.0.0.1:1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "benchmarks.tracker_app:app",
         "--port", str(port), "--log-level", "warning", "--no-access-log"], env=env)
    try:
        wait_for_port(port, 30)
        auth = {"Authorization": f"Bearer {token}"}
        post = {**auth, "Content-Type": "application/json"}
        scan_code = ready[-1]

        def bare(_: int) -> tuple[str, str, dict[str, str], bytes]:
            return "GET", "/bench/bare", {}, b""

        def scan(_: int) -> tuple[str, str, dict[str, str], bytes]:
            return "GET", f"/api/scan?q=http://x/i/{scan_code}", auth, b""

        sold_so_far = [0]

        def sell(n: int) -> tuple[str, str, dict[str, str], bytes]:
            body = loadgen.json_body({"items": [ready[sold_so_far[0] + n]], "payment": "pin"})
            return "POST", "/api/sales", post, body

        def sell_split(n: int) -> tuple[str, str, dict[str, str], bytes]:
            body = loadgen.json_body({
                "items": [ready[sold_so_far[0] + n]],
                "discounts": [{"pct": 10, "reason": "stadspas"}],
                "payments": [{"method": "pin", "amount_eur": 1},
                             {"method": "cash", "amount_eur": 5}]})
            return "POST", "/api/sales", post, body

        loadgen.run("127.0.0.1", port, bare, WARMUP, CLIENTS)
        loadgen.run("127.0.0.1", port, scan, WARMUP, CLIENTS)
        rounds: list[tuple[loadgen.Result, ...]] = []
        for _ in range(ROUNDS):
            b = loadgen.run("127.0.0.1", port, bare, REQUESTS, CLIENTS)
            sc = loadgen.run("127.0.0.1", port, scan, REQUESTS, CLIENTS)
            sa = loadgen.run("127.0.0.1", port, sell, SALES, CLIENTS)
            sold_so_far[0] += SALES
            sp = loadgen.run("127.0.0.1", port, sell_split, SALES, CLIENTS)
            sold_so_far[0] += SALES
            assert sa.statuses == sp.statuses == {201: SALES}, (sa.statuses, sp.statuses)
            rounds.append((b, sc, sa, sp))
        rounds.sort(key=lambda r: r[1].rps / r[0].rps)
        base, scanned, sold, split = rounds[len(rounds) // 2]
        print(f"{CLIENTS} concurrent keep-alive clients, uvicorn (1 worker), SQLite WAL "
              f"synchronous=FULL, median of {ROUNDS} rounds")
        print(base.line("GET /bench/bare (baseline)"))
        print(scanned.line("GET /api/scan"))
        print(sold.line("POST /api/sales (1 item)"))
        print(split.line("POST /api/sales (discount, split)"))
        print(f"scan/bare  = {scanned.rps / base.rps:5.2f}   (target >= 0.50; "
              f"p99 {scanned.p99:.1f} ms, target < 25)")
        print(f"sales/bare = {sold.rps / base.rps:5.2f}   (target >= 0.25)")
        print(f"discounted split sales/bare = {split.rps / base.rps:5.2f}   (target >= 0.25)")
        print("every round (scan/bare, sales/bare, split/bare): " + ", ".join(
            f"{sc.rps / b.rps:.2f}/{sa.rps / b.rps:.2f}/{sp.rps / b.rps:.2f}"
            for b, sc, sa, sp in rounds))
    finally:
        server.terminate()
        server.wait(10)
