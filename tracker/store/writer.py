"""Group commit for SQLite: API write transactions run on the event loop, committed together.

SQLite has a single writer and every commit costs an fsync (synchronous=FULL). When several
tills and benches write at once, their transactions wait here; each runs in its own SAVEPOINT
(a refused sale rolls back alone) and one COMMIT makes the whole batch durable. Nobody gets an
answer before that COMMIT, so nothing acknowledged is lost. The monitor figures the batch
changed are merged and written once, just before the COMMIT.

The statements run on the event loop's own thread, like SQLite reads do (`api.deps.blocking`):
a transaction at the till is a few hundred microseconds of CPU, and running it on a second
thread made both threads pass Python's GIL back and forth at every statement, which cost more
than the statements (measured: `python -m benchmarks tracker`). Only the waits leave the loop:
for the write lock while another thread (MQTT ingest, the feed) holds it, and the COMMIT's fsync.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tracker.domain.figures import Delta, merge
from tracker.store import figures as stored_figures

if TYPE_CHECKING:
    from tracker.store.database import Database

# The loop runs a whole batch before it serves anyone else: 16 sales are about 8 ms of work.
MAX_BATCH = 16
# A transaction body: it reads and writes on the connection and leaves its figure changes in
# the list, which the writer merges and writes once just before the COMMIT.
Body = Callable[[sa.Connection, list[Delta]], Any]
Job = tuple[Body, "asyncio.Future[Any]"]


class GroupCommit:
    """All API writes to one SQLite database, from one event loop."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._waiting: list[Job] = []
        self._drainer: asyncio.Task[None] | None = None

    async def run(self, fn: Body) -> Any:
        """Run one transaction body; returns (or raises) once its batch is committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self._waiting.append((fn, future))
        if self._drainer is None or self._drainer.done():
            self._drainer = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._waiting:
            batch = self._waiting[:MAX_BATCH]
            del self._waiting[:MAX_BATCH]
            await self._commit(batch)

    async def _commit(self, batch: list[Job]) -> None:
        done: list[tuple[asyncio.Future[Any], Any]] = []
        try:
            conn = await self.db.begin_write()
        except Exception as exc:  # database away: every job in the batch fails alike
            _fail(batch, exc)
            return
        try:
            figures: list[Delta] = []
            _run_jobs(conn, batch, figures, done)
            if figures:
                stored_figures.add(conn, merge(figures))
        except BaseException as exc:  # not a job's own failure: nobody in the batch is saved
            self.db.end_write(conn, commit=False)
            _fail(batch, exc)
            if not isinstance(exc, Exception):
                raise
            return
        try:
            await self.db.commit_write(conn)
        except Exception as exc:  # the COMMIT itself failed: nobody in the batch is saved
            _fail(batch, exc)
            return
        for future, result in done:
            if not future.done():  # a client that hung up still has its sale: it committed
                future.set_result(result)


def _run_jobs(conn: sa.Connection, batch: list[Job], figures: list[Delta],
              done: list[tuple[asyncio.Future[Any], Any]]) -> None:
    # Savepoints straight on the driver: through SQLAlchemy they cost more than the sale
    # they protect, and nothing here needs SQLAlchemy to track them.
    raw = conn.connection.driver_connection
    assert raw is not None
    for fn, future in batch:
        figures_before = len(figures)
        raw.execute("SAVEPOINT job")
        try:
            result = fn(conn, figures)
        except Exception as exc:  # the job's own failure: only it rolls back
            raw.execute("ROLLBACK TO job")
            raw.execute("RELEASE job")
            del figures[figures_before:]
            if not future.done():
                future.set_exception(exc)
        else:
            raw.execute("RELEASE job")
            done.append((future, result))


def _fail(batch: list[Job], exc: BaseException) -> None:
    for _, future in batch:
        if not future.done():
            future.set_exception(exc)
