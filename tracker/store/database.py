"""The database engine: SQLite (default, embedded) or PostgreSQL, and schema migrations."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from tracker.domain.errors import DomainError
from tracker.domain.figures import Delta, merge
from tracker.store import figures as stored_figures
from tracker.store.writer import GroupCommit

T = TypeVar("T")
log = logging.getLogger("ambacht.store")

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
# PostgreSQL advisory lock key held while migrating: `ambacht serve` and an admin command
# started at the same moment (`systemctl start ambacht && ambacht site add ...`) take turns.
MIGRATION_LOCK_KEY = 0x616D6261  # "amba"


class SchemaTooNew(DomainError):
    """The database was migrated by a newer Ambacht; this code cannot read it (a rollback)."""

    code = "schema_too_new"


class Database:
    """An engine plus the two kinds of transaction the services need."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self._write_lock = threading.Lock()  # SQLite: one writer at a time (see `write`)
        # one group commit per event loop (uvicorn has one; each test client has its own)
        self._groups: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, GroupCommit] = (
            weakref.WeakKeyDictionary())
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

    def reachable(self) -> bool:
        """Whether the database answers a trivial query (the health check)."""
        try:
            with self.read() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    @contextlib.contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction; on SQLite it takes the write lock at BEGIN (no deadlocks)."""
        # SQLite has one writer at a time. Queueing our own threads on a Python lock instead of
        # SQLite's busy handler (which sleeps 1..100 ms between retries) turns second-long
        # tail latencies at a busy till into a few milliseconds.
        with self._locked(), self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_write=True)
            with conn.begin():
                yield conn

    def _locked(self) -> contextlib.AbstractContextManager[object]:
        return self._write_lock if self.is_sqlite else contextlib.nullcontext()

    async def run_write(self, fn: Callable[[sa.Connection, list[Delta]], T]) -> T:
        """Run `fn` in a write transaction and return its result once it is committed; the
        figure changes it leaves in its list are written just before the COMMIT.

        SQLite: group commit on the caller's event loop (see `store.writer`); PostgreSQL: one
        transaction per call on a worker thread (network round trips, real concurrency)."""
        if self.is_sqlite:
            loop = asyncio.get_running_loop()
            group = self._groups.get(loop)
            if group is None:
                group = self._groups[loop] = GroupCommit(self)
            result: T = await group.run(fn)
            return result
        return await asyncio.wrap_future(self._executor.submit(self._run_write, fn))

    def _run_write(self, fn: Callable[[sa.Connection, list[Delta]], T]) -> T:
        with self.write() as conn:
            figures: list[Delta] = []
            result = fn(conn, figures)
            if figures:
                stored_figures.add(conn, merge(figures))
            return result

    async def begin_write(self) -> sa.Connection:
        """Begin a write transaction for code on an event loop: the wait for the lock (another
        thread's, or another process's) happens on a worker thread, not on the loop."""
        began = self._executor.submit(self._begin_write)
        try:
            return await asyncio.wrap_future(began)
        except asyncio.CancelledError:  # the loop is going away: give the lock back once taken
            began.add_done_callback(self._abandon_write)
            raise

    def _abandon_write(self, began: Future[sa.Connection]) -> None:
        if began.exception() is None:
            self.end_write(began.result(), commit=False)

    def _begin_write(self) -> sa.Connection:
        self._write_lock.acquire()
        conn = None
        try:
            conn = self.engine.connect().execution_options(sqlite_write=True)
            conn.begin()
        except BaseException:
            if conn is not None:
                conn.close()
            self._write_lock.release()
            raise
        return conn

    async def commit_write(self, conn: sa.Connection) -> None:
        """Commit what `begin_write` began, on a worker thread: the fsync stays off the loop."""
        await asyncio.wrap_future(self._executor.submit(self.end_write, conn, commit=True))

    def end_write(self, conn: sa.Connection, commit: bool) -> None:
        """Commit (or roll back) what `begin_write` began, and let the next writer in."""
        try:
            if commit:
                conn.commit()
            else:
                conn.rollback()
        finally:
            conn.close()
            self._write_lock.release()

    def migrate(self) -> str | None:
        """Bring the schema to the newest version (creates it on an empty database); returns
        that version. A schema newer than this code knows is refused, and nothing changes."""
        with self.engine.begin() as conn:
            if not self.is_sqlite:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                             {"key": MIGRATION_LOCK_KEY})
            cfg = _alembic_config(conn)
            script = ScriptDirectory.from_config(cfg)
            head = script.get_current_head()
            current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return head
            try:
                if current is not None:
                    script.get_revision(current)
            except CommandError:
                raise SchemaTooNew(
                    f"de database staat op schemaversie {current}, deze versie van Ambacht kent "
                    f"tot en met {head}: installeer de nieuwere versie weer, of zet de back-up "
                    "van vóór de upgrade terug (deploy/UPGRADE.md)",
                    en=f"the database is at schema version {current}, this version of Ambacht "
                       f"knows up to {head}: install the newer version again, or restore the "
                       "backup made before the upgrade (deploy/UPGRADE.md)") from None
            log.info("database schema: migrating from %s to %s", current or "empty", head)
            command.upgrade(cfg, "head")
        log.info("database schema migrated to %s", head)
        return head

    def schema_is_current(self) -> bool:
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            head = ScriptDirectory.from_config(_alembic_config(conn)).get_current_head()
        return current == head

    def dispose(self) -> None:
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
