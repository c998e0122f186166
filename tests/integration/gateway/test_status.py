"""What the retained status topic tells the intake desk about the scale."""

from __future__ import annotations

import os
import select
import threading
from pathlib import Path

import pytest

from gateway.simulator import virtual_port
from tests.integration.gateway.support import (
    gateway_config,
    running_gateway,
    tracker_side,
)
from tests.support.services import Mosquitto, wait_until

pytestmark = pytest.mark.mosquitto


def test_scale_error_replies_are_reported_and_never_weighed(
    broker: Mosquitto, tmp_path: Path
) -> None:
    stop = threading.Event()
    with tracker_side(broker.port, "test", "es-1") as tracker, virtual_port() as (port, path):

        def answer_es() -> None:  # a balance that does not understand SI (wrong dialect)
            while not stop.is_set():
                if select.select([port.fd], [], [], 0.05)[0] and os.read(port.fd, 64):
                    port.write(b"ES\r\n")

        responder = threading.Thread(target=answer_es, daemon=True)
        responder.start()
        config = gateway_config(path, "mt-sics", "es-1", broker.port, tmp_path / "o.sqlite")
        try:
            with running_gateway(config):
                assert wait_until(lambda: "syntax error" in tracker.status().get("detail", ""))
                assert tracker.status()["state"] == "error"
        finally:
            stop.set()
            responder.join(5)
    assert tracker.weighings == {}
    assert tracker.live and all(m["status"] == "error" for _, m in tracker.live)


def test_auto_says_when_it_recognises_nothing(broker: Mosquitto, tmp_path: Path) -> None:
    with tracker_side(broker.port, "test", "auto-0") as tracker, virtual_port() as (_, path):
        config = gateway_config(path, "auto", "auto-0", broker.port, tmp_path / "o.sqlite")
        with running_gateway(config):
            assert wait_until(lambda: "no known protocol" in tracker.status().get("detail", ""))
