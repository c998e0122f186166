"""The on-disk outbox: every weighing is stored (fsync) before it is published, until acked.

SQLite in WAL mode with `synchronous=FULL`: a commit returns only after the log is on
disk, so a power cut right after `add` keeps the weighing. The sequence counter lives in
the same file and the same transaction, so ids continue across restarts and are never
reused. The `epoch` is drawn once when the file is created: if the outbox is ever lost
and recreated (a new SD card), new ids still differ from every old one.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# A drop-off point weighs a few hundred items a day; 100 000 is months of weighings with
# the tracker unreachable, and a few tens of MB on disk.
DEFAULT_MAX_ROWS = 100_000
# Another process (a backup) may hold the file briefly; wait rather than fail.
BUSY_TIMEOUT_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS weighing (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class Pending:
    """A stored, not yet acknowledged weighing."""

    seq: int
    id: str
    payload: str


class OutboxFull(Exception):
    """The outbox holds its maximum; the oldest weighings are kept, the new one is refused."""


class Outbox:
    """SQLite outbox of weighings awaiting the tracker's ack. Use from one thread."""

    def __init__(self, path: Path, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        self.path = path
        self.max_rows = max_rows
        # One thread at a time uses it, but not always the one that opened it (the gateway
        # is built in the main thread and may run in another).
        self._db = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('epoch', ?)", (secrets.token_hex(3),)
            )
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('next_seq', '1')")
        self.epoch = self._meta("epoch")

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0])

    def add(self, make: Callable[[int], tuple[str, str]]) -> Pending:
        """Store the next weighing; `make(seq)` returns (id, payload). Durable on return."""
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            count = self._db.execute("SELECT COUNT(*) FROM weighing").fetchone()[0]
            if count >= self.max_rows:
                raise OutboxFull(f"outbox {self.path} holds {count} unacknowledged weighings")
            seq = int(self._meta("next_seq"))
            weighing_id, payload = make(seq)
            self._db.execute("INSERT INTO weighing VALUES (?, ?, ?)", (seq, weighing_id, payload))
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'next_seq'", (str(seq + 1),))
        return Pending(seq, weighing_id, payload)

    def acknowledge(self, ids: list[str]) -> int:
        """Forget the weighings the tracker has stored; returns how many were here."""
        if not ids:
            return 0
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            cursor = self._db.executemany("DELETE FROM weighing WHERE id = ?", [(i,) for i in ids])
            return cursor.rowcount

    def pending(self, limit: int | None = None) -> list[Pending]:
        """Unacknowledged weighings, oldest first."""
        rows = self._db.execute(
            "SELECT seq, id, payload FROM weighing ORDER BY seq LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [Pending(int(s), str(i), str(p)) for s, i, p in rows]

    def count(self) -> int:
        """How many weighings wait for an ack."""
        return int(self._db.execute("SELECT COUNT(*) FROM weighing").fetchone()[0])

    def close(self) -> None:
        """Close the database file."""
        self._db.close()
