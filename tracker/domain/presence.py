"""Presence at the entrance (`/aanwezig`): the rules of clocking in and out with a badge (pure).

A scan with no open session clocks in. A scan with an open session clocks out, unless that
session was forgotten: its local day is over and the site's closing time after the clock-in
has passed. A forgotten session is closed at that closing time and flagged for the
coordinator, and the scan clocks in anew. Hours are real elapsed time (a session across the
autumn DST change lasts an hour longer on the wall clock's face than its hands say), split at
local midnight so that each day gets its own part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tracker.domain.calendar import LOCAL_ZONE, local_date
from tracker.domain.errors import InvalidInput

DEFAULT_CLOSES = time(17, 0)  # a workshop's usual end of the day (CONTRACT §12)
SECONDS_PER_HOUR = 3600
HOURS_STEP = Decimal("0.01")  # hours are kept to the hundredth, like hand entries


@dataclass(frozen=True)
class Session:
    """One stretch between clocking in and out (`clock_out` None: still open)."""

    person: str
    site: str
    clock_in: datetime
    clock_out: datetime | None = None
    forgotten: bool = False  # closed at the closing time because nobody clocked out


def parse_closes(text: str) -> time:
    """A site's closing time as HH:MM, or a clear 422."""
    try:
        hours, minutes = text.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise InvalidInput(f"sluitingstijd '{text}' is geen tijd als 17:00", "invalid_time",
                           en=f"closing time '{text}' is not a time like 17:00") from None


def deadline(clock_in: datetime, closes: time) -> datetime:
    """The first closing time of the site after a clock-in (the same day, or the next)."""
    local = clock_in.astimezone(LOCAL_ZONE)
    close = datetime.combine(local.date(), closes, LOCAL_ZONE)
    if close <= local:
        close = datetime.combine(local.date() + timedelta(days=1), closes, LOCAL_ZONE)
    return close.astimezone(UTC)


def is_forgotten(session: Session, now: datetime, closes: time) -> bool:
    """Whether an open session was left open: its day is over and its closing time passed."""
    return (session.clock_out is None and now > deadline(session.clock_in, closes)
            and local_date(now) > local_date(session.clock_in))


def close_forgotten(session: Session, closes: time) -> Session:
    """The forgotten session, closed at its closing time and flagged."""
    return replace(session, clock_out=deadline(session.clock_in, closes), forgotten=True)


@dataclass(frozen=True)
class Scan:
    """What one scan did: the session it closed (maybe a forgotten one) and the one it opened."""

    closed: Session | None
    opened: Session | None

    @property
    def clocked_in(self) -> bool:
        return self.opened is not None


def scan(open_session: Session | None, person: str, site: str, now: datetime,
         closes: time) -> Scan:
    """A badge scanned at `now`: clock out, or (after closing a forgotten session) clock in."""
    if open_session is not None and now < open_session.clock_in:
        raise InvalidInput("deze scan ligt vóór het inklokken", "scan_before_clock_in",
                           en="this scan is before the clock-in")
    if open_session is None:
        return Scan(None, Session(person, site, now))
    if is_forgotten(open_session, now, closes):
        return Scan(close_forgotten(open_session, closes), Session(person, site, now))
    return Scan(replace(open_session, clock_out=now), None)


def seconds_per_day(session: Session) -> dict[date, int]:
    """A closed session's real seconds on each local day it touches."""
    assert session.clock_out is not None
    out: dict[date, int] = {}
    start, end = session.clock_in, session.clock_out
    while start < end:
        day = local_date(start)
        midnight = datetime.combine(day + timedelta(days=1), time(0), LOCAL_ZONE).astimezone(UTC)
        stop = min(end, midnight)
        out[day] = out.get(day, 0) + int((stop - start).total_seconds())
        start = stop
    return out


def hours_per_day(sessions: Iterable[Session]) -> dict[tuple[str, str, date], Decimal]:
    """Closed sessions' hours per (person, site, local day), several sessions a day added up
    before rounding."""
    seconds: dict[tuple[str, str, date], int] = {}
    for s in sessions:
        if s.clock_out is None:
            continue
        for day, n in seconds_per_day(s).items():
            key = (s.person, s.site, day)
            seconds[key] = seconds.get(key, 0) + n
    return {k: (Decimal(n) / SECONDS_PER_HOUR).quantize(HOURS_STEP, ROUND_HALF_UP)
            for k, n in seconds.items()}


def greeting(at: datetime) -> tuple[str, str]:
    """(Dutch, English) greeting for the local hour: no name, ever."""
    hour = at.astimezone(LOCAL_ZONE).hour
    if hour < 12:
        return "Goedemorgen", "Good morning"
    if hour < 18:
        return "Goedemiddag", "Good afternoon"
    return "Goedenavond", "Good evening"
