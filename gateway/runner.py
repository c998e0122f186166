"""The gateway loop: serial bytes in, readings, weighings to the outbox, messages out.

All decisions are made by the pure parts (protocols, weighing rule, stability window,
live throttle, health); this module wires them to the serial line, the outbox and the
broker, which it is given (`Gateway.from_config` builds the real ones).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gateway.broker_url import BrokerUrl
from gateway.clock import Clock, SystemClock
from gateway.delivery import ACK_TIMEOUT_S, Delivery
from gateway.health import NO_ANSWER_S, ONLINE, Health
from gateway.live import LiveThrottle
from gateway.outbox import DEFAULT_MAX_ROWS, Outbox, OutboxFull
from gateway.parts import MessageLink, SerialLine
from gateway.payload import (
    Topics,
    live_payload,
    reading_fields,
    status_payload,
    weighing_id,
    weighing_payload,
)
from gateway.protocols import ProtocolSpec, SerialSettings
from gateway.protocols.auto import AutoParser
from gateway.publisher import RECONNECT_MAX_S, Connected, Disconnected, Publisher
from gateway.reading import Reading, Rejected, Status
from gateway.serial_link import LinkError, SerialLink
from gateway.watchdog import Notifier
from gateway.weighing import DEFAULT_MIN_KG, STABILITY_WINDOW_S, StabilityWindow, WeighingRule

log = logging.getLogger(__name__)

# A polled indicator answers within ~100 ms; five requests a second give the live view
# and the stability decision enough readings without loading a slow 1200-baud line.
POLL_INTERVAL_S = 0.2
# A missing USB adapter is looked for again this often: quick to notice a re-plug,
# cheap while the adapter stays away.
REOPEN_INTERVAL_S = 1.0
# Unacknowledged weighings are checked this often for re-publishing.
PUMP_INTERVAL_S = 0.5
# Whether NTP has synchronised the clock changes rarely; ask the kernel once a minute.
CLOCK_CHECK_S = 60.0
IDLE_WAIT_S = 0.05
# The retained status carries the outbox size and the last weighing: said again when they
# change, but at most this often (a backlog being acknowledged changes it many times a second).
STATUS_MIN_INTERVAL_S = 1.0
# ...and at least this often, so that its `at` and `uptime_s` show a gateway that lives.
STATUS_REFRESH_S = 60.0


@dataclass(frozen=True)
class GatewayConfig:
    """Everything the gateway needs to run; built by the CLI from its arguments."""

    serial_url: str
    protocol: ProtocolSpec
    scale_id: str
    broker: BrokerUrl
    outbox_path: Path
    centre: str = "demo"
    settings: SerialSettings | None = None  # None: the protocol's defaults
    unit: str = "kg"
    min_kg: Decimal = DEFAULT_MIN_KG
    poll_interval_s: float = POLL_INTERVAL_S
    no_answer_s: float = NO_ANSWER_S
    ack_timeout_s: float = ACK_TIMEOUT_S
    outbox_max: int = DEFAULT_MAX_ROWS
    stability_window_s: float = STABILITY_WINDOW_S
    reconnect_max_s: float = RECONNECT_MAX_S
    reopen_interval_s: float = REOPEN_INTERVAL_S
    request_line_end: bytes | None = None  # None: the protocol's own (CR LF for MT-SICS...)

    @property
    def serial_settings(self) -> SerialSettings:
        """The line settings in force: the CLI's, else the protocol's defaults."""
        return self.settings or self.protocol.settings


class Gateway:
    """One scale, one serial line, one broker: the parts are passed in."""

    def __init__(
        self,
        config: GatewayConfig,
        *,
        link: SerialLine,
        outbox: Outbox,
        publisher: MessageLink,
        clock: Clock | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        self.config = config
        self._clock = clock or SystemClock()
        self._notifier = notifier or Notifier()
        self._started = self._clock.monotonic()
        self._synced = self._clock.synced()
        self._synced_checked = self._clock.monotonic()
        self.topics = Topics.of(config.centre, config.scale_id)
        self.link = link
        self.outbox = outbox
        self.health = Health(config.serial_settings.baudrate, config.no_answer_s)
        self.publisher = publisher
        self.delivery = Delivery(
            self.outbox, self.publisher, self.topics.weighing, ack_timeout_s=config.ack_timeout_s
        )
        self._parser = config.protocol.make_parser(config.unit)
        self._rule = WeighingRule(config.min_kg)
        self._stability = StabilityWindow(config.stability_window_s)
        self._live = LiveThrottle()
        self._status_sent: tuple[str, str] | None = None
        self._status_facts: tuple[int, str | None] | None = None  # outbox size, last weighing
        self._status_at = 0.0
        self._last_weighing: dict[str, str] | None = None  # {"id", "at"} of this run's last
        self._next_open = 0.0
        self._next_poll = 0.0
        self._next_pump = 0.0
        self.weighings_stored = 0

    @classmethod
    def from_config(cls, config: GatewayConfig, clock: Clock | None = None) -> Gateway:
        """The gateway on the real parts: the serial port, the SQLite outbox, paho-mqtt."""
        clock = clock or SystemClock()
        link = SerialLink(config.serial_url, config.serial_settings)
        outbox = Outbox(config.outbox_path, config.outbox_max)  # sqlite3.Error: the CLI says so
        wall = clock.wall
        publisher = Publisher(
            config.broker,
            Topics.of(config.centre, config.scale_id),
            f"ambacht-gateway-{config.centre}-{config.scale_id}",
            lambda: status_payload("offline", "gateway connection lost", wall()),
            reconnect_max_s=config.reconnect_max_s,
        )
        return cls(config, link=link, outbox=outbox, publisher=publisher, clock=clock)

    # -- the protocol actually spoken (auto resolves to one) ------------------------
    def _spoken(self) -> ProtocolSpec | None:
        if isinstance(self._parser, AutoParser):
            return self._parser.chosen
        return self.config.protocol

    def _poll_request(self) -> bytes | None:
        if isinstance(self._parser, AutoParser):
            request = self._parser.poll()
        else:
            request = self.config.protocol.poll
        end = self.config.request_line_end
        if request is None or end is None or not request.endswith((b"\r", b"\n")):
            return request
        return request.rstrip(b"\r\n") + end

    # -- the loop --------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        """Run until `stop` is set; faults are reported on the status topic, never fatal."""
        self.publisher.start()
        log.info(
            "gateway %s: %s on %s, broker %s, outbox %s (%d waiting)",
            self.config.scale_id, self.config.protocol.name, self.config.serial_url,
            self.config.broker, self.config.outbox_path, self.outbox.count(),
        )
        self._notifier.ready()
        try:
            while not stop.is_set():
                try:
                    self.step()
                except Exception:  # a bug must not stop the weighings: report, go on
                    log.exception("unexpected error in the gateway loop; continuing")
                    self.link.close()
                    stop.wait(self.config.reopen_interval_s)
                    continue
                # Only a turn that completed pings systemd's watchdog: a loop stuck in a
                # read, a write or the outbox (or failing on every turn) gets restarted.
                self._notifier.alive(self._clock.monotonic())
        finally:
            self._notifier.stopping()
            self.link.close()
            self.publisher.stop(status_payload("offline", "gateway stopped", self._clock.wall()))
            self.outbox.close()

    def step(self) -> None:
        """One turn of the loop: serial, MQTT events, status, re-publishing."""
        now = self._clock.monotonic()
        if not self.link.is_open and now >= self._next_open:
            self._open(now)
        if self.link.is_open:
            self._serial_turn(now)
        else:
            self._clock.sleep(IDLE_WAIT_S)
        now = self._clock.monotonic()
        self._mqtt_turn(now)
        held = self._live.due(now)
        if held is not None:
            self._publish_live(held)
        self._status_turn(now)

    def _open(self, now: float) -> None:
        try:
            self.link.open()
        except LinkError as exc:
            self.health.port_failed(str(exc))
            self._next_open = now + self.config.reopen_interval_s
            return
        log.info("serial port %s open", self.link.url)
        self.health.port_opened(now)
        # a fresh connection may start mid-frame; old half-frames must not join it
        self._parser = self.config.protocol.make_parser(self.config.unit)
        self._stability = StabilityWindow(self.config.stability_window_s)
        self._next_poll = now

    def _serial_turn(self, now: float) -> None:
        try:
            request = self._poll_request() if now >= self._next_poll else None
            if request is not None:
                self.link.write(request)
                self._next_poll = now + self.config.poll_interval_s
            data = self.link.read()
        except LinkError as exc:
            log.warning("%s", exc)
            self.health.port_failed(str(exc))
            self._next_open = now + self.config.reopen_interval_s
            return
        if data:
            for parsed in self._parser.feed(data):
                self._handle(self._clock.monotonic(), parsed)

    def _handle(self, now: float, parsed: Reading | Rejected) -> None:
        if isinstance(parsed, Rejected):
            self.health.rejected()
            log.debug("rejected %r: %s", parsed.raw, parsed.reason)
            return
        spoken = self._spoken()
        if spoken is None:
            return
        reading = parsed
        if spoken.no_stability_marker:
            reading = self._stability.observe(now, reading)
        error = reading.detail if reading.status == Status.ERROR else None
        name = self._parser.settled_on(self.config.serial_settings) if isinstance(
            self._parser, AutoParser) else spoken.name  # auto: what it settled on, and why
        self.health.reading(now, f"reading the scale ({name})", error)
        if self._rule.decide(reading):
            self._store_weighing(reading, spoken.name)
        shown = self._live.offer(now, reading)
        if shown is not None:
            self._publish_live(shown)

    def _fields(self, reading: Reading, protocol: str) -> dict[str, object]:
        now = self._clock.monotonic()
        if now - self._synced_checked > CLOCK_CHECK_S:
            self._synced, self._synced_checked = self._clock.synced(), now
        return reading_fields(
            reading, scale_id=self.config.scale_id, protocol=protocol, at=self._clock.wall(),
            clock_synced=self._synced,
        )

    def _store_weighing(self, reading: Reading, protocol: str) -> None:
        fields = self._fields(reading, protocol)

        def make(seq: int) -> tuple[str, str]:
            wid = weighing_id(self.config.scale_id, self.outbox.epoch, seq)
            return wid, weighing_payload(wid, seq, fields)

        try:
            pending = self.outbox.add(make)
        except OutboxFull as exc:
            log.error("WEIGHING REFUSED: %s; the oldest are kept until acknowledged", exc)
            self.health.outbox_full(True)
            return
        self.weighings_stored += 1
        self._last_weighing = {"id": pending.id, "at": str(fields["at"])}
        log.info("weighing %s: %s kg", pending.id, reading.net_kg)
        self.delivery.submit(pending)

    def _publish_live(self, reading: Reading) -> None:
        if self.publisher.connected:
            spoken = self._spoken()
            name = spoken.name if spoken else self.config.protocol.name
            self.publisher.publish(self.topics.live, live_payload(self._fields(reading, name)), 0)

    def _mqtt_turn(self, now: float) -> None:
        pump = now >= self._next_pump
        for event in self.publisher.events():
            if isinstance(event, Connected):
                log.info("connected to %s", self.config.broker)
                self._status_sent = None  # say it again on the new connection
                pump = True
            elif isinstance(event, Disconnected):
                log.warning("%s", event.reason)
            if self.delivery.handle(event, now):
                self.health.outbox_full(self.outbox.count() >= self.outbox.max_rows)
                pump = True
        if pump:
            self.delivery.pump(now)
            self._next_pump = now + PUMP_INTERVAL_S

    def _status_turn(self, now: float) -> None:
        if not self.publisher.connected:
            return
        detecting = isinstance(self._parser, AutoParser) and self._parser.chosen is None
        verdict = self.health.verdict(now, detecting=detecting)
        last = self._last_weighing
        facts = (self.outbox.count(), last["id"] if last else None)
        since = now - self._status_at
        if verdict == self._status_sent and not (
            (facts != self._status_facts and since >= STATUS_MIN_INTERVAL_S)
            or since >= STATUS_REFRESH_S
        ):
            return
        state, detail = verdict
        if verdict != self._status_sent:
            (log.info if state == ONLINE else log.warning)("status %s: %s", state, detail)
        payload = status_payload(
            state, detail, self._clock.wall(),
            outbox=facts[0], last_weighing=last, uptime_s=int(now - self._started),
        )
        self.publisher.publish(self.topics.status, payload, 1, retain=True)
        self._status_sent, self._status_facts, self._status_at = verdict, facts, now

