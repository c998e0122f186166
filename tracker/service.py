"""Assemble the running tracker: database, app, and (later) the MQTT ingest."""

from __future__ import annotations

import gc

from fastapi import FastAPI

from tracker.api.app import create_app
from tracker.api.deps import Services
from tracker.feed import worker as feed_worker
from tracker.ingest.subscriber import Ingest
from tracker.services import monitor, rebuild
from tracker.settings import Settings
from tracker.store.database import Database


def build_app(settings: Settings, db: Database | None = None) -> FastAPI:
    """The app on its database (migrated, figures current), with the MQTT ingest and the
    national monitor feed when configured."""
    if db is None:
        db = Database(settings.database_url)
        db.migrate()
    svc = Services(settings=settings, db=db)
    with db.write() as conn:
        # after an upgrade: fold the items and count the figures from the log once
        rebuild.ensure_items(conn, svc.clock())
        monitor.ensure_figures(conn, svc.clock())
    if settings.mqtt_ingest:
        svc.ingest = Ingest(db, settings.mqtt_url, settings.centre, svc.board, svc.clock)
    svc.feed = feed_worker.from_settings(settings, db, svc.categories, svc.clock)
    app = create_app(svc)
    # What start-up made (modules, the app, SQLAlchemy's caches) lives as long as the process:
    # out of the garbage collector's sight, its full collections scan only what messages and
    # requests leave behind. They scanned everything every few thousand weighings, which cost
    # a quarter of the MQTT ingest rate (measured: `python -m benchmarks ingest`). Start-up's
    # own garbage is collected first, or it would be kept for good.
    gc.collect()
    gc.freeze()
    return app
