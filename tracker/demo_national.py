"""`ambacht demo --national`: a national receiver beside the demo centre, in the demo's folder
(`national.db`), fed by the demo centre's own feed over HTTP and holding a year of a few
simulated centres' months (`demo_centres`), so that /national has something to show."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from national import services, store
from tracker.demo_centres import CENTRES, closed_months, document
from tracker.domain.calendar import local_date, month_key
from tracker.domain.categories import Category
from tracker.store.database import Database

DEMO = ("demo", "Ambacht Demo", "Demostad", "Utrecht")  # the demo centre as registered
MONTHS = 12  # a year of the simulated centres' months
SEED = 22  # the same simulated figures on every start and every machine
FEED_TICK_S = 5.0  # the demo's feed looks often: its months show within seconds
RETRY_BASE_S, RETRY_MAX_S = 2.0, 30.0  # the receiver is on this machine: back soon
HISTORY_DAYS = 56  # as far back as the scenario's history goes (demo_scenario.HISTORY_DAYS)
PORT_OFFSET = 100  # beside the tracker's 8000: 8100, the receiver's own default port
START_S = 10  # the receiver listens within a second; a slow laptop gets ten


@dataclass(frozen=True)
class NationalDemo:
    db: Database
    token: str  # the demo centre's, new on every start (stored hashed, shown once)
    simulated: int  # centres besides the demo's


def prepare(data: Path, now: datetime) -> NationalDemo:
    """The receiver's database with the demo centre (a new token) and the simulated centres'
    closed months it does not hold yet (a second start adds only a new month)."""
    db = Database(f"sqlite:///{data / 'national.db'}")
    store.migrate(db)
    with db.write() as conn:
        if store.get_centre(conn, DEMO[0]) is None:
            token = services.add_centre(conn, *DEMO, now)
        else:
            token = services.renew_token(conn, DEMO[0])
        for centre in CENTRES:
            if store.get_centre(conn, centre.id) is None:
                services.add_centre(conn, centre.id, centre.name, centre.municipality,
                                    centre.province, now)
            for month in closed_months(local_date(now), MONTHS):
                if store.get_report(conn, centre.id, month_key(month)) is None:
                    doc = {**document(centre, month, SEED, now), "revision": 1, "final": True}
                    services.receive(conn, centre.id, json.loads(json.dumps(doc)), "demo", now)
    return NationalDemo(db, token, len(CENTRES))


@contextlib.contextmanager
def serving(demo: NationalDemo, port: int) -> Iterator[str]:
    """The receiver's app on loopback in a thread of the demo; its base URL."""
    import uvicorn

    from national.api import build_app
    from national.settings import NationalSettings

    app = build_app(NationalSettings(database_url=str(demo.db.engine.url)), demo.db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, name="ambacht-demo-national", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_S
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(START_S)
        demo.db.dispose()


def feed_settings(url: str, token: str) -> dict[str, Any]:
    """The demo tracker's feed to the receiver (Settings' fields)."""
    return {"feed_http_url": f"{url}/national/api/monitor", "feed_http_token": token,
            "feed_tick_s": FEED_TICK_S, "feed_retry_base_s": RETRY_BASE_S,
            "feed_retry_max_s": RETRY_MAX_S}


def send_history(database_url: str, categories: Mapping[str, Category], now: datetime) -> int:
    """After the scenario's history: the closed months it reaches into that have no final
    document yet go into the feed's outbox (`feed.resend`), as `ambacht feed send` would."""
    from tracker.services import feed

    today = local_date(now)
    first = month_key(today - timedelta(days=HISTORY_DAYS))
    db = Database(database_url)
    try:
        with db.read(snapshot=True) as conn:
            wanted = feed.without_final(conn, [month_key(m) for m in closed_months(today, MONTHS)
                                               if first <= month_key(m)])
            due = feed.resend(conn, wanted, today, centre=DEMO[0], categories=categories,
                              now=now)
        with db.write() as conn:
            return len(feed.enqueue(conn, ["http"], due, now))
    finally:
        db.dispose()
