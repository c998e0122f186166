"""Production safety: with AMBACHT_PRODUCTION=true `ambacht serve` refuses settings that
would expose the centre, with one readable line and a non-zero exit, before it touches the
database or the broker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tracker import production
from tracker.service import build_app
from tracker.settings import Settings

GOOD_MQTT = "mqtts://tracker:Qm7vT2xK9pLw4RsN8yBd@mqtt.waardering.nl:8883"
GOOD: dict[str, Any] = {"production": True, "mqtt_url": GOOD_MQTT, "base_url": "https://ambacht.waardering.nl",
        "database_url": "postgresql+psycopg://ambacht@/ambacht?host=/run/postgresql"}


def found(**overrides: Any) -> list[str]:
    return production.problems(Settings(**{**GOOD, **overrides}))


def test_sound_production_settings_pass() -> None:
    assert found() == []
    assert found(mqtt_url="mqtt://tracker:Qm7vT2xK9pLw4RsN8yBd@127.0.0.1:1883") == []
    assert found(database_url="sqlite:////var/lib/ambacht/ambacht.db") == []
    assert found(database_url="postgresql+psycopg://ambacht:hV3kq9Lr2Mx7Tz4Wp8Ns@db.lan/ambacht"
                 "?sslmode=verify-full") == []
    # a client certificate is a login of its own, over TLS
    assert found(database_url="postgresql+psycopg://ambacht@db.lan/ambacht?sslmode=verify-full"
                 "&sslcert=/etc/ambacht/pg.crt&sslkey=/etc/ambacht/pg.key") == []
    # on this host, TCP without TLS sends nothing over a network
    assert found(database_url="postgresql+psycopg://ambacht:hV3kq9Lr2Mx7Tz4Wp8Ns@127.0.0.1/"
                 "ambacht") == []


@pytest.mark.parametrize(("overrides", "says"), [
    ({"mqtt_url": "mqtt://127.0.0.1:1883"}, "anoniem"),
    ({"mqtt_url": "mqtts://tracker@mqtt.waardering.nl:8883"}, "anoniem"),
    ({"mqtt_url": "mqtts://tracker:changeme@mqtt.waardering.nl:8883"}, "standaard"),
    ({"mqtt_url": "mqtts://tracker:CHANGE-ME-PASSWORD@mqtt.waardering.nl:8883"}, "standaard"),
    ({"mqtt_url": "mqtts://tracker:kort@mqtt.waardering.nl:8883"}, "te kort"),
    ({"mqtt_url": "mqtt://tracker:Qm7vT2xK9pLw4RsN8yBd@mqtt.waardering.nl:1883"},
     "onversleuteld"),
    ({"database_url": "postgresql+psycopg://postgres:postgres@db.lan/ambacht?sslmode=require"},
     "standaard"),
    ({"database_url": "postgresql+psycopg://ambacht:@db.lan/ambacht?sslmode=require"},
     "standaard"),
    ({"database_url": "postgresql+psycopg://ambacht@db.lan/ambacht?sslmode=require"},
     "zonder wachtwoord"),
    ({"database_url": "postgresql+psycopg://ambacht@127.0.0.1/ambacht?sslcert=/c.crt"},
     "zonder wachtwoord"),
    ({"database_url": "postgresql+psycopg://ambacht:hV3kq9Lr2Mx7Tz4Wp8Ns@db.lan/ambacht"},
     "zonder TLS"),
    ({"database_url": "postgresql+psycopg://ambacht:hV3kq9Lr2Mx7Tz4Wp8Ns@db.lan/ambacht"
                      "?sslmode=prefer"}, "zonder TLS"),
    ({"feed_http_url": "https://monitor.example.nl", "feed_http_token": "secret"}, "FEED_HTTP"),
    ({"feed_http_url": "http://monitor.example.nl", "feed_http_token": "Xr8Lm2Qv9Tk4Wz7Np3Hs"},
     "onversleuteld"),
    ({"base_url": "http://127.0.0.1:8000"}, "QR-codes"),
    ({"base_url": "http://127.0.0.1:8000/"}, "QR-codes"),
    ({"base_url": "http://ambacht.waardering.nl"}, "QR-codes"),
    ({"base_url": "https://localhost"}, "QR-codes"),
    ({"base_url": "https://127.0.0.2:8443"}, "QR-codes"),
    ({"base_url": "https://[::1]/"}, "QR-codes"),
    ({"base_url": "https://CHANGE-ME-DOMAIN"}, "plaatshouder"),
    ({"centre": "CHANGE-ME-CENTRE"}, "plaatshouder"),
    ({"mqtt_url": "mqtts://tracker:Qm7vT2xK9pLw4RsN8yBd@CHANGE-ME-HOST:8883"}, "plaatshouder"),
], ids=lambda v: str(v) if isinstance(v, str) else next(iter(v.values())))
def test_unsafe_settings_are_named(overrides: dict[str, str], says: str) -> None:
    problems = found(**overrides)
    assert len(problems) == 1 and says in problems[0], problems


def test_a_client_certificate_without_tls_is_no_login() -> None:
    # sslmode=disable: libpq never presents the certificate, so nobody checks who connects
    problems = found(database_url="postgresql+psycopg://ambacht@db.lan/ambacht?sslmode=disable"
                     "&sslcert=/etc/ambacht/pg.crt&sslkey=/etc/ambacht/pg.key")
    assert len(problems) == 2, problems
    assert "zonder TLS" in problems[0] and "zonder wachtwoord" in problems[1]


def test_the_shipped_settings_file_is_refused_until_filled_in() -> None:
    from tests.deploy.support import DEPLOY, read_environment_file

    env = read_environment_file(DEPLOY / "server" / "ambacht.env")
    shipped = Settings(**{k[len("AMBACHT_"):].lower(): v for k, v in env.items()})
    said = " ".join(production.problems(shipped))
    for name in ("AMBACHT_CENTRE", "AMBACHT_BASE_URL", "AMBACHT_MQTT_URL"):
        assert name in said, said


def test_mqtt_login_matters_only_when_the_tracker_uses_mqtt() -> None:
    assert found(mqtt_url="mqtt://127.0.0.1:1883", mqtt_ingest=False) == []
    assert found(mqtt_url="mqtt://127.0.0.1:1883", mqtt_ingest=False, feed_mqtt=True) != []


def test_the_production_app_serves_no_api_docs(tmp_path: Path) -> None:
    settings = Settings(**{**GOOD, "database_url": f"sqlite:///{tmp_path / 'a.db'}",
                           "mqtt_ingest": False})
    assert production.docs_problems(build_app(settings)) == []
    assert production.docs_problems(FastAPI()) == ["de API-documentatie staat open "
                                                   "(/docs, /redoc, /openapi.json)"]


def serve(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`ambacht serve` in production mode with these settings; it must not start."""
    full = {**os.environ, "AMBACHT_PRODUCTION": "true",
            "AMBACHT_DATABASE_URL": f"sqlite:///{tmp_path / 'prod.db'}",
            "AMBACHT_MQTT_URL": GOOD_MQTT, "AMBACHT_BASE_URL": "https://ambacht.waardering.nl",
            **env}
    return subprocess.run([sys.executable, "-m", "tracker", "serve", "--port", "1"],
                          env=full, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("env", "says"), [
    ({"AMBACHT_MQTT_URL": "mqtt://127.0.0.1:1883"}, "anoniem"),
    ({"AMBACHT_MQTT_URL": "mqtts://tracker:password@mqtt.waardering.nl"}, "standaard"),
    ({"AMBACHT_BASE_URL": "http://127.0.0.1:8000", "AMBACHT_FEED_HTTP_URL": "https://m.nl",
      "AMBACHT_FEED_HTTP_TOKEN": "changeme"}, "QR-codes"),
])
def test_serve_refuses_with_one_line_and_touches_nothing(tmp_path: Path, env: dict[str, str],
                                                         says: str) -> None:
    done = serve(tmp_path, **env)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ambacht: productiemodus"), done.stderr
    assert says in lines[0] and "Traceback" not in done.stderr
    assert not (tmp_path / "prod.db").exists()  # refused before creating the database
