"""Delivery rules against a real broker: re-publish without ack, across restarts; full outbox."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from gateway.simulator import virtual_port
from tests.integration.gateway.support import (
    gateway_args,
    gateway_config,
    gateway_process,
    items_for,
    outbox_rows,
    playing,
    running_gateway,
    tracker_side,
)
from tests.support.services import Mosquitto, wait_until

pytestmark = pytest.mark.mosquitto


def test_unacknowledged_weighings_are_published_again_until_acked(
    broker: Mosquitto, tmp_path: Path
) -> None:
    scale_id = "resend-1"
    outbox = tmp_path / "o.sqlite"
    with tracker_side(broker.port, "test", scale_id, ack=False) as tracker:
        with virtual_port() as (port, path):
            config = gateway_config(path, "st-gs", scale_id, broker.port, outbox, ack_timeout_s=1.0)
            with running_gateway(config), playing(port, "st-gs", items_for(2)) as scale:
                scale.join(30)
                assert wait_until(lambda: len(tracker.weighings) == 2)
                # no ack: after the ack timeout each weighing comes again, same id
                assert wait_until(lambda: len(tracker.deliveries) >= 4)
                assert set(tracker.deliveries) == set(tracker.weighings)
        assert outbox_rows(outbox) == 2
        # a restarted gateway (no scale now) publishes what is still unacknowledged
        config = gateway_config("/dev/nonexistent-scale", "st-gs", scale_id, broker.port, outbox)
        before = len(tracker.deliveries)
        with running_gateway(config):
            assert wait_until(lambda: len(tracker.deliveries) >= before + 2)
            tracker.acknowledge_all()
            assert wait_until(lambda: outbox_rows(outbox) == 0)
            assert wait_until(lambda: "not found" in tracker.status().get("detail", ""))
        # ids continue after the restart
        with virtual_port() as (port, path), tracker_side(broker.port, "test", scale_id) as t2:
            config = gateway_config(path, "st-gs", scale_id, broker.port, outbox)
            with running_gateway(config), playing(port, "st-gs", items_for(1, "40.00")):
                assert wait_until(lambda: len(t2.weighings) == 1)
            assert next(iter(t2.weighings.values()))["seq"] == 3


def test_full_outbox_refuses_new_weighings_loudly(broker: Mosquitto, tmp_path: Path) -> None:
    scale_id = "full-1"
    outbox = tmp_path / "o.sqlite"
    with (
        tracker_side(broker.port, "test", scale_id, ack=False) as tracker,
        virtual_port() as (port, path),
        running_gateway(
            gateway_config(path, "st-gs", scale_id, broker.port, outbox, outbox_max=1)
        ),
        playing(port, "st-gs", items_for(2)) as scale,
    ):
        scale.join(30)
        assert wait_until(lambda: "outbox full" in tracker.status().get("detail", ""))
        assert tracker.status()["state"] == "error"
        assert len(tracker.weighings) == 1 and outbox_rows(outbox) == 1, "the oldest is kept"
        tracker.acknowledge_all()
        assert wait_until(lambda: tracker.status().get("state") == "online")


def test_last_will_says_offline_when_the_gateway_dies(broker: Mosquitto, tmp_path: Path) -> None:
    scale_id = "will-1"
    with (
        tracker_side(broker.port, "test", scale_id) as tracker,
        virtual_port() as (port, path),
    ):
        config = gateway_config(path, "st-gs", scale_id, broker.port, tmp_path / "o.sqlite")
        with gateway_process(gateway_args(config), tmp_path / "gw.log") as process:
            assert wait_until(lambda: tracker.status().get("state") == "online")
            process.kill()
            process.wait()
        assert wait_until(lambda: tracker.status().get("state") == "offline")
    # retained: a station that connects later still learns the gateway is offline
    seen: list[dict[str, str]] = []
    late = mqtt.Client(CallbackAPIVersion.VERSION2)
    late.on_message = lambda c, u, m: seen.append(json.loads(m.payload))
    late.connect("127.0.0.1", broker.port)
    late.subscribe(f"ambacht/test/scale/{scale_id}/status", qos=1)
    late.loop_start()
    try:
        assert wait_until(lambda: bool(seen), 5)
        assert seen[-1]["state"] == "offline"
    finally:
        late.loop_stop()
        late.disconnect()


def test_clean_stop_publishes_offline_and_exits_zero(broker: Mosquitto, tmp_path: Path) -> None:
    scale_id = "stop-1"
    with tracker_side(broker.port, "test", scale_id) as tracker, virtual_port() as (_, path):
        config = gateway_config(path, "mt-sics", scale_id, broker.port, tmp_path / "o.sqlite")
        with gateway_process(gateway_args(config), tmp_path / "gw.log") as process:
            assert wait_until(lambda: tracker.status().get("state") in ("online", "error"))
            time.sleep(0.3)
            process.terminate()
            assert process.wait(10) == 0
        assert wait_until(lambda: tracker.status().get("detail") == "gateway stopped")


def test_help_and_list_protocols_run_as_a_command() -> None:
    out = subprocess.run(
        ["ambacht-gateway", "--list-protocols"], capture_output=True, text=True, check=True,
        env={"PATH": str(Path(__import__("sys").executable).parent)},
    ).stdout
    assert "xk3190-a12e" in out and "auto" in out
