"""Consistent online backups: SQLite's backup API, or pg_dump/pg_restore for PostgreSQL.

PostgreSQL passwords go to the tools in PGPASSWORD, never on their command line, where every
local user could read them in /proc/PID/cmdline.

With item photos (tracker/store/photos.py) the backup is one tar file holding the database's
backup (`ambacht/database`) and every photo file (`ambacht/photos/...`); without any, it is the
database's backup alone, as before photos existed. `restore` takes either."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy.engine import make_url

from tracker.domain.errors import InvalidInput
from tracker.store import photos as stored_photos

REQUIRED_TABLES = {"events", "items", "sites", "stations"}
BACKUP_MODE = 0o600  # a backup holds every station token hash and person alias
# Before a restore, everything in the schema goes, in the same transaction as the restore:
# a table that a newer version added (a rollback) must not survive next to the old ones.
DROP_EVERYTHING = """\
DO $$DECLARE r record; BEGIN
  FOR r IN SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
                         CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                        WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                         n.nspname, c.relname) AS sql
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  LOOP EXECUTE r.sql; END LOOP;
  FOR r IN SELECT format('DROP TYPE IF EXISTS %I.%I CASCADE', n.nspname, t.typname) AS sql
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')
  LOOP EXECUTE r.sql; END LOOP;
END$$;
"""


def _sqlite_path(url: str) -> str:
    path = make_url(url).database
    if not path:
        raise InvalidInput("een SQLite-database in het geheugen kan niet geback-upt worden",
                           en="an in-memory SQLite database cannot be backed up")
    return path


def target(url: str) -> str:
    """The database a URL names, as a person recognises it (no password)."""
    if url.startswith("sqlite"):
        return f"SQLite {Path(_sqlite_path(url)).resolve()}"
    return unquote(make_url(url)._replace(password=None).render_as_string())


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """The libpq connection URL without its password, and the environment that carries it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    bare = parsed._replace(drivername="postgresql", password=None)
    return bare.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))[-1:]), None)
    if not found:
        raise InvalidInput(f"{name} niet gevonden: installeer postgresql-client",
                           en=f"{name} not found: install postgresql-client")
    return found


