"""`ambacht demo`: the whole system on one machine. A broker (Mosquitto, or an embedded one),
the tracker on SQLite, a simulated scale on a virtual serial port, and the real gateway."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from tracker.domain.errors import DomainError
from tracker.services import stations, till_days
from tracker.services.context import Actor, utc_now
from tracker.settings import Settings
from tracker.store.database import Database

SITE = "milieustraat"
DEMO_PREFIX = "demo-"  # the demo's stations: remade with new tokens on every start
SCALE = "milieustraat-1"
PROTOCOL = "st-gs"  # the most common indicator family at Dutch drop-off points
ROLES = ("intake", "repair", "till", "monitor", "admin", "presence")
# The demo till's day opens by itself with a float of € 100 (what a kringloop's drawer
# starts with), so the till sells at once; closing it (F10) shows the Z-report.
DEMO_FLOAT_CENTS = 10_000
BROKER_START_S = 10  # Mosquitto is up in well under a second; a slow laptop gets ten


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_or_free(port: int) -> int:
    """`port` when nothing listens on it, else any free one."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return _free_port()
    return port


def _wait_port(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def mosquitto(folder: Path, port: int) -> Iterator[str]:
    """A local Mosquitto with anonymous access on loopback only (demo, never production)."""
    exe = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    conf = folder / "mosquitto.conf"
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
        f"persistence_location {folder}/\nlog_dest file {folder}/mosquitto.log\n"
        + ("user root\n" if os.geteuid() == 0 else "")  # as root it would drop to 'mosquitto'
        + "set_tcp_nodelay true\n"  # small QoS 1 packets must not wait for delayed ACKs
        # Mosquitto drops QoS 1 messages for a client beyond 1,000 queued by default: a
        # tracker that was down for a busy morning must find all its weighings waiting.
        + "max_queued_messages 1000000\nmax_inflight_messages 1000\n"
    )
    proc = subprocess.Popen([exe, "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        if not _wait_port(port, BROKER_START_S):
            raise DomainError(f"Mosquitto start niet; zie {folder}/mosquitto.log",
                              en=f"Mosquitto does not start; see {folder}/mosquitto.log")
        yield f"mqtt://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


@contextlib.contextmanager
def embedded_broker(port: int) -> Iterator[str]:
    """amqtt in a thread, for a laptop without Mosquitto (MQTT 3.1.1, memory only)."""
    try:
        from amqtt.broker import Broker
    except ImportError:
        raise DomainError("geen MQTT-broker: installeer mosquitto (apt-get install mosquitto) "
                          "of 'pip install amqtt'",
                          en="no MQTT broker: install mosquitto (apt-get install mosquitto) "
                             "or 'pip install amqtt'") from None
    loop = asyncio.new_event_loop()
    config = {"listeners": {"default": {"type": "tcp", "bind": f"127.0.0.1:{port}"}},
              "plugins": {"amqtt.plugins.authentication.AnonymousAuthPlugin":
                          {"allow_anonymous": True}}}
    broker = Broker(config, loop=loop)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(broker.start(), loop).result(BROKER_START_S)
    try:
        yield f"mqtt://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(broker.shutdown(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)


def prepare_database(url: str) -> tuple[dict[str, str], bool]:
    """The demo site and one station per role, with fresh tokens on every start; and whether
    the database already holds what an earlier start recorded."""
    db = Database(url)
    db.migrate()
    now = utc_now()
    with db.write() as conn:
        earlier = stations.recorded_by(conn, DEMO_PREFIX)
        if not stations.site_exists(conn, SITE):
            stations.add_site(conn, SITE, "Demostad", "Milieustraat en kringloopwinkel", now)
        # tokens are stored hashed and shown once: the demo simply makes new ones
        stations.remove_named(conn, DEMO_PREFIX)
        tokens = {role: stations.add_station(conn, f"{DEMO_PREFIX}{role}", role, SITE, now)
                  for role in ROLES}
        till_days.ensure_open(conn, Actor(f"{DEMO_PREFIX}till", "till", SITE), now,
                              DEMO_FLOAT_CENTS)
    db.dispose()
    return tokens, earlier


def _start_over(data: Path) -> None:
    """`--fresh`: the demo's databases and the gateway's outbox go; the folder stays."""
    for pattern in ("ambacht.db*", "outbox.sqlite*", "national.db*"):
        for old in data.glob(pattern):
            old.unlink()


def run(port: int, data: Path, broker_choice: str = "auto", flow: bool = False,
        fresh: bool = False, national: bool = False) -> None:
    """Start everything, print where to go, run until Ctrl-C. The folder keeps its database
    between starts; `fresh` starts it over; the history of `flow` is registered once;
    `national`: a national receiver beside it, fed by the demo centre (`demo_national`)."""
    import uvicorn

    from gateway.simulator import play, scenario, virtual_port
    from tracker.service import build_app

    data.mkdir(parents=True, exist_ok=True)
    if fresh:
        _start_over(data)
    database_url = f"sqlite:///{data / 'ambacht.db'}"
    tokens, earlier = prepare_database(database_url)
    use_mosquitto = broker_choice == "mosquitto" or (
        broker_choice == "auto" and (shutil.which("mosquitto") or
                                     os.path.exists("/usr/sbin/mosquitto")))
    broker_port = _free_port()
    broker_cm = mosquitto(data, broker_port) if use_mosquitto else embedded_broker(broker_port)
    stop = threading.Event()
    with contextlib.ExitStack() as stack:
        broker_url = stack.enter_context(broker_cm)
        scale_port, tty_path = stack.enter_context(virtual_port(data / "scale-tty"))
        states = scenario([Decimal("4.25"), Decimal("12.80"), Decimal("1.35"), Decimal("23.60")],
                          10.0)
        player = threading.Thread(target=play, args=(scale_port, PROTOCOL, itertools.cycle(
            states)), kwargs={"rate_hz": 10.0, "stop": stop}, daemon=True)
        player.start()
        stack.callback(stop.set)
        gateway = subprocess.Popen(
            [sys.executable, "-c", "from gateway.cli import main; main()", "--serial", tty_path,
             "--protocol", PROTOCOL, "--scale-id", SCALE, "--broker", broker_url,
             "--centre", "demo",
             "--outbox", str(data / "outbox.sqlite"), "--log-level", "WARNING"])
        stack.callback(_stop_process, gateway)
        feed: dict[str, Any] = {}
        national_url = None
        if national:
            from tracker import demo_national

            receiver = demo_national.prepare(data, utc_now())
            national_url = stack.enter_context(demo_national.serving(
                receiver, _port_or_free(port + demo_national.PORT_OFFSET)))
            feed = demo_national.feed_settings(national_url, receiver.token)
        settings = Settings(database_url=database_url, mqtt_url=broker_url, centre="demo",
                            base_url=f"http://127.0.0.1:{port}", **feed)
        app = build_app(settings)
        if not use_mosquitto and app.state.services.ingest is not None:
            from tracker.ingest.subscriber import Ingest

            svc = app.state.services
            svc.ingest = Ingest(svc.db, broker_url, "demo", svc.board, svc.clock, mqtt_v5=False)
        _banner(port, tokens, broker_url, "Mosquitto" if use_mosquitto else "amqtt (ingebouwd)",
                tty_path, data, flow, earlier, national_url)
        if flow:
            from tracker.demo_scenario import Api, Scenario

            moving = Scenario(Api(f"http://127.0.0.1:{port}", tokens), SCALE,
                              history=not earlier)
            if national:
                categories = app.state.services.categories
                moving.after_history = lambda: demo_national.send_history(
                    database_url, categories, utc_now())
            threading.Thread(target=_after_start, args=(port, moving, stop), daemon=True).start()
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def _after_start(port: int, flow: object, stop: threading.Event) -> None:
    if _wait_port(port, 30):
        flow.run(stop)  # type: ignore[attr-defined]


def _stop_process(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _banner(port: int, tokens: dict[str, str], broker: str, broker_kind: str, tty: str,
            data: Path, flow: bool, earlier: bool, national: str | None = None) -> None:
    url = f"http://127.0.0.1:{port}"
    kept = "gegevens van een eerdere start staan er nog" if earlier else "nieuw aangemaakt"
    history = ("  scenario       acht weken geschiedenis staan er al (niet opnieuw ingevoerd); "
               "daarna komen er steeds voorwerpen bij" if earlier else
               "  scenario       acht weken geschiedenis worden ingevoerd; daarna komen er "
               "steeds voorwerpen bij")
    lines = [
        "",
        "Ambacht demo draait",
        f"  tracker        {url}   (API-documentatie: {url}/docs)",
        f"  stations       {url}/login   (met een token hieronder)",
        f"  MQTT-broker    {broker}   ({broker_kind})",
        f"  weegschaal     gesimuleerd, protocol {PROTOCOL}, op {tty}, gelezen door "
        f"ambacht-gateway als '{SCALE}'; hij weegt vanzelf steeds opnieuw vier voorwerpen "
        "(4,25 / 12,8 / 1,35 / 23,6 kg) en gaat tussendoor terug naar nul",
        f"  gegevens       {data.resolve()} ({kept}; blijft bewaard na het stoppen; "
        "'ambacht demo --fresh' begint opnieuw)",
        *([history] if flow else []),
        *([f"  landelijk      {national}/national   (landelijke ontvanger: het demo-centrum "
           "via zijn feed, en een jaar van zes gesimuleerde centra in zes provincies)"]
          if national else []),
        "",
        "Stationtokens (nieuw bij elke start):",
        *(f"  {role:8} {token}" for role, token in tokens.items()),
        "",
        "Probeer:",
        f"  curl -s -H 'Authorization: Bearer {tokens['intake']}' {url}/api/scales",
        f"  curl -s -X POST -H 'Authorization: Bearer {tokens['intake']}' "
        "-H 'Content-Type: application/json' "
        f"-d '{{\"category\": \"elektrisch\", \"scale_id\": \"{SCALE}\"}}' {url}/api/items",
        "",
        "Stoppen: Ctrl-C",  # the last line: whoever reads the banner reads up to "Ctrl-C"
    ]
    print("\n".join(lines), flush=True)
