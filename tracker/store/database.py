"""The database engine: SQLite (default, embedded) or PostgreSQL, and schema migrations."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

if TYPE_CHECKING:
    from tracker.store.writer import GroupCommitWriter

T = TypeVar("T")

MIGRATIONS = Path(__file__).parent / "migrations"
# Writers wait this long for SQLite's single write lock before giving up; a till must not
# fail just because the repair bench commits at the same moment.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# SQLite durability: in WAL mode `synchronous=NORMAL` already keeps a committed transaction
# through a *process* crash (the WAL is in the OS cache), but not through a power cut or
# kernel crash. Power cuts are normal life at a drop-off point, and we acknowledge a sale
# only after commit, so we pay one fsync per commit: FULL.
SQLITE_SYNCHRONOUS = "FULL"
POSTGRES_POOL_SIZE = 20  # enough for the threadpool of one uvicorn worker under load


class Database:
    """An engine plus the two kinds of transaction the services need."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self._writer: contextlib.AbstractContextManager[object] = (
            threading.Lock() if self.is_sqlite else contextlib.nullcontext())
        self._writer_thread: GroupCommitWriter | None = None
        self._executor = ThreadPoolExecutor(POSTGRES_POOL_SIZE, thread_name_prefix="ambacht-db")
        if self.is_sqlite:
            self.engine = sa.create_engine(url, connect_args={
                "check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            sa.event.listen(self.engine, "connect", _sqlite_on_connect)
            sa.event.listen(self.engine, "begin", _sqlite_on_begin)
        else:
            self.engine = sa.create_engine(url, pool_size=POSTGRES_POOL_SIZE, max_overflow=20,
                                           pool_pre_ping=True)

    @contextlib.contextmanager
    def read(self, snapshot: bool = False) -> Iterator[sa.Connection]:
        """A read (WAL readers never block writers); `snapshot` for several consistent queries."""
        with self.engine.connect() as conn:
            if snapshot:
                conn = conn.execution_options(sqlite_snapshot=True)
            yield conn  # autobegins on first use; closing rolls back: a read changes nothing

    @contextlib.contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction; on SQLite it takes the write lock at BEGIN (no deadlocks)."""
        # SQLite has one writer at a time. Queueing our own threads on a Python lock instead of
        # SQLite's busy handler (which sleeps 1..100 ms between retries) turns second-long
        # tail latencies at a busy till into a few milliseconds.
        with self._writer, self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_write=True)
            with conn.begin():
                yield conn

    def submit(self, fn: Callable[[sa.Connection], T]) -> Future[T]:
        """Run `fn` in a write transaction off the caller's thread; SQLite: group commit."""
        if self.is_sqlite:
            if self._writer_thread is None:
                from tracker.store.writer import GroupCommitWriter

                self._writer_thread = GroupCommitWriter(self)
            return self._writer_thread.submit(fn)
        return self._executor.submit(self._run_write, fn)

    def _run_write(self, fn: Callable[[sa.Connection], T]) -> T:
        with self.write() as conn:
            return fn(conn)

    def migrate(self) -> None:
        """Bring the schema to the newest version (creates it on an empty database)."""
        with self.engine.begin() as conn:
            cfg = _alembic_config(conn)
            command.upgrade(cfg, "head")

    def schema_is_current(self) -> bool:
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            head = ScriptDirectory.from_config(_alembic_config(conn)).get_current_head()
        return current == head

    def dispose(self) -> None:
        if self._writer_thread is not None:
            self._writer_thread.close()
            self._writer_thread = None
        self._executor.shutdown(wait=False)
        self.engine.dispose()


def _alembic_config(conn: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_on_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


def _sqlite_on_begin(conn: sa.Connection) -> None:
    options = conn.get_execution_options()
    if options.get("sqlite_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif options.get("sqlite_snapshot"):
        conn.exec_driver_sql("BEGIN")
    # else: a single-statement read runs in SQLite's autocommit mode, which already sees one
    # consistent snapshot; skipping BEGIN/COMMIT halves the cost of the hot lookups.
