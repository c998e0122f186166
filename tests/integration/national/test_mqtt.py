"""Feeds over MQTT with a real Mosquitto: published by the tracker's own feed transport
(retained, QoS 1, ambacht/{centre}/monitor/{YYYY-MM}) and taken by the receiver's subscriber."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from gateway.broker_url import BrokerUrl
from national.ingest import FeedSubscriber
from tests.support import services as running
from tests.support.national import document
from tests.support.receiver import Receiver, make_receiver
from tracker.feed.transports import MqttReceiver
from tracker.services.feed import Document

pytestmark = pytest.mark.mosquitto


def _send(broker_url: str, topic_centre: str, doc: dict[str, Any],
          month: str | None = None) -> None:
    """Publish on the topic's centre as its tracker does (the feed's own transport)."""
    month = month or doc["from"][:7]
    body = Document(0, "mqtt", month, doc["revision"], doc["final"], json.dumps(doc))
    MqttReceiver(broker_url, topic_centre)(body)


def _clear(broker_url: str, topics: list[str]) -> None:
    """Take this test's retained documents off the session's broker."""
    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    broker = BrokerUrl.parse(broker_url)
    client.connect(broker.host, broker.port)
    client.loop_start()
    for topic in topics:
        client.publish(topic, b"", qos=1, retain=True).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()


@pytest.fixture
def receiver(db_url: str) -> Iterator[Receiver]:
    yield from make_receiver(db_url)


def _subscriber(r: Receiver, broker: running.Mosquitto, name: str) -> FeedSubscriber:
    sub = FeedSubscriber(r.db, broker.url, name, lambda: datetime.now(UTC))
    sub.start()
    assert sub.subscribed.wait(10)
    return sub


@pytest.fixture
def own_broker(tmp_path) -> Iterator[running.Mosquitto]:  # noqa: ANN001
    """A broker of this test alone: other tests leave retained documents of their own centres
    on the session's broker (the feed's tests: `ambacht/demo/monitor/...`), which this
    subscriber would count as refused."""
    with running.mosquitto(tmp_path / "broker") as broker:
        yield broker


def test_documents_over_mqtt_are_stored_by_revision_and_strangers_refused(
        receiver: Receiver, own_broker: running.Mosquitto) -> None:
    broker = own_broker
    # retained documents outlive a test on the session's broker: names of this test's own
    run = uuid.uuid4().hex[:8]
    noord, zuid, stranger = f"noord-{run}", f"zuid-{run}", f"onbekend-{run}"
    receiver.add_centre(noord, province="Utrecht")
    receiver.add_centre(zuid, province="Zeeland")
    # retained before the receiver ever subscribed: it arrives on the first subscription
    _send(broker.url, noord, document(noord, "2025-01", 1, inflow_kg=10.0))
    sub = _subscriber(receiver, broker, f"national-{run}")
    try:
        _send(broker.url, noord, document(noord, "2025-02", 2, inflow_kg=20.0))
        _send(broker.url, noord, document(noord, "2025-02", 1, inflow_kg=99.0))
        # another centre's topic naming noord, an unknown centre, a month that is not the
        # topic's, and a document that does not validate: all refused, none stored
        _send(broker.url, zuid, document(noord, "2025-03", 5))
        _send(broker.url, stranger, document(stranger, "2025-03", 1))
        _send(broker.url, zuid, document(zuid, "2025-03", 1), month="2025-04")
        bad = document(zuid, "2025-05", 1)
        del bad["stock"]
        _send(broker.url, zuid, bad)
        _send(broker.url, zuid, document(zuid, "2025-06", 1, inflow_kg=5.0))
        assert running.wait_until(lambda: sub.stored == 3 and sub.refused == 4
                                  and sub.ignored == 1), (sub.stored, sub.refused, sub.ignored)
    finally:
        sub.stop()
        _clear(broker.url, [f"ambacht/{c}/monitor/{m}" for c in (noord, zuid, stranger)
                            for m in ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05",
                                      "2025-06")])
    groups = receiver.summary(**{"from": "2025-01", "to": "2025-06"}, per="month")["groups"]
    assert groups["2025-01"]["inflow"]["kg"] == 10
    assert groups["2025-02"]["inflow"]["kg"] == 20  # revision 2 held; the late 1 ignored
    assert set(groups) == {"2025-01", "2025-02", "2025-06"}
    rows = csv.DictReader(io.StringIO(receiver.client.get("/national/api/export.csv").text))
    assert sorted((r["centre"], r["month"], r["revision"]) for r in rows) == [
        (noord, "2025-01", "1"), (noord, "2025-02", "2"), (zuid, "2025-06", "1")]
