"""One demo (broker, tracker, real gateway, simulated scale) and one Chromium for all page tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support import pages

# A CI machine shared with other test processes can be slow; a real failure still fails.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pages.Demo]:
    with pages.demo(tmp_path_factory.mktemp("demo")) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with pages.chromium() as b:
        yield b


@pytest.fixture
def open_page(browser: Any, demo: pages.Demo) -> Iterator[Callable[..., Any]]:
    """`open_page(role, path, viewport=..., lang=..., locale=...)`: a logged-in station's page."""
    contexts: list[Any] = []

    def opener(role: str | None, path: str, viewport: dict[str, int] = pages.TABLET,
               lang: str = "nl", ready: bool = True, locale: str | None = None) -> Any:
        context = pages.station_context(browser, demo, role, viewport, lang, locale)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        page.goto(path)
        if ready:
            page.wait_for_selector("body[data-ready=true]")
        return page

    yield opener
    for context in contexts:
        context.close()
