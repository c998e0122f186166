"""Faults at a drop-off point, against the real `ambacht-gateway` process.

Each test checks by id that every stored weighing reaches the tracker side, and that a
weighing is never lost: sequence numbers have no gaps, the outbox ends empty.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
import serial

from gateway.reading import Status
from gateway.scale_frames import ENCODERS, ScaleState
from gateway.simulator import FdPort, virtual_port
from tests.integration.gateway.support import (
    gateway_args,
    gateway_config,
    gateway_process,
    items_for,
    outbox_rows,
    playing,
    tracker_side,
)
from tests.support.services import Mosquitto, free_port, wait_until

pytestmark = pytest.mark.mosquitto

WRONG_BAUD_BYTES = [0x00, 0x80, 0xF8, 0xFE, 0x0A, 0x66, 0x9E]


@contextmanager
def broker_at(folder: Path, start: bool = True) -> Iterator[Mosquitto]:
    folder.mkdir(parents=True, exist_ok=True)
    broker = Mosquitto(folder, free_port())
    if start:
        broker.start()
    try:
        yield broker
    finally:
        broker.stop(kill=True)


def assert_complete(seqs: list[int]) -> None:
    assert sorted(set(seqs)) == list(range(1, max(seqs) + 1)), f"a weighing is missing: {seqs}"


def test_broker_down_at_start(tmp_path: Path) -> None:
    outbox = tmp_path / "o.sqlite"
    items = items_for(3)
    with broker_at(tmp_path / "mq", start=False) as broker, virtual_port() as (port, path):
        config = gateway_config(path, "st-gs", "down-1", broker.port, outbox)
        with gateway_process(gateway_args(config), tmp_path / "gw.log") as gateway:
            with playing(port, "st-gs", items) as scale:
                scale.join(30)
            assert wait_until(lambda: outbox_rows(outbox) == 3), "weighings wait in the outbox"
            assert gateway.poll() is None, "the gateway waits for the broker, it does not exit"
            broker.start()
            with tracker_side(broker.port, "test", "down-1") as tracker:
                assert wait_until(lambda: len(tracker.weighings) == 3)
                assert wait_until(lambda: outbox_rows(outbox) == 0)
    assert tracker.nets() == items


def test_broker_killed_mid_stream(tmp_path: Path) -> None:
    outbox = tmp_path / "o.sqlite"
    items = items_for(6)
    with (
        broker_at(tmp_path / "mq") as broker,
        tracker_side(broker.port, "test", "kill-broker") as tracker,
        virtual_port() as (port, path),
    ):
        config = gateway_config(path, "mt-sics", "kill-broker", broker.port, outbox)
        with (
            gateway_process(gateway_args(config), tmp_path / "gw.log") as gateway,
            playing(port, "mt-sics", items) as scale,
        ):
            assert wait_until(lambda: len(tracker.weighings) >= 2)
            broker.stop(kill=True)
            time.sleep(1.5)  # the scale goes on weighing while the broker is away
            broker.start()
            scale.join(30)
            assert wait_until(lambda: len(tracker.weighings) == len(items))
            assert wait_until(lambda: outbox_rows(outbox) == 0)
            assert gateway.poll() is None
    assert tracker.nets() == items
    assert_complete([w["seq"] for w in tracker.weighings.values()])


def test_gateway_sigkilled_between_outbox_write_and_publish(tmp_path: Path) -> None:
    outbox = tmp_path / "o.sqlite"
    items = items_for(2)
    with broker_at(tmp_path / "mq", start=False) as broker, virtual_port() as (port, path):
        config = gateway_config(path, "sma", "sigkill-1", broker.port, outbox)
        # broker away: weighings are written to the outbox but cannot be published yet
        with gateway_process(gateway_args(config), tmp_path / "gw.log") as gateway:
            with playing(port, "sma", items) as scale:
                scale.join(30)
            assert wait_until(lambda: outbox_rows(outbox) == 2)
            gateway.kill()  # SIGKILL: no clean shutdown, nothing flushed
            gateway.wait()
        broker.start()
        with (
            tracker_side(broker.port, "test", "sigkill-1") as tracker,
            gateway_process(gateway_args(config), tmp_path / "gw.log"),
        ):
            assert wait_until(lambda: len(tracker.weighings) == 2)
            assert wait_until(lambda: outbox_rows(outbox) == 0)
    assert tracker.nets() == items


def test_gateway_sigkilled_again_and_again_loses_nothing_stored(tmp_path: Path) -> None:
    outbox = tmp_path / "o.sqlite"
    rng = random.Random(3)
    with (
        broker_at(tmp_path / "mq") as broker,
        tracker_side(broker.port, "test", "sigkill-2") as tracker,
        virtual_port() as (port, path),
    ):
        config = gateway_config(path, "toledo-continuous", "sigkill-2", broker.port, outbox)
        with playing(port, "toledo-continuous", items_for(8)) as scale:
            while scale.is_alive():
                with gateway_process(gateway_args(config), tmp_path / "gw.log") as gateway:
                    time.sleep(rng.uniform(1.2, 2.5))
                    gateway.send_signal(signal.SIGKILL)
                    gateway.wait()
        with gateway_process(gateway_args(config), tmp_path / "gw.log"):
            assert wait_until(lambda: outbox_rows(outbox) == 0)
            time.sleep(0.5)
    seqs = [w["seq"] for w in tracker.weighings.values()]
    assert len(seqs) >= 2, "some weighings were made between the kills"
    assert_complete(seqs)


@contextmanager
def socat_link(scale_end: Path, gateway_end: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A virtual null-modem cable: two pty ends, like a USB-serial adapter that can be pulled."""
    exe = shutil.which("socat")
    if exe is None:
        pytest.skip("socat is not installed")
    process = subprocess.Popen(
        [exe, f"pty,raw,echo=0,link={scale_end}", f"pty,raw,echo=0,link={gateway_end}"],
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: scale_end.exists() and gateway_end.exists(), 5)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(5)


