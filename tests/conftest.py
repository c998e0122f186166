"""Shared fixtures: real brokers and databases, started once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import services


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.Mosquitto]:
    """A real Mosquitto on a free loopback port (anonymous access: test only)."""
    with services.mosquitto(tmp_path_factory.mktemp("mosquitto")) as b:
        yield b


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the whole session."""
    with services.postgresql(Path(tmp_path_factory.mktemp("pg"))) as url:
        yield url
