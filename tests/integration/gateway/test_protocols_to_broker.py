"""Every protocol, end to end: real frames into a real pty, weighings out of a real Mosquitto."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gateway.protocols import CONCRETE
from gateway.simulator import virtual_port
from tests.integration.gateway.support import (
    gateway_config,
    items_for,
    outbox_rows,
    playing,
    running_gateway,
    tracker_side,
)
from tests.support.services import Mosquitto, wait_until

pytestmark = pytest.mark.mosquitto


@pytest.mark.parametrize("protocol", CONCRETE)
def test_each_item_becomes_exactly_one_weighing(
    protocol: str, broker: Mosquitto, tmp_path: Path
) -> None:
    scale_id = f"p-{protocol}"
    items = items_for(2)
    outbox = tmp_path / "outbox.sqlite"
    with (
        tracker_side(broker.port, "test", scale_id) as tracker,
        virtual_port() as (port, path),
        running_gateway(gateway_config(path, protocol, scale_id, broker.port, outbox)),
        playing(port, protocol, items) as scale,
    ):
        scale.join(30)
        assert wait_until(lambda: len(tracker.weighings) >= len(items))
        assert wait_until(lambda: outbox_rows(outbox) == 0), "acked weighings left the outbox"
        assert wait_until(lambda: tracker.status().get("state") == "online")
    assert tracker.nets() == items
    assert len(tracker.deliveries) == len(items), "no weighing was delivered twice"
    for seq, weighing in enumerate(sorted(tracker.weighings.values(), key=lambda w: w["seq"]), 1):
        assert weighing["seq"] == seq
        assert weighing["id"].startswith(f"{scale_id}:") and weighing["id"].endswith(f"{seq:06d}")
        assert weighing["protocol"] == protocol
        assert weighing["stable"] is True and weighing["status"] == "ok"
        assert weighing["stable_by"] == ("gateway" if protocol == "xk3190-a12e" else "scale")
        assert weighing["raw"] and weighing["at"].endswith("Z")
    assert any(not live["stable"] for _, live in tracker.live), "moving readings go out on live"


@pytest.mark.parametrize("protocol", ["st-gs", "toledo-continuous", "nci", "mt-sics", "sma"])
def test_auto_finds_the_protocol_and_delivers(
    protocol: str, broker: Mosquitto, tmp_path: Path
) -> None:
    scale_id = f"auto-{protocol}"
    items = items_for(2, "5.00")
    with (
        tracker_side(broker.port, "test", scale_id) as tracker,
        virtual_port() as (port, path),
        running_gateway(gateway_config(path, "auto", scale_id, broker.port, tmp_path / "o")),
        playing(port, protocol, items, repeat=2),
    ):
        assert wait_until(lambda: len(tracker.weighings) >= len(items))
    assert {w["protocol"] for w in tracker.weighings.values()} == {protocol}
    assert tracker.nets()[: len(items)] == items or tracker.nets()[-len(items) :] == items


def test_live_is_throttled_and_only_on_change(broker: Mosquitto, tmp_path: Path) -> None:
    scale_id = "live-1"
    with (
        tracker_side(broker.port, "test", scale_id) as tracker,
        virtual_port() as (port, path),
        running_gateway(gateway_config(path, "st-gs", scale_id, broker.port, tmp_path / "o")),
        playing(port, "st-gs", items_for(2)) as scale,  # 40 frames a second
    ):
        scale.join(30)
        wait_until(lambda: len(tracker.weighings) == 2)
    times = [t for t, _ in tracker.live]
    assert len(times) >= 5
    for i in range(len(times) - 5):
        # sent at least 0.2 s apart; allow for delivery jitter on a busy machine
        assert times[i + 5] - times[i] >= 0.8, "more than 5 live messages in a second"
    shown = [(live["net_kg"], live["stable"]) for _, live in tracker.live]
    assert all(a != b for a, b in zip(shown, shown[1:], strict=False)), "repeats sent"
    assert shown[-1] == (Decimal("0.00"), True), "the final state is not left stale"
