"""National receiver speed: 400 centres × 36 months loaded; the summary of a year over every
centre from the maintained totals vs recomputing it from the stored documents, and the
dashboard's data (per month, per province, the centres' table), on SQLite and PostgreSQL.

Targets (issue 22): the year's summary under 200 ms on both backends, the dashboard's data
under a second. The documents are stored as the receiver stores them (`services.receive`
after the schema check: report row and province totals in one transaction per centre); the
schema check itself is left out of the load, it does not touch what is timed.
AMBACHT_BENCH_BACKENDS (default "sqlite,postgresql")."""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from national import services, store, summary
from national.domain import figures
from national.domain.documents import header
from tests.support.national import document
from tracker.store.database import Database

CENTRES, MONTHS = 400, [f"{y}-{m:02d}" for y in (2023, 2024, 2025) for m in range(1, 13)]
PROVINCES = ("Groningen", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland",
             "Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg")
YEAR = ("2025-01", "2025-12")
RUNS = 7  # each is timed this many times; the median is reported
TARGET_MS, DASHBOARD_TARGET_MS = 200, 1000
BACKENDS = os.environ.get("AMBACHT_BENCH_BACKENDS", "sqlite,postgresql").split(",")
NOW = datetime(2026, 1, 5, tzinfo=UTC)


def _load(db: Database) -> None:
    rng = random.Random(22)
    totals: dict[tuple[str, str], dict[str, int]] = {}  # what add_totals would add, at once
    for c in range(CENTRES):
        centre = f"centrum-{c:03d}"
        with db.write() as conn:
            services.add_centre(conn, centre, f"Centrum {c}", f"Gemeente {c}",
                                PROVINCES[c % len(PROVINCES)], NOW)
            province = PROVINCES[c % len(PROVINCES)]
            for month in MONTHS:
                doc = document(centre, month, 1, inflow_kg=round(rng.uniform(500, 20000), 3),
                               sold_kg=round(rng.uniform(100, 5000), 3),
                               revenue_eur=round(rng.uniform(100, 9000), 2),
                               stock_items=rng.randint(50, 900), volunteers=rng.randint(2, 40))
                flat = figures.flatten(doc)
                head = header(doc)
                store.put_report(conn, {
                    "centre_id": centre, "month": month, "revision": 1, "final": True,
                    "to_date": head.to, "complete": head.complete, "schema": head.schema,
                    "via": "http",
                    "received_at": NOW, "document": json.dumps(doc), "figures": json.dumps(flat),
                    **store.derived(flat, doc)}, replace=False)
                sums = totals.setdefault((month, province), {})
                for path, value in flat.items():
                    sums[path] = sums.get(path, 0) + value
    with db.write() as conn:
        for (month, province), sums in totals.items():
            store.add_totals(conn, month, province, sums)


def _median_ms(fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@contextmanager
def _backends(folder: Path) -> Iterator[Iterator[tuple[str, str]]]:
    with ExitStack() as stack:
        def urls() -> Iterator[tuple[str, str]]:
            for name in BACKENDS:
                if name == "sqlite":
                    yield name, f"sqlite:///{folder / 'national.db'}"
                elif name == "postgresql":
                    from tests.support.services import postgresql

                    yield name, stack.enter_context(postgresql(folder / "pg")).url
        yield urls()


def run() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ambacht-bench-national-"))
    try:
        with _backends(folder) as backends:
            for name, url in backends:
                db = Database(url)
                store.migrate(db)
                start = time.perf_counter()
                _load(db)
                print(f"{name}: {CENTRES} centres × {len(MONTHS)} months loaded in "
                      f"{time.perf_counter() - start:.1f} s", flush=True)
                with db.read(snapshot=True) as conn:
                    fast = _median_ms(lambda: summary.summary(conn, *YEAR))  # noqa: B023
                    slow = _median_ms(lambda: summary.recomputed(conn, *YEAR))  # noqa: B023
                    assert summary.summary(conn, *YEAR)["figures"] == summary.recomputed(
                        conn, *YEAR)

                    def dashboard() -> None:
                        summary.summary(conn, *YEAR, per="month")  # noqa: B023
                        summary.summary(conn, *YEAR, per="province")  # noqa: B023
                        summary.centre_table(conn, *YEAR)  # noqa: B023

                    page = _median_ms(dashboard)
                verdict = "ok" if fast < TARGET_MS else f"SLOWER than {TARGET_MS} ms"
                print(f"{name}: summary of a year over all centres {fast:.1f} ms ({verdict}); "
                      f"recomputed from the stored documents {slow:.1f} ms; ratio "
                      f"{slow / fast:.0f}×; the dashboard's data {page:.0f} ms "
                      f"({'ok' if page < DASHBOARD_TARGET_MS else 'SLOW'})", flush=True)
                db.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
