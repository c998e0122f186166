"""`ambacht restore` replaces only the database the caller names, and not while a tracker
uses it; `ambacht backup` writes 0600 where it says; a database newer than the code stops
`ambacht serve` with one sentence; PostgreSQL passwords never reach a command line."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.deploy.support import DEPLOY
from tests.support.tracker import fresh_postgres_url, make_tracker, serve
from tracker.store import backup
from tracker.store import tables as t
from tracker.store.database import Database

AMBACHT = [sys.executable, "-m", "tracker"]


def ambacht(db_url: str, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AMBACHT, *args], env={**os.environ, "AMBACHT_DATABASE_URL": db_url},
                          capture_output=True, text=True, timeout=60, **kw)  # type: ignore[call-overload]


def sites(db_url: str) -> set[str]:
    db = Database(db_url)
    try:
        with db.read() as conn:
            return set(conn.execute(sa.select(t.sites.c.id)).scalars())
    finally:
        db.dispose()


def test_restore_refuses_the_database_a_tracker_uses(db_url: str, tmp_path: Path) -> None:
    for _ in make_tracker(db_url):
        pass
    saved = tmp_path / "saved.backup"
    assert ambacht(db_url, "backup", str(saved)).returncode == 0
    for server in serve(db_url, AMBACHT_MQTT_INGEST="false"):
        server.cli("site", "add", "na-de-backup", "--municipality", "Zeist")
        refused = ambacht(db_url, "restore", str(saved))
        assert refused.returncode == 1, refused.stderr
        assert "in gebruik door ambacht serve" in refused.stderr
        assert backup.target(db_url) in refused.stderr  # it names what it would replace
        assert "na-de-backup" in sites(db_url)  # nothing replaced
        english = ambacht(db_url, "--lang", "en", "restore", str(saved))
        assert "is in use by ambacht serve" in english.stderr
    done = ambacht(db_url, "restore", str(saved))  # the tracker is stopped: it may
    assert done.returncode == 0, done.stderr
    assert "na-de-backup" not in sites(db_url)


def test_force_asks_on_a_terminal(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'live.db'}"
    for _ in make_tracker(db_url):
        pass
    saved = tmp_path / "saved.backup"
    assert ambacht(db_url, "backup", str(saved)).returncode == 0
    for server in serve(db_url, AMBACHT_MQTT_INGEST="false"):
        server.cli("site", "add", "na-de-backup", "--municipality", "Zeist")
        main, side = pty.openpty()
        with os.fdopen(main, "wb", buffering=0) as answer:
            answer.write(b"nee\n")
            asked = ambacht(db_url, "restore", "--force", str(saved), stdin=side)
        os.close(side)
        assert asked.returncode == 1 and "niets hersteld" in asked.stderr
        assert "na-de-backup" in sites(db_url)
        # without a terminal (a script), --force is the answer
        forced = ambacht(db_url, "restore", "--force", str(saved), stdin=subprocess.DEVNULL)
        assert forced.returncode == 0, forced.stderr
        assert "na-de-backup" not in sites(db_url)


def test_backup_lands_where_it_says_with_mode_0600(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'live.db'}"
    for _ in make_tracker(db_url):
        pass
    done = ambacht(db_url, "backup", "relative.backup", cwd=tmp_path)
    written = tmp_path / "relative.backup"
    assert done.returncode == 0 and str(written) in done.stdout, done.stdout
    assert oct(written.stat().st_mode & 0o777) == "0o600"


def test_a_newer_schema_stops_serve_with_one_sentence(db_url: str) -> None:
    for _ in make_tracker(db_url):
        pass
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    done = ambacht(db_url, "serve", "--port", "1")
    assert done.returncode == 2  # ambacht.service: RestartPreventExitStatus=2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith("ambacht: de database staat op schemaversie 9999, deze versie "
                               "van Ambacht kent tot en met 0")


def test_postgresql_password_travels_in_the_environment(postgres_url: str,
                                                         tmp_path: Path) -> None:
    url = fresh_postgres_url(postgres_url).replace("ambacht@", "ambacht:Qm7vT2xK9pLw4RsN@")
    conninfo, env = backup.libpq(url)
    assert "Qm7vT2xK9pLw4RsN" not in conninfo and env["PGPASSWORD"] == "Qm7vT2xK9pLw4RsN"
    assert "Qm7vT2xK9pLw4RsN" not in backup.target(url)
    for _ in make_tracker(url):
        pass
    backup.backup(url, tmp_path / "pg.backup")  # the tools take it from there
    backup.restore(url, tmp_path / "pg.backup")


def test_admin_wrapper_keeps_the_callers_database() -> None:
    wrapper = (DEPLOY / "server" / "ambacht-admin").read_text()
    env = "AMBACHT_DATABASE_URL=sqlite:////var/lib/ambacht/ambacht.db\n"
    script = (wrapper.replace("/etc/ambacht/ambacht.env", "/dev/stdin")
              .replace("cd /var/lib/ambacht\n", "")
              .replace("exec runuser -u ambacht -- /opt/ambacht/bin/ambacht",
                       'echo "$AMBACHT_DATABASE_URL"; exit 0; echo'))
    told = subprocess.run(["sh", "-c", script, "ambacht"], input=env, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin",
                                          "AMBACHT_DATABASE_URL": "sqlite:////tmp/try.db"})
    assert told.stdout.strip() == "sqlite:////tmp/try.db", told.stderr
    plain = subprocess.run(["sh", "-c", script, "ambacht"], input=env, capture_output=True,
                           text=True, env={"PATH": "/usr/bin:/bin"})
    assert plain.stdout.strip() == "sqlite:////var/lib/ambacht/ambacht.db"


@pytest.mark.parametrize("command", [["tracker"], ["gateway.cli"]])
def test_both_commands_tell_their_version(command: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", *command, "--version"], capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip().endswith(" 0.1.0")
