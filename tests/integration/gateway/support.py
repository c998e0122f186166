"""Test helpers: the tracker's side of the MQTT contract, a running gateway, a playing scale.

Everything here is real: a paho client on the real broker, the real gateway (in a thread
or as a process), the simulator writing real frames into a real pty.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from gateway.broker_url import BrokerUrl
from gateway.protocols import PROTOCOLS
from gateway.runner import Gateway, GatewayConfig
from gateway.simulator import Port, play, scenario

REPO = Path(__file__).resolve().parents[3]
# Scenario timings are written for a 10 Hz indicator; tests play them 4x faster.
SCENARIO_HZ = 10.0
PLAY_HZ = 40.0

FAST = {
    "poll_interval_s": 0.05,
    "no_answer_s": 1.0,
    "ack_timeout_s": 2.0,
    "stability_window_s": 0.25,
    "reconnect_max_s": 1.0,
    "reopen_interval_s": 0.2,
}


class TrackerSide:
    """Plays the tracker: takes each weighing once, acknowledges it, records everything."""

    def __init__(self, port: int, centre: str, scale_id: str, *, ack: bool = True) -> None:
        self.root = f"ambacht/{centre}/scale/{scale_id}/"
        self.ack = ack
        self.deliveries: list[str] = []  # every weighing message, in arrival order
        self.weighings: dict[str, dict[str, Any]] = {}  # first copy of each id
        self.acked: set[str] = set()
        self.after_ack: list[str] = []  # ids delivered again after we had acked them
        self.statuses: list[dict[str, Any]] = []
        self.live: list[tuple[float, dict[str, Any]]] = []
        self._lock = threading.Lock()
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"tracker-{centre}-{scale_id}",
            clean_session=False,
        )
        self._client.reconnect_delay_set(1, 1)
        self._client.on_connect = self._on_connect
        self._client.on_message = self._on_message
        self._port = port

    def _on_connect(self, client: mqtt.Client, *args: Any) -> None:
        client.subscribe(self.root + "#", qos=1)

    def _on_message(self, client: mqtt.Client, userdata: Any, msg: mqtt.MQTTMessage) -> None:
        data = json.loads(msg.payload, parse_float=Decimal)
        kind = msg.topic.rsplit("/", 1)[-1]
        with self._lock:
            if kind == "weighing":
                wid = data["id"]
                self.deliveries.append(wid)
                if wid in self.acked:
                    self.after_ack.append(wid)
                self.weighings.setdefault(wid, data)
                if self.ack:
                    self.acked.add(wid)
                    client.publish(self.root + "ack", json.dumps({"ids": [wid]}), qos=1)
            elif kind == "status":
                self.statuses.append(data)
            elif kind == "live":
                self.live.append((time.monotonic(), data))

    def acknowledge_all(self) -> None:
        """Start acknowledging, and acknowledge everything received so far."""
        with self._lock:
            self.ack = True
            ids = sorted(set(self.weighings) - self.acked)
            self.acked.update(ids)
        if ids:
            self._client.publish(self.root + "ack", json.dumps({"ids": ids}), qos=1)

    def nets(self) -> list[Decimal]:
        """Net weights of the distinct weighings, in seq order."""
        with self._lock:
            ordered = sorted(self.weighings.values(), key=lambda w: w["seq"])
        return [Decimal(w["net_kg"]) for w in ordered]

    def status(self) -> dict[str, Any]:
        """The latest status message ({} before any)."""
        with self._lock:
            return self.statuses[-1] if self.statuses else {}

    def start(self) -> TrackerSide:
        """Connect (in the background: the broker may not be up yet)."""
        self._client.connect_async("127.0.0.1", self._port, 10)
        self._client.loop_start()
        return self

    def stop(self) -> None:
        """Disconnect."""
        self._client.disconnect()
        self._client.loop_stop()


@contextlib.contextmanager
def tracker_side(
    port: int, centre: str, scale_id: str, *, ack: bool = True
) -> Iterator[TrackerSide]:
    """A connected TrackerSide for the block."""
    side = TrackerSide(port, centre, scale_id, ack=ack).start()
    try:
        time.sleep(0.2)  # let the subscription land before the gateway starts talking
        yield side
    finally:
        side.stop()


def gateway_config(
    serial: str, protocol: str, scale_id: str, broker_port: int, outbox: Path, **overrides: Any
) -> GatewayConfig:
    """A config with short timeouts, so the tests stay fast."""
    config = GatewayConfig(
        serial_url=serial,
        protocol=PROTOCOLS[protocol],
        scale_id=scale_id,
        broker=BrokerUrl.parse(f"mqtt://127.0.0.1:{broker_port}"),
        outbox_path=outbox,
        centre="test",
    )
    return replace(config, **{**FAST, **overrides})


@contextlib.contextmanager
def running_gateway(config: GatewayConfig) -> Iterator[Gateway]:
    """The real gateway, in a thread, for the block."""
    gateway = Gateway.from_config(config)
    stop = threading.Event()
    thread = threading.Thread(target=gateway.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        stop.set()
        thread.join(10)


def gateway_args(config: GatewayConfig, **extra: str) -> list[str]:
    """The `ambacht-gateway` command line for a config (for gateway processes)."""
    args = [
        sys.executable, "-m", "gateway.cli",
        "--serial", config.serial_url, "--protocol", config.protocol.name,
        "--scale-id", config.scale_id, "--centre", config.centre,
        "--broker", f"mqtt://{config.broker.host}:{config.broker.port}",
        "--outbox", str(config.outbox_path),
        "--poll-interval", str(config.poll_interval_s),
        "--no-answer-timeout", str(config.no_answer_s),
        "--ack-timeout", str(config.ack_timeout_s),
        "--stability-window", str(config.stability_window_s),
        "--reconnect-max", str(config.reconnect_max_s),
        "--reopen-interval", str(config.reopen_interval_s),
    ]
    for key, value in extra.items():
        args += [f"--{key.replace('_', '-')}", value]
    return args


@contextlib.contextmanager
def gateway_process(args: Sequence[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`ambacht-gateway` as its own process (so it can be SIGKILLed); stopped at the end."""
    with log.open("ab") as out:
        process = subprocess.Popen(list(args), cwd=REPO, stdout=out, stderr=out)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def playing(
    port: Port, protocol: str, items: Sequence[Decimal], *, repeat: int = 1
) -> Iterator[threading.Thread]:
    """The simulated scale weighing `items` (played 4x faster than life) in a thread."""
    stop = threading.Event()
    states = scenario(items, SCENARIO_HZ) * repeat
    thread = threading.Thread(
        target=play, args=(port, protocol, states), kwargs={"rate_hz": PLAY_HZ, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(5)


def items_for(count: int, start: str = "12.34") -> list[Decimal]:
    """`count` distinct item weights (each at least 5 divisions from the last)."""
    base = Decimal(start)
    return [base + Decimal("1.11") * i for i in range(count)]


def outbox_rows(path: Path) -> int:
    """Unacknowledged weighings in an outbox file (read by a second connection)."""
    import sqlite3

    from gateway.outbox import WAITING

    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute(f"SELECT COUNT(*) FROM weighing {WAITING}").fetchone()[0])


def pid_alive(pid: int) -> bool:
    """Whether a process id still runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
