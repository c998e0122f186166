"""The MQTT side (paho-mqtt 2.x): asynchronous connect, capped backoff, last will, events.

paho runs its network loop in its own thread; everything it reports is put on a queue
that the gateway's loop drains, so the outbox is only ever touched from one thread.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import socket
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from gateway.broker_url import BrokerUrl
from gateway.payload import Topics, parse_ack

log = logging.getLogger(__name__)

# First retry soon (a broker restart takes a second or two), then back off so a broker
# that is down for hours is not hammered; 30 s caps how long a recovered broker waits.
RECONNECT_MIN_S = 1
RECONNECT_MAX_S = 30
# Long enough for a Pi on Wi-Fi, short enough that the broker notices a dead gateway
# (and sends its last will) within about a minute and a half.
KEEPALIVE_S = 60
STOP_FLUSH_S = 2.0  # how long a clean stop waits for the last status to leave


@dataclass(frozen=True, slots=True)
class Connected:
    """The broker accepted the connection."""


@dataclass(frozen=True, slots=True)
class Disconnected:
    """The connection is gone (or could not be made); paho retries by itself."""

    reason: str


@dataclass(frozen=True, slots=True)
class Published:
    """The broker has a QoS 1 message (PUBACK received)."""

    mid: int


@dataclass(frozen=True, slots=True)
class Acked:
    """The tracker stored these weighings."""

    ids: list[str]


Event = Connected | Disconnected | Published | Acked


def connect_failure(broker: BrokerUrl, exc: BaseException | None) -> str:
    """Why a connection attempt failed, in words that point at the fix."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"the certificate of the broker at {broker} is not trusted "
                f"({exc.verify_message}): give the gateway the centre's CA "
                "(SSL_CERT_FILE in its config) or fix the broker's certificate")
    if isinstance(exc, ssl.SSLError):
        return f"TLS with the broker at {broker} failed: {exc.reason or exc}"
    detail = f": {exc.strerror or exc}" if isinstance(exc, OSError) else ""
    return f"cannot reach the broker at {broker}{detail}"


class Publisher:
    """One paho client for one scale."""

    def __init__(
        self,
        broker: BrokerUrl,
        topics: Topics,
        client_id: str,
        will_payload: Callable[[], str],
        *,
        reconnect_max_s: float = RECONNECT_MAX_S,
        keepalive_s: int = KEEPALIVE_S,
    ) -> None:
        self._broker = broker
        self._topics = topics
        self._keepalive = keepalive_s
        self._events: queue.SimpleQueue[Event] = queue.SimpleQueue()
        self._will_payload = will_payload
        self._connected = False
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, clean_session=True)
        client.reconnect_delay_set(RECONNECT_MIN_S, max(RECONNECT_MIN_S, int(reconnect_max_s)))
        if broker.username:
            client.username_pw_set(broker.username, broker.password)
        if broker.tls:
            client.tls_set()
        client.on_socket_open = self._on_socket_open
        client.on_pre_connect = self._on_pre_connect
        client.on_connect = self._on_connect
        client.on_connect_fail = self._on_connect_fail
        client.on_disconnect = self._on_disconnect
        client.on_publish = self._on_publish
        client.on_message = self._on_message
        self._set_will(client)
        self._client = client

    def _set_will(self, client: mqtt.Client) -> None:
        client.will_set(self._topics.status, self._will_payload(), qos=1, retain=True)

    # paho callbacks: run in paho's thread, so they only enqueue.
    def _on_socket_open(self, client: mqtt.Client, userdata: Any, sock: Any) -> None:
        # Without TCP_NODELAY a weighing sent right after a small PUBACK waits for the
        # broker's delayed TCP ack (Nagle): 10-40 ms added to every weighing.
        with contextlib.suppress(OSError, AttributeError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _on_pre_connect(self, client: mqtt.Client, userdata: Any) -> None:
        # the will's "at" says when this connection began, not when the process started
        self._set_will(client)

    def _on_connect(
        self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        if reason.is_failure:
            self._events.put(Disconnected(f"broker refused the connection: {reason}"))
            return
        self._connected = True
        client.subscribe(self._topics.ack, qos=1)
        self._events.put(Connected())

    def _on_connect_fail(self, client: mqtt.Client, userdata: Any) -> None:
        # paho calls this inside its `except OSError`: the exception says what went wrong
        self._events.put(Disconnected(connect_failure(self._broker, sys.exc_info()[1])))

    def _on_disconnect(
        self, client: mqtt.Client, userdata: Any, flags: Any, reason: Any, props: Any
    ) -> None:
        self._connected = False
        self._events.put(Disconnected(f"connection to {self._broker} lost: {reason}"))

    def _on_publish(
        self, client: mqtt.Client, userdata: Any, mid: int, reason: Any, props: Any
    ) -> None:
        self._events.put(Published(mid))

    def _on_message(self, client: mqtt.Client, userdata: Any, message: mqtt.MQTTMessage) -> None:
        ids = parse_ack(bytes(message.payload))
        if ids:
            self._events.put(Acked(ids))

    # called from the gateway's thread
    @property
    def connected(self) -> bool:
        """Whether the broker connection is up right now."""
        return self._connected

    def start(self) -> None:
        """Connect in the background; a broker that is down now is retried with backoff."""
        self._client.connect_async(self._broker.host, self._broker.port, self._keepalive)
        self._client.loop_start()

    def publish(self, topic: str, payload: str, qos: int, retain: bool = False) -> int:
        """Hand a message to paho; returns its mid (QoS 1 messages are kept until PUBACK)."""
        info = self._client.publish(topic, payload, qos=qos, retain=retain)
        return int(info.mid)

    def events(self) -> list[Event]:
        """Everything paho reported since the last call, oldest first."""
        out: list[Event] = []
        while True:
            try:
                out.append(self._events.get_nowait())
            except queue.Empty:
                return out

    def stop(self, last_status: str | None = None) -> None:
        """Publish a last retained status if connected, then disconnect cleanly."""
        if last_status is not None and self._connected:
            info = self._client.publish(self._topics.status, last_status, qos=1, retain=True)
            deadline = time.monotonic() + STOP_FLUSH_S
            while not info.is_published() and time.monotonic() < deadline:
                time.sleep(0.01)
        self._client.disconnect()
        self._client.loop_stop()
