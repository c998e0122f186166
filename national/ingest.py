"""Feeds over MQTT: `ambacht/{centre}/monitor/{YYYY-MM}`, retained, as the tracker's feed
publishes them (tracker/feed/transports.py), arriving over a bridge. The topic's centre says
who sent it (the broker's ACL lets each centre write only its own topics); a document is
acknowledged (PUBACK) only after its commit, so a receiver killed meanwhile gets it again."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import paho.mqtt.client as mqtt
import sqlalchemy as sa
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from gateway.broker_url import BrokerUrl
from national import services
from national.api import parse_body
from national.domain.documents import MONTH
from tracker.domain.errors import DomainError
from tracker.store.database import Database

log = logging.getLogger("ambacht.national.ingest")

TOPIC = "ambacht/+/monitor/+"
# The broker keeps our session (and queues documents) while the receiver is down this long:
# longer than a long weekend.
SESSION_EXPIRY_S = 4 * 24 * 3600
KEEPALIVE_S = 30
RECONNECT_MIN_S, RECONNECT_MAX_S = 1, 30
MAX_PAYLOAD = 1_000_000  # as the HTTP side's body limit
# The database is away: wait and try the same document again; if it stays away longer than
# the broker's keepalive allows, the connection drops and the broker sends it again anyway.
DATABASE_RETRY_S = 2.0
DATABASE_AWAY = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError,
                 sa.exc.DisconnectionError)


def topic_parts(topic: str) -> tuple[str, str] | None:
    """(centre, month) of a feed topic, or None when it is not one."""
    parts = topic.split("/")
    if len(parts) != 4 or parts[0] != "ambacht" or parts[2] != "monitor":
        return None
    if not parts[1] or not MONTH.match(parts[3]):
        return None
    return parts[1], parts[3]


class FeedSubscriber:
    """Stores every valid document that arrives; refusals are logged and counted."""

    def __init__(self, db: Database, broker_url: str, client_id: str,
                 clock: Callable[[], datetime]) -> None:
        self.db, self.clock = db, clock
        self.broker = BrokerUrl.parse(broker_url)
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id,
                                  protocol=mqtt.MQTTv5)
        if self.broker.username:
            self.client.username_pw_set(self.broker.username, self.broker.password)
        if self.broker.tls:
            self.client.tls_set()
        self.client.manual_ack_set(True)  # PUBACK only after our commit
        self.client.reconnect_delay_set(RECONNECT_MIN_S, RECONNECT_MAX_S)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.stored = self.ignored = self.refused = 0
        self.subscribed = threading.Event()
        self._stopping = False

    def state(self) -> dict[str, Any]:
        """For the health answer: connected, and what came in since the start."""
        return {"mqtt": "connected" if self.client.is_connected() else "disconnected",
                "mqtt_stored": self.stored, "mqtt_refused": self.refused}

    def start(self) -> None:
        props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        props.SessionExpiryInterval = SESSION_EXPIRY_S
        self.client.connect_async(self.broker.host, self.broker.port, KEEPALIVE_S,
                                  clean_start=False, properties=props)
        self.client.loop_start()

    def stop(self) -> None:
        self._stopping = True
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.error("MQTT broker refused the national receiver: %s", reason)
            return
        # retainHandling 1: the retained documents only on a new subscription, not again at
        # every reconnect of the persistent session
        client.subscribe(TOPIC, options=SubscribeOptions(qos=1, retainHandling=1))
        self.subscribed.set()
        log.info("MQTT: subscribed to %s at %s", TOPIC, self.broker)

    def _on_message(self, client: mqtt.Client, _u: Any, msg: mqtt.MQTTMessage) -> None:
        while True:
            try:
                self.handle(msg.topic, bytes(msg.payload))
                break
            except DATABASE_AWAY as exc:  # the same document again until it is stored
                log.warning("MQTT %s: database away (%s); trying again", msg.topic, exc)
                if self._stopping:
                    return  # not acknowledged: the broker sends it again next time
                time.sleep(DATABASE_RETRY_S)
            except Exception:  # never into paho's thread; a document we cannot take is dropped
                self.refused += 1
                log.exception("MQTT %s: refused", msg.topic)
                break
        if msg.qos:
            client.ack(msg.mid, msg.qos)

    def handle(self, topic: str, payload: bytes) -> bool:
        """Take one message; True when it was stored (a higher revision)."""
        parts = topic_parts(topic)
        if parts is None or not payload:  # an empty retained message clears a topic
            return False
        centre, month = parts
        try:
            if len(payload) > MAX_PAYLOAD:
                raise DomainError("te groot", en="too large")
            doc = parse_body(payload)
            if isinstance(doc, dict) and str(doc.get("from", ""))[:7] != month:
                raise DomainError("de maand van het onderwerp en die van het document "
                                  "verschillen", en="the topic's month and the document's "
                                  "differ")
            with self.db.write() as conn:
                got = services.receive(conn, centre, doc, "mqtt", self.clock())
        except DomainError as exc:
            self.refused += 1
            log.warning("MQTT %s refused: %s", topic, exc.detail_en or exc.detail)
            return False
        if got.stored:
            self.stored += 1
            log.info("MQTT: %s %s r%d stored", centre, month, got.revision)
        else:
            self.ignored += 1
        return got.stored
