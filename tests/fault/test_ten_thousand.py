"""Issue 4's promise, at volume: 10,000 weighings from the real gateway on a pty through a real
Mosquitto (persistence on) into the real tracker process, while things break. Checked as sets:
ids the gateway produced = ids the tracker stored, no extras, no duplicates."""

import contextlib
import random
import sqlite3
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from gateway.scale_frames import ScaleState
from gateway.simulator import play, virtual_port
from tests.fault.test_scale_to_tracker import TrackerProcess
from tests.integration.gateway.support import (
    gateway_args,
    gateway_config,
    gateway_process,
    outbox_rows,
)
from tests.support.services import Mosquitto, free_port, wait_until
from tracker.store import tables as t
from tracker.store.database import Database

WEIGHINGS = 10_000
FRAMES_PER_S = 500  # each frame a stable reading 10 divisions from the last: one weighing
SETTLE_S = 180  # time allowed to drain the backlog after the stream on a loaded CI machine


def alternating(n: int) -> list[ScaleState]:
    """Stable readings that alternate by 0.10 kg: every one after the first is a weighing."""
    return [ScaleState(Decimal("10.00") if i % 2 else Decimal("10.10"), True)
            for i in range(n)]


def produced(outbox: Path, scale: str) -> set[str]:
    with contextlib.closing(sqlite3.connect(outbox)) as db:
        epoch = db.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()[0]
        # the newest weighing stays in the outbox (acknowledged: as the marker of its seq)
        newest = db.execute("SELECT MAX(seq) FROM weighing").fetchone()[0] or 0
    return {f"{scale}:{epoch}:{seq:06d}" for seq in range(1, newest + 1)}


def _settled(read, quiet_s: float = 2.0):
    """Read until the value stops changing for `quiet_s`."""
    last = read()
    while True:
        time.sleep(quiet_s)
        now = read()
        if now == last:
            return now
        last = now


def stored(db: Database, scale: str) -> list[str]:
    with db.read() as conn:
        return list(conn.execute(sa.select(t.weighings.c.id).where(
            t.weighings.c.scale_id == scale)).scalars())


def stream_with(tmp_path: Path, scale: str, during) -> None:
    broker = Mosquitto(tmp_path / "mq", free_port())
    broker.folder.mkdir()
    broker.start()
    db_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    db = Database(db_url)
    db.migrate()
    tracker = TrackerProcess(db_url, broker.url, tmp_path / "tracker.log")
    outbox = tmp_path / "outbox.sqlite"
    try:
        with virtual_port() as (port, path):
            config = gateway_config(path, "st-gs", scale, broker.port, outbox)
            log = tmp_path / "gw.log"
            with gateway_process(gateway_args(config), log):
                # frames written before the gateway opens the port are flushed with the
                # port's input buffer: that is the scale talking to nobody, not a lost weighing
                assert wait_until(lambda: "open" in log.read_text(), 30)
                time.sleep(0.5)
                stop = threading.Event()
                scale_thread = threading.Thread(
                    target=play, args=(port, "st-gs", alternating(WEIGHINGS + 2)),
                    kwargs={"rate_hz": FRAMES_PER_S, "stop": stop}, daemon=True)
                scale_thread.start()
                during(tracker, broker, scale_thread)
                scale_thread.join()
                if tracker.proc is None or tracker.proc.poll() is not None:
                    tracker.start()
                made = _settled(lambda: produced(outbox, scale))  # the gateway catches up
                assert len(made) >= WEIGHINGS - 1, len(made)
                assert wait_until(lambda: len(stored(db, scale)) >= len(made), SETTLE_S), \
                    (len(stored(db, scale)), len(made))
                assert wait_until(lambda: outbox_rows(outbox) == 0, SETTLE_S)
        ids = stored(db, scale)
        assert len(ids) == len(set(ids)), "a weighing was stored twice"
        assert set(ids) == produced(outbox, scale), "ids produced != ids stored"
    finally:
        tracker.stop()
        broker.stop()
        db.dispose()


@pytest.mark.timeout(600)
def test_tracker_sigkilled_at_random_moments(tmp_path):
    rnd = random.Random(4)

    def during(tracker, broker, scale):
        tracker.start()
        while scale.is_alive():
            time.sleep(rnd.uniform(1.0, 4.0))
            tracker.kill()
            time.sleep(rnd.uniform(0.2, 1.5))
            tracker.start()

    stream_with(tmp_path, "kill-tracker", during)


@pytest.mark.timeout(600)
def test_broker_restarted_during_the_stream(tmp_path):
    rnd = random.Random(5)

    def during(tracker, broker, scale):
        tracker.start()
        while scale.is_alive():
            time.sleep(rnd.uniform(2.0, 5.0))
            broker.stop(kill=rnd.random() < 0.5)
            time.sleep(rnd.uniform(0.2, 1.5))
            broker.start()

    stream_with(tmp_path, "restart-broker", during)


@pytest.mark.timeout(600)
def test_tracker_down_for_the_whole_stream(tmp_path):
    def during(tracker, broker, scale):
        scale.join()  # the tracker only starts afterwards (in stream_with)
        time.sleep(1)

    stream_with(tmp_path, "tracker-late", during)
