"""The tracker's MQTT client: stores each weighing once, then acknowledges it twice over
(PUBACK to the broker, `.../ack` to the gateway), only after the database commit.

One boundary for hostile input: whatever a message holds (bad JSON, nesting too deep, values
no database takes) becomes a logged, counted refusal, kept in `dead_letters` when it was sent
with QoS 1, and the message is acknowledged. Nothing a message holds stops the ingest."""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import paho.mqtt.client as mqtt
import sqlalchemy as sa
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from gateway.broker_url import BrokerUrl
from tracker.domain.weighings import (
    Malformed,
    Weighing,
    parse_live,
    parse_status,
    parse_topic,
    parse_weighing,
)
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
# A healthy ingest commits within milliseconds; a message still unstored after this long means
# the ingest is stuck (the database refuses every write, a lock nobody lets go): health says so.
# Longer than any lock a backup or the feed's daily round holds.
STALL_S = 30.0
# The database itself is away (not one bad value): no weighing can be stored, so none is
# acknowledged; the broker redelivers after a reconnect. Everything else is about the data.
DATABASE_AWAY = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError,
                 sa.exc.DisconnectionError)

F = TypeVar("F", bound=Callable[..., None])


def _guarded(callback: F) -> F:
    """Any exception in a paho callback is logged and counted, never raised into paho's network
    thread (where it would end the thread, and with it all ingest, without a word)."""

    @functools.wraps(callback)
    def run(self: Ingest, *args: Any) -> None:
        try:
            callback(self, *args)
        except Exception:
            self.failures += 1
            log.exception("MQTT %s failed", callback.__name__.strip("_"))

    return run  # type: ignore[return-value]


@dataclass
class Entry:
    """An MQTT message waiting for the storer: a weighing to store, or a refusal to keep."""

    msg: mqtt.MQTTMessage
    weighing: Weighing | None = None
    refusal: str | None = None


