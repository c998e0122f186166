"""Receivers of the national monitor feed: an HTTP endpoint, or a retained MQTT topic."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from gateway.broker_url import BrokerUrl
from tracker.services.feed import DeliveryFailed, Document

HTTP_TIMEOUT_S = 10.0  # a receiver that cannot answer in this long is treated as down
MQTT_TIMEOUT_S = 10.0  # connect + PUBACK; a broker slower than this is treated as down
MQTT_KEEPALIVE_S = 30
USER_AGENT = "ambacht-monitor-feed/1"


def idempotency_key(centre: str, doc: Document) -> str:
    """The same for every resend of one revision: receivers can tell a resend apart."""
    return f"ambacht-monitor:{centre}:{doc.month}:r{doc.revision}"


class HttpReceiver:
    """POST each document as JSON with a bearer token; any 2xx means it arrived."""

    def __init__(self, url: str, token: str | None, centre: str,
                 timeout_s: float = HTTP_TIMEOUT_S) -> None:
        self.url, self.token, self.centre, self.timeout_s = url, token, centre, timeout_s

    def __call__(self, doc: Document) -> None:
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
                   "Idempotency-Key": idempotency_key(self.centre, doc),
                   "X-Ambacht-Month": doc.month, "X-Ambacht-Revision": str(doc.revision)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, doc.body.encode(), headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise DeliveryFailed(f"HTTP {exc.code} {exc.reason}") from None
        # refused, reset, timeout, DNS, bad URL; a receiver killed mid-answer (IncompleteRead)
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from None


class MqttReceiver:
    """Publish each document retained (QoS 1) on `ambacht/{centre}/monitor/{YYYY-MM}`."""

    def __init__(self, broker_url: str, centre: str, timeout_s: float = MQTT_TIMEOUT_S) -> None:
        self.broker = BrokerUrl.parse(broker_url)
        self.centre, self.timeout_s = centre, timeout_s

    def topic(self, month: str) -> str:
        return f"ambacht/{self.centre}/monitor/{month}"

    def __call__(self, doc: Document) -> None:
        client = mqtt.Client(CallbackAPIVersion.VERSION2,
                             client_id=f"ambacht-feed-{self.centre}", protocol=mqtt.MQTTv5)
        if self.broker.username:
            client.username_pw_set(self.broker.username, self.broker.password)
        if self.broker.tls:
            client.tls_set()
        try:
            client.connect(self.broker.host, self.broker.port, MQTT_KEEPALIVE_S)
            client.loop_start()
            info = client.publish(self.topic(doc.month), doc.body, qos=1, retain=True)
            info.wait_for_publish(self.timeout_s)
            if not info.is_published():
                raise DeliveryFailed("MQTT: no PUBACK in time")
        except (OSError, ValueError, RuntimeError) as exc:
            raise DeliveryFailed(f"MQTT: {type(exc).__name__}: {exc}") from None
        finally:
            client.disconnect()
            client.loop_stop()
