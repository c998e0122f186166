"""The national receiver on a fresh database, with a test client and its centres' tokens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from national import services, store
from national.api import build_app
from national.settings import NationalSettings
from tests.support.services import free_port, stop_process, wait_for_port
from tracker.store.database import Database

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


@dataclass
class Receiver:
    """A migrated receiver database, its app, and a token per centre added."""

    db: Database
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    def add_centre(self, centre: str, municipality: str = "Utrecht",
                   province: str = "Utrecht") -> str:
        with self.db.write() as conn:
            token = services.add_centre(conn, centre, f"Centrum {centre}", municipality,
                                        province, NOW)
        self.tokens[centre] = token
        return token

    def post(self, doc: Any, as_centre: str | None = None, **headers: str) -> Any:
        centre = as_centre or doc["centre"]
        body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
        return self.client.post("/national/api/monitor", content=body, headers={
            "Authorization": f"Bearer {self.tokens[centre]}", **headers})

    def summary(self, **params: str) -> dict[str, Any]:
        answer = self.client.get("/national/api/summary", params=params)
        assert answer.status_code == 200, answer.text
        return dict(answer.json())


def make_receiver(url: str, public: bool = True) -> Iterator[Receiver]:
    db = Database(url)
    store.migrate(db)
    app = build_app(NationalSettings(database_url=url, public=public), db, lambda: NOW)
    with TestClient(app) as client:
        yield Receiver(db, client)
    db.dispose()


def cli(url: str, *args: str) -> str:
    """`ambacht national ...` on the receiver's database, as its operator runs it."""
    done = subprocess.run([sys.executable, "-m", "tracker", "national", *args],
                          env={**os.environ, "AMBACHT_NATIONAL_DATABASE_URL": url},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def start(url: str, port: int, **env: str) -> subprocess.Popen[bytes]:
    """`ambacht national serve` as a process on loopback, once it listens."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "national", "serve", "--port", str(port)],
        env={**os.environ, "AMBACHT_NATIONAL_DATABASE_URL": url, **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
    except TimeoutError:
        stop_process(process, kill=True)
        raise
    return process


@contextmanager
def serving(url: str, **env: str) -> Iterator[str]:
    """The receiver running on a free port; its base URL."""
    port = free_port()
    process = start(url, port, **env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)
