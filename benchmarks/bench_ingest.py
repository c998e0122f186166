"""Sustained MQTT ingest: weighings stored and acknowledged per second by the tracker, against a
bare paho subscriber receiving the same stream from the same broker (target: >= 50%)."""

from __future__ import annotations

import json
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from tests.support import services
from tracker.ingest.live import LiveBoard
from tracker.ingest.subscriber import Ingest
from tracker.services.context import utc_now
from tracker.store.database import Database

MESSAGES = 5000
ROUNDS = 3  # bare and tracker alternate; the median round is reported (a shared machine)
CENTRE, SCALE = "bench", "s1"
ROOT = f"ambacht/{CENTRE}/scale/{SCALE}/"


def _payloads(run: str) -> list[str]:
    at = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    return [json.dumps({"id": f"{SCALE}:{run}:{i:06d}", "scale_id": SCALE, "seq": i, "at": at,
                        "clock_synced": True, "protocol": "st-gs", "gross_kg": 12.34,
                        "tare_kg": 0, "net_kg": 12.34, "stable": True, "status": "ok",
                        "raw": "ST,GS,+0012.34kg"}) for i in range(1, MESSAGES + 1)]


def _publish(port: int, payloads: list[str]) -> None:
    pub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{time.time_ns()}")
    pub.max_inflight_messages_set(100)
    pub.max_queued_messages_set(0)
    pub.connect("127.0.0.1", port)
    pub.loop_start()
    infos = [pub.publish(ROOT + "weighing", p, qos=1) for p in payloads]
    for info in infos:
        info.wait_for_publish(60)
    pub.loop_stop()
    pub.disconnect()


def _bare(port: int) -> float:
    """Messages per second a bare QoS 1 subscriber receives."""
    got = threading.Event()
    count = [0]

    def on_message(*_: object) -> None:
        count[0] += 1
        if count[0] == MESSAGES:
            got.set()

    sub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-bare-{time.time_ns()}")
    sub.on_message = on_message
    sub.connect("127.0.0.1", port)
    sub.subscribe(ROOT + "weighing", qos=1)
    sub.loop_start()
    time.sleep(0.5)
    started = time.perf_counter()
    _publish(port, _payloads(f"bare{time.time_ns() % 10**6}"))
    got.wait(120)
    elapsed = time.perf_counter() - started
    sub.loop_stop()
    sub.disconnect()
    return count[0] / elapsed


def _tracker(port: int, db: Database) -> float:
    """Weighings per second stored and acknowledged (`.../ack` seen by a gateway-side client)."""
    acked: set[str] = set()
    done = threading.Event()

    def on_ack(_c: object, _u: object, msg: mqtt.MQTTMessage) -> None:
        acked.update(json.loads(msg.payload)["ids"])
        if len(acked) >= MESSAGES:
            done.set()

    gw = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-gw-{time.time_ns()}")
    gw.on_message = on_ack
    gw.connect("127.0.0.1", port)
    gw.subscribe(ROOT + "ack", qos=1)
    gw.loop_start()
    ingest = Ingest(db, f"mqtt://127.0.0.1:{port}", CENTRE, LiveBoard(), utc_now,
                    client_id=f"bench-tracker-{time.time_ns() % 10**9}")
    ingest.start()
    while not ingest.connected:
        time.sleep(0.05)
    time.sleep(0.5)
    started = time.perf_counter()
    _publish(port, _payloads(f"trk{time.time_ns() % 10**6}"))
    done.wait(300)
    elapsed = time.perf_counter() - started
    ingest.stop()
    gw.loop_stop()
    gw.disconnect()
    return len(acked) / elapsed


def run() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ambacht-bench-ingest-"))
    print(f"{MESSAGES} QoS 1 weighings published as fast as a paho client can; a fresh "
          "Mosquitto per backend")
    with services.postgresql(folder / "pg") as pg_url:
        for name, url in [("SQLite", f"sqlite:///{folder / 'ingest.db'}"),
                          ("PostgreSQL", pg_url)]:
            # a fresh broker each time: the tracker's persistent session must not linger
            rounds = []
            for r in range(ROUNDS):
                with services.mosquitto(folder / f"mq-{name}-{r}") as broker:
                    db = Database(url)
                    db.migrate()
                    bare = _bare(broker.port)
                    stored = _tracker(broker.port, db)
                    db.dispose()
                rounds.append((stored / bare, bare, stored))
            ratio, bare, stored = sorted(rounds)[len(rounds) // 2]
            print(f"{name:10}  bare paho subscriber {bare:8.0f} msg/s   tracker stored+acked "
                  f"{stored:8.0f} weighings/s   ratio {ratio:4.2f} (target >= 0.50; median of "
                  f"{ROUNDS}, all: {', '.join(f'{x[0]:.2f}' for x in sorted(rounds))})")
