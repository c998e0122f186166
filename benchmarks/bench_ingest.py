"""Sustained MQTT ingest: weighings stored and acknowledged per second by the tracker, against a
bare paho subscriber receiving the same stream from the same broker (target: >= 50%).

The stream comes from a publisher in another process (`benchmarks.mqtt_peer`, a gateway as on
its Pi); this process holds only the subscriber under test, the bare one or the tracker's.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTProtocolVersion

from benchmarks import mqtt_peer
from tests.support import services
from tracker.ingest.live import LiveBoard
from tracker.ingest.subscriber import Ingest
from tracker.services.context import utc_now
from tracker.store.database import Database

MESSAGES = 20000
ROUNDS = 3  # bare and tracker alternate; the median round is reported (a shared machine)


def _peer(port: int, run: str, acks: bool) -> subprocess.Popen[str]:
    """The publishing gateway, in a process of its own (as on its Pi): only the subscriber
    under test runs in this process, so the two are measured alike."""
    args = [sys.executable, "-m", "benchmarks.mqtt_peer", str(port), str(MESSAGES), run]
    return subprocess.Popen(args + (["--acks"] if acks else []), stdout=subprocess.PIPE,
                            text=True)


def _report(peer: subprocess.Popen[str]) -> dict[str, float]:
    out, _ = peer.communicate(timeout=600)
    report: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return report


def _bare(port: int, protocol: MQTTProtocolVersion = MQTTProtocolVersion.MQTTv5) -> float:
    """Messages per second a bare QoS 1 paho subscriber receives: by default over MQTT 5, as
    the tracker must (session expiry), since paho decodes each v5 message's properties."""
    got = threading.Event()
    count = [0]
    last = [0.0]

    def on_message(*_: object) -> None:
        count[0] += 1
        if count[0] == MESSAGES:
            last[0] = time.time()
            got.set()

    sub = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-bare-{time.time_ns()}",
                      protocol=protocol)
    sub.on_message = on_message
    sub.connect("127.0.0.1", port)
    sub.subscribe(mqtt_peer.ROOT + "weighing", qos=1)
    sub.loop_start()
    time.sleep(0.5)
    report = _report(_peer(port, f"bare{time.time_ns() % 10**9}", acks=False))
    got.wait(120)
    sub.loop_stop()
    sub.disconnect()
    return count[0] / (last[0] - report["started"])


def _tracker(port: int, db: Database) -> float:
    """Weighings per second stored, PUBACKed and acknowledged on `.../ack` (as the gateway
    sees it)."""
    ingest = Ingest(db, f"mqtt://127.0.0.1:{port}", mqtt_peer.CENTRE, LiveBoard(), utc_now,
                    client_id=f"bench-tracker-{time.time_ns() % 10**9}")
    ingest.start()
    while not ingest.connected:
        time.sleep(0.05)
    time.sleep(0.5)
    report = _report(_peer(port, f"trk{time.time_ns() % 10**9}", acks=True))
    ingest.stop()
    assert report["acked"] == MESSAGES, report
    return MESSAGES / (report["finished"] - report["started"])


def run() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ambacht-bench-ingest-"))
    gc.collect()  # as the tracker's build_app does once it has started; for both subscribers
    gc.freeze()
    print(f"{MESSAGES} QoS 1 weighings published as fast as a paho client in another process "
          "can; a fresh Mosquitto per round")
    with services.postgresql(folder / "pg") as pg:
        for name, url in [("SQLite", f"sqlite:///{folder / 'ingest.db'}"),
                          ("PostgreSQL", pg.url)]:
            # a fresh broker each time: the tracker's persistent session must not linger
            rounds = []
            for r in range(ROUNDS):
                with services.mosquitto(folder / f"mq-{name}-{r}") as broker:
                    db = Database(url)
                    db.migrate()
                    bare = _bare(broker.port)
                    bare_311 = _bare(broker.port, MQTTProtocolVersion.MQTTv311)
                    stored = _tracker(broker.port, db)
                    db.dispose()
                rounds.append((stored / bare, bare, stored, bare_311))
            ratio, bare, stored, bare_311 = sorted(rounds)[len(rounds) // 2]
            print(f"{name:10}  bare paho subscriber (MQTT 5) {bare:6.0f} msg/s   tracker stored+"
                  f"acked {stored:6.0f} weighings/s   ratio {ratio:4.2f} (target >= 0.50; median "
                  f"of {ROUNDS}, all: {', '.join(f'{x[0]:.2f}' for x in sorted(rounds))})")
            print(f"{'':10}  for reference, a bare MQTT 3.1.1 subscriber: {bare_311:6.0f} msg/s "
                  f"(tracker/that {stored / bare_311:4.2f}); the tracker needs MQTT 5 for its "
                  "session expiry")
