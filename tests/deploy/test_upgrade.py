"""The upgrade path (deploy/UPGRADE.md): a database created at the first schema revision,
with data in it, is brought to the newest schema by starting `ambacht serve`, and then
tells exactly the same story through the API as before, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tests.support.tracker import FakeClock, Tracker, make_tracker, serve
from tracker.store import tables as t
from tracker.store.database import MIGRATIONS, Database

FIRST = "0001"
BASE_URL = "http://test.local"  # what make_tracker uses: the items' qr field depends on it
PERIOD = {"from": "2026-03-01", "to": "2026-03-31"}  # FakeClock starts on 2026-03-02


def alembic_config(conn: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def schema_at(url: str, revision: str) -> None:
    """Create the schema exactly as revision `revision` left it."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


def revision_of(url: str) -> str | None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    engine.dispose()
    return current


def head() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def a_working_week(tracker: Tracker, clock: FakeClock) -> list[str]:
    """Intake, inspection, repair, sales, a return, people and hours: a bit of everything."""
    codes = [tracker.intake("meubilair", 12.5, description="eikenhouten tafel"),
             tracker.intake("elektrisch", 3.2, ords_category_id=9, serial_number="SN-1"),
             tracker.ready(7.5, category="boeken", weight_kg=0.8),
             tracker.ready(15.0, category="fietsen", weight_kg=14.0)]
    clock.advance(days=1, hours=2)
    assert tracker.post("repair", f"/api/items/{codes[1]}/inspect",
                        {"outcome": "needs_repair"}).status_code == 200
    assert tracker.post("repair", f"/api/items/{codes[1]}/repair",
                        {"outcome": "fixed", "price_eur": 25, "minutes": 40}).status_code == 200
    sale = tracker.post("till", "/api/sales", {"items": [codes[2], codes[3]], "payment": "pin"},
                        headers={"Idempotency-Key": "sale-1"})
    assert sale.status_code == 201, sale.text
    clock.advance(days=1)
    assert tracker.post("intake", f"/api/items/{codes[3]}/return").status_code == 200
    assert tracker.post("admin", "/api/people",
                        {"alias": "vrijwilliger-7", "role": "volunteer"}).status_code == 201
    assert tracker.post("admin", "/api/attendance", {"alias": "vrijwilliger-7",
                        "date": "2026-03-03", "hours": 4.5}).status_code == 201
    return codes


def story(get: Any, codes: list[str]) -> dict[str, Any]:
    """What the API tells about the data: each item, its events, the month's figures."""
    told: dict[str, Any] = {}
    for code in codes:
        told[code] = get("intake", f"/api/items/{code}").json()
        told[f"{code}/events"] = get("intake", f"/api/items/{code}/events").json()
    # figures kept by tables newer than 0001: the upgraded tracker counts them from the log
    monitor = get("monitor", "/api/monitor", params=PERIOD)
    assert monitor.status_code == 200, monitor.text
    told["monitor"] = {k: v for k, v in monitor.json().items() if k != "generated_at"}
    return told


def copy_rows(source: Database, target_url: str) -> dict[str, int]:
    """Copy the source's rows into the target's (older) tables, the columns both have.
    Autoincrement ids are left to the target, as the old version would have made them."""
    target = sa.create_engine(target_url)
    old = sa.MetaData()
    old.reflect(target)
    counts = {}
    with source.read() as src, target.begin() as dst:
        # the old version named people by alias where today's rows and events keep an opaque
        # id (migration 0014): written back as aliases, as the old version wrote them
        alias_of = dict(src.execute(sa.select(t.people.c.id, t.people.c.alias)).all())
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            new = t.metadata.tables[table.name]
            serial = (len(table.primary_key.columns) == 1 and "id" in table.primary_key.columns
                      and isinstance(table.c.id.type, sa.Integer))
            by_id = "alias" in table.c and "alias" not in new.c and "person_id" in new.c
            columns = [c.name for c in table.columns
                       if c.name in new.c and not (serial and c.name == "id")]
            picked = [new.c[c] for c in columns] + ([new.c.person_id] if by_id else [])
            order = [new.c[c.name] for c in table.primary_key.columns if c.name in new.c]
            rows = [dict(r._mapping) for r in src.execute(sa.select(*picked).order_by(*order))]
            for row in rows:
                if by_id:
                    row["alias"] = alias_of[row.pop("person_id")]
                if table.name == "events" and row.get("person"):
                    row["person"] = alias_of.get(row["person"], row["person"])
            if rows:
                dst.execute(table.insert(), rows)
            counts[table.name] = len(rows)
    target.dispose()
    return counts


def test_first_schema_with_data_upgrades_on_serve(db_url: str, tmp_path: Path) -> None:
    clock = FakeClock()
    scratch_url = f"sqlite:///{tmp_path / 'scratch.db'}"
    trackers: Iterator[Tracker] = make_tracker(scratch_url, clock)
    tracker = next(trackers)
    codes = a_working_week(tracker, clock)
    before = story(tracker.get, codes)
    tokens = tracker.tokens

    schema_at(db_url, FIRST)
    counts = copy_rows(tracker.db, db_url)
    next(trackers, None)  # close the scratch tracker
    assert counts["items"] == 4 and counts["events"] >= 10 and counts["attendance"] == 1
    assert revision_of(db_url) == FIRST

    for server in serve(db_url, AMBACHT_BASE_URL=BASE_URL, AMBACHT_MQTT_INGEST="false"):
        assert revision_of(db_url) == head()  # `ambacht serve` migrated on start
        with httpx.Client(base_url=server.url, timeout=10) as http:
            def get(role: str, path: str, **kw: Any) -> httpx.Response:
                return http.get(path, headers={"Authorization": f"Bearer {tokens[role]}"},
                                **kw)

            after = story(get, codes)
            assert after == before
            assert before["monitor"]["outflow"]["sold"]["items"] == 2
            # and the upgraded database takes new events (sequences, constraints intact)
            sold = http.post("/api/sales", json={"items": [codes[1]], "payment": "cash"},
                             headers={"Authorization": f"Bearer {tokens['till']}"})
            assert sold.status_code == 201, sold.text
            replay = http.post("/api/sales", json={"items": [codes[2], codes[3]],
                                                   "payment": "pin"},
                               headers={"Authorization": f"Bearer {tokens['till']}",
                                        "Idempotency-Key": "sale-1"})
            assert replay.status_code == 201  # the key stored at 0001 still replays
