"""The tracker's MQTT client: stores each weighing once, then acknowledges it twice over
(PUBACK to the broker, `.../ack` to the gateway), only after the database commit."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from gateway.broker_url import BrokerUrl
from tracker.domain.weighings import Malformed, Weighing, parse_topic, parse_weighing
from tracker.ingest.live import LiveBoard
from tracker.services import weighings
from tracker.store.database import Database

log = logging.getLogger("ambacht.ingest")

# The broker keeps our subscriptions and queues QoS 1 weighings while the tracker is down for
# up to this long: longer than a long weekend (Friday evening to Tuesday morning).
SESSION_EXPIRY_S = 4 * 24 * 3600
KEEPALIVE_S = 30  # a dead TCP link is noticed within 1.5 × this
RECONNECT_MIN_S, RECONNECT_MAX_S = 1, 30  # capped backoff: a broker restart is seen in seconds
MAX_PAYLOAD = 4096  # a weighing is ~300 bytes
MAX_BATCH = 500  # weighings stored in one transaction when a backlog arrives at once
# When a stream arrives, wait this long for more of it before a transaction: bigger batches
# cost less per weighing (one commit, one round of SQL), and 5 ms is nothing at the scale.
LINGER_S = 0.005


class Ingest:
    """Subscribe to `ambacht/{centre}/scale/+/{weighing,status,live}` with a persistent session."""

    def __init__(self, db: Database, broker_url: str, centre: str, board: LiveBoard,
                 clock: Callable[[], datetime], client_id: str | None = None,
                 mqtt_v5: bool = True) -> None:
        self.db, self.board, self.clock, self.centre = db, board, clock, centre
        self.broker = BrokerUrl.parse(broker_url)
        self.mqtt_v5 = mqtt_v5  # MQTT 3.1.1 only for the demo's embedded broker (amqtt)
        client_id = client_id or f"ambacht-tracker-{centre}"
        if mqtt_v5:
            self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id,
                                      protocol=mqtt.MQTTv5)
        else:  # a 3.1.1 persistent session never expires
            self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id,
                                      clean_session=False)
        if self.broker.username:
            self.client.username_pw_set(self.broker.username, self.broker.password)
        if self.broker.tls:
            self.client.tls_set()
        self.client.manual_ack_set(True)  # PUBACK only after our commit
        self.client.reconnect_delay_set(RECONNECT_MIN_S, RECONNECT_MAX_S)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self._connected = False
        self._waiting: list[tuple[Weighing, mqtt.MQTTMessage]] = []
        self._arrived = threading.Condition()
        self._stopping = False
        self._storer = threading.Thread(target=self._store_loop, name="ambacht-ingest",
                                        daemon=True)

    @property
    def connected(self) -> bool:
        return self._connected and self.client.is_connected()

    def start(self) -> None:
        """Connect in the background; a broker that is down now is retried, never fatal."""
        if self.mqtt_v5:
            props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            props.SessionExpiryInterval = SESSION_EXPIRY_S
            self.client.connect_async(self.broker.host, self.broker.port, KEEPALIVE_S,
                                      clean_start=False, properties=props)
        else:
            self.client.connect_async(self.broker.host, self.broker.port, KEEPALIVE_S)
        self.client.on_disconnect = self._on_disconnect
        self._storer.start()
        self.client.loop_start()

    def stop(self) -> None:
        with self._arrived:
            self._stopping = True
            self._arrived.notify()
        self._storer.join(10)  # what arrived is stored and acknowledged before we leave
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.error("MQTT broker refused the tracker: %s", reason)
            return
        root = f"ambacht/{self.centre}/scale/+/"
        client.subscribe([(root + "weighing", 1), (root + "status", 1), (root + "live", 0)])

    def _on_subscribe(self, _c: Any, _u: Any, _mid: int, reasons: list[Any], _p: Any) -> None:
        # Connected means subscribed: before the SUBACK a new session would miss weighings.
        refused = [r for r in reasons if r.is_failure]
        if refused:
            log.error("MQTT broker refused the tracker's subscriptions: %s", refused)
            return
        self._connected = True
        log.info("MQTT connected to %s", self.broker)

    def _on_disconnect(self, _c: Any, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        self._connected = False
        if self._stopping:  # our own disconnect at shutdown
            log.info("MQTT connection closed")
        else:
            log.warning("MQTT disconnected (%s); reconnecting", reason)

    def _on_message(self, client: mqtt.Client, _u: Any, msg: mqtt.MQTTMessage) -> None:
        try:
            weighing = self.handle(msg.topic, bytes(msg.payload))
        except Malformed as exc:
            log.warning("dropped message on %s: %s", msg.topic, exc)
            weighing = None
        if weighing is None:
            if msg.qos > 0:
                client.ack(msg.mid, msg.qos)
            return
        # Not storing here lets the weighings that arrive meanwhile share one transaction;
        # the PUBACKs and the gateway's ack go out once that transaction is on disk.
        with self._arrived:
            self._waiting.append((weighing, msg))
            self._arrived.notify()

    def _store_loop(self) -> None:
        """Store whatever has arrived in one transaction, then acknowledge it all."""
        while True:
            with self._arrived:
                while not self._waiting and not self._stopping:
                    self._arrived.wait()
                if self._stopping and not self._waiting:
                    return
                linger = len(self._waiting) < MAX_BATCH and not self._stopping
            if linger:  # a stream is arriving: let more of it join this transaction
                time.sleep(LINGER_S)  # (a wait on the condition would end at the next message)
            with self._arrived:
                batch = self._waiting[:MAX_BATCH]
                del self._waiting[:MAX_BATCH]
            try:
                with self.db.write() as conn:
                    weighings.store_many(conn, [w for w, _ in batch], self.clock())
            except Exception as exc:  # database away: no PUBACK; reconnect for redelivery
                log.error("could not store %d weighings (%s); reconnecting for redelivery",
                          len(batch), exc)
                threading.Timer(RECONNECT_MIN_S, self._reconnect).start()
                continue
            for _, msg in batch:
                self.client.ack(msg.mid, msg.qos)
            by_scale: dict[str, list[str]] = {}
            for weighing, _ in batch:
                by_scale.setdefault(weighing.scale_id, []).append(weighing.id)
            for scale_id, ids in by_scale.items():
                # duplicates are acknowledged too: the gateway may have missed our first ack
                self.client.publish(f"ambacht/{self.centre}/scale/{scale_id}/ack",
                                    json.dumps({"ids": ids}), qos=1)
            weighing, msg = batch[-1]
            self.board.reading(weighing.scale_id, json.loads(msg.payload), kind="weighing")

    def _reconnect(self) -> None:
        try:
            self.client.reconnect()
        except OSError as exc:  # the loop's own reconnect logic takes over
            log.warning("reconnect failed: %s", exc)

    def handle(self, topic: str, payload: bytes) -> Weighing | None:
        """One message: a weighing is returned for storage; status and live readings go to
        the live board at once."""
        _, scale_id, kind = parse_topic(topic)
        if len(payload) > MAX_PAYLOAD:
            raise Malformed(f"{len(payload)} bytes is too large for a scale message")
        if kind == "weighing":
            return parse_weighing(scale_id, payload)
        elif kind in ("status", "live"):
            try:
                data = json.loads(payload)
            except ValueError:
                raise Malformed(f"{kind} is not JSON") from None
            if not isinstance(data, dict):
                raise Malformed(f"{kind} is not a JSON object")
            if kind == "status":
                self.board.status(scale_id, data)
            else:
                self.board.reading(scale_id, data)
        elif kind != "ack":
            raise Malformed(f"unknown topic kind {kind!r}")
        return None
