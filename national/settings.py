"""The receiver's settings: AMBACHT_NATIONAL_* environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class NationalSettings(BaseSettings):
    """What an operator of the national receiver may tune."""

    model_config = SettingsConfigDict(env_prefix="AMBACHT_NATIONAL_", extra="ignore")

    database_url: str = "sqlite:///./national.db"  # PostgreSQL for real use
    # Summary, export and dashboard show aggregates only: open by default; false requires a
    # viewer token (`ambacht national viewer add NAME`).
    public: bool = True
    # The broker to take feeds from over MQTT (`ambacht/+/monitor/+`, e.g. the far end of the
    # centres' bridges); none: HTTP only.
    mqtt_url: str | None = None
    mqtt_client_id: str = "ambacht-national"
    # A monitor document is ~10 kB; a hundred times that is no document.
    max_body_bytes: int = 1_000_000
