"""Events are the truth: the projection rebuilds from them; a backup restores everything."""

import random
import subprocess
import sys

import sqlalchemy as sa

from tracker.services.rebuild import rebuild, replay_items
from tracker.store import repository as repo
from tracker.store import tables as t


def busy_day(tracker, seed=3):
    """A morning of random station work."""
    rnd = random.Random(seed)
    codes = [tracker.intake(rnd.choice(["textiel", "elektrisch", "meubilair"]),
                            rnd.randint(1, 30000) / 1000) for _ in range(12)]
    for code in codes:
        roll = rnd.random()
        if roll < 0.3:
            tracker.post("repair", f"/api/items/{code}/inspect", {"outcome": "needs_repair"})
            tracker.post("repair", f"/api/items/{code}/repair", {"outcome": "fixed",
                                                                 "price_eur": 9})
        elif roll < 0.8:
            tracker.post("repair", f"/api/items/{code}/inspect", {"outcome": "sellable",
                                                                  "price_eur": 3})
    ready = [c for c in codes if tracker.get("till", f"/api/items/{c}").json()["state"]
             == "ready_for_sale"]
    tracker.post("till", "/api/sales", {"items": ready[:4], "payment": "cash"})
    tracker.post("intake", f"/api/items/{ready[0]}/return")
    tracker.post("repair", "/api/upcycle", {"inputs": ready[4:6], "category": "meubilair"})
    return codes


def projection(conn):
    return {r.code: repo.get_item(conn, r.code) for r in conn.execute(sa.select(t.items.c.code))}


def test_projection_equals_replay_and_rebuild_restores_it(tracker):
    busy_day(tracker)
    with tracker.db.read() as conn:
        before = projection(conn)
        assert replay_items(conn) == before
    with tracker.db.write() as conn:
        conn.execute(t.items.update().values(state="sold"))  # a corrupted projection
    with tracker.db.write() as conn:
        assert rebuild(conn) == len(before)
    with tracker.db.read() as conn:
        assert projection(conn) == before


def test_backup_and_restore_round_trip(tracker, tmp_path):
    codes = busy_day(tracker)
    env_url = tracker.db.url
    backup = tmp_path / "ambacht.backup"
    env = {"AMBACHT_DATABASE_URL": env_url, "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, "-m", "tracker", *a], env=env,  # noqa: E731
                                    capture_output=True, text=True)
    done = run("backup", str(backup))
    assert done.returncode == 0, done.stderr
    with tracker.db.read() as conn:
        saved = (list(repo.all_events(conn)), projection(conn))
    tracker.intake()  # work after the backup ...
    done = run("restore", str(backup))
    assert done.returncode == 0, done.stderr
    with tracker.db.read() as conn:  # ... is gone, everything before is back
        assert (list(repo.all_events(conn)), projection(conn)) == saved
    assert tracker.get("till", f"/api/items/{codes[0]}").status_code == 200


def test_restore_refuses_a_file_that_is_not_a_backup(tracker, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    env = {"AMBACHT_DATABASE_URL": tracker.db.url, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "tracker", "restore", str(junk)], env=env,
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert done.stderr.startswith("ambacht:") and "Traceback" not in done.stderr
