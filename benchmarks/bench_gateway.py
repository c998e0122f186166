"""Gateway speed: parser throughput, CPU and memory at 20 readings/s, serial-to-subscriber latency.

Each figure is printed with its baseline from the same run and with the issue's target:
  parsers  - lines/s per protocol vs. merely splitting the same bytes into lines
  load     - CPU % of one core and RSS of a real gateway process fed 20 readings/s
             (target < 2 % and < 60 MB), vs. an idle Python interpreter's RSS
  latency  - stable line written to the pty -> weighing at a subscriber, p50/p99
             (target p99 < 50 ms), vs. a bare MQTT QoS 1 round trip on the same broker
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from gateway.protocols import CONCRETE, PROTOCOLS
from gateway.scale_frames import ENCODERS, ScaleState
from gateway.simulator import scenario, virtual_port
from tests.support.services import mosquitto

REPO = Path(__file__).resolve().parents[1]
PARSE_FRAMES = 20_000
CHUNK = 64  # bytes per read, about what a USB-serial adapter hands over at once
LOAD_RATE_HZ = 20.0
LOAD_WARMUP_S = 3.0
LOAD_MEASURE_S = 15.0
LATENCY_SAMPLES = 200
CPU_TARGET_PCT = 2.0
RSS_TARGET_MB = 60.0
P99_TARGET_MS = 50.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


# Where each protocol's frames end (or begin): the baseline splits the stream there.
FRAME_MARK = {"mt-sics": b"\n", "st-gs": b"\n", "sartorius-sbi": b"\n", "ohaus": b"\n",
              "sma": b"\r", "nci": b"\x03", "toledo-8217": b"\r", "toledo-continuous": b"\x02",
              "xk3190-a12e": b"="}


def _stream(protocol: str) -> bytes:
    states = scenario([Decimal("12.34"), Decimal("3.50"), Decimal("27.80")], 10.0)
    frames = [ENCODERS[protocol](s) for s in states]
    return b"".join(frames[i % len(frames)] for i in range(PARSE_FRAMES))


def bench_parsers() -> None:
    print(f"parsers: {PARSE_FRAMES} frames each, fed in {CHUNK}-byte reads")
    for protocol in sorted(CONCRETE):
        data = _stream(protocol)
        chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]
        parser = PROTOCOLS[protocol].make_parser("kg")
        start = time.perf_counter()
        count = sum(len(parser.feed(c)) for c in chunks)
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(20):
            data.split(FRAME_MARK[protocol])
        split_s = (time.perf_counter() - start) / 20
        rate = count / parse_s
        base = PARSE_FRAMES / split_s
        print(f"  {protocol:<18} {rate:>9,.0f} lines/s   baseline bytes.split {base:>12,.0f} "
              f"lines/s   ratio {rate / base:.4f}")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def _rss_mb(pid: int, key: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextlib.contextmanager
def _gateway(path: str, protocol: str, port: int, folder: Path, *extra: str) -> Iterator[int]:
    args = [sys.executable, "-m", "gateway.cli", "--serial", path, "--protocol", protocol,
            "--scale-id", "bench-1", "--centre", "bench", "--broker", f"mqtt://127.0.0.1:{port}",
            "--outbox", str(folder / "outbox.sqlite"), "--log-level", "WARNING", *extra]
    process = subprocess.Popen(args, cwd=REPO)
    try:
        yield process.pid
    finally:
        process.terminate()
        process.wait(10)


def _feed(port: object, protocol: str, rate_hz: float, stop: threading.Event) -> None:
    states = scenario([Decimal("12.34"), Decimal("3.50"), Decimal("27.80")], rate_hz)
    encode, i, tick = ENCODERS[protocol], 0, 1.0 / rate_hz
    next_at = time.monotonic()
    while not stop.is_set():
        port.write(encode(states[i % len(states)]))  # type: ignore[attr-defined]
        i += 1
        next_at += tick
        time.sleep(max(0.0, next_at - time.monotonic()))


def bench_load(broker_port: int, folder: Path) -> None:
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3)"])
    time.sleep(0.5)
    idle_rss = _rss_mb(idle.pid)
    idle.wait()
    print(f"load: a gateway process reading {LOAD_RATE_HZ:g} readings/s for {LOAD_MEASURE_S:g} s")
    for protocol, extra in (("st-gs", ()), ("mt-sics", ("--poll-interval", str(1 / LOAD_RATE_HZ)))):
        stop = threading.Event()
        with (
            virtual_port() as (port, path),
            _gateway(path, protocol, broker_port, folder, *extra) as pid,
        ):
            feeder = None
            if PROTOCOLS[protocol].poll is None:
                feeder = threading.Thread(target=_feed, args=(port, protocol, LOAD_RATE_HZ, stop))
                feeder.start()
            else:
                from gateway.simulator import play

                states = scenario([Decimal("12.34"), Decimal("3.50")], 10.0) * 100
                feeder = threading.Thread(target=play, args=(port, protocol, states),
                                          kwargs={"rate_hz": 10.0, "stop": stop})
                feeder.start()
            time.sleep(LOAD_WARMUP_S)
            cpu0, t0 = _cpu_s(pid), time.monotonic()
            time.sleep(LOAD_MEASURE_S)
            cpu_pct = 100 * (_cpu_s(pid) - cpu0) / (time.monotonic() - t0)
            rss, peak = _rss_mb(pid), _rss_mb(pid, "VmHWM")
            stop.set()
            feeder.join(5)
        print(f"  {protocol:<8} CPU {cpu_pct:5.2f} % of a core (target < {CPU_TARGET_PCT:g} %, "
              f"ratio {cpu_pct / CPU_TARGET_PCT:.2f})   RSS {rss:5.1f} MB, peak {peak:5.1f} MB "
              f"(target < {RSS_TARGET_MB:g} MB, ratio {peak / RSS_TARGET_MB:.2f}; "
              f"idle python {idle_rss:.1f} MB)")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_latency(broker_port: int, folder: Path) -> None:
    arrived: dict[int, float] = {}
    got = threading.Condition()

    def on_message(client: mqtt.Client, userdata: object, msg: mqtt.MQTTMessage) -> None:
        import json

        data = json.loads(msg.payload)
        with got:
            key = int(data["seq"]) if "seq" in data else int(data["n"])
            arrived.setdefault(key, time.perf_counter())
            got.notify_all()
        if "id" in data:
            client.publish("ambacht/bench/scale/bench-1/ack", json.dumps({"ids": [data["id"]]}), 1)

    sub = mqtt.Client(CallbackAPIVersion.VERSION2)
    sub.on_message = on_message
    sub.connect("127.0.0.1", broker_port)
    sub.subscribe([("ambacht/bench/scale/bench-1/weighing", 1), ("bench/rtt", 1)])
    sub.loop_start()

    def wait_for(key: int) -> float | None:
        with got:
            got.wait_for(lambda: key in arrived, timeout=2.0)
            return arrived.get(key)

    # baseline: a bare QoS 1 publish reaching a subscriber through the same broker
    pub = mqtt.Client(CallbackAPIVersion.VERSION2)
    pub.connect("127.0.0.1", broker_port)
    pub.loop_start()
    time.sleep(0.3)
    base = []
    for n in range(10_000, 10_000 + LATENCY_SAMPLES):
        t0 = time.perf_counter()
        pub.publish("bench/rtt", f'{{"n": {n}}}', 1)
        t1 = wait_for(n)
        if t1 is not None:
            base.append((t1 - t0) * 1000)
    pub.loop_stop()
    pub.disconnect()

    samples = []
    with virtual_port() as (port, path), _gateway(path, "st-gs", broker_port, folder):
        encode = ENCODERS["st-gs"]
        zero, moving = ScaleState(Decimal("0.00"), True), ScaleState(Decimal("5.00"), False)
        for _ in range(10):  # the first line of a connection is never trusted
            port.write(encode(zero))
            time.sleep(0.05)
        time.sleep(1.0)
        for seq in range(1, LATENCY_SAMPLES + 1):
            port.write(encode(zero) + encode(moving))
            time.sleep(0.03)
            stable = encode(ScaleState(Decimal("5.00") + Decimal(seq % 50) / 10, True))
            t0 = time.perf_counter()
            port.write(stable)
            t1 = wait_for(seq)
            if t1 is not None:
                samples.append((t1 - t0) * 1000)
    sub.loop_stop()
    sub.disconnect()
    p50, p99 = _pct(samples, 0.50), _pct(samples, 0.99)
    b50, b99 = _pct(base, 0.50), _pct(base, 0.99)
    print(f"latency: stable line on the pty -> weighing at a subscriber, {len(samples)} weighings")
    print(f"  p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   max {max(samples):6.2f} ms "
          f"(target p99 < {P99_TARGET_MS:g} ms, ratio {p99 / P99_TARGET_MS:.2f})")
    print(f"  baseline bare MQTT QoS 1: p50 {b50:6.2f} ms   p99 {b99:6.2f} ms   "
          f"(gateway/bare p99 ratio {p99 / b99:.1f})")


def run() -> None:
    """Print the gateway's speed figures."""
    bench_parsers()
    with tempfile.TemporaryDirectory() as tmp, mosquitto(Path(tmp) / "mq") as broker:
        bench_load(broker.port, Path(tmp))
        (Path(tmp) / "outbox.sqlite").unlink(missing_ok=True)
        bench_latency(broker.port, Path(tmp))
