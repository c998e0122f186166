"""On a real broker, the real gateway, tracker and feed publish what docs/asyncapi.yaml says:
its topics, with its QoS and retain flags, and payloads that fit its schemas."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
import sqlalchemy as sa
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.subscribeoptions import SubscribeOptions

from gateway.simulator import virtual_port
from tests.integration.gateway.support import gateway_config, playing, running_gateway
from tests.support import asyncapi
from tests.support.services import Mosquitto, wait_until
from tests.support.tracker import make_tracker
from tracker.feed.transports import MqttReceiver
from tracker.feed.worker import FeedWorker
from tracker.store import tables as t

pytestmark = pytest.mark.mosquitto

CENTRE = "docs-test"  # other tests on the session broker use other centres
SCALE = "docs-1"


@dataclass(frozen=True)
class Seen:
    topic: str
    qos: int
    retain: bool
    payload: bytes


class Observer:
    """Subscribes to everything of the centre at QoS 2 with retain-as-published (MQTT 5), so
    each message arrives with the QoS and retain flag its publisher used."""

    def __init__(self, port: int) -> None:
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="docs-observer",
                                  protocol=mqtt.MQTTv5)
        self.client.on_message = self._on_message
        self.client.on_subscribe = lambda *_: self._subscribed.set()
        self.client.connect("127.0.0.1", port)
        self.client.subscribe(f"ambacht/{CENTRE}/#",
                              options=SubscribeOptions(qos=2, retainAsPublished=True))
        self.client.loop_start()
        assert self._subscribed.wait(10)

    def _on_message(self, _c: Any, _u: Any, msg: mqtt.MQTTMessage) -> None:
        with self._lock:
            self.seen.append(Seen(msg.topic, msg.qos, bool(msg.retain), bytes(msg.payload)))

    def channels(self) -> set[str | None]:
        with self._lock:
            return {asyncapi.channel_of(s.topic) for s in self.seen}

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def observer(broker: Mosquitto) -> Iterator[Observer]:
    seen = Observer(broker.port)
    yield seen
    seen.close()


def test_gateway_tracker_and_feed_publish_what_the_document_says(
        broker: Mosquitto, observer: Observer, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ambacht.db'}"
    running = contextlib.contextmanager(make_tracker)
    with running(url, mqtt_url=broker.url, mqtt_ingest=True, centre=CENTRE) as tracker:
        ingest = tracker.svc.ingest
        assert ingest is not None and wait_until(lambda: ingest.connected)
        with virtual_port() as (port, path):
            config = gateway_config(path, "st-gs", SCALE, broker.port, tmp_path / "o.sqlite",
                                    centre=CENTRE)
            with running_gateway(config), playing(port, "st-gs", [Decimal("12.34")]):
                # stored by the tracker, which subscribed where the document says
                assert wait_until(lambda: {"weighing", "live", "status", "ack"}
                                  <= observer.channels(), 30)
        with tracker.db.read() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(t.weighings)).scalar()
        feed = FeedWorker(tracker.db, {"mqtt": MqttReceiver(broker.url, CENTRE)}, centre=CENTRE,
                          categories=tracker.svc.categories, clock=tracker.svc.clock)
        assert feed.tick() == 1
        assert wait_until(lambda: "monitor" in observer.channels())
    wrong = []
    for seen in observer.seen:
        channel = asyncapi.channel_of(seen.topic)
        if channel is None:
            wrong.append(f"{seen.topic}: no channel of the document")
            continue
        if (seen.qos, seen.retain) != asyncapi.sent_with(channel):
            wrong.append(f"{seen.topic}: QoS {seen.qos}, retain {seen.retain}")
        wrong += [f"{seen.topic}: {e}" for e in asyncapi.errors(channel, json.loads(seen.payload))]
    assert wrong == []
    assert observer.channels() == set(asyncapi.document()["channels"])
