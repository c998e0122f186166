"""Monitor speed: a year's document from the maintained figures vs a full recomputation from
the events, on SQLite and PostgreSQL; and importing the Repair Café Denmark ORDS file.

Targets (issue 6): with 1,000,000 items and 5,000,000 events, a year's document in under
200 ms on both backends and at least 50× faster than recomputing in the same run; the
29,929-row Denmark file imported in under 10 s. Issue 18: the same with outflow batches
(containers to the recycler, skips of residual waste, pallets of given-away items, transfers
between the two sites) and the document's `mass_balance`.

The history is generated with the domain's own commands and fold (`tracker.domain.items`),
and its figures with the same `tracker.domain.figures` the tracker maintains; rows go in by
bulk insert (executemany on SQLite, COPY on PostgreSQL). Size: AMBACHT_BENCH_ITEMS
(default 1,000,000); AMBACHT_BENCH_BACKENDS (default "sqlite,postgresql").
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from tracker.domain import codes, figures, items
from tracker.domain.calendar import local_date
from tracker.domain.categories import DEFAULT_CATEGORIES
from tracker.domain.events import REGISTRY, Event, ItemFact
from tracker.domain.items import Item
from tracker.services import monitor, stations
from tracker.store.database import Database

ITEMS = int(os.environ.get("AMBACHT_BENCH_ITEMS", "1000000"))
BACKENDS = os.environ.get("AMBACHT_BENCH_BACKENDS", "sqlite,postgresql").split(",")
FIRST_DAY = date(2023, 1, 1)
DAYS = 3 * 365  # three years of history; the document covers the last full year
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
SITES = ("noord", "zuid")
CHUNK = 20_000  # items generated and written per batch
RUNS = 7  # the maintained document is timed this many times; the median is reported
TARGET_MS, TARGET_RATIO, IMPORT_TARGET_S = 200, 50, 10
_DENMARK_NAME = "OpenRepairData_v0.3_RepairCafeDenmark_202507.csv"
DENMARK = next((folder / _DENMARK_NAME for folder in (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "ords",  # the workspace copy
    Path(__file__).resolve().parents[1] / "tests" / "data" / "ords",   # kept with the tests
) if (folder / _DENMARK_NAME).is_file()), Path(_DENMARK_NAME))
CATEGORIES = {c.id: c for c in DEFAULT_CATEGORIES}
CATEGORY_WEIGHTS = {"kleingoed": 30, "textiel": 20, "boeken": 15, "meubilair": 10,
                    "speelgoed": 10, "elektrisch": 8, "fietsen": 4, "bouwmaterialen": 3}
EVENT_COLUMNS = ("stream", "seq", "type", "at", "local_date", "site_id", "station", "person",
                 "data")
ITEM_COLUMNS = ("code", "state", "category", "weight_g", "price_cents", "cycle", "site_id",
                "version", "created_at", "updated_at", "description", "ords_category_id",
                "serial_number", "inputs", "cycle_started_at")


class History:
    """Random but plausible centre life, written as events with their maintained figures."""

    def __init__(self, seed: int = 6) -> None:
        self.rnd = random.Random(seed)
        self.events: list[Event] = []
        self.items: dict[str, Item] = {}
        self.figures: dict[tuple[str, str, date, str], list[int]] = {}
        self.n = 0
        self.cats = list(CATEGORY_WEIGHTS)
        self.weights = list(CATEGORY_WEIGHTS.values())

    def _add(self, deltas: list[figures.Delta]) -> None:
        for d in deltas:
            acc = self.figures.setdefault((d.figure, d.site, d.day, d.key), [0, 0, 0])
            acc[0] += d.n
            acc[1] += d.grams
            acc[2] += d.cents

    def _item(self, code: str, change: ItemFact, at: datetime, site: str) -> Item:
        before = self.items.get(code)
        e = Event(code, (before.version if before else 0) + 1, at, site, "bench", None, change)
        after = items.apply(before, e)
        self.items[code] = after
        self.events.append(e)
        self._add(figures.item_deltas(e, before, after))
        return after

    def _other(self, stream: str, type_: str, data: dict[str, Any], at: datetime,
               site: str) -> None:
        e = Event(stream, 1, at, site, "bench", None, REGISTRY.read(type_, data))
        self.events.append(e)
        self._add(figures.stream_deltas(e))

    def _batch(self, n: int, partner: str, kind: str, stream: str, grams: int, at: datetime,
               site: str, listed: list[str] | None = None, category: str | None = None,
               to_site: str | None = None) -> None:
        """An outflow batch (the items it lists get their own events from the caller)."""
        data: dict[str, Any] = {"partner": partner, "partner_kind": kind, "stream": stream,
                                "weight_g": grams, "items": listed or []}
        if category:
            data["category"] = category
        if to_site:
            data["to_site"] = to_site
        self._other(f"outflow:{n}:{partner}", "outflow", data, at, site)

    def _code(self) -> str:
        return codes.new_code(lambda bits: self.rnd.getrandbits(bits))

    def item_life(self, i: int) -> None:
        """One item from the visitor who brings it to where it ends, ~5 events in all."""
        rnd, n = self.rnd, self.n
        self.n += 1
        at = datetime.combine(FIRST_DAY, datetime.min.time(), UTC) + timedelta(
            seconds=int(i / ITEMS * DAYS * 86400) + rnd.randint(0, 3600))
        site = SITES[0] if rnd.random() < 0.7 else SITES[1]
        self._other(f"visit:{n}", "visit", {}, at, site)
        cat = rnd.choices(self.cats, self.weights)[0]
        code = self._code()
        it = self._item(code, items.collect(cat, rnd.randint(100, 25_000)), at, site)
        if rnd.random() < 0.3:
            self._other(f"bulk:{n}", "bulk_collected", {"category": "textiel",
                                                         "weight_g": rnd.randint(500, 9000)},
                        at, site)
        if rnd.random() < 0.2:
            self._other(f"repair:{n}", "own_use_repair", {
                "category": "elektrisch", "outcome": rnd.choice(["fixed", "end_of_life"]),
                "state": "returned_to_owner"}, at, site)
        at += timedelta(hours=rnd.randint(1, 72))
        roll = rnd.random()
        if n % 100 == 0:  # a container of unlabelled textiles to the sorter
            self._batch(n, "sorteer", "textile_sorter", "recycle", rnd.randint(50_000, 400_000),
                        at, site, category="textiel")
        if roll < 0.15:
            stream = rnd.choice(["recycle", "residual"])
            it = self._item(code, items.inspect(it, "unusable", stream=stream), at, site)
            if rnd.random() < 0.3:  # weighed out with its container
                partner = ("metaal", "scrap_metal") if stream == "recycle" else (
                    "afval", "waste_processor")
                self._batch(n, *partner, stream, it.weight_g + rnd.randint(0, 50_000),
                            at + timedelta(days=rnd.randint(0, 14)), site, [code])
            return
        if roll < 0.45:
            it = self._item(code, items.inspect(it, "needs_repair"), at, "zuid")
            at += timedelta(days=rnd.randint(1, 10))
            if rnd.random() < 0.35:
                self._item(code, items.repair(it, "end_of_life", stream="recycle",
                                              barrier=rnd.choice(items.BARRIERS)), at, "zuid")
                return
            it = self._item(code, items.repair(it, "fixed", rnd.randint(100, 9000)), at,
                            "zuid")
        else:
            it = self._item(code, items.inspect(it, "sellable", rnd.randint(50, 5000)), at,
                            site)
        if rnd.random() < 0.1:
            at += timedelta(days=rnd.randint(5, 30))
            it = self._item(code, items.reprice(it, max(50, (it.price_cents or 100) // 2)), at,
                            "noord")
        if rnd.random() < 0.15:
            if rnd.random() < 0.3:  # given away on a pallet for a school
                at += timedelta(days=rnd.randint(10, 60))
                self._batch(n, "school", "school", "reuse", it.weight_g + rnd.randint(0, 5000),
                            at, it.site, [code], category=it.category)
                self._item(code, items.give_away(it, f"{n}", "school"), at, it.site)
            return  # still on the shelf
        if it.site == "zuid" and rnd.random() < 0.3:  # the van to the shop in the north
            at += timedelta(days=rnd.randint(0, 3))
            self._batch(n, "naar-noord", "other_centre", "reuse", it.weight_g + 2000, at,
                        "zuid", [code], to_site="noord")
            it = self._item(code, items.transfer(it, f"{n}", "naar-noord", "noord"), at, "zuid")
        at += timedelta(days=int(rnd.expovariate(1 / 20)))
        sale = f"{n}"
        it = self._item(code, items.sell(it, sale), at, "noord")
        lines: list[dict[str, Any]] = ([{"category": "boeken", "weight_g": rnd.randint(200, 3000),
                   "price_cents": rnd.randint(50, 500)}] if rnd.random() < 0.2 else [])
        self._other(f"sale:{sale}", "sale", {
            "items": [{"code": code, "category": it.category, "weight_g": it.weight_g,
                       "price_cents": it.price_cents}], "lines": lines, "payment": "pin",
            "total_cents": (it.price_cents or 0) + sum(x["price_cents"] for x in lines)},
            at, "noord")

    def take(self) -> tuple[list[Event], list[Item]]:
        """The events written since the last take, and the items they touched."""
        events, self.events = self.events, []
        touched = {e.stream: self.items[e.stream] for e in events if e.stream in self.items}
        return events, list(touched.values())


def _event_row(e: Event) -> tuple[Any, ...]:
    return (e.stream, e.seq, e.type, e.at, local_date(e.at), e.site, e.station, e.person,
            json.dumps(dict(e.data)))


def _item_row(i: Item) -> tuple[Any, ...]:
    return (i.code, i.state.value, i.category, i.weight_g, i.price_cents, i.cycle, i.site,
            i.version, i.created_at, i.updated_at, i.description, i.ords_category_id,
            i.serial_number, json.dumps(list(i.inputs)), i.cycle_started_at)


class Loader:
    """Bulk writes to one backend, in the formats its driver and our column types expect."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.pooled = db.engine.raw_connection()
        raw = self.pooled.driver_connection
        assert raw is not None
        self.raw: Any = raw
        if db.is_sqlite:
            self.raw.execute("PRAGMA synchronous=OFF")  # a generated history: no fsyncs

    def _sqlite_ts(self, v: Any) -> Any:
        if isinstance(v, datetime):
            return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(v, date):
            return v.isoformat()
        return v

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.db.is_sqlite:  # autocommit connection (see database.py): one explicit batch
            marks = ",".join("?" * len(columns))
            self.raw.execute("BEGIN")
            self.raw.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})",
                                 [tuple(self._sqlite_ts(v) for v in r) for r in rows])
            self.raw.execute("COMMIT")
            return
        with self.raw.cursor() as cur, cur.copy(
                f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        self.raw.commit()

    def analyze(self) -> None:
        self.raw.execute("ANALYZE")
        if not self.db.is_sqlite:
            self.raw.commit()

    def close(self) -> None:
        self.pooled.close()


def generate(dbs: list[Database]) -> tuple[int, int, float]:
    """Write the history into every database; returns items, events and seconds taken."""
    started = time.perf_counter()
    history = History()
    loaders = [Loader(db) for db in dbs]
    n_events = 0
    items_rows: dict[str, Item] = {}
    for first in range(0, ITEMS, CHUNK):
        for i in range(first, min(first + CHUNK, ITEMS)):
            history.item_life(i)
        events, touched = history.take()
        n_events += len(events)
        rows = [_event_row(e) for e in events]
        for loader in loaders:
            loader.write("events", EVENT_COLUMNS, rows)
        for it in touched:
            items_rows[it.code] = it
        history.items.clear()  # each item's life is complete within its chunk
    item_rows = [_item_row(i) for i in items_rows.values()]
    fig_rows = [(day, site, fig, key, n, g, c) for (fig, site, day, key), (n, g, c)
                in sorted(history.figures.items()) if fig != figures.STOCK and (n or g or c)]
    stock_rows = [(day, site, key, n, g) for (fig, site, day, key), (n, g, _)
                  in sorted(history.figures.items()) if fig == figures.STOCK and (n or g)]
    for loader in loaders:
        loader.write("items", ITEM_COLUMNS, item_rows)
        loader.write("daily_figures", ("day", "site_id", "figure", "key", "n", "grams",
                                       "cents"), fig_rows)
        loader.write("daily_stock", ("day", "site_id", "state", "n", "grams"), stock_rows)
        loader.analyze()
        loader.close()
    return ITEMS, n_events, time.perf_counter() - started


def _timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def measure(db: Database, name: str) -> None:
    """Median of the maintained year document against one full recomputation."""
    kw: dict[str, Any] = dict(centre="bench", categories=CATEGORIES, now=datetime.now(UTC))

    def maintained(site: str | None = None) -> dict[str, Any]:
        with db.read(snapshot=True) as conn:
            return monitor.document(conn, *YEAR, site, **kw)

    first_s, doc = _timed(maintained)
    runs = [_timed(maintained)[0] for _ in range(RUNS)]
    site_runs = [_timed(lambda: maintained("zuid"))[0] for _ in range(RUNS)]
    with db.read(snapshot=True) as conn:
        recompute_s, again = _timed(lambda: monitor.recomputed_document(conn, *YEAR, None, **kw))
    assert {k: v for k, v in doc.items() if k != "generated_at"} == {
        k: v for k, v in again.items() if k != "generated_at"}, "maintained != recomputed"
    median = statistics.median(runs)
    print(f"{name:10} year document from maintained figures: median {median * 1000:6.1f} ms "
          f"(first {first_s * 1000:.1f} ms, one site {statistics.median(site_runs) * 1000:.1f}"
          f" ms; target < {TARGET_MS} ms)")
    print(f"{name:10} full recomputation from the events:  {recompute_s:8.1f} s   "
          f"ratio {recompute_s / median:,.0f}x (target >= {TARGET_RATIO}x); documents equal")
    print(f"{name:10} the year: {doc['inflow']['items']:,} items in, "
          f"{doc['outflow']['sold']['items']:,} sold, reuse rate {doc['reuse_rate']}, "
          f"lead time median {doc['lead_time_days']['median']} d")
    mb = doc["mass_balance"]
    print(f"{name:10} mass balance: {mb['in_kg']:,.0f} kg in, out {mb['out_kg']}, "
          f"{sum(len(s) for s in mb['by_partner'].values())} partner streams, stock change "
          f"{mb['stock_change_kg']:,.0f} kg, unaccounted {mb['unaccounted_kg']:,.0f} kg, "
          f"reuse rate by mass {mb['reuse_rate_mass']}")


def _prepare(url: str) -> Database:
    db = Database(url)
    db.migrate()
    with db.write() as conn:
        for site in SITES:
            stations.add_site(conn, site, "Utrecht", None, datetime.now(UTC))
    return db


def import_denmark(folder: Path) -> None:
    """`ambacht import ords` on the real file, as a user runs it (process start included)."""
    if not DENMARK.is_file():
        print("ORDS import: ../shared/data/ords not found, skipped")
        return
    url = f"sqlite:///{folder / 'ords.db'}"
    env = {**os.environ, "AMBACHT_DATABASE_URL": url}
    cli = [sys.executable, "-m", "tracker"]
    subprocess.run([*cli, "site", "add", "rc", "--municipality", "Aarhus"], env=env,
                   check=True, capture_output=True)
    took, done = _timed(lambda: subprocess.run([*cli, "import", "ords", str(DENMARK)], env=env,
                                               capture_output=True, text=True))
    assert done.returncode == 0, done.stderr
    again, _ = _timed(lambda: subprocess.run([*cli, "import", "ords", str(DENMARK)], env=env,
                                             capture_output=True, text=True))
    print(f"ORDS import of {DENMARK.name} (29,929 rows), SQLite: {took:.2f} s "
          f"(target < {IMPORT_TARGET_S} s; {done.stdout.strip().split(': ', 1)[1]}); "
          f"again: {again:.2f} s, adds nothing")


def _backends(stack: ExitStack, folder: Path) -> Iterator[tuple[str, str]]:
    for name in BACKENDS:
        if name == "sqlite":
            yield name, f"sqlite:///{folder / 'monitor.db'}"
        elif name == "postgresql":
            from tests.support.services import postgresql

            yield name, stack.enter_context(postgresql(folder / "pg")).url


def run() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ambacht-bench-monitor-"))
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, True)  # gigabytes: gone when done
        import_denmark(folder)
        dbs = [(name, _prepare(url)) for name, url in _backends(stack, folder)]
        n_items, n_events, took = generate([db for _, db in dbs])
        print(f"generated {n_items:,} items and {n_events:,} events over {DAYS} days, "
              f"{len(SITES)} sites, into {', '.join(n for n, _ in dbs)} in {took:.0f} s")
        for name, db in dbs:
            measure(db, name)
            db.dispose()
