"""`mqtt[s]://user:pass@host:port` as the gateway's `--broker` takes it."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"mqtt": 1883, "mqtts": 8883}


@dataclass(frozen=True, slots=True)
class BrokerUrl:
    """Where the broker is and how to log in."""

    host: str
    port: int
    tls: bool
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, text: str) -> BrokerUrl:
        """Parse a broker URL; ValueError with a readable reason when it is not one."""
        parts = urlsplit(text)
        if parts.scheme not in DEFAULT_PORTS:
            raise ValueError(f"broker URL must start with mqtt:// or mqtts://, not {text!r}")
        if not parts.hostname:
            raise ValueError(f"broker URL has no host: {text!r}")
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError as exc:
            raise ValueError(f"broker URL has a bad port: {text!r}") from exc
        return cls(
            parts.hostname,
            port,
            parts.scheme == "mqtts",
            unquote(parts.username) if parts.username else None,
            unquote(parts.password) if parts.password else None,
        )

    def __str__(self) -> str:
        scheme = "mqtts" if self.tls else "mqtt"
        user = f"{self.username}@" if self.username else ""  # never print the password
        return f"{scheme}://{user}{self.host}:{self.port}"
