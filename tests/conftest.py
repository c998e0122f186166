"""Shared fixtures: real brokers and databases, started once per test session."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import services
from tests.support.tracker import FakeClock, Tracker, fresh_postgres_url, make_tracker


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[services.Mosquitto]:
    """A real Mosquitto on a free loopback port (anonymous access: test only)."""
    with services.mosquitto(tmp_path_factory.mktemp("mosquitto")) as b:
        yield b


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster for the whole session.

    Its folder is not under pytest's numbered temp dirs: a second pytest session on the same
    machine may prune those while this cluster still runs."""
    folder = Path(tempfile.mkdtemp(prefix="ambacht-pg-"))
    try:
        with services.postgresql(folder / "cluster") as cluster:
            yield cluster.url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database on each backend: storage contract tests run on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ambacht.db'}"
    return fresh_postgres_url(request.getfixturevalue("postgres_url"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def tracker(db_url: str, clock: FakeClock) -> Iterator[Tracker]:
    """The tracker app on a fresh database of each backend, with one station per role."""
    yield from make_tracker(db_url, clock)
