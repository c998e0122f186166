"""`ambacht feed send`: closed months' final documents into the national feed's outbox again,
for a receiver that joined later or history entered after a month closed."""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from tracker.cli_language import say
from tracker.domain.errors import InvalidInput
from tracker.settings import Settings

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_MONTHS = 120  # ten years of history at once: more is a typing error


def _month(text: str) -> date:
    if not MONTH.match(text):
        raise InvalidInput(f"maand '{text}': schrijf als JJJJ-MM, bijvoorbeeld 2026-03",
                           "invalid_month",
                           en=f"month '{text}': write it as YYYY-MM, e.g. 2026-03")
    return date(int(text[:4]), int(text[5:]), 1)


def months(first: str, last: str | None) -> list[str]:
    """Every month from `first` to `last` (or `first` alone), both included."""
    start, end = _month(first), _month(last or first)
    if end < start:
        raise InvalidInput("de laatste maand ligt voor de eerste", "invalid_period",
                           en="the last month lies before the first")
    out: list[str] = []
    year, number = start.year, start.month
    while date(year, number, 1) <= end and len(out) <= MAX_MONTHS:
        out.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    if len(out) > MAX_MONTHS:
        raise InvalidInput(f"hoogstens {MAX_MONTHS} maanden tegelijk",
                           "period_too_long", en=f"at most {MAX_MONTHS} months at once")
    return out


def cmd_feed_send(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.cli_monitor import _categories, open_db
    from tracker.domain.calendar import local_date
    from tracker.feed.worker import receiver_names
    from tracker.services import feed
    from tracker.services.context import utc_now

    wanted = months(args.first, args.last)
    receivers = receiver_names(settings)
    if not receivers:
        raise InvalidInput("de landelijke feed staat uit: zet AMBACHT_FEED_HTTP_URL of "
                           "AMBACHT_FEED_MQTT=true", "feed_off",
                           en="the national feed is off: set AMBACHT_FEED_HTTP_URL or "
                              "AMBACHT_FEED_MQTT=true")
    db = open_db(settings, create=False, figures=True)
    now = utc_now()
    with db.read(snapshot=True) as conn:
        due = feed.resend(conn, wanted, local_date(now), centre=settings.centre,
                          categories=_categories(conn, settings), now=now)
    with db.write() as conn:
        added = feed.enqueue(conn, receivers, due, now)
    skipped = sorted(set(wanted) - {d.month for d in due})
    shown = ", ".join(f"{month} r{revision}" for month, revision in added) or "-"
    print(say(f"{len(added)} definitieve document(en) in de uitgaande bak voor "
              f"{', '.join(receivers)}: {shown}; de draaiende tracker verstuurt ze",
              f"{len(added)} final document(s) in the outbox for {', '.join(receivers)}: "
              f"{shown}; the running tracker sends them"))
    if skipped:
        print(say(f"niet afgesloten, dus niet verstuurd: {', '.join(skipped)}",
                  f"not closed, so not sent: {', '.join(skipped)}"))


def add_parsers(sub: Any) -> None:
    """`ambacht feed send`, under the tracker's command line."""
    feed = sub.add_parser("feed", help="the national monitor feed").add_subparsers(
        dest="feed_command", required=True, metavar="ACTION")
    s = feed.add_parser(
        "send", help="send closed months' final documents (again)",
        description="Put the final monitor documents of the closed months FIRST..LAST into "
                    "the feed's outbox, each as that month's next revision, for every "
                    "receiver the settings name: for a receiver that joined later, or history "
                    "entered after a month closed. The running tracker delivers them.")
    s.add_argument("first", metavar="FIRST", help="first month, YYYY-MM")
    s.add_argument("last", metavar="LAST", nargs="?", help="last month, YYYY-MM (default FIRST)")
    s.set_defaults(fn=cmd_feed_send)
