"""Tracker settings from AMBACHT_* environment variables and an optional TOML file."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

CONFIG_FILE_VARIABLE = "AMBACHT_CONFIG"  # path of the optional TOML file


class Settings(BaseSettings):
    """Everything an operator may tune; defaults give the embedded demo setup."""

    model_config = SettingsConfigDict(env_prefix="AMBACHT_", extra="ignore")

    database_url: str = "sqlite:///./ambacht.db"
    mqtt_url: str = "mqtt://127.0.0.1:1883"
    centre: str = "demo"
    centre_name: str = "Circulair Ambachtscentrum"  # printed on every label
    base_url: str = "http://127.0.0.1:8000"
    weighing_max_age_s: float = 120
    mqtt_ingest: bool = True  # subscribe to the scales; off for a tracker without a scale
    max_body_bytes: int = 1_000_000  # station requests are small; a huge body is an attack
    # The national monitor feed (CONTRACT §6): an HTTP receiver and/or the retained MQTT topic
    # ambacht/{centre}/monitor/{YYYY-MM} on the broker at mqtt_url. Off when neither is set.
    feed_http_url: str | None = None
    feed_http_token: str | None = None  # sent as `Authorization: Bearer <token>`
    feed_mqtt: bool = False
    feed_tick_s: float = 60  # how often the feed looks for a new day and due retries
    feed_retry_base_s: float = 30  # first retry after a failed delivery; doubles each time
    feed_retry_max_s: float = 3600  # ... up to this: a receiver down for days gets hourly tries
    feed_timeout_s: float = 10  # a receiver slower than this counts as down for that attempt
    # VAT (CONTRACT §11): prices include it; a rate for every category unless `vat_rates`
    # names one (e.g. {"boeken" = 0.09}); 0 for a centre exempt from VAT
    vat_rate: Decimal = Field(default=Decimal("0.21"), ge=0, le=1)
    vat_rates: dict[str, Annotated[Decimal, Field(ge=0, le=1)]] = {}
    # People (CONTRACT §12, AVG): an ended person's alias is erased this many days after their
    # last enrolment ended (hours, groups and outcomes stay as anonymous counts). Two years:
    # municipalities that buy places ask for the participation figures of the last two years.
    people_retention_days: int = Field(default=730, ge=1)
    # how often the tracker erases expired aliases and closes forgotten clock-outs (also once
    # at start-up; `ambacht people upkeep` does it by hand)
    people_upkeep_s: float = Field(default=3600, gt=0)
    # item photos (CONTRACT §13): a folder of files, in `ambacht backup`; by default a folder
    # `photos` next to the SQLite database (with PostgreSQL: in the working directory)
    photos_dir: Path | None = None
    # production: refuse default secrets, anonymous MQTT and open API docs (see deploy/)
    production: bool = False

    def photos_path(self) -> Path:
        """Where the item photos are kept."""
        if self.photos_dir is not None:
            return self.photos_dir
        from sqlalchemy.engine import make_url

        url = make_url(self.database_url)
        if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
            return Path(str(url.database)).parent / "photos"
        return Path("photos")

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[Any] = [init_settings, env_settings]
        path = os.environ.get(CONFIG_FILE_VARIABLE)
        if path:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)