@contextmanager
def scale_on(end: Path) -> Iterator[FdPort]:
    fd = os.open(end, os.O_RDWR | os.O_NOCTTY)
    try:
        yield FdPort(fd)
    finally:
        os.close(fd)


def test_port_unplugged_and_plugged_back(broker: Mosquitto, tmp_path: Path) -> None:
    scale_end, gateway_end = tmp_path / "scale", tmp_path / "usb-FTDI-by-id"
    config = gateway_config(str(gateway_end), "st-gs", "unplug-1", broker.port, tmp_path / "o")
    weights = [Decimal("12.34"), Decimal("20.00"), Decimal("30.00")]
    with (
        tracker_side(broker.port, "test", "unplug-1") as tracker,
        gateway_process(gateway_args(config), tmp_path / "gw.log") as gateway,
    ):
        # adapter not plugged in when the gateway starts
        assert wait_until(lambda: "not found" in tracker.status().get("detail", ""))
        for count, weight in enumerate(weights, 1):
            with (
                socat_link(scale_end, gateway_end),
                scale_on(scale_end) as port,
                playing(port, "st-gs", [weight]) as scale,
            ):
                scale.join(30)
                assert wait_until(lambda: len(tracker.weighings) == count)  # noqa: B023
                assert tracker.status()["state"] == "online"
            # pulled out: the by-id link disappears; the gateway reports it and waits
            assert not gateway_end.exists()
            assert wait_until(lambda: tracker.status().get("state") == "error")
            assert gateway.poll() is None
    assert tracker.nets() == weights
    assert not tracker.after_ack


def test_wrong_baud_garbage_is_reported_and_nothing_published(
    broker: Mosquitto, tmp_path: Path
) -> None:
    rng = random.Random(7)
    stop = threading.Event()

    def garbage(port: FdPort) -> None:
        # what 9600-baud frames look like to a port set to another speed: bytes with
        # framing errors, few of them printable, an occasional line end
        while not stop.is_set():
            port.write(bytes(rng.choice(WRONG_BAUD_BYTES) for _ in range(32)))
            time.sleep(0.02)

    with (
        tracker_side(broker.port, "test", "baud-1") as tracker,
        virtual_port() as (port, path),
    ):
        config = gateway_config(path, "st-gs", "baud-1", broker.port, tmp_path / "o.sqlite")
        writer = threading.Thread(target=garbage, args=(port,), daemon=True)
        writer.start()
        try:
            with gateway_process(gateway_args(config), tmp_path / "gw.log"):
                assert wait_until(lambda: "garbage" in tracker.status().get("detail", ""))
                assert tracker.status()["state"] == "error"
                assert "9600 baud" in tracker.status()["detail"]
                time.sleep(1.0)
        finally:
            stop.set()
            writer.join(5)
    assert tracker.weighings == {} and tracker.live == []


def test_port_held_by_another_process(broker: Mosquitto, tmp_path: Path) -> None:
    with tracker_side(broker.port, "test", "busy-1") as tracker, virtual_port() as (port, path):
        config = gateway_config(path, "nci", "busy-1", broker.port, tmp_path / "o.sqlite")
        holder = serial.Serial()
        holder.port, holder.exclusive = path, True
        holder.open()
        with gateway_process(gateway_args(config), tmp_path / "gw.log") as gateway:
            try:
                assert wait_until(lambda: "another process" in tracker.status().get("detail", ""))
            finally:
                holder.close()
            with playing(port, "nci", items_for(1)):
                assert wait_until(lambda: len(tracker.weighings) == 1)
            assert gateway.poll() is None


def test_scale_switched_on_after_the_gateway(broker: Mosquitto, tmp_path: Path) -> None:
    with tracker_side(broker.port, "test", "late-1") as tracker, virtual_port() as (port, path):
        config = gateway_config(path, "toledo-8217", "late-1", broker.port, tmp_path / "o")
        with gateway_process(gateway_args(config), tmp_path / "gw.log"):
            assert wait_until(lambda: "no answer" in tracker.status().get("detail", ""))
            with playing(port, "toledo-8217", items_for(1)):
                assert wait_until(lambda: tracker.status().get("state") == "online")
                assert wait_until(lambda: len(tracker.weighings) == 1)
            assert wait_until(lambda: "no answer" in tracker.status().get("detail", ""))


def test_overload_never_becomes_a_weighing(broker: Mosquitto, tmp_path: Path) -> None:
    with tracker_side(broker.port, "test", "ol-1") as tracker, virtual_port() as (port, path):
        config = gateway_config(path, "st-gs", "ol-1", broker.port, tmp_path / "o.sqlite")
        with gateway_process(gateway_args(config), tmp_path / "gw.log"):
            frames = [ScaleState(Decimal("0.00"), True)] * 5 + [
                ScaleState(Decimal("0"), False, status)
                for status in (Status.OVERLOAD, Status.UNDERLOAD)
                for _ in range(20)
            ]
            assert wait_until(lambda: tracker.status().get("state") is not None)
            for state in frames:
                port.write(ENCODERS["st-gs"](state))
                time.sleep(0.02)
            assert wait_until(lambda: any(m["status"] == "underload" for _, m in tracker.live))
    assert any(live["status"] == "overload" for _, live in tracker.live)
    assert tracker.weighings == {}
