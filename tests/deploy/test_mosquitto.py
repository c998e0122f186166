"""Mosquitto with deploy/mosquitto/mosquitto.conf, users and ACL made by ambacht-mqtt-user,
and a certificate generated for the test: who may connect, publish and read what."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.support import MQTT_WAIT_S, QUIET_S, DeployedBroker, Probe, make_certs
from tests.support.services import wait_until

pytestmark = pytest.mark.mosquitto

CENTRE = "waardering"
ROOT = f"ambacht/{CENTRE}/scale"


@dataclass
class Central:
    broker: DeployedBroker
    users: dict[str, tuple[str, str]]  # who -> (user name, password)

    def probe(self, who: str | None, *, tls: bool = True) -> Probe:
        """A connected client as `who` (None: anonymous), over TLS or on the loopback port."""
        user, password = self.users[who] if who else (None, None)
        if tls:
            probe = Probe(self.broker.tls_port, user, password, ca=self.broker.certs.ca)
        else:
            probe = Probe(self.broker.plain_port, user, password)
        return probe.connect()


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    root = Path(tmp_path_factory.mktemp("central"))
    broker = DeployedBroker(root, make_certs(root / "pki"))
    broker.prepare()
    users = {
        "tracker": broker.add_user("tracker", None, "--centre", CENTRE),
        "a": broker.add_user("gateway", "scale-a", "--centre", CENTRE),
        "b": broker.add_user("gateway", "scale-b", "--centre", CENTRE),
    }
    broker.start()
    try:
        yield Central(broker, users)
    finally:
        broker.stop()


def weighing(scale: str, seq: int) -> str:
    return json.dumps({"id": f"{scale}:0001:{seq:06d}", "scale_id": scale, "seq": seq,
                       "net_kg": "1.250", "stable": True, "status": "ok"})


def test_every_role_logs_in_over_tls_and_on_loopback(central: Central) -> None:
    for who in ("tracker", "a", "b"):
        for tls in (True, False):
            probe = central.probe(who, tls=tls)
            assert probe.connected, (who, tls, probe.connack)
            probe.close()


def test_anonymous_clients_and_wrong_passwords_are_refused(central: Central) -> None:
    for tls in (True, False):
        anonymous = central.probe(None, tls=tls)
        assert not anonymous.connected
        assert anonymous.connack is not None and anonymous.connack.is_failure
        anonymous.close()
    user, _ = central.users["a"]
    wrong = Probe(central.broker.tls_port, user, "not-the-password",
                  ca=central.broker.certs.ca).connect()
    assert not wrong.connected and wrong.connack is not None and wrong.connack.is_failure
    wrong.close()


def test_plaintext_on_the_tls_port_gets_no_session(central: Central) -> None:
    user, password = central.users["a"]
    plain = Probe(central.broker.tls_port, user, password).connect()  # no TLS
    assert plain.connack is None  # the broker never answered the CONNECT: no MQTT session
    assert not plain.connected
    plain.close()


def test_a_scale_cannot_publish_as_another_scale(central: Central) -> None:
    tracker = central.probe("tracker")
    assert tracker.subscribe(f"{ROOT}/+/weighing")[0].value == 1
    a = central.probe("a")
    try:
        assert not a.publish(f"{ROOT}/scale-a/weighing", weighing("scale-a", 1)).is_failure
        forged = a.publish(f"{ROOT}/scale-b/weighing", weighing("scale-b", 1))
        assert forged is not None and forged.is_failure  # MQTT 5: "Not authorized"
        a.publish(f"{ROOT}/scale-b/status", '{"state": "offline"}', retain=True)
        assert wait_until(lambda: f"{ROOT}/scale-a/weighing" in tracker.topics(), 5)
        time.sleep(QUIET_S)
        assert tracker.topics() == [f"{ROOT}/scale-a/weighing"]  # the forgery never arrived
        late = central.probe("tracker")  # and no forged retained status waits for anyone
        late.subscribe(f"{ROOT}/+/status")
        time.sleep(QUIET_S)
        assert f"{ROOT}/scale-b/status" not in late.topics()
        late.close()
    finally:
        a.close()
        tracker.close()


def test_a_gateway_subscribing_to_everything_reads_only_its_own_ack(central: Central) -> None:
    b = central.probe("b")
    b.publish(f"{ROOT}/scale-b/status", '{"state": "online"}', retain=True)
    nosy = central.probe("a")
    # Mosquitto 2.0 grants the subscription itself, then delivers only what the ACL lets
    # this user read: nothing of scale B, nothing of the monitor, not even its own topics.
    nosy.subscribe("#")
    nosy.subscribe(f"{ROOT}/scale-b/ack")
    tracker = central.probe("tracker")
    try:
        b.publish(f"{ROOT}/scale-b/weighing", weighing("scale-b", 7))
        nosy.publish(f"{ROOT}/scale-a/weighing", weighing("scale-a", 7))
        tracker.publish(f"{ROOT}/scale-b/ack", json.dumps({"ids": ["scale-b:0001:000007"]}))
        tracker.publish(f"{ROOT}/scale-a/ack", json.dumps({"ids": ["scale-a:0001:000007"]}))
        tracker.publish(f"ambacht/{CENTRE}/monitor/2026-03", "{}", retain=True)
        assert wait_until(lambda: f"{ROOT}/scale-a/ack" in nosy.topics(), 5)
        time.sleep(QUIET_S)
        assert set(nosy.topics()) == {f"{ROOT}/scale-a/ack"}
    finally:
        for probe in (b, nosy, tracker):
            probe.close()


def test_the_tracker_cannot_speak_for_a_scale(central: Central) -> None:
    tracker = central.probe("tracker")
    try:
        refused = tracker.publish(f"{ROOT}/scale-a/weighing", weighing("scale-a", 9))
        assert refused is not None and refused.is_failure
    finally:
        tracker.close()


def test_an_oversized_message_is_refused(central: Central) -> None:
    tracker = central.probe("tracker")
    tracker.subscribe(f"{ROOT}/+/weighing")
    a = central.probe("a")
    try:
        a.publish(f"{ROOT}/scale-a/weighing", "x" * 100_000)  # max_packet_size is 64 KiB
        assert a.disconnected.wait(5)  # the broker drops a client that sends such a packet
        time.sleep(QUIET_S)
        assert tracker.topics() == []
    finally:
        a.close()
        tracker.close()


def test_a_gateway_that_does_not_trust_the_broker_says_so(central: Central) -> None:
    from gateway.broker_url import BrokerUrl
    from gateway.payload import Topics
    from gateway.publisher import Disconnected, Publisher

    user, password = central.users["a"]
    url = BrokerUrl.parse(f"mqtts://{user}:{password}@localhost:{central.broker.tls_port}")
    publisher = Publisher(url, Topics.of(CENTRE, "scale-a"), "untrusting", lambda: "{}")
    publisher.start()  # the system's CAs only: the test CA is not among them
    try:
        seen: list[str] = []
        assert wait_until(lambda: bool(seen.extend(e.reason for e in publisher.events()
                                                   if isinstance(e, Disconnected)) or seen),
                          MQTT_WAIT_S)
        assert "certificate of the broker" in seen[0] and "not trusted" in seen[0], seen
        assert "SSL_CERT_FILE" in seen[0]
    finally:
        publisher.stop()