def _private(path: Path) -> None:
    """Create (or truncate) `path` readable by its owner only, before anything is in it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, BACKUP_MODE)
    os.fchmod(fd, BACKUP_MODE)  # an existing file keeps its mode on open
    os.close(fd)


def _failed(tool: str, stderr: str) -> InvalidInput:
    why = (stderr.strip().splitlines() or ["?"])[-1]
    return InvalidInput(f"{tool} mislukt: {why}", en=f"{tool} failed: {why}")


DATABASE_MEMBER = "ambacht/database"
PHOTOS_MEMBER = "ambacht/photos/"


def backup(url: str, destination: Path, photos: Path | None = None) -> None:
    """Write a consistent copy of the live database to `destination` (mode 0600), with the
    photo files of `photos` when there are any."""
    kept = list(stored_photos.files(photos)) if photos is not None else []
    if not kept:
        _backup_database(url, destination)
        return
    _private(destination)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".ambacht-backup-") as tmp:
        database = Path(tmp) / "database"
        # the database first: every photo its rows name was written before their commit
        _backup_database(url, database)
        kept = list(stored_photos.files(photos)) if photos is not None else []
        with tarfile.open(destination, "w", format=tarfile.PAX_FORMAT) as tar:
            tar.add(database, DATABASE_MEMBER, recursive=False)
            for path, inside in kept:
                tar.add(path, PHOTOS_MEMBER + inside.as_posix(), recursive=False)


def _backup_database(url: str, destination: Path) -> None:
    _private(destination)
    if url.startswith("sqlite"):
        src = sqlite3.connect(_sqlite_path(url))
        dst = sqlite3.connect(destination)
        try:
            with dst:
                src.backup(dst)  # page-by-page copy of a consistent snapshot, writers may go on
        finally:
            src.close()
            dst.close()
        return
    conninfo, env = libpq(url)
    done = subprocess.run([_tool("pg_dump"), "--format=custom", "--file", str(destination),
                           "--dbname", conninfo], env=env, capture_output=True, text=True)
    if done.returncode:
        raise _failed("pg_dump", done.stderr)


def _check_sqlite_backup(source: Path) -> sqlite3.Connection:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError:
        src.close()
        raise InvalidInput(f"{source} is geen Ambacht-back-up (geen SQLite-bestand)",
                           en=f"{source} is not an Ambacht backup (not an SQLite file)") from None
    if not tables >= REQUIRED_TABLES:
        src.close()
        raise InvalidInput(f"{source} is geen Ambacht-back-up (tabellen ontbreken)",
                           en=f"{source} is not an Ambacht backup (tables are missing)")
    return src


def _restore_postgresql(url: str, source: Path) -> None:
    """pg_restore's script after DROP_EVERYTHING, in one psql transaction: all or nothing."""
    conninfo, env = libpq(url)
    # NOTICEs ("drop cascades to ...") would fill the stderr pipe nobody reads until the end
    env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} -c client_min_messages=warning".strip()
    psql = subprocess.Popen([_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
                             "--set", "ON_ERROR_STOP=1", "--dbname", conninfo],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)
    assert psql.stdin is not None
    script = subprocess.Popen([_tool("pg_restore"), "--no-owner", "--no-privileges",
                               "--file", "-", str(source)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert script.stdout is not None
    try:
        psql.stdin.write(DROP_EVERYTHING.encode())
        shutil.copyfileobj(script.stdout, psql.stdin)
    except BrokenPipeError:
        pass  # psql stopped at an error: its stderr says which
    finally:
        script.stdout.close()
        # pg_restore failed (not a backup): psql must not commit the drop alone
        if script.wait() != 0:
            psql.kill()
        with contextlib.suppress(BrokenPipeError):  # a killed psql cannot take the rest
            psql.stdin.close()
    restore_err = script.stderr.read().decode(errors="replace") if script.stderr else ""
    psql_err = psql.stderr.read().decode(errors="replace") if psql.stderr else ""
    if script.returncode:
        psql.wait()
        raise _failed("pg_restore", restore_err)
    if psql.wait():
        raise _failed("psql", psql_err)


def restore(url: str, source: Path, photos: Path | None = None) -> None:
    """Replace the database's contents with a backup made by `backup`; its photos are added to
    `photos` (files already there stay: a photo file never changes, and a scratch restore
    must not take photos away from the live tracker)."""
    if not source.is_file():
        raise InvalidInput(f"back-upbestand {source} bestaat niet",
                           en=f"backup file {source} does not exist")
    if not tarfile.is_tarfile(source):
        _restore_database(url, source)
        return
    with tarfile.open(source, "r") as tar, tempfile.TemporaryDirectory() as tmp:
        try:
            member = tar.getmember(DATABASE_MEMBER)
        except KeyError:
            raise InvalidInput(f"{source} is geen Ambacht-back-up (geen database erin)",
                               en=f"{source} is not an Ambacht backup (no database in it)"
                               ) from None
        database, packed = Path(tmp) / "database", tar.extractfile(member)
        if packed is None:
            raise InvalidInput(f"{source} is geen Ambacht-back-up (geen database erin)",
                               en=f"{source} is not an Ambacht backup (no database in it)")
        with packed, database.open("wb") as out:
            shutil.copyfileobj(packed, out)
        _restore_database(url, database)
        if photos is not None:
            _restore_photos(tar, photos)


def _restore_photos(tar: tarfile.TarFile, folder: Path) -> None:
    """The backup's photo files that `folder` does not have yet (only well-named files: a
    crafted archive cannot write outside the folder)."""
    for member in tar.getmembers():
        if not member.isfile() or not member.name.startswith(PHOTOS_MEMBER):
            continue
        inside = Path(member.name[len(PHOTOS_MEMBER):])
        match = stored_photos.FILE_NAME.match(inside.name)
        if (match is None or inside.parts != (match["id"][:2], inside.name)):
            continue
        target = folder / inside
        if target.exists():
            continue
        packed = tar.extractfile(member)
        if packed is not None:
            stored_photos.write_file(target, packed.read())


def _restore_database(url: str, source: Path) -> None:
    if not url.startswith("sqlite"):
        _restore_postgresql(url, source)
        return
    src = _check_sqlite_backup(source)
    dst = sqlite3.connect(_sqlite_path(url))
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()
