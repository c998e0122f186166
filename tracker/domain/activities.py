"""Courses, school visits, Repair Café sessions, workshops and tours: the centre's social reach.

An activity is one event (stream `activity:{id}`) that counts on the activity's own local
date, not on the moment it was recorded. Residents and pupils are only counted; the people
who led it (and learners in a learning place who completed a skill) appear only as aliases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from tracker.domain.errors import InvalidInput

KINDS = ("course", "school_visit", "repair_cafe", "workshop", "tour")
REPAIR_CAFE = "repair_cafe"
STREAM_PREFIX = "activity:"
# More than a centre's biggest open day: a larger number is a typo (an extra zero).
MAX_PARTICIPANTS = 5_000
MAX_LEADERS = 50  # people leading one session; a longer list is a mistake


@dataclass(frozen=True)
class Activity:
    """The activity event (validated): counts, and aliases of people at work."""

    TYPE: ClassVar[str] = "activity"
    VERSION: ClassVar[int] = 1
    kind: str
    day: date = field(metadata={"key": "date"})
    participants: int
    under_18: int = 0
    leaders: tuple[str, ...] = ()
    skills_learned: int = 0
    learners: tuple[str, ...] = field(default=(), metadata={"optional": True})


EVENT_TYPE = Activity.TYPE


def activity_date(data: Any) -> date:
    """The local date an activity event counts on."""
    return date.fromisoformat(data["date"])


def _unique(aliases: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(aliases))


def _count(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{name} moet een geheel getal zijn", "invalid_count",
                           en=f"{name} must be a whole number")
    if value < 0:
        raise InvalidInput(f"{name} mag niet negatief zijn", "invalid_count",
                           en=f"{name} must not be negative")
    if value > MAX_PARTICIPANTS:
        raise InvalidInput(f"{name} is meer dan {MAX_PARTICIPANTS}: tikfout?", "invalid_count",
                           en=f"{name} is more than {MAX_PARTICIPANTS}: a typo?")
    return value


def activity(kind: str, day: date, today: date, participants: int, under_18: int = 0,
             leaders: Iterable[str] = (), skills_learned: int | None = None,
             learners: Iterable[str] = ()) -> Activity:
    """A checked activity, or a clear InvalidInput (422) saying what is wrong.

    `skills_learned` is how many participants completed a skill; with `learners` (aliases of
    people in a learning place) it may be left out, and if given must match their number.
    """
    if kind not in KINDS:
        raise InvalidInput(f"onbekende soort activiteit '{kind}' (kies uit: {', '.join(KINDS)})",
                           "unknown_activity_kind",
                           en=f"unknown kind of activity '{kind}' (choose from: "
                              f"{', '.join(KINDS)})")
    if day > today:
        raise InvalidInput(f"de datum {day} ligt in de toekomst", "date_in_future",
                           en=f"the date {day} is in the future")
    participants = _count(participants, "participants")
    under_18 = _count(under_18, "under_18")
    if under_18 > participants:
        raise InvalidInput(f"under_18 ({under_18}) is meer dan het aantal deelnemers "
                           f"({participants})", "under_18_exceeds_participants",
                           en=f"under_18 ({under_18}) is more than the number of participants "
                              f"({participants})")
    leaders, learners = _unique(leaders), _unique(learners)
    if len(leaders) > MAX_LEADERS:
        raise InvalidInput(f"hoogstens {MAX_LEADERS} begeleiders", "too_many_leaders",
                           en=f"at most {MAX_LEADERS} leaders")
    if skills_learned is None:
        skills_learned = len(learners)
    skills_learned = _count(skills_learned, "skills_learned")
    if learners and skills_learned != len(learners):
        raise InvalidInput(f"skills_learned ({skills_learned}) past niet bij de "
                           f"{len(learners)} genoemde aliassen", "skills_mismatch",
                           en=f"skills_learned ({skills_learned}) does not match the "
                              f"{len(learners)} aliases given")
    if skills_learned > participants:
        raise InvalidInput(f"skills_learned ({skills_learned}) is meer dan het aantal "
                           f"deelnemers ({participants})", "skills_exceed_participants",
                           en=f"skills_learned ({skills_learned}) is more than the number of "
                              f"participants ({participants})")
    return Activity(kind, day, participants, under_18, leaders, skills_learned, learners)
