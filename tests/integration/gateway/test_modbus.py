"""Modbus indicators end to end: pymodbus's own server plays the indicator (TCP on loopback,
RTU on a pty pair), the real gateway polls it, weighings come out of a real Mosquitto."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from gateway.protocols import modbus
from gateway.simulator import scenario
from tests.integration.gateway.modbus_scale import ModbusScale, serving
from tests.integration.gateway.support import (
    gateway_config,
    items_for,
    outbox_rows,
    running_gateway,
    tracker_side,
)
from tests.support.services import Mosquitto, free_port, wait_until

pytestmark = pytest.mark.mosquitto
SCENARIO_HZ, PLAY_HZ = 10.0, 40.0  # the scenario shown 4x faster than life, as for the others


@contextlib.contextmanager
def pty_pair(folder: Path) -> Iterator[tuple[str, str]]:
    """Two linked pseudo-terminals, as a null-modem cable between two serial ports."""
    ends = str(folder / "indicator"), str(folder / "gateway")
    socat = subprocess.Popen(["socat", *(f"pty,raw,echo=0,link={end}" for end in ends)],
                             stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: all(Path(end).exists() for end in ends))
        yield ends
    finally:
        socat.terminate()
        socat.wait(10)


def weigh(broker: Mosquitto, tmp_path: Path, make: str, url: str, framing: str,
          scale: ModbusScale) -> None:
    scale_id = f"mb-{make}-{framing}"
    items = items_for(2, "12.34")
    spec = modbus.make_spec(make, 1, scale.decimals, framing)
    config = replace(gateway_config(url, "modbus", scale_id, broker.port, tmp_path / "o"),
                     protocol=spec)
    with tracker_side(broker.port, "test", scale_id) as tracker, running_gateway(config):
        scale.play(scenario(items, SCENARIO_HZ), PLAY_HZ)
        assert wait_until(lambda: len(tracker.weighings) >= len(items))
        assert wait_until(lambda: outbox_rows(tmp_path / "o") == 0)
    assert tracker.nets() == items  # exactly the digits: 12.34, not 12.340000001
    weighing = next(iter(tracker.weighings.values()))
    assert weighing["protocol"] == "modbus" and weighing["stable_by"] == "scale"
    assert weighing["raw"].startswith(make)
    assert scale.requests > 10, "the gateway polls"


@pytest.mark.parametrize("make", sorted(modbus.MAPS))
def test_modbus_tcp_indicator(make: str, broker: Mosquitto, tmp_path: Path) -> None:
    scale, port = ModbusScale(make, decimals=2), free_port()
    with serving(scale, tcp_port=port):
        weigh(broker, tmp_path, make, f"socket://127.0.0.1:{port}", "tcp", scale)


def test_modbus_rtu_indicator_on_a_serial_line(broker: Mosquitto, tmp_path: Path) -> None:
    scale = ModbusScale("laumas", decimals=2)
    with pty_pair(tmp_path) as (indicator, gateway), serving(scale, serial_path=indicator):
        weigh(broker, tmp_path, "laumas", gateway, "rtu", scale)
