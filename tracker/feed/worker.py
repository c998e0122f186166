"""The feed worker: a thread that makes the day's documents and delivers the outbox."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime

from tracker.domain.calendar import local_date
from tracker.domain.categories import Category
from tracker.services import feed
from tracker.services.feed import DeliveryFailed, Send
from tracker.settings import Settings
from tracker.store.database import Database

log = logging.getLogger("ambacht.feed")

TICK_S = 60.0  # how often the worker looks for a new day and for due retries
MAX_PER_TICK = 100  # documents per receiver per tick; the rest follow on the next tick


class FeedWorker:
    """Runs `tick` every few seconds in a daemon thread; `tick` alone is what tests drive."""

    def __init__(self, db: Database, receivers: Mapping[str, Send], *, centre: str,
                 categories: Mapping[str, Category], clock: Callable[[], datetime],
                 tick_s: float = TICK_S, retry_base_s: float = feed.RETRY_BASE_S,
                 retry_max_s: float = feed.RETRY_MAX_S) -> None:
        self.db, self.receivers, self.centre = db, dict(receivers), centre
        self.categories, self.clock, self.tick_s = categories, clock, tick_s
        self.retry_base_s, self.retry_max_s = retry_base_s, retry_max_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> int:
        """Make what is due today, then deliver what is due; returns documents delivered."""
        now = self.clock()
        with self.db.read(snapshot=True) as conn:  # documents take a while: not under the lock
            due = feed.plan(conn, local_date(now), centre=self.centre,
                            categories=self.categories, now=now)
        if due:
            with self.db.write() as conn:
                feed.enqueue(conn, sorted(self.receivers), due, now)
        sent = 0
        for name, send in self.receivers.items():
            for _ in range(MAX_PER_TICK):
                with self.db.read() as conn:
                    doc = feed.due(conn, name, self.clock())
                if doc is None or self._stop.is_set():
                    break
                try:
                    send(doc)  # outside any transaction: a slow receiver blocks no writer
                except DeliveryFailed as exc:
                    with self.db.write() as conn:
                        wait = feed.failed(conn, doc, self.clock(), str(exc), self.retry_base_s,
                                           self.retry_max_s)
                    log.warning("feed %s: %s r%d not delivered (%s); next try in %.0f s",
                                name, doc.month, doc.revision, exc, wait)
                    break  # keep this receiver's order: retry the same document later
                with self.db.write() as conn:
                    feed.delivered(conn, doc, self.clock())
                log.info("feed %s: %s r%d%s delivered", name, doc.month, doc.revision,
                         " (final)" if doc.final else "")
                sent += 1
        return sent

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # a database hiccup must not end the feed; try next tick
                log.exception("feed tick failed")
            self._stop.wait(self.tick_s)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="ambacht-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)
            self._thread = None


def receiver_names(settings: Settings) -> list[str]:
    """The outbox's names of the receivers the settings turn on ("http", "mqtt")."""
    return [name for name, on in (("http", bool(settings.feed_http_url)),
                                  ("mqtt", settings.feed_mqtt)) if on]


def from_settings(settings: Settings, db: Database, categories: Mapping[str, Category],
                  clock: Callable[[], datetime]) -> FeedWorker | None:
    """The worker for the receivers the settings name, or None when the feed is off."""
    from tracker.feed.transports import HttpReceiver, MqttReceiver

    receivers: dict[str, Send] = {}
    if settings.feed_http_url:
        receivers["http"] = HttpReceiver(settings.feed_http_url, settings.feed_http_token,
                                         settings.centre, settings.feed_timeout_s)
    if settings.feed_mqtt:
        receivers["mqtt"] = MqttReceiver(settings.mqtt_url, settings.centre,
                                         settings.feed_timeout_s)
    if not receivers:
        return None
    return FeedWorker(db, receivers, centre=settings.centre, categories=categories, clock=clock,
                      tick_s=settings.feed_tick_s, retry_base_s=settings.feed_retry_base_s,
                      retry_max_s=settings.feed_retry_max_s)
