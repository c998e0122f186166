"""A network of sites: a scale at a site, read by the real gateway started as its systemd
unit would start it, publishes to the site's Mosquitto; the site bridges over TLS to the
central Mosquitto, where the real tracker (production mode) stores the weighings. The
central broker goes down for a while: the site keeps working, the bridge queues, and when
the central broker is back every weighing arrives exactly once and every ack returns."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from gateway.simulator import virtual_port
from tests.deploy.support import (
    DEPLOY,
    Certs,
    DeployedBroker,
    Probe,
    expand_exec,
    make_certs,
    read_environment_file,
    unit_value,
)
from tests.integration.gateway.support import REPO, items_for, outbox_rows, playing
from tests.support.services import wait_until
from tests.support.tracker import serve
from tracker.store import tables as t
from tracker.store.database import Database

pytestmark = [pytest.mark.mosquitto]

CENTRE, SITE, SCALE = "waardering", "kringloop-zuid", "zuid-1"
ITEMS = items_for(12)
DOWN_AT_LEAST_S = 3.0  # "a while": long enough for the bridge and tracker to notice
QUEUED_DURING_OUTAGE = 3  # weighings the scale makes while the central broker is away
SETTLE_S = 0.5  # a database commit takes milliseconds
WAIT_S = 60.0  # generous for a loaded CI machine; the test moves on as soon as it can
# Fast, test-only gateway timings. The ack timeout is long on purpose: within this test the
# gateway never publishes a weighing twice, so whatever arrives came through the bridge's
# queue, not from the gateway's own retries (those are proven in tests/fault).
GATEWAY_OPTIONS = ("--poll-interval 0.05 --no-answer-timeout 1 --stability-window 0.25 "
                   "--reconnect-max 1 --reopen-interval 0.2 --ack-timeout 600")


def bridge_conf(central_port: int, password: str) -> str:
    """deploy/mosquitto/bridge.conf filled in as its header says, pointing at the test's
    central broker, reconnecting faster than production does."""
    text = (DEPLOY / "mosquitto" / "bridge.conf").read_text()
    text = (text.replace("CHANGE-ME-HOST:8883", f"localhost:{central_port}")
            .replace("CHANGE-ME-SITE", SITE).replace("CHANGE-ME-CENTRE", CENTRE)
            .replace("CHANGE-ME-PASSWORD", password))
    assert "restart_timeout 5 60" in text
    return text.replace("restart_timeout 5 60", "restart_timeout 1 2")


def gateway_command(serial: str, broker: str, ca: Path, state: Path,
                    folder: Path) -> tuple[list[str], dict[str, str]]:
    """The gateway's argv and environment as systemd makes them from the unit and a
    filled-in copy of deploy/gateway/gateway.conf."""
    conf = (DEPLOY / "gateway" / "gateway.conf").read_text()
    conf = (conf.replace("AMBACHT_SERIAL=/dev/ambacht-scale-CHANGE-ME-SCALE",
                         f"AMBACHT_SERIAL={serial}")
            .replace("AMBACHT_PROTOCOL=auto", "AMBACHT_PROTOCOL=st-gs")
            .replace("AMBACHT_CENTRE=CHANGE-ME-CENTRE", f"AMBACHT_CENTRE={CENTRE}")
            .replace("#SSL_CERT_FILE=/etc/ambacht/mqtt-ca.crt", f"SSL_CERT_FILE={ca}")
            .replace('AMBACHT_GATEWAY_OPTIONS="--log-level INFO"',
                     f'AMBACHT_GATEWAY_OPTIONS="{GATEWAY_OPTIONS} --log-level INFO"'))
    conf = "\n".join(f"AMBACHT_BROKER={broker}" if line.startswith("AMBACHT_BROKER=") else line
                     for line in conf.splitlines())
    path = folder / f"gateway-{SCALE}.conf"
    path.write_text(conf)
    env = read_environment_file(path)
    assert "CHANGE-ME" not in "".join(env.values())
    (state / "ambacht-gateway" / SCALE).mkdir(parents=True)  # systemd's StateDirectory=
    argv = expand_exec(unit_value(DEPLOY / "gateway" / "ambacht-gateway@.service", "ExecStart"),
                       env, {"i": SCALE, "S": str(state)})
    assert argv[0] == "/opt/ambacht-gateway/bin/ambacht-gateway"
    return [sys.executable, "-m", "gateway.cli", *argv[1:]], {**os.environ, **env}


def stored(db: Database) -> list[tuple[str, str]]:
    with db.read() as conn:
        return [(r.id, r.net_kg) for r in conn.execute(
            sa.select(t.weighings.c.id, t.weighings.c.net_kg)
            .where(t.weighings.c.scale_id == SCALE))]


@pytest.fixture
def brokers(tmp_path: Path) -> Iterator[tuple[DeployedBroker, DeployedBroker, Certs,
                                              dict[str, str]]]:
    certs = make_certs(tmp_path / "pki")
    central = DeployedBroker(tmp_path / "central", certs)
    central.prepare()
    _, tracker_pw = central.add_user("tracker", None, "--centre", CENTRE)
    _, bridge_pw = central.add_user("bridge", SITE, "--centre", CENTRE, "--scale", SCALE)
    site = DeployedBroker(tmp_path / "site", certs,
                          conf_d={"ambacht-bridge.conf": bridge_conf(central.tls_port, bridge_pw)})
    site.prepare()
    _, gateway_pw = site.add_user("gateway", SCALE, "--centre", CENTRE)
    _, observer_pw = site.add_user("tracker", None, "--centre", CENTRE, "--name", "observer")
    central.start()
    site.start()
    try:
        yield central, site, certs, {"tracker": tracker_pw, "gateway": gateway_pw,
                                     "observer": observer_pw}
    finally:
        site.stop()
        central.stop()


def test_every_weighing_arrives_after_the_central_broker_was_down(
        tmp_path: Path, brokers: tuple[DeployedBroker, DeployedBroker, Certs,
                                       dict[str, str]]) -> None:
    central, site, certs, passwords = brokers
    db_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    db = Database(db_url)
    db.migrate()
    tracker_env = {
        "AMBACHT_PRODUCTION": "true", "AMBACHT_CENTRE": CENTRE,
        "AMBACHT_BASE_URL": "https://ambacht.waardering.nl",
        "AMBACHT_MQTT_URL": f"mqtts://tracker:{passwords['tracker']}@localhost:{central.tls_port}",
        "SSL_CERT_FILE": str(certs.ca),  # the tracker trusts the test CA as the system's
    }
    # on the site broker, reading what the bridge forwards (as a central tracker would)
    observer = Probe(site.tls_port, "observer", passwords["observer"], ca=certs.ca).connect()
    observer.subscribe(f"ambacht/{CENTRE}/scale/+/#")

    def seen_at_site() -> list[str]:
        return [json.loads(p)["id"] for topic, p in list(observer.messages)
                if topic.endswith("/weighing")]

    try:
        with (contextlib.contextmanager(serve)(db_url, **tracker_env),
              virtual_port() as (port, serial)):
            argv, env = gateway_command(
                serial, f"mqtts://gw-{SCALE}:{passwords['gateway']}@localhost:{site.tls_port}",
                certs.ca, tmp_path / "state", tmp_path)
            outbox = tmp_path / "state" / "ambacht-gateway" / SCALE / "outbox.sqlite"
            with (_gateway(argv, env, tmp_path / "gateway.log"),
                  playing(port, "st-gs", ITEMS) as scale):
                assert wait_until(lambda: len(stored(db)) >= 2, WAIT_S), _logs(site, central)

                central.stop()  # the link to the central broker is down
                down_since = time.monotonic()
                time.sleep(SETTLE_S)  # a weighing the tracker got just before may commit now
                before = len(stored(db))
                assert wait_until(lambda: len(seen_at_site()) >= before
                                  + QUEUED_DURING_OUTAGE, WAIT_S)
                time.sleep(max(0.0, DOWN_AT_LEAST_S - (time.monotonic() - down_since)))
                assert len(stored(db)) == before  # nothing got through meanwhile...
                status = [json.loads(p) for tp, p in list(observer.messages)
                          if tp.endswith("/status")]
                assert status[-1]["state"] == "online"  # ...yet the site works on

                central.start()
                scale.join(WAIT_S)
                assert wait_until(lambda: len(stored(db)) >= len(ITEMS), WAIT_S), \
                    (len(stored(db)), _logs(site, central))
                assert wait_until(lambda: outbox_rows(outbox) == 0, WAIT_S)  # acks back
        rows = stored(db)
        assert len(rows) == len({i for i, _ in rows}) == len(ITEMS)  # each exactly once
        assert sorted(Decimal(n) for _, n in rows) == sorted(ITEMS)
        # the gateway published each weighing once: the queue was the bridge's
        assert sorted(seen_at_site()) == sorted(i for i, _ in rows)
    finally:
        observer.close()
        db.dispose()


@contextlib.contextmanager
def _gateway(argv: list[str], env: dict[str, str], log: Path) -> Iterator[None]:
    """The gateway process with the unit's environment; SIGTERM at the end, as systemd."""
    with log.open("ab") as out:
        process = subprocess.Popen(argv, cwd=REPO, env=env, stdout=out, stderr=out)
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _logs(*brokers: DeployedBroker) -> str:
    return "\n".join(b.log()[-1500:] for b in brokers)
