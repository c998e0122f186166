"""Whether a running tracker (`ambacht serve`) uses a database, so that a restore does not
replace a database under it: PostgreSQL names the tracker's sessions, and on SQLite the
tracker holds a shared flock(2) on the database file for as long as it runs (independent of
SQLite's own fcntl locks, and gone with the process however it ends)."""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO

import sqlalchemy as sa
from sqlalchemy.engine import make_url

SERVE_NAME = "ambacht serve"  # PostgreSQL application_name of the tracker's sessions


def _sqlite_file(url: str) -> Path | None:
    path = make_url(url).database
    return Path(path) if path and path != ":memory:" else None


def serving_url(url: str) -> str:
    """The database URL for `ambacht serve`: its PostgreSQL sessions carry its name."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql") or "application_name" in parsed.query:
        return url
    return parsed.update_query_dict({"application_name": SERVE_NAME}).render_as_string(
        hide_password=False)


def hold(url: str) -> IO[bytes] | None:
    """While the returned file stays open, `users` reports this process (SQLite only)."""
    path = _sqlite_file(url) if url.startswith("sqlite") else None
    if path is None or not path.exists():
        return None
    handle = path.open("rb")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


def users(url: str) -> list[str]:
    """The trackers using the database right now (empty: none)."""
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        if path is None or not path.exists():
            return []
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return [SERVE_NAME]
            fcntl.flock(handle, fcntl.LOCK_UN)
        return []
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT DISTINCT client_addr, client_port IS NULL AS local FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name = :name"),
                {"name": SERVE_NAME}).all()
    finally:
        engine.dispose()
    # one tracker holds several sessions; where it runs is what a person can act on
    hosts = sorted({"local" if local or not addr else str(addr) for addr, local in rows})
    return [f"{SERVE_NAME} ({host})" for host in hosts]

