"""People at work and learning, places offered, and the monitor's `social` block (CONTRACT §12).

Pure: the records come from the people tables (`tracker.store.people`); nothing here knows an
alias. A person is an opaque id; an *enrolment* is one stretch in one target group (a change
of group is an end and a new start), so a person who changed groups counts in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tracker.domain.calendar import Period
from tracker.domain.errors import InvalidInput

GROUPS = ("employee", "volunteer", "participatiewet", "wsw", "dagbesteding", "re_integration",
          "intern", "work_experience")
OUTCOMES = ("paid_work", "education", "other_programme", "stopped", "unknown")
MOVED_ON = ("paid_work", "education")  # the outcomes a municipality counts as moving on
ROLES = ("employee", "volunteer", "participant", "student")  # the v1 `people` block's keys
_ROLE_OF = {"employee": "employee", "volunteer": "volunteer", "intern": "student"}
MAX_PLACES = 10_000  # more places than a centre could offer: a typo (an extra zero)
MAX_SKILL_CHARS = 200


def role_of(group: str) -> str:
    """The v1 role a group counts under (CONTRACT §12)."""
    return _ROLE_OF.get(group, "participant")


def check_group(group: str) -> str:
    """A known target group, or a clear 422."""
    if group not in GROUPS:
        raise InvalidInput(f"onbekende groep '{group}' (kies uit: {', '.join(GROUPS)})",
                           "unknown_group",
                           en=f"unknown group '{group}' (choose from: {', '.join(GROUPS)})")
    return group


def check_outcome(outcome: str) -> str:
    """A known outcome of an ended enrolment, or a clear 422."""
    if outcome not in OUTCOMES:
        raise InvalidInput(f"onbekende uitstroom '{outcome}' (kies uit: {', '.join(OUTCOMES)})",
                           "unknown_outcome",
                           en=f"unknown outcome '{outcome}' (choose from: {', '.join(OUTCOMES)})")
    return outcome


def check_end(start: date, end: date) -> None:
    """An end on or after the start, else a clear 422."""
    if end < start:
        raise InvalidInput(f"de einddatum {end} ligt vóór de startdatum {start}",
                           "end_before_start",
                           en=f"the end date {end} is before the start date {start}")


def check_places(count: int) -> int:
    """A number of places: zero (none offered from then on) or more."""
    if count < 0:
        raise InvalidInput("het aantal plekken mag niet negatief zijn", "invalid_count",
                           en="the number of places must not be negative")
    if count > MAX_PLACES:
        raise InvalidInput(f"meer dan {MAX_PLACES} plekken: tikfout?", "invalid_count",
                           en=f"more than {MAX_PLACES} places: a typo?")
    return count


@dataclass(frozen=True)
class Enrolment:
    """One person in one group at one site from `start` to `end` (inclusive; None: ongoing)."""

    person: str
    group: str | None  # None: added by role only, before groups (counts in v1 only)
    site: str
    start: date
    end: date | None = None
    outcome: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, period: Period) -> bool:
        return self.start <= period.end and (self.end is None or self.end >= period.start)


@dataclass(frozen=True)
class Places:
    """Places offered for a group at a site from `start` to `end`; where rows overlap, the one
    set last (`order`) is in force, so a count of 0 from a date takes the places away."""

    group: str
    site: str
    count: int
    start: date
    end: date | None
    order: int

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Hours:
    """Hours one person worked or learned on one day at one site (by hand or clocked)."""

    person: str
    day: date
    hours: Decimal
    site: str


@dataclass(frozen=True)
class Skill:
    """A skill learned (a certificate: a praktijkverklaring or the like)."""

    person: str
    day: date
    site: str
    certificate: bool


def offered_on(places: Iterable[Places], day: date) -> int:
    """Places in force on a day (for one group at one site)."""
    found = [p for p in places if p.covers(day)]
    return max(found, key=lambda p: p.order).count if found else 0


def filled_days(enrolments: Iterable[Enrolment], places: Iterable[Places], period: Period
                ) -> tuple[int, int]:
    """(offered_days, filled_days) for one group at one site: per day the places in force, and
    the people enrolled that day up to that number."""
    enrolled, offers = list(enrolments), list(places)
    offered = filled = 0
    day = period.start
    while day <= period.end:
        n = offered_on(offers, day)
        if n:
            offered += n
            filled += min(n, sum(1 for e in enrolled if e.covers(day)))
        day += timedelta(days=1)
    return offered, filled


def row_filled(row: Places, places: Iterable[Places], enrolments: Iterable[Enrolment],
               until: date) -> tuple[int, int]:
    """(offered_days, filled_days) of one places row from its start up to `until`, over the
    days it is in force (a newer row for the same group and site takes its days over)."""
    same = [p for p in places if p.group == row.group and p.site == row.site]
    enrolled = [e for e in enrolments if e.group == row.group and e.site == row.site]
    offered = filled = 0
    day, last = row.start, until if row.end is None else min(row.end, until)
    while day <= last:
        in_force = max((p for p in same if p.covers(day)), key=lambda p: p.order, default=None)
        if in_force is not None and in_force.order == row.order:
            offered += row.count
            filled += min(row.count, sum(1 for e in enrolled if e.covers(day)))
        day += timedelta(days=1)
    return offered, filled


def group_on(enrolments: Iterable[Enrolment], day: date) -> str | None:
    """A person's group on a day: the enrolment covering it (the latest started), else the
    nearest one (hours entered for a day just outside the enrolment still count somewhere)."""
    mine = sorted(enrolments, key=lambda e: e.start)
    covering = [e for e in mine if e.covers(day)]
    if covering:
        return covering[-1].group
    after = [e for e in mine if e.start > day]
    return after[0].group if after else (mine[-1].group if mine else None)


def social(enrolments: Iterable[Enrolment], places: Iterable[Places], hours: Iterable[Hours],
           skills: Iterable[Skill], period: Period, in_scope: Callable[[str], bool]
           ) -> dict[str, Any]:
    """The monitor's `social` block for a period and the sites `in_scope` accepts."""
    all_enrolments = list(enrolments)
    by_person: dict[str, list[Enrolment]] = {}
    for e in all_enrolments:
        by_person.setdefault(e.person, []).append(e)
    mine = [e for e in all_enrolments if in_scope(e.site) and e.group is not None]
    out: dict[str, Any] = {}
    for g in GROUPS:
        ones = [e for e in mine if e.group == g]
        out[g] = {
            "people": len({e.person for e in ones if e.overlaps(period)}),
            "hours": Decimal(0),
            "started": sum(1 for e in ones if e.start in period),
            "ended": sum(1 for e in ones if e.end is not None and e.end in period),
            "outcomes": {o: sum(1 for e in ones if e.end is not None and e.end in period
                                and e.outcome == o) for o in OUTCOMES},
        }
    for h in hours:
        if h.day in period and in_scope(h.site):
            g_ = group_on(by_person.get(h.person, []), h.day)
            if g_ is not None:
                out[g_]["hours"] += h.hours
    for g in GROUPS:
        out[g]["hours"] = float(round(out[g]["hours"], 2))
    out["places"] = _places(mine, [p for p in places if in_scope(p.site)], period)
    learned = [s for s in skills if s.day in period and in_scope(s.site)]
    out["skills"] = {"people": len({s.person for s in learned}),
                     "certificates": sum(1 for s in learned if s.certificate)}
    return out


def _places(enrolments: list[Enrolment], places: list[Places], period: Period
            ) -> dict[str, dict[str, int]]:
    out = {g: {"offered_days": 0, "filled_days": 0} for g in GROUPS}
    for group, site in sorted({(p.group, p.site) for p in places}):
        offered, filled = filled_days(
            [e for e in enrolments if e.group == group and e.site == site],
            [p for p in places if p.group == group and p.site == site], period)
        out[group]["offered_days"] += offered
        out[group]["filled_days"] += filled
    return out


def people_by_role(hours: Iterable[Hours], roles: Mapping[str, str], period: Period,
                   in_scope: Callable[[str], bool]) -> dict[str, tuple[int, Decimal]]:
    """The v1 `people` block's figures: per role, people with hours in the period and their
    hours (`roles`: each person's role)."""
    people: dict[str, set[str]] = {}
    total: dict[str, Decimal] = {}
    for h in hours:
        if h.day in period and in_scope(h.site) and h.person in roles:
            role = roles[h.person]
            people.setdefault(role, set()).add(h.person)
            total[role] = total.get(role, Decimal(0)) + h.hours
    return {r: (len(people[r]), total[r]) for r in people}
