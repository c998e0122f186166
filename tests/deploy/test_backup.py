"""deploy/server/ambacht-backup: a backup that restores, and retention that keeps the newest
ones and drops only what is both old and beyond the minimum."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from tests.deploy.support import DEPLOY
from tests.support.tracker import make_tracker
from tracker.store import tables as t
from tracker.store.database import Database

SCRIPT = DEPLOY / "server" / "ambacht-backup"
AMBACHT = Path(sys.executable).parent / "ambacht"
DAY_S = 24 * 3600


def run_backup(db_url: str, folder: Path, keep_days: int, keep_min: int) -> str:
    env = {**os.environ, "AMBACHT_DATABASE_URL": db_url, "AMBACHT_BACKUP_DIR": str(folder),
           "AMBACHT_BACKUP_KEEP_DAYS": str(keep_days), "AMBACHT_BACKUP_KEEP_MIN": str(keep_min),
           "AMBACHT_BIN": str(AMBACHT)}
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def old_backup(folder: Path, name: str, age_days: float) -> None:
    path = folder / f"ambacht-{name}.backup"
    path.write_bytes(b"an older backup")
    then = time.time() - age_days * DAY_S
    os.utime(path, (then, then))


def item_codes(db_url: str) -> set[str]:
    db = Database(db_url)
    try:
        with db.read() as conn:
            return set(conn.execute(sa.select(t.items.c.code)).scalars())
    finally:
        db.dispose()


def test_nightly_backup_restores_and_old_ones_go(tmp_path: Path) -> None:
    live = f"sqlite:///{tmp_path / 'live.db'}"
    for tracker in make_tracker(live):
        codes = {tracker.intake(), tracker.ready(), tracker.intake("textiel", 0.4)}
    folder = tmp_path / "backups"
    folder.mkdir()
    for name, age in [("a-1d", 1), ("b-2d", 2), ("c-10d", 10), ("d-29d", 29), ("e-31d", 31),
                      ("f-45d", 45), ("g-90d", 90)]:
        old_backup(folder, name, age)
    (folder / "notes.txt").write_text("not a backup: never touched")

    out = run_backup(live, folder, keep_days=30, keep_min=3)

    left = sorted(p.name for p in folder.iterdir())
    new = [n for n in left if n.startswith("ambacht-2")]
    assert len(new) == 1, left  # ambacht-YYYYMMDDTHHMMSSZ.backup
    assert left == sorted([*new, "ambacht-a-1d.backup", "ambacht-b-2d.backup",
                           "ambacht-c-10d.backup", "ambacht-d-29d.backup", "notes.txt"])
    assert "3 older than 30 days removed" in out
    assert oct((folder / new[0]).stat().st_mode & 0o777) == "0o600"  # umask 077

    restored = f"sqlite:///{tmp_path / 'restored.db'}"
    subprocess.run([str(AMBACHT), "restore", str(folder / new[0])], check=True,
                   env={**os.environ, "AMBACHT_DATABASE_URL": restored}, capture_output=True)
    assert item_codes(restored) == {c.replace("-", "") for c in codes}


def test_the_newest_backups_stay_however_old(tmp_path: Path) -> None:
    # a server that could not back up for two months keeps its last backups
    live = f"sqlite:///{tmp_path / 'live.db'}"
    for _ in make_tracker(live):
        pass
    folder = tmp_path / "backups"
    folder.mkdir()
    for name, age in [("x-40d", 40), ("y-50d", 50), ("z-60d", 60)]:
        old_backup(folder, name, age)
    run_backup(live, folder, keep_days=30, keep_min=3)
    left = {p.name for p in folder.iterdir()}
    assert {"ambacht-x-40d.backup", "ambacht-y-50d.backup"} <= left
    assert "ambacht-z-60d.backup" not in left and len(left) == 3
