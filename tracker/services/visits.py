"""Nieuwe bezoeker: the intake desk counts each visitor who brings something in, and where
from (only the municipality: CONTRACT §10), and offers the site's commonest origins."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import sqlalchemy as sa

from tracker.domain import events as ev
from tracker.domain import figures
from tracker.domain.postcodes import UNKNOWN, Table, choose_origin, read_table
from tracker.services.context import Tx
from tracker.store import figures as stored
from tracker.store import stations as stored_stations

TABLE_FILE = "pc4-gemeente.csv"  # in tracker/data/, with its README (source, date, licence)
# The intake page's one-tap choices: the origins of the site's drop-offs over the last year
# (a season's pattern, not one busy Saturday's), at most this many buttons on a phone.
CHOICES_DAYS = 365
CHOICES_MAX = 6


def table_path() -> Any:
    """Where the shipped postcode table is (`ambacht postcodes update` writes it)."""
    return resources.files("tracker") / "data" / TABLE_FILE


@cache
def table() -> Table:
    """The shipped postcode table, read once per process (an update needs a restart)."""
    return read_table(table_path().read_text(encoding="utf-8"))


def _site_municipalities(conn: sa.Connection | None) -> list[str]:
    return [row.municipality for row in stored_stations.all_sites(conn)] if conn else []


def record_visit(tx: Tx, postcode: str | None = None, municipality: str | None = None,
                 postcodes: Table | None = None) -> dict[str, Any]:
    """One visitor at the drop-off point (counted as `visitors.drop_offs`), with the
    municipality they came from; the postcode itself is forgotten here."""
    origin = choose_origin(postcodes or table(), postcode, municipality,
                           _site_municipalities(tx.conn))
    visit_id = tx.new_id()
    fact = ev.Visit(municipality=None if origin == UNKNOWN else origin)
    event = tx.record(f"visit:{visit_id}", 1, fact)
    return {"visit_id": visit_id, "site": event.site, "at": event.at, "municipality": origin}


def origin_choices(conn: sa.Connection, site: str, today: date) -> dict[str, Any]:
    """The site's commonest visitor municipalities over the last year, its own first, for one
    tap. Only municipalities are stored, so they are what can be learned: which postcodes
    visitors gave is forgotten at once (and a postcode button would count no differently
    from its municipality's)."""
    row = stored_stations.get_site(conn, site)
    own = row.municipality if row is not None else None
    counts = stored.totals(conn, today - timedelta(days=CHOICES_DAYS), today, site
                           ).of(figures.VISIT)
    learned = sorted((m for m in counts if m not in (UNKNOWN, "")),
                     key=lambda m: (-counts[m].n, m))
    ordered = ([own] if own else []) + [m for m in learned if m != own]
    return {"site": site, "municipality": own,
            "choices": [{"municipality": m, "drop_offs": counts[m].n if m in counts else 0}
                        for m in ordered[:CHOICES_MAX]]}
