"""The Alembic migrations build exactly the schema `tracker/store/tables.py` describes, and
step back down cleanly (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from tracker.store import tables as t
from tracker.store.database import MIGRATIONS, Database


def _config(conn: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def test_migrations_build_the_schema_of_tables_py(db_url):
    db = Database(db_url)
    db.migrate()
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
        with db.engine.begin() as conn:  # the newest step undoes and redoes cleanly
            command.downgrade(_config(conn), "-1")
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) != []
            command.upgrade(_config(conn), "head")
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
    finally:
        db.dispose()