class Ingest:
    """Subscribe to `ambacht/{centre}/scale/+/{weighing,status,live}` with a persistent session."""

    def __init__(self, db: Database, broker_url: str, centre: str, board: LiveBoard,
                 clock: Callable[[], datetime], client_id: str | None = None,
                 mqtt_v5: bool = True, stall_s: float = STALL_S) -> None:
        self.db, self.board, self.clock, self.centre = db, board, clock, centre
        self.broker = BrokerUrl.parse(broker_url)
        self.mqtt_v5 = mqtt_v5  # MQTT 3.1.1 only for the demo's embedded broker (amqtt)
        self.stall_s = stall_s
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
        self.client.on_disconnect = self._on_disconnect
        self._connected = False
        self.not_allowed = False  # the broker refused our subscriptions (its ACL)
        # counters for health and tests: weighings stored, messages refused, messages done
        # (stored, refused or shown), callbacks that failed
        self.stored = self.refused = self.handled = self.failures = 0
        self._waiting: list[Entry] = []
        self._waiting_since: float | None = None  # when the oldest unstored message came
        self._failing_since: float | None = None  # when storing began to fail
        self._arrived = threading.Condition()
        self._stopping = False
        self._storer = threading.Thread(target=self._store_loop, name="ambacht-ingest",
                                        daemon=True)
        self._network = threading.Thread(target=self._network_loop, name="ambacht-mqtt",
                                         daemon=True)

    @property
    def connected(self) -> bool:
        return self._connected and self.client.is_connected() and self._network.is_alive()

    def state(self) -> str:
        """`ok`, `stopped` (a thread of the ingest is gone), `stalled` (messages wait and
        nothing is stored), `not_allowed` (the broker refused the subscriptions),
        `disconnected`, or `no_scales` (subscribed, but no scale has been heard of since the
        start: a broker's ACL may grant a subscription and deliver nothing, and a gateway's
        retained status arrives at once when there is one)."""
        if not (self._network.is_alive() and self._storer.is_alive()):
            return "stopped"
        now = time.monotonic()
        if any(since is not None and now - since > self.stall_s
               for since in (self._waiting_since, self._failing_since)):
            return "stalled"
        if self.not_allowed:
            return "not_allowed"
        if not self.connected:
            return "disconnected"
        return "ok" if self.stored or self.board.scales else "no_scales"

    def start(self) -> None:
        """Connect in the background; a broker that is down now is retried, never fatal."""
        if self.mqtt_v5:
            props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            props.SessionExpiryInterval = SESSION_EXPIRY_S
            self.client.connect_async(self.broker.host, self.broker.port, KEEPALIVE_S,
                                      clean_start=False, properties=props)
        else:
            self.client.connect_async(self.broker.host, self.broker.port, KEEPALIVE_S)
        self._storer.start()
        self._network.start()

    def stop(self) -> None:
        with self._arrived:
            self._stopping = True
            self._arrived.notify()
        self._storer.join(10)  # what arrived is stored and acknowledged before we leave
        self.client.disconnect()
        self._network.join(10)

    def _network_loop(self) -> None:
        """paho's network loop (as `loop_start` runs it, but in a thread we can watch)."""
        while not self._stopping:
            try:
                self.client.loop_forever(retry_first_connection=True)
            except Exception:  # paho itself failed: our callbacks raise nothing
                self.failures += 1
                log.exception("MQTT network loop failed; starting it again")
            if not self._stopping:
                time.sleep(RECONNECT_MIN_S)

    @_guarded
    def _on_connect(self, client: mqtt.Client, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        if reason.is_failure:
            log.error("MQTT broker refused the tracker: %s", reason)
            return
        root = f"ambacht/{self.centre}/scale/+/"
        client.subscribe([(root + "weighing", 1), (root + "status", 1), (root + "live", 0)])

    @_guarded
    def _on_subscribe(self, _c: Any, _u: Any, _mid: int, reasons: list[Any], _p: Any) -> None:
        # Connected means subscribed: before the SUBACK a new session would miss weighings.
        refused = [r for r in reasons if r.is_failure]
        self.not_allowed = bool(refused)
        if refused:
            log.error("MQTT broker refused the tracker's subscriptions (check its ACL for "
                      "ambacht/%s/scale/+/...): %s", self.centre, refused)
            return
        self._connected = True
        log.info("MQTT connected to %s", self.broker)

    @_guarded
    def _on_disconnect(self, _c: Any, _u: Any, _f: Any, reason: Any, _p: Any) -> None:
        self._connected = False
        if self._stopping:  # our own disconnect at shutdown
            log.info("MQTT connection closed")
        else:
            log.warning("MQTT disconnected (%s); reconnecting", reason)

    def _on_message(self, client: mqtt.Client, _u: Any, msg: mqtt.MQTTMessage) -> None:
        try:
            try:
                weighing = self.handle(msg.topic, bytes(msg.payload))
            except Malformed as exc:
                self._refuse(msg, str(exc))
                return
            except Exception as exc:  # the boundary: nothing a message holds stops the ingest
                self._refuse(msg, f"{type(exc).__name__}: {exc}")
                return
            if weighing is None:
                self._ack(msg)
                self.handled += 1
                return
            # Not storing here lets the weighings that arrive meanwhile share one transaction;
            # the PUBACKs and the gateway's ack go out once that transaction is on disk.
            self._queue(Entry(msg, weighing=weighing))
        except Exception:  # our own code failed (not the message): still never into paho
            self.failures += 1
            log.exception("MQTT message on %r could not be handled", msg.topic)

    def _refuse(self, msg: mqtt.MQTTMessage, reason: str) -> None:
        """Count and log a refused message once; keep it (QoS 1) before acknowledging it."""
        self.refused += 1
        log.warning("refused MQTT message on %r: %s", msg.topic[:200], reason[:300])
        if msg.qos > 0:  # a promise was made: keep the evidence, then acknowledge
            self._queue(Entry(msg, refusal=reason))
        else:
            self.handled += 1

    def _queue(self, entry: Entry) -> None:
        with self._arrived:
            if not self._waiting:
                self._waiting_since = time.monotonic()
            self._waiting.append(entry)
            self._arrived.notify()

    def _ack(self, msg: mqtt.MQTTMessage) -> None:
        if msg.qos > 0:
            self.client.ack(msg.mid, msg.qos)

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
                self._store(batch)
            except Exception as exc:  # the store loop must outlive anything
                self.failures += 1
                log.exception("storing %d MQTT messages failed: %s", len(batch), exc)
            with self._arrived:
                self._waiting_since = time.monotonic() if self._waiting else None

    def _store(self, batch: list[Entry]) -> bool:
        """Store a batch, splitting it to find a message the database refuses; False when
        the database is away (nothing acknowledged: the broker redelivers)."""
        try:
            with self.db.write() as conn:
                self._write(conn, batch)
        except DATABASE_AWAY as exc:  # no PUBACK: reconnect for redelivery
            if self._failing_since is None:
                self._failing_since = time.monotonic()
            log.error("could not store %d weighings (%s); reconnecting for redelivery",
                      len(batch), str(exc).splitlines()[0])
            threading.Timer(RECONNECT_MIN_S, self._reconnect).start()
            return False
        except Exception as exc:  # one message holds what the database will not take
            if len(batch) > 1:
                half = len(batch) // 2
                return self._store(batch[:half]) and self._store(batch[half:])
            return self._refused_by_database(batch[0], exc)
        self._failing_since = None
        self._done(batch)
        return True

    def _refused_by_database(self, entry: Entry, exc: Exception) -> bool:
        """A weighing the database would not take goes to `dead_letters` instead, and its
        gateway is told it was taken care of (or it would send it again for ever)."""
        reason = f"database: {str(exc).splitlines()[0][:400]}"
        if entry.weighing is None:  # not even its dead letter fits: acknowledge, say so
            log.error("could not keep refused MQTT message on %r: %s", entry.msg.topic[:200],
                      reason)
            self._ack(entry.msg)
            self.handled += 1
            return True
        self.refused += 1
        log.warning("refused MQTT message on %r: %s", entry.msg.topic[:200], reason)
        if not self._store([Entry(entry.msg, refusal=reason)]):
            return False
        self._acknowledge_gateway([entry.weighing])
        return True

    def _write(self, conn: sa.Connection, batch: list[Entry]) -> None:
        received = self.clock()
        weighings.store_many(conn, [e.weighing for e in batch if e.weighing is not None],
                             received)
        refusals = [e for e in batch if e.refusal is not None]
        if refusals:
            weighings.keep_refused(conn, [(e.msg.topic, bytes(e.msg.payload), e.refusal or "")
                                          for e in refusals], received)

    def _done(self, batch: list[Entry]) -> None:
        """After the commit: PUBACKs, the gateways' acks, the live board."""
        for entry in batch:
            self._ack(entry.msg)
        stored = [e.weighing for e in batch if e.weighing is not None]
        self.stored += len(stored)
        self._acknowledge_gateway(stored)
        self.handled += len(batch)
        if stored:
            self.board.weighing(stored[-1])

    def _acknowledge_gateway(self, batch: list[Weighing]) -> None:
        by_scale: dict[str, list[str]] = {}
        for weighing in batch:
            by_scale.setdefault(weighing.scale_id, []).append(weighing.id)
        for scale_id, ids in by_scale.items():
            # duplicates are acknowledged too: the gateway may have missed our first ack
            self.client.publish(f"ambacht/{self.centre}/scale/{scale_id}/ack",
                                json.dumps({"ids": ids}), qos=1)

    def _reconnect(self) -> None:
        try:
            self.client.reconnect()
        except Exception as exc:  # the loop's own reconnect logic takes over
            log.warning("reconnect failed: %s", exc)

    def handle(self, topic: str, payload: bytes) -> Weighing | None:
        """One message: a weighing is returned for storage; status and live readings go to
        the live board at once."""
        _, scale_id, kind = parse_topic(topic)
        if len(payload) > MAX_PAYLOAD:
            raise Malformed(f"{len(payload)} bytes is too large for a scale message")
        if kind == "weighing":
            return parse_weighing(scale_id, payload)
        elif kind == "status":
            self.board.status(scale_id, parse_status(payload))
        elif kind == "live":
            self.board.live(scale_id, parse_live(payload))
        elif kind != "ack":
            raise Malformed(f"unknown topic kind {kind!r}")
        return None
