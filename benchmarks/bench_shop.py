"""The shop window's speed (issue 21): `/winkel` and `GET /api/catalogue.json` with 5,000 items
on the shelf, against a bare endpoint of the same app, same server; and thumbnails against a
plain static file of the same size.

Targets: /winkel and catalogue.json answer in under 50 ms p95 (the ratio of their rate to the
bare endpoint's printed); a thumbnail is served at least at half the rate of the static file.
A few phones browsing the shop window at once, or a website polling the feed: 4 keep-alive
clients (the till's benchmark uses 16 for a busy checkout).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from benchmarks import loadgen
from tests.support.photos import phone_photo
from tracker import images
from tracker.services import demand, intake, photos, prepare, stations, till_rules
from tracker.services.context import Actor, Tx, utc_now
from tracker.store.database import Database

SHELF = 5000
WITH_PHOTO = 1000  # one in five items photographed
RESERVED = 100
CLIENTS = 4
REQUESTS = 1500
FEEDS = 300  # the whole feed is ~3 MB: fewer requests, the same seconds
ROUNDS = 3  # baseline and targets alternate; the median round is reported (a shared machine)
WARMUP = 50
TARGET_P95_MS = 50.0


def _seed(url: str, folder: Path) -> str:
    """5,000 items on the shelf (a markdown on them all, some photographed, some reserved);
    the id of one thumbnail."""
    db = Database(url)
    db.migrate()
    now = utc_now() - timedelta(days=1)
    photo = images.process(phone_photo(1600, 1200))
    with db.write() as conn:
        stations.add_site(conn, "winkel", "Zwolle", "Kringloop Zwolle", now)
        tx = Tx.on(conn, Actor("bench", "admin", "winkel"), now)
        till_rules.add_markdown(tx, "kleingoed", 0, Decimal(10))
        pid = ""
        for n in range(SHELF):
            item = intake.collect(tx, "kleingoed" if n % 3 else "meubilair", 1200,
                                  description=f"item {n} van eiken hout" if n % 2 else None)
            prepare.inspect(tx, item.code, "sellable", 250 + n, condition="good")
            if n < WITH_PHOTO:
                pid = photos.photo_id(f"{n:032x}")
                photos.write_files(folder, pid, photo)
                photos.record(tx, item.code, pid, photo)
            if n >= SHELF - RESERVED:
                demand.reserve(tx, item.code, 48, "klant belt")
        tx.commit()
    db.dispose()
    return pid


def run() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ambacht-bench-shop-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    photo_dir, static_dir = folder / "photos", folder / "static"
    thumb = _seed(url, photo_dir)
    thumb_file = photo_dir / thumb[:2] / f"{thumb}.thumb.jpg"
    static_dir.mkdir()
    (static_dir / "same.jpg").write_bytes(thumb_file.read_bytes())  # the same size, as a file
    from tests.support.services import free_port, wait_for_port

    port = free_port()
    env = {**os.environ, "AMBACHT_DATABASE_URL": url, "AMBACHT_MQTT_URL": "mqtt://127.0.0.1:1",
           "AMBACHT_PHOTOS_DIR": str(photo_dir), "AMBACHT_BENCH_STATIC": str(static_dir)}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "benchmarks.tracker_app:app",
         "--port", str(port), "--log-level", "warning", "--no-access-log"], env=env)

    def get(path: str, **headers: str) -> loadgen.RequestFactory:
        return lambda _: ("GET", path, headers, b"")

    try:
        wait_for_port(port, 30)
        import httpx

        tag = httpx.get(f"http://127.0.0.1:{port}/api/catalogue.json").headers["etag"]
        targets = {
            "GET /bench/bare (baseline)": (get("/bench/bare"), REQUESTS),
            "GET /winkel": (get("/winkel"), REQUESTS),
            "GET /winkel?q=eiken&page=3": (get("/winkel?q=eiken&category=kleingoed&page=3"),
                                           REQUESTS),
            "GET /api/catalogue.json": (get("/api/catalogue.json"), FEEDS),
            "GET /api/catalogue.json (304)": (get("/api/catalogue.json",
                                                      **{"If-None-Match": tag}), REQUESTS),
            "GET /photos/{id}.thumb.jpg": (get(f"/photos/{thumb}.thumb.jpg"), REQUESTS),
            "GET /bench/static (same size)": (get("/bench/static/same.jpg"), REQUESTS),
        }
        for make, _ in targets.values():
            loadgen.run("127.0.0.1", port, make, WARMUP, CLIENTS)
        rounds: list[dict[str, loadgen.Result]] = []
        for _ in range(ROUNDS):
            rounds.append({name: loadgen.run("127.0.0.1", port, make, total, CLIENTS)
                           for name, (make, total) in targets.items()})
        bare = "GET /bench/bare (baseline)"
        rounds.sort(key=lambda r: r["GET /winkel"].rps / r[bare].rps)
        median = rounds[len(rounds) // 2]
        print(f"{SHELF} items on the shelf ({WITH_PHOTO} with a photo, {RESERVED} reserved, a "
              f"markdown on all), {CLIENTS} keep-alive clients, uvicorn (1 worker), SQLite, "
              f"median of {ROUNDS} rounds")
        for name, result in median.items():
            print(f"{result.line(name)}   p95 {result.p95:6.2f} ms   "
                  f"ratio to bare {result.rps / median[bare].rps:5.2f}")
        for name in ("GET /winkel", "GET /winkel?q=eiken&page=3", "GET /api/catalogue.json",
                     "GET /api/catalogue.json (304)"):
            p95 = median[name].p95
            print(f"{name:34} p95 {p95:6.2f} ms   (target < {TARGET_P95_MS:.0f}: "
                  f"{'ok' if p95 < TARGET_P95_MS else 'MISSED'})")
        thumb_rate = median["GET /photos/{id}.thumb.jpg"].rps
        static_rate = median["GET /bench/static (same size)"].rps
        print(f"thumbnail/static ({thumb_file.stat().st_size} bytes) = "
              f"{thumb_rate / static_rate:5.2f}   (target >= 0.50)")
        size = len(httpx.get(f"http://127.0.0.1:{port}/api/catalogue.json").content)
        print(f"catalogue.json: {size / 1e6:.1f} MB for {SHELF} items")
    finally:
        server.terminate()
        server.wait(10)
