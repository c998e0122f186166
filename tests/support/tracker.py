"""Tracker test helpers: fresh databases on both backends, stations per role, a client."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from tracker.api.app import create_app
from tracker.api.deps import Services
from tracker.services import stations, till_days
from tracker.services.context import Actor, Tx
from tracker.settings import Settings
from tracker.store.database import Database

ROLES = ("intake", "repair", "till", "monitor", "admin", "presence")
SITE = "milieustraat-1"
_counter = itertools.count()


class FakeClock:
    """A clock tests move by hand (starts on a fixed weekday morning, UTC)."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


def fresh_postgres_url(server_url: str) -> str:
    """A new empty database in the session's PostgreSQL cluster."""
    name = f"t{next(_counter)}_{datetime.now().strftime('%H%M%S%f')}"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@dataclass
class Tracker:
    """A migrated database, the app on it, and one station token per role."""

    db: Database
    svc: Services
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    def as_(self, role: str) -> dict[str, str]:
        """Headers of a station with this role."""
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def post(self, role: str, path: str, json: Any = None, **kw: Any) -> Any:
        headers = {**self.as_(role), **kw.pop("headers", {})}
        return self.client.post(path, json=json, headers=headers, **kw)

    def get(self, role: str, path: str, **kw: Any) -> Any:
        headers = {**self.as_(role), **kw.pop("headers", {})}
        return self.client.get(path, headers=headers, **kw)

    # small factories for the common paths
    def intake(self, category: str = "kleingoed", weight_kg: float = 1.5, **kw: Any) -> str:
        r = self.post("intake", "/api/items", {"category": category, "weight_kg": weight_kg, **kw})
        assert r.status_code == 201, r.text
        return str(r.json()["code"])

    def ready(self, price: float = 5.0, **kw: Any) -> str:
        code = self.intake(**kw)
        r = self.post("repair", f"/api/items/{code}/inspect",
                      {"outcome": "sellable", "price_eur": price})
        assert r.status_code == 200, r.text
        return code


def open_day(conn: sa.Connection, station: str, now: datetime, float_cents: int = 0,
             site: str = SITE) -> None:
    """A till's day opened (CONTRACT §11: a till sells in an open day), as the till page does
    first thing; tests of the day itself close it or use a till of their own."""
    tx = Tx.on(conn, Actor(station, "till", site), now)
    till_days.open_day(tx, float_cents)
    tx.commit()


def make_tracker(url: str, clock: Callable[[], datetime] | None = None,
                 **settings: Any) -> Iterator[Tracker]:
    """Yield a Tracker on `url`; disposes the engine afterwards."""
    db = Database(url)
    db.migrate()
    svc = Services(settings=Settings(**{"database_url": url, "base_url": "http://test.local",
                                        "mqtt_ingest": False, **settings}), db=db)
    if clock is not None:
        svc.clock = clock
    now = svc.clock()
    with db.write() as conn:
        stations.add_site(conn, SITE, "Utrecht", "Milieustraat Noord", now)
        tokens = {role: stations.add_station(conn, f"{role}-1", role, SITE, now)
                  for role in ROLES}
        open_day(conn, "till-1", now)
    if svc.settings.mqtt_ingest:
        from tracker.ingest.subscriber import Ingest

        svc.ingest = Ingest(db, svc.settings.mqtt_url, svc.settings.centre, svc.board, svc.clock,
                            client_id=f"tracker-test-{next(_counter)}")
    with TestClient(create_app(svc), raise_server_exceptions=False) as client:
        yield Tracker(db=db, svc=svc, client=client, tokens=tokens)
    db.dispose()


@dataclass
class Server:
    """`ambacht serve` running as its own process on a loopback port."""

    url: str
    env: dict[str, str]
    process: Any

    def cli(self, *args: str) -> str:
        """Run an `ambacht` command against the same database; returns stdout."""
        import subprocess
        import sys

        done = subprocess.run([sys.executable, "-m", "tracker", *args], env=self.env,
                              capture_output=True, text=True, check=True)
        return done.stdout.strip()


def serve(database_url: str, **env: str) -> Iterator[Server]:
    """Start the real server process; stop it afterwards."""
    import os
    import subprocess
    import sys
    import tempfile

    from tests.support.services import free_port, wait_for_port

    port = free_port()
    full_env = {**os.environ, "AMBACHT_DATABASE_URL": database_url,
                "AMBACHT_MQTT_URL": env.pop("mqtt_url", "mqtt://127.0.0.1:1"), **env}
    # The log goes to a file: a pipe nobody reads fills up (the access log of a schemathesis
    # run does) and then blocks the server at its next log line.
    with tempfile.TemporaryFile(prefix="ambacht-serve-", suffix=".log") as log:
        proc = subprocess.Popen([sys.executable, "-m", "tracker", "serve", "--port", str(port)],
                                env=full_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, 30)
            yield Server(f"http://127.0.0.1:{port}", full_env, proc)
        finally:
            proc.terminate()
            proc.wait(10)
