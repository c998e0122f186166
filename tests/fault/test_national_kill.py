"""The national receiver SIGKILLed at random moments while 50 centres push a year of months
and revisions, each through the tracker's own HTTP feed transport and retrying a document
until it is acknowledged, in order, as the feed's outbox does: at the end the receiver holds
exactly the highest revision of every centre-month, and its totals equal a recomputation."""

from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path

import pytest

from national import services, store, summary
from tests.support.national import document
from tests.support.receiver import NOW, start
from tests.support.services import free_port, stop_process, wait_for_port
from tracker.feed.transports import HttpReceiver
from tracker.services.feed import DeliveryFailed, Document
from tracker.store.database import Database

CENTRES = 50
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
PUSHERS = 10  # threads, each pushing five centres' documents one after another
RETRY_S = 0.05  # the feed waits longer; the test wants many documents across each kill
KILL_EVERY_S = (0.5, 3.0)  # the receiver lives this long between kills (random)
MIN_KILLS = 4


def _kg(centre: int, month: str, revision: int) -> float:
    """A different inflow for every centre, month and revision, to tell them apart."""
    return round(centre * 10 + int(month[5:]) + revision / 1000, 3)


def _plan(rng: random.Random) -> dict[int, list[dict[str, object]]]:
    """Each centre's documents in the order its outbox sends them: month by month, one to
    two revisions each, now and then a revised final of an earlier month."""
    plan: dict[int, list[dict[str, object]]] = {}
    for c in range(CENTRES):
        docs, latest = [], {}
        for month in MONTHS:
            for _ in range(rng.randint(1, 2)):
                latest[month] = latest.get(month, 0) + 1
                docs.append(document(f"c{c:02d}", month, latest[month],
                                     inflow_kg=_kg(c, month, latest[month])))
            if rng.random() < 0.2:  # a correction of an earlier closed month
                earlier = rng.choice(list(latest))
                latest[earlier] += 1
                docs.append(document(f"c{c:02d}", earlier, latest[earlier],
                                     inflow_kg=_kg(c, earlier, latest[earlier])))
        plan[c] = docs
    return plan


def _push(url: str, tokens: dict[int, str], centres: list[int],
          plan: dict[int, list[dict[str, object]]], sent: list[int]) -> None:
    for c in centres:
        send = HttpReceiver(url, tokens[c], f"c{c:02d}", timeout_s=5)
        for doc in plan[c]:
            body = Document(0, "http", str(doc["from"])[:7], int(doc["revision"]),  # type: ignore[call-overload]
                            True, json.dumps(doc))
            while True:
                try:
                    send(body)
                    break
                except DeliveryFailed:
                    time.sleep(RETRY_S)
            sent[0] += 1


@pytest.mark.timeout(600)
def test_kill_9_at_random_moments_loses_and_doubles_nothing(db_url: str,
                                                            tmp_path: Path) -> None:
    rng = random.Random(22)
    plan = _plan(rng)
    db = Database(db_url)
    store.migrate(db)
    tokens = {}
    with db.write() as conn:
        for c in range(CENTRES):
            tokens[c] = services.add_centre(conn, f"c{c:02d}", f"Centrum {c}", f"Gemeente {c}",
                                            ("Utrecht", "Gelderland", "Zeeland")[c % 3], NOW)
    port = free_port()
    url = f"http://127.0.0.1:{port}/national/api/monitor"
    process = start(db_url, port)
    sent = [0]
    pushers = [threading.Thread(target=_push, args=(url, tokens, list(range(i, CENTRES,
                                                                            PUSHERS)),
                                                    plan, sent), daemon=True)
               for i in range(PUSHERS)]
    for p in pushers:
        p.start()
    kills = 0
    try:
        while any(p.is_alive() for p in pushers) or kills < MIN_KILLS:
            time.sleep(rng.uniform(*KILL_EVERY_S))
            stop_process(process, kill=True)
            kills += 1
            process = start(db_url, port)
            if kills > 200:
                pytest.fail(f"pushers still busy after {kills} kills ({sent[0]} sent)")
        for p in pushers:
            p.join(120)
        wait_for_port(port)
    finally:
        stop_process(process)
    total = sum(len(d) for d in plan.values())
    print(f"{total} documents, {kills} kills")
    assert sent[0] == total and kills >= MIN_KILLS
    highest = {}
    for docs in plan.values():
        for doc in docs:
            key = (str(doc["centre"]), str(doc["from"])[:7])
            highest[key] = max(highest.get(key, 0), int(doc["revision"]))  # type: ignore[call-overload]
    with db.read() as conn:
        held = {(r.centre_id, r.month): (r.revision, store.figures_of(r)["inflow/kg"])
                for r in store.report_rows(conn, None, None)}
        totals = summary.summary(conn, MONTHS[0], MONTHS[-1])["figures"]
        again = summary.recomputed(conn, MONTHS[0], MONTHS[-1])
    assert {k: v[0] for k, v in held.items()} == highest
    assert all(v[1] == round(_kg(int(k[0][1:]), k[1], v[0]) * 1_000_000)
               for k, v in held.items())
    assert totals == again
    db.dispose()
