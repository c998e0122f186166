"""Group commit: one thread runs SQLite's write transactions and commits concurrent ones together.

SQLite has a single writer and every commit costs an fsync (synchronous=FULL). When several
tills and benches write at once, their transactions queue here; each runs in its own SAVEPOINT
(a refused sale rolls back alone) and one COMMIT makes the whole batch durable. Nobody gets an
answer before that COMMIT, so nothing acknowledged is lost. The monitor figures the batch
changed are merged and written once, just before the COMMIT.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from tracker.store import figures as stored_figures

if TYPE_CHECKING:
    from tracker.store.database import Database

MAX_BATCH = 64  # bounds how long the first job of a batch waits for the ones behind it
Job = tuple[Callable[[sa.Connection], Any], "Future[Any]"]


class GroupCommitWriter:
    """A daemon thread that owns all API writes to one SQLite database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="ambacht-writer", daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[[sa.Connection], Any]) -> Future[Any]:
        """Queue one transaction body; the future resolves after its batch is committed."""
        future: Future[Any] = Future()
        self._jobs.put((fn, future))
        return future

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(10)

    def _run(self) -> None:
        while (first := self._jobs.get()) is not None:
            batch = [first]
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                batch.append(job)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[Job]) -> None:
        done: list[tuple[Future[Any], Any]] = []
        try:
            with self.db.write() as conn, stored_figures.batched(conn) as figures:
                # Savepoints straight on the driver: through SQLAlchemy they cost more than
                # the sale they protect, and nothing here needs SQLAlchemy to track them.
                raw = conn.connection.driver_connection
                assert raw is not None
                for fn, future in batch:
                    figures_before = len(figures)
                    raw.execute("SAVEPOINT job")
                    try:
                        result = fn(conn)
                    except BaseException as exc:  # the job's own failure: only it rolls back
                        raw.execute("ROLLBACK TO job")
                        raw.execute("RELEASE job")
                        del figures[figures_before:]
                        future.set_exception(exc)
                    else:
                        raw.execute("RELEASE job")
                        done.append((future, result))
        except BaseException as exc:  # the COMMIT itself failed: nobody in the batch is saved
            for future, _ in done:
                future.set_exception(exc)
            return
        for future, result in done:
            future.set_result(result)
