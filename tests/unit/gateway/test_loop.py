"""The gateway loop's decisions, on in-memory parts and a clock moved by hand.

The serial line and the broker are fakes with the shapes of `gateway.parts`; the outbox is
the real SQLite outbox, in memory. The pty-and-Mosquitto runs are in tests/integration.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from gateway.broker_url import BrokerUrl
from gateway.health import AUTO_UNRECOGNISED
from gateway.outbox import Outbox
from gateway.protocols import PROTOCOLS, ProtocolSpec, xk3190
from gateway.publisher import Acked, Connected, Event
from gateway.runner import Gateway, GatewayConfig
from gateway.scale_frames import ENCODERS, ScaleState
from gateway.serial_link import LinkError

SCALE_ID = "loop-1"
TOPIC = f"ambacht/test/scale/{SCALE_ID}/"


@dataclass
class HandClock:
    """Time that moves only when the test (or the loop's idle sleep) moves it."""

    now: float = 100.0

    def wall(self) -> float:
        return 1_790_000_000.0 + self.now

    def monotonic(self) -> float:
        return self.now

    def synced(self) -> bool:
        return True

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class LineOnAScale:
    """A serial line whose scale says what the test puts in `incoming`."""

    url: str = "fake://scale"
    refuse: str | None = None  # the LinkError text `open` raises, if any
    incoming: bytearray = field(default_factory=bytearray)
    requests: list[bytes] = field(default_factory=list)
    _open: bool = False

    @property
    def is_open(self) -> bool:
        return self._open

    def open(self) -> None:
        if self.refuse is not None:
            raise LinkError(self.refuse)
        self._open = True

    def read(self) -> bytes:
        data, self.incoming[:] = bytes(self.incoming), b""
        return data

    def write(self, data: bytes) -> None:
        self.requests.append(data)

    def close(self) -> None:
        self._open = False


@dataclass
class Sent:
    topic: str
    payload: dict[str, object]
    in_outbox: list[str]  # the ids in the outbox at the moment of publishing


@dataclass
class BrokerInMemory:
    """Records what the loop publishes, and what the outbox held at that moment."""

    outbox: Outbox
    connected: bool = True
    sent: list[Sent] = field(default_factory=list)
    queued: list[Event] = field(default_factory=list)

    def start(self) -> None:
        pass

    def publish(self, topic: str, payload: str, qos: int, retain: bool = False) -> int:
        self.sent.append(Sent(topic, json.loads(payload), [p.id for p in self.outbox.pending()]))
        return len(self.sent)

    def events(self) -> list[Event]:
        out, self.queued = self.queued, []
        return out

    def stop(self, last_status: str | None = None) -> None:
        self.connected = False

    def on(self, topic: str) -> list[dict[str, object]]:
        return [s.payload for s in self.sent if s.topic == TOPIC + topic]


@dataclass
class Rig:
    gateway: Gateway
    line: LineOnAScale
    broker: BrokerInMemory
    outbox: Outbox
    clock: HandClock

    def scale_shows(self, *states: ScaleState, protocol: str, every_s: float = 0.1) -> None:
        """The scale sends these, one frame per turn of the loop."""
        for state in states:
            self.clock.now += every_s
            self.line.incoming += ENCODERS[protocol](state)
            self.gateway.step()


def rig(spec: ProtocolSpec, line: LineOnAScale | None = None, no_answer_s: float = 3.0) -> Rig:
    outbox = Outbox(Path(":memory:"))
    broker = BrokerInMemory(outbox)
    clock = HandClock()
    line = line or LineOnAScale()
    config = GatewayConfig(
        serial_url=line.url, protocol=spec, scale_id=SCALE_ID,
        broker=BrokerUrl.parse("mqtt://127.0.0.1:1"), outbox_path=Path(":memory:"),
        centre="test", no_answer_s=no_answer_s,
    )
    gateway = Gateway(config, link=line, outbox=outbox, publisher=broker, clock=clock)
    return Rig(gateway, line, broker, outbox, clock)


def kg(value: str, stable: bool = True) -> ScaleState:
    return ScaleState(Decimal(value), stable)


def test_a_weighing_is_in_the_outbox_before_it_is_published_and_leaves_it_on_ack() -> None:
    r = rig(PROTOCOLS["st-gs"])
    r.gateway.step()  # opens the port
    r.line.incoming += b"\r\n"  # a line end first: the first line of a connection is not trusted
    r.scale_shows(kg("0.00"), kg("12.34", stable=False), kg("12.34"), protocol="st-gs")

    [weighing] = r.broker.on("weighing")
    assert weighing["net_kg"] == 12.34 and weighing["stable_by"] == "scale"
    wid = str(weighing["id"])
    [sent] = [s for s in r.broker.sent if s.topic.endswith("weighing")]
    assert sent.in_outbox == [wid], "published before the outbox held it"

    r.broker.queued.append(Acked([wid]))
    r.gateway.step()
    assert r.outbox.count() == 0


def test_a_weighing_made_while_the_broker_is_away_waits_in_the_outbox() -> None:
    r = rig(PROTOCOLS["st-gs"])
    r.broker.connected = False
    r.gateway.step()
    r.line.incoming += b"\r\n"
    r.scale_shows(kg("0.00"), kg("7.50"), protocol="st-gs")
    assert r.broker.sent == [] and r.outbox.count() == 1

    r.broker.connected = True
    r.broker.queued.append(Connected())
    r.gateway.step()
    [weighing] = r.broker.on("weighing")
    assert weighing["net_kg"] == 7.50 and weighing["seq"] == 1


def test_silence_says_no_answer_and_auto_says_not_recognised_but_keeps_port_problems() -> None:
    concrete = rig(PROTOCOLS["st-gs"], no_answer_s=3.0)
    concrete.gateway.step()
    concrete.clock.now += 3.5
    concrete.gateway.step()
    assert concrete.broker.on("status")[-1]["state"] == "error"
    assert str(concrete.broker.on("status")[-1]["detail"]).startswith("no answer")

    detecting = rig(PROTOCOLS["auto"], no_answer_s=3.0)
    detecting.gateway.step()
    detecting.clock.now += 3.5
    detecting.gateway.step()
    last = detecting.broker.on("status")[-1]
    assert (last["state"], last["detail"]) == ("error", AUTO_UNRECOGNISED)

    # A port that cannot be reached is a port problem, whatever its words: under `auto`
    # it must not be covered by "not recognised yet" (a socket:// serial server that times
    # out says "no answer" too).
    away = "no answer from the serial server at socket://10.0.0.5:4001"
    unreachable = rig(PROTOCOLS["auto"], LineOnAScale(url="socket://10.0.0.5:4001", refuse=away))
    unreachable.gateway.step()
    assert [s["detail"] for s in unreachable.broker.on("status")] == [away]


def _steady_frames(r: Rig, protocol: str) -> None:
    r.gateway.step()
    r.scale_shows(*[kg("0.00")] * 3, *[kg("12.34", stable=False)] * 15, protocol=protocol)


def test_a_protocol_flagged_without_stability_marker_gets_the_window_whatever_its_name() -> None:
    # the XK3190 frames under another name (a rebadged indicator): the flag decides
    clone = rig(replace(xk3190.SPEC, name="yaohua-clone"))
    _steady_frames(clone, "xk3190-a12e")
    [weighing] = clone.broker.on("weighing")
    assert weighing["net_kg"] == 12.34 and weighing["stable_by"] == "gateway"
    assert weighing["protocol"] == "yaohua-clone"


def test_without_the_flag_unmarked_frames_never_become_stable() -> None:
    assert xk3190.SPEC.no_stability_marker
    unflagged = rig(replace(xk3190.SPEC, no_stability_marker=False))
    _steady_frames(unflagged, "xk3190-a12e")
    assert unflagged.broker.on("weighing") == [] and unflagged.outbox.count() == 0
    assert not any(live["stable"] for live in unflagged.broker.on("live"))


def test_the_status_says_how_the_gateway_keeps_up_and_is_refreshed() -> None:
    r = rig(PROTOCOLS["st-gs"])
    r.gateway.step()
    first = r.broker.on("status")[-1]
    assert (first["outbox"], first["last_weighing"], first["uptime_s"]) == (0, None, 0)

    r.line.incoming += b"\r\n"
    r.scale_shows(kg("0.00"), *[kg("12.34")] * 12, protocol="st-gs")  # over a second
    [weighing] = r.broker.on("weighing")
    now = r.broker.on("status")[-1]
    assert now["outbox"] == 1, "a new weighing waiting for its ack is said within a second"
    assert now["last_weighing"] == {"id": weighing["id"], "at": weighing["at"]}

    r.broker.queued.append(Acked([str(weighing["id"])]))
    r.clock.now += 1.0
    r.gateway.step()
    assert r.broker.on("status")[-1]["outbox"] == 0

    said = len(r.broker.on("status"))
    for _ in range(30):  # a quiet minute, the scale still reading
        r.scale_shows(kg("12.34"), protocol="st-gs", every_s=2.0)
    refreshed = r.broker.on("status")[said:]
    assert len(refreshed) == 1 and refreshed[0]["uptime_s"] >= 60
