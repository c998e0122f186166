"""Local dates and reporting periods: every figure counts by the centre's calendar day."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tracker.domain.errors import InvalidInput

LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")  # indicators count by the centre's local date
MAX_PERIOD_YEARS = 10  # longer than any report a council asks for; guards against typos


def local_date(at: datetime) -> date:
    """The Europe/Amsterdam calendar date of a moment."""
    return at.astimezone(LOCAL_ZONE).date()


def local_noon(day: date) -> datetime:
    """Noon of a local day: a moment that surely lies on that date, whatever DST does."""
    return datetime.combine(day, time(12), LOCAL_ZONE)


@dataclass(frozen=True)
class Period:
    """Inclusive local dates `start`..`end`."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def period(start: date, end: date) -> Period:
    """A reporting period, or a clear 422 when `end` is before `start` or it is absurdly long."""
    if end < start:
        raise InvalidInput(f"'to' ({end}) ligt vóór 'from' ({start})", "invalid_period",
                           en=f"'to' ({end}) is before 'from' ({start})")
    if start.year + MAX_PERIOD_YEARS > date.max.year or end > _years_later(start,
                                                                            MAX_PERIOD_YEARS):
        raise InvalidInput(f"een periode mag hoogstens {MAX_PERIOD_YEARS} jaar lang zijn",
                           "period_too_long",
                           en=f"a period may be at most {MAX_PERIOD_YEARS} years long")
    return Period(start, end)


def month_of(day: date) -> Period:
    """The calendar month a day lies in."""
    last = calendar.monthrange(day.year, day.month)[1]
    return Period(day.replace(day=1), day.replace(day=last))


def months_in(p: Period) -> Iterator[tuple[Period, Period]]:
    """Each calendar month a period touches: (the part inside the period, the whole month)."""
    day = p.start
    while day <= p.end:
        whole = month_of(day)
        yield Period(max(whole.start, p.start), min(whole.end, p.end)), whole
        day = whole.end + timedelta(days=1)


def month_key(day: date) -> str:
    """`YYYY-MM`, as in the feed's MQTT topic."""
    return f"{day.year:04d}-{day.month:02d}"


def previous_day(day: date) -> date:
    return day - timedelta(days=1)
