"""A database that cannot be reached: a clear Dutch 503 that changes nothing, and the same
action (same Idempotency-Key) lands once the database is back."""

import sqlite3
from collections.abc import Iterator

import pytest

from tests.support import services
from tests.support.tracker import Tracker, make_tracker
from tracker.store import database


def _sale_is_refused_then_lands(tracker: Tracker, away: object, back: object) -> None:
    code = tracker.ready(price=7.5)
    sale = {"items": [code], "payment": "pin"}
    key = {"Idempotency-Key": "till-1:0001"}
    away()  # type: ignore[operator]
    try:
        refused = tracker.post("till", "/api/sales", sale, headers=key)
        assert refused.status_code == 503, refused.text
        assert refused.json()["code"] == "database_unavailable"
        assert "niet bereikbaar" in refused.json()["detail"]
        assert refused.headers["Retry-After"] == "5"
    finally:
        back()  # type: ignore[operator]
    assert tracker.get("till", f"/api/items/{code}").json()["state"] == "ready_for_sale"
    sold = tracker.post("till", "/api/sales", sale, headers=key)
    assert sold.status_code == 201, sold.text
    again = tracker.post("till", "/api/sales", sale, headers=key)
    assert again.json() == sold.json()  # the outbox may send it once more: still one sale
    events = tracker.get("till", f"/api/items/{code}/events").json()
    assert [e["type"] for e in events] == ["collected", "inspected", "sold"]


def test_sqlite_locked_by_another_program(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    # e.g. a backup tool holding the write lock for longer than a till waits for it
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "ambacht.db"
    other = sqlite3.connect(path, isolation_level=None)
    for tracker in make_tracker(f"sqlite:///{path}"):
        _sale_is_refused_then_lands(
            tracker, lambda: other.execute("BEGIN IMMEDIATE"), lambda: other.execute("ROLLBACK"))
    other.close()


@pytest.fixture
def cluster(tmp_path) -> Iterator[services.Postgres]:
    with services.postgresql(tmp_path / "pg") as cluster:
        yield cluster


@pytest.mark.postgres
def test_postgresql_down_and_back(cluster: services.Postgres) -> None:
    for tracker in make_tracker(cluster.url):
        _sale_is_refused_then_lands(tracker, cluster.stop, cluster.start)


@pytest.mark.postgres
def test_health_says_so_while_postgresql_is_down(cluster: services.Postgres) -> None:
    for tracker in make_tracker(cluster.url):
        code = tracker.intake()
        cluster.stop()
        health = tracker.client.get("/api/health")
        assert (health.status_code, health.json()["db"]) == (503, "error")
        read = tracker.get("intake", f"/api/items/{code}")
        assert (read.status_code, read.json()["code"]) == (503, "database_unavailable")
        cluster.start()
        assert tracker.client.get("/api/health").json()["db"] == "ok"
        assert tracker.get("intake", f"/api/items/{code}").status_code == 200
