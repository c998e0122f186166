"""Production safety: what `ambacht serve` refuses with AMBACHT_PRODUCTION=true (pure checks)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Protocol
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from gateway.broker_url import BrokerUrl
from tracker.domain.errors import DomainError
from tracker.settings import Settings

# Passwords that installers, tutorials and docker-compose files leave behind.
KNOWN_DEFAULT_SECRETS = frozenset({
    "admin", "ambacht", "changeme", "change-me", "change_me", "default", "demo", "guest",
    "letmein", "mosquitto", "mqtt", "password", "postgres", "root", "secret", "test",
    "welkom", "welkom01", "wachtwoord", "123456", "12345678",
})
# ambacht-mqtt-user and setup-postgresql.sh make 32-character passwords; 12 keeps out
# words, names and PINs without forbidding an operator's own long passphrase.
MIN_SECRET_LENGTH = 12
# Settings whose value is a secret (today the URLs' passwords; later e.g. a feed token).
SECRET_SETTING = re.compile(r"(password|secret|token|api_key)s?$")
DOCS_PATHS = ("docs_url", "redoc_url", "openapi_url")
# What deploy/ files leave for the operator to fill in (CHANGE-ME-CENTRE, ...).
PLACEHOLDER = re.compile(r"change-?me", re.IGNORECASE)
# libpq's sslmode values that refuse to talk without TLS (`prefer`, the default, does not).
PG_TLS_MODES = frozenset({"require", "verify-ca", "verify-full"})
# A URL's password, hidden before a setting is searched for placeholders: a placeholder
# password is named as a weak password instead, once.
URL_PASSWORD = re.compile(r"(://[^:/@]*):[^@/]*@")


class UnsafeForProduction(DomainError):
    """The settings would expose the tracker; nothing has been started."""

    code = "unsafe_for_production"


def weak(secret: str | None) -> bool:
    """Empty, short, a placeholder (CHANGE-ME...) or a well-known default."""
    if not secret:
        return True
    return (len(secret) < MIN_SECRET_LENGTH or secret.lower() in KNOWN_DEFAULT_SECRETS
            or PLACEHOLDER.search(secret) is not None)


def _loopback(host: str) -> bool:
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _mqtt_problems(url_text: str) -> list[str]:
    try:
        url = BrokerUrl.parse(url_text)
    except ValueError as exc:
        return [f"AMBACHT_MQTT_URL: {exc}"]
    if not url.username or not url.password:
        return ["MQTT zonder gebruiker en wachtwoord (anoniem): zet ze in AMBACHT_MQTT_URL "
                "(mqtts://tracker:WACHTWOORD@host:8883; maak de gebruiker met "
                "deploy/mosquitto/ambacht-mqtt-user add tracker)"]
    problems = []
    if weak(url.password):
        problems.append("AMBACHT_MQTT_URL heeft een standaard- of te kort wachtwoord")
    if not url.tls and not _loopback(url.host):
        problems.append("AMBACHT_MQTT_URL stuurt het wachtwoord onversleuteld over het netwerk: "
                        "gebruik mqtts://")
    return problems


def _database_problems(url_text: str) -> list[str]:
    try:
        url = make_url(url_text)
    except ArgumentError:
        return ["AMBACHT_DATABASE_URL is geen geldige database-URL"]
    if not url.drivername.startswith("postgresql"):
        return []  # SQLite: a file readable only by the service user, no secret involved
    socket = url.host is None or url.host.startswith("/") or str(
        url.query.get("host", "")).startswith("/")
    if socket:
        return [] if url.password is None or not weak(url.password) else [
            "AMBACHT_DATABASE_URL heeft een standaard- of te kort wachtwoord"]
    problems = []
    tls = str(url.query.get("sslmode", "")) in PG_TLS_MODES
    if not tls and not _loopback(str(url.host)):
        problems.append(f"PostgreSQL op {url.host} zonder TLS: zet ?sslmode=verify-full (of "
                        "require) in AMBACHT_DATABASE_URL")
    if url.password is None:
        # A client certificate is a login only over TLS; without it libpq never sends it.
        if not ("sslcert" in url.query and tls):
            problems.append("PostgreSQL via TCP zonder wachtwoord: gebruik de lokale socket "
                            "(peer), een wachtwoord (deploy/server/setup-postgresql.sh) of een "
                            "clientcertificaat met sslmode=verify-full")
    elif weak(url.password):
        problems.append("AMBACHT_DATABASE_URL heeft een standaard- of te kort wachtwoord")
    return problems


def _secret_setting_problems(settings: Settings) -> list[str]:
    problems = []
    for name, info in type(settings).model_fields.items():
        value = getattr(settings, name)
        if not SECRET_SETTING.search(name) or not isinstance(value, str) or not value:
            continue  # an empty optional secret means: that feature is off
        if weak(value) or value == info.default:
            problems.append(f"AMBACHT_{name.upper()} is een standaardwaarde of te kort")
    return problems


def _feed_problems(settings: Settings) -> list[str]:
    url = getattr(settings, "feed_http_url", None)
    token = getattr(settings, "feed_http_token", None)
    if not url or not token:
        return []
    try:
        parts = urlsplit(url)
    except ValueError:
        return ["AMBACHT_FEED_HTTP_URL is geen geldige URL"]
    if parts.scheme != "https" and not _loopback(parts.hostname or ""):
        return ["AMBACHT_FEED_HTTP_URL stuurt het token onversleuteld over het netwerk: "
                "gebruik https://"]
    return []


def _base_url_problems(base_url: str) -> list[str]:
    """The QR codes on labels point here for years: the public HTTPS name, nothing else."""
    try:
        parts = urlsplit(base_url)
        host = parts.hostname or ""
    except ValueError:
        return [f"AMBACHT_BASE_URL {base_url} is geen geldige URL"]
    if parts.scheme != "https" or not host or _loopback(host):
        return [f"AMBACHT_BASE_URL staat op {base_url}: de QR-codes op de labels moeten naar het "
                "openbare https://-adres van deze server wijzen (niet http://, niet localhost)"]
    return []


def _placeholder_problems(settings: Settings) -> list[str]:
    """Settings still holding a deploy/ placeholder (secrets are named as weak instead)."""
    found = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if SECRET_SETTING.search(name) or not isinstance(value, str):
            continue
        if PLACEHOLDER.search(URL_PASSWORD.sub(r"\1@", value)):
            found.append(f"AMBACHT_{name.upper()} bevat nog een plaatshouder ({value}): vul de "
                         "echte waarde in /etc/ambacht/ambacht.env in")
    return found


def problems(settings: Settings) -> list[str]:
    """Everything that makes these settings unsafe to run in production (empty: fine)."""
    found = []
    # The tracker logs in to the broker for the scales' ingest and for the MQTT monitor feed.
    if settings.mqtt_ingest or getattr(settings, "feed_mqtt", False):
        found += _mqtt_problems(settings.mqtt_url)
    found += _feed_problems(settings)
    found += _database_problems(settings.database_url)
    found += _secret_setting_problems(settings)
    found += _placeholder_problems(settings)
    if not any(p.startswith("AMBACHT_BASE_URL") for p in found):
        found += _base_url_problems(settings.base_url)
    return found


class _HasDocs(Protocol):
    docs_url: str | None
    redoc_url: str | None
    openapi_url: str | None


def docs_problems(app: _HasDocs | Any) -> list[str]:
    """The API documentation must not be served: it maps every endpoint for an attacker."""
    open_paths = [getattr(app, attr) for attr in DOCS_PATHS if getattr(app, attr, None)]
    if not open_paths:
        return []
    return [f"de API-documentatie staat open ({', '.join(open_paths)})"]


def refuse(found: list[str]) -> None:
    """Raise one readable line naming every problem, if there are any."""
    if found:
        raise UnsafeForProduction("productiemodus (AMBACHT_PRODUCTION=true) weigert te starten: "
                                  + "; ".join(found))
