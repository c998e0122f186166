"""Consistent online backups: SQLite's backup API, or pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from tracker.domain.errors import InvalidInput

REQUIRED_TABLES = {"events", "items", "sites", "stations"}


def _sqlite_path(url: str) -> str:
    path = make_url(url).database
    if not path:
        raise InvalidInput("een SQLite-database in het geheugen kan niet geback-upt worden",
                           en="an in-memory SQLite database cannot be backed up")
    return path


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))[-1:]), None)
    if not found:
        raise InvalidInput(f"{name} niet gevonden: installeer postgresql-client",
                           en=f"{name} not found: install postgresql-client")
    return found


def backup(url: str, target: Path) -> None:
    """Write a consistent copy of the live database to `target`."""
    if url.startswith("sqlite"):
        src = sqlite3.connect(_sqlite_path(url))
        dst = sqlite3.connect(target)
        try:
            with dst:
                src.backup(dst)  # page-by-page copy of a consistent snapshot, writers may go on
        finally:
            src.close()
            dst.close()
        return
    done = subprocess.run([_tool("pg_dump"), "--format=custom", "--file", str(target),
                           _libpq_url(url)], capture_output=True, text=True)
    if done.returncode:
        why = done.stderr.strip().splitlines()[-1]
        raise InvalidInput(f"pg_dump mislukt: {why}", en=f"pg_dump failed: {why}")


def restore(url: str, source: Path) -> None:
    """Replace the database's contents with a backup made by `backup`."""
    if not source.is_file():
        raise InvalidInput(f"back-upbestand {source} bestaat niet",
                           en=f"backup file {source} does not exist")
    if url.startswith("sqlite"):
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            rows = src.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {r[0] for r in rows}
        except sqlite3.DatabaseError:
            src.close()
            raise InvalidInput(f"{source} is geen Ambacht-back-up (geen SQLite-bestand)",
                               en=f"{source} is not an Ambacht backup (not an SQLite file)"
                               ) from None
        if not tables >= REQUIRED_TABLES:
            src.close()
            raise InvalidInput(f"{source} is geen Ambacht-back-up (tabellen ontbreken)",
                               en=f"{source} is not an Ambacht backup (tables are missing)")
        dst = sqlite3.connect(_sqlite_path(url))
        try:
            with dst:
                src.backup(dst)
        finally:
            src.close()
            dst.close()
        return
    done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
                           "--single-transaction", "--dbname", _libpq_url(url), str(source)],
                          capture_output=True, text=True)
    if done.returncode:
        why = done.stderr.strip().splitlines()[-1]
        raise InvalidInput(f"pg_restore mislukt: {why}", en=f"pg_restore failed: {why}")
