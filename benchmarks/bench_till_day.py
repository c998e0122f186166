"""The Z-report of a busy till's day: 2,000 sales, each with discounts and a split payment, and
some refunds, on SQLite (the till's own server).

Target (issue 19): the Z-report of a day with 2,000 sales in under 200 ms. It is computed from
the day's events when the day closes (and kept in its till_closed event), so its cost is
reading and folding the day's sales; the baseline, in the same process, is reading the same
rows without folding them (what no report can avoid).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from tracker.domain import till
from tracker.domain.events import Line
from tracker.domain.till_day import Day
from tracker.services import intake, prepare, sales, stations, till_days
from tracker.services.context import Actor, Tx, utc_now
from tracker.store import till_days as stored
from tracker.store.database import Database

SALES = 2000
REFUND_EVERY = 50  # one sale in fifty comes back
RUNS = 7  # each figure is the median of this many
TARGET_MS = 200


def _seed(db: Database) -> None:
    """A till's day: 2,000 sales of an item (10% stadspas) and often a line by weight, € 0,50
    off the receipt, € 1 by card and the rest in cash; every fiftieth refunded."""
    now = utc_now()
    with db.write() as conn:
        stations.add_site(conn, "winkel", "Zwolle", None, now)
        stations.add_station(conn, "kassa", "till", "winkel", now)
        admin = Tx.on(conn, Actor("bench", "admin", "winkel"), now)
        codes = []
        for _ in range(SALES):
            item = intake.collect(admin, "kleingoed", 1200)
            prepare.inspect(admin, item.code, "sellable", 650)
            codes.append(item.code)
        admin.commit()
        tx = Tx.on(conn, Actor("kassa", "till", "winkel"), now)
        till_days.open_day(tx, 10_000)
        for n, code in enumerate(codes):
            lines = [Line("boeken", 1500, 199)] if n % 3 == 0 else []
            sale = sales.sell(
                tx, [code], lines, None,
                discounts=[till.Discount(0, "stadspas", pct=Decimal(10)),
                           till.Discount(None, "vrijwilliger", cents=50)],
                payments=[("pin", 100), ("cash", 2000)], till_day=till_days.book(tx, False))
            tx.commit()  # the refund reads the sale back
            if n % REFUND_EVERY == 0:
                sales.refund(tx, sale.sale_id, [code], None, "cash",
                             till_day=till_days.book(tx, False))
        tx.commit()


def _median_ms(fn: object) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ambacht-bench-day-"))
    db = Database(f"sqlite:///{folder / 'bench.db'}")
    db.migrate()
    _seed(db)
    with db.read() as conn:
        state = stored.state(conn, "kassa")
        assert state is not None

        def rows() -> int:
            return sum(1 for _ in conn.execute(stored._BOOKED, {"since": state.since_id,
                                                                "station": "kassa"}))

        def report() -> Day:
            return till_days.day(conn, "kassa", state.day)

        day = report()
        assert day.totals.sales == SALES and day.totals.refunds == SALES // REFUND_EVERY
        base, z = _median_ms(rows), _median_ms(report)
    with db.write() as conn:  # the close itself: the same fold, and the day kept
        tx = Tx.on(conn, Actor("kassa", "till", "winkel"), utc_now())
        start = time.perf_counter()
        closed = till_days.close_day(tx, day.expected_cents)
        tx.commit()
        close_ms = (time.perf_counter() - start) * 1000
    db.dispose()
    assert closed.difference_cents == 0
    print(f"a till's day: {SALES} sales (discounts, split payments), "
          f"{SALES // REFUND_EVERY} refunds; SQLite; median of {RUNS}")
    print(f"reading the day's rows (baseline)   {base:7.1f} ms")
    print(f"Z-report of the day                 {z:7.1f} ms   (target < {TARGET_MS} ms; "
          f"{z / base:.1f}x the baseline)")
    print(f"closing the day (Z-report kept)     {close_ms:7.1f} ms")
