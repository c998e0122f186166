"""The whole chain under faults: scale → real gateway → Mosquitto → real tracker process.

Every weighing the scale makes is stored by the tracker exactly once and leaves the gateway's
outbox, although the tracker is SIGKILLed, or the broker is SIGKILLed, in the middle.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from gateway.simulator import virtual_port
from tests.integration.gateway.support import (
    gateway_args,
    gateway_config,
    gateway_process,
    items_for,
    outbox_rows,
    playing,
)
from tests.support.services import Mosquitto, free_port, wait_for_port, wait_until
from tracker.store import tables as t
from tracker.store.database import Database

CENTRE = "test"


class TrackerProcess:
    """`ambacht serve` that can be SIGKILLed and started again on the same database."""

    def __init__(self, db_url: str, broker_url: str, log: Path) -> None:
        self.env = {**os.environ, "AMBACHT_DATABASE_URL": db_url, "AMBACHT_MQTT_URL": broker_url,
                    "AMBACHT_CENTRE": CENTRE}
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        port = free_port()
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "tracker", "serve", "--port",
                                          str(port)], env=self.env, stdout=out, stderr=out)
        wait_for_port(port, 30)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def stored(db: Database, scale: str) -> list[tuple[str, str]]:
    with db.read() as conn:
        return [(r.id, r.net_kg) for r in conn.execute(
            sa.select(t.weighings).where(t.weighings.c.scale_id == scale))]


def run_chain(tmp_path: Path, db_url: str, scale: str, fault) -> None:
    broker = Mosquitto(tmp_path / "mq", free_port())
    broker.folder.mkdir()
    broker.start()
    db = Database(db_url)
    db.migrate()
    tracker = TrackerProcess(db_url, broker.url, tmp_path / "tracker.log")
    tracker.start()
    outbox = tmp_path / "outbox.sqlite"
    items = items_for(8)
    try:
        with virtual_port() as (port, path):
            config = gateway_config(path, "st-gs", scale, broker.port, outbox)
            with (gateway_process(gateway_args(config), tmp_path / "gw.log"),
                  playing(port, "st-gs", items) as scale_thread):
                assert wait_until(lambda: len(stored(db, scale)) >= 2, 60)
                fault(tracker, broker)
                scale_thread.join(60)
                assert wait_until(lambda: len(stored(db, scale)) >= len(items), 60), \
                    stored(db, scale)
                assert wait_until(lambda: outbox_rows(outbox) == 0, 60)
        rows = stored(db, scale)
        assert len(rows) == len({i for i, _ in rows}) == len(items)  # each exactly once
        assert [n for _, n in sorted(rows)] == [format(i, "f") for i in items]
    finally:
        tracker.stop()
        broker.stop()
        db.dispose()


def test_tracker_sigkilled_mid_stream(tmp_path):
    def fault(tracker, broker):
        tracker.kill()
        time.sleep(2)  # the scale goes on weighing; the broker keeps the tracker's queue
        tracker.start()

    run_chain(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", "kill-tracker", fault)


def test_broker_sigkilled_mid_stream(tmp_path):
    def fault(tracker, broker):
        broker.stop(kill=True)
        time.sleep(1.5)
        broker.start()

    run_chain(tmp_path, f"sqlite:///{tmp_path / 'a.db'}", "kill-broker", fault)
