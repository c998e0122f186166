"""Heavy renders run on worker threads, a few at a time, never on the event loop.

A 1,000-label PDF, a year's monitor document or a CSV export takes seconds of Python. On the
event loop it would hold every other request (health, the till's scans) for that long; on
unbounded worker threads a dozen of them fight the loop for the GIL just as badly. So they
queue for HEAVY_AT_ONCE slots, and a request that cannot get one in QUEUE_WAIT_S gets 429."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from tracker.api.errors import ApiError

T = TypeVar("T")
# Two at once: the machines a centre runs on have two to four cores, one of which the event
# loop (and PostgreSQL or the MQTT ingest) needs; more would only share the same cores slower.
HEAVY_AT_ONCE = 2
# A queued render waits this long for a slot (a 1,000-label PDF takes a few seconds), then the
# client is told to try again; the station pages and the dashboard retry by themselves.
QUEUE_WAIT_S = 60
RETRY_AFTER_S = 10


class Busy(ApiError):
    """Every render slot stayed taken for QUEUE_WAIT_S (429, with Retry-After)."""

    def __init__(self) -> None:
        super().__init__(429, "busy",
                         "de server maakt al andere grote bestanden; probeer het over "
                         f"{RETRY_AFTER_S} seconden opnieuw",
                         en="the server is already making other large files; try again in "
                            f"{RETRY_AFTER_S} seconds", retry_after=RETRY_AFTER_S)


class HeavyWork:
    """The bounded queue for heavy renders of one app."""

    def __init__(self, at_once: int = HEAVY_AT_ONCE, wait_s: float = QUEUE_WAIT_S) -> None:
        self.at_once, self.wait_s = at_once, wait_s
        self._slots: asyncio.Semaphore | None = None  # made on the app's own loop

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` on a worker thread once a slot is free; Busy if none came free."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.at_once)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait_s)
        except TimeoutError:
            raise Busy from None
        try:
            return await run_in_threadpool(fn, *args)
        finally:
            self._slots.release()
