"""Write path details: group commit isolates a failing request; revoked tokens stop working."""

import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from tracker.domain.errors import NotAllowed
from tracker.store import tables as t
from tracker.store.database import Database
from tracker.store.writer import GroupCommitWriter


def test_a_failing_job_rolls_back_alone_in_its_batch(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'w.db'}")
    db.migrate()
    writer = GroupCommitWriter(db)
    gate = threading.Event()
    # hold the writer busy so the next three jobs land in one batch
    blocker = writer.submit(lambda conn: gate.wait(5))

    def add(site):
        def job(conn):
            conn.execute(t.sites.insert(), {"id": site, "municipality": "X",
                                            "created_at": datetime.now(UTC)})
            if site == "bad":
                raise NotAllowed("nee")
            return site
        return job

    futures = [writer.submit(add(s)) for s in ("a", "bad", "b")]
    gate.set()
    blocker.result(5)
    assert futures[0].result(5) == "a" and futures[2].result(5) == "b"
    with pytest.raises(NotAllowed):
        futures[1].result(5)
    with db.read() as conn:
        assert sorted(conn.execute(sa.select(t.sites.c.id)).scalars()) == ["a", "b"]
    writer.close()
    db.dispose()


def test_revoked_token_stops_working_within_the_cache_time(tracker, clock):
    from tracker.services import stations

    now = [0.0]
    tracker.svc.tokens = stations.TokenCache(clock=lambda: now[0])
    assert tracker.get("till", "/api/categories").status_code == 200
    with tracker.db.write() as conn:
        stations.revoke_station(conn, "till-1", clock())
    now[0] += stations.TOKEN_CACHE_SECONDS + 0.1
    r = tracker.get("till", "/api/categories")
    assert r.status_code == 401
