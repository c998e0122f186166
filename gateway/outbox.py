"""The on-disk outbox: every weighing is stored (fsync) before it is published, until acked.

SQLite in WAL mode with `synchronous=FULL`: a commit returns only after the log is on
disk, so a power cut right after `add` keeps the weighing. The `epoch` is drawn once when
the file is created: if the outbox is ever lost and recreated (a new SD card), new ids
still differ from every old one.

Writes on the SD card, per weighing (stored, then acknowledged), measured with
`benchmarks/bench_outbox.py` (strace counts the syscalls):

| | fdatasync | write calls | bytes |
| --- | --- | --- | --- |
| before (issue 23) | 2.03 | 10.0 | 20 700 |
| now | 1.03 | 4.0 | 8 300 |

How: one page per commit (4 KB and a frame header in the WAL). No separate id index: an
id ends in its `seq`, the table's key. No counter row: the next `seq` is max(seq) + 1, and
when the newest weighing is acknowledged a marker row stays in its place (on the page that
is written anyway) until the next `add`. And the acknowledgement is committed without an
fsync of its own (`synchronous=NORMAL` for that transaction): a power cut may undo it, and
then the weighing is published once more and the tracker, which stores each id once,
drops it. Nothing stored is lost, and no id is handed out twice.
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
    id TEXT NOT NULL,
    payload TEXT NOT NULL
);
"""
# An acknowledged weighing's payload (a weighing's payload is never empty).
_ACKED = ""
# The rows still waiting for an ack (tests that read the file use it too).
WAITING = f"WHERE payload != '{_ACKED}'"
# (A file made before issue 23 keeps its UNIQUE index on `id`: correct, one page more.)


@dataclass(frozen=True, slots=True)
class Pending:
    """A stored, not yet acknowledged weighing."""

    seq: int
    id: str
    payload: str


def _seq_in(weighing_id: str) -> int | None:
    """The sequence number an id ends in (`milieustraat-1:0001c3:000042` -> 42)."""
    tail = weighing_id.rpartition(":")[2]
    return int(tail) if tail.isdigit() else None


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
        # counted once: a COUNT(*) per weighing would read every page of a long backlog
        self._count = int(
            self._db.execute(f"SELECT COUNT(*) FROM weighing {WAITING}").fetchone()[0]
        )

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0])

    def _next_seq(self) -> int:
        # meta's next_seq: outbox files from before issue 23 kept the counter there
        newest = self._db.execute("SELECT MAX(seq) FROM weighing").fetchone()[0]
        return max(int(self._meta("next_seq")), int(newest or 0) + 1)

    def add(self, make: Callable[[int], tuple[str, str]]) -> Pending:
        """Store the next weighing; `make(seq)` returns (id, payload). Durable on return.

        The id must end in `:{seq}` (zero padding allowed): `acknowledge` finds rows by it.
        """
        if self._count >= self.max_rows:
            raise OutboxFull(f"outbox {self.path} holds {self._count} unacknowledged weighings")
        with self._db:
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("BEGIN IMMEDIATE")
            seq = self._next_seq()
            weighing_id, payload = make(seq)
            if _seq_in(weighing_id) != seq or not payload:
                raise ValueError(f"weighing id {weighing_id!r} does not end in :{seq}")
            self._db.execute(f"DELETE FROM weighing WHERE seq = ? AND payload = '{_ACKED}'",
                             (seq - 1,))
            self._db.execute("INSERT INTO weighing VALUES (?, ?, ?)", (seq, weighing_id, payload))
        self._count += 1
        return Pending(seq, weighing_id, payload)

    def acknowledge(self, ids: list[str]) -> int:
        """Forget the weighings the tracker has stored; returns how many were here."""
        rows = [(seq, i) for i in ids if (seq := _seq_in(i)) is not None]
        if not rows:
            return 0
        with self._db:
            # Undone by a power cut at worst: then published again, and dropped as a duplicate.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("BEGIN IMMEDIATE")
            newest = self._db.execute(
                "SELECT seq, id FROM weighing ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            gone = self._db.executemany(
                f"DELETE FROM weighing WHERE seq = ? AND id = ? AND payload != '{_ACKED}'", rows
            ).rowcount
            if gone and self._next_seq() <= newest[0]:
                # The newest went: a marker row keeps max(seq) + 1 above every id handed out;
                # it shares the page just written, and the next `add` deletes it.
                self._db.execute("INSERT INTO weighing VALUES (?, ?, ?)", (*newest, _ACKED))
        self._count -= gone
        return gone

    def pending(self, limit: int | None = None) -> list[Pending]:
        """Unacknowledged weighings, oldest first."""
        rows = self._db.execute(
            f"SELECT seq, id, payload FROM weighing {WAITING} ORDER BY seq LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [Pending(int(s), str(i), str(p)) for s, i, p in rows]

    def count(self) -> int:
        """How many weighings wait for an ack."""
        return self._count

    def close(self) -> None:
        """Close the database file."""
        self._db.close()
