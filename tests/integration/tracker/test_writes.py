"""Write path details: group commit isolates a failing request and does not freeze the event
loop; revoked tokens stop working."""

import asyncio
import threading
import time
from datetime import UTC, date, datetime

import sqlalchemy as sa

from tracker.domain.errors import NotAllowed
from tracker.domain.figures import Delta
from tracker.store import tables as t
from tracker.store.database import Database


def _site(site, then=None):
    def job(conn, figures):
        conn.execute(t.sites.insert(), {"id": site, "municipality": "X",
                                        "created_at": datetime.now(UTC)})
        figures.append(Delta("inflow", site, date(2026, 11, 28), "kleingoed", 1))
        if then is not None:
            then(conn)
        return site
    return job


def _run(coro):
    """asyncio.run in a thread of its own: the browser tests leave a loop on the main thread."""
    out = []
    thread = threading.Thread(target=lambda: out.append(asyncio.run(coro)))
    thread.start()
    thread.join(30)
    return out[0]


def _refuse(_conn):
    raise NotAllowed("nee")


def _duplicate_site(conn):
    conn.execute(t.sites.insert(), {"id": "a", "municipality": "X",
                                    "created_at": datetime.now(UTC)})


def test_a_failing_job_rolls_back_alone_in_its_batch(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'w.db'}")
    db.migrate()
    commits = []
    sa.event.listen(db.engine, "commit", lambda _conn: commits.append(1))

    async def main():
        return await asyncio.gather(
            db.run_write(_site("a")), db.run_write(_site("refused", then=_refuse)),
            db.run_write(_site("b")), db.run_write(_site("clash", then=_duplicate_site)),
            return_exceptions=True)

    a, refused, b, clash = _run(main())
    assert (a, b) == ("a", "b")
    assert isinstance(refused, NotAllowed)
    assert isinstance(clash, sa.exc.IntegrityError)  # a refusal by the database itself
    assert len(commits) == 1  # the four shared one transaction: one fsync
    with db.read() as conn:
        assert sorted(conn.execute(sa.select(t.sites.c.id)).scalars()) == ["a", "b"]
        # the refused jobs' monitor figures went with them; the others' were merged
        rows = conn.execute(sa.select(t.daily_figures.c.site_id, t.daily_figures.c.n)).all()
        assert sorted(rows) == [("a", 1), ("b", 1)]
    db.dispose()


def test_the_tills_are_not_frozen_while_another_thread_writes(tmp_path):
    """MQTT ingest writes from its own thread; a sale waits for it off the event loop."""
    db = Database(f"sqlite:///{tmp_path / 'w.db'}")
    db.migrate()
    holding = threading.Event()

    def ingest_like():
        with db.write() as conn:
            conn.execute(t.sites.insert(), {"id": "ingest", "municipality": "X",
                                            "created_at": datetime.now(UTC)})
            holding.set()
            time.sleep(0.5)

    async def main():
        writer = threading.Thread(target=ingest_like)
        writer.start()
        holding.wait(5)
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        tick = asyncio.create_task(ticker())
        started = time.monotonic()
        assert await db.run_write(_site("till")) == "till"
        waited = time.monotonic() - started
        tick.cancel()
        writer.join()
        return waited, ticks

    waited, ticks = _run(main())
    assert waited >= 0.3  # it really had to wait for the other writer
    assert ticks >= 10  # and the loop went on serving meanwhile
    with db.read() as conn:
        assert sorted(conn.execute(sa.select(t.sites.c.id)).scalars()) == ["ingest", "till"]
    db.dispose()


def test_a_write_abandoned_while_waiting_for_the_lock_gives_it_back(tmp_path):
    """The server stops while a batch waits for another writer: the lock must come free."""
    db = Database(f"sqlite:///{tmp_path / 'w.db'}")
    db.migrate()
    holding, release = threading.Event(), threading.Event()

    def other_writer():
        with db.write():
            holding.set()
            release.wait(5)

    other = threading.Thread(target=other_writer)
    other.start()
    holding.wait(5)

    async def main():
        asyncio.get_running_loop().create_task(db.run_write(_site("gone")))
        await asyncio.sleep(0.2)  # the batch now waits for the lock on a worker thread
        # leaving: asyncio.run cancels what is still pending, as a stopping server does

    _run(main())
    release.set()
    other.join(5)
    done = threading.Event()

    def write_later():
        with db.write() as conn:
            _site("later")(conn, [])
        done.set()

    later = threading.Thread(target=write_later, daemon=True)
    later.start()
    assert done.wait(5), "the write lock was never given back"
    with db.read() as conn:
        assert list(conn.execute(sa.select(t.sites.c.id)).scalars()) == ["later"]
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
