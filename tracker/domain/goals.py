"""Baseline (nulmeting) and targets per figure, and the monitor's `targets` block (pure).

A target is set for one calendar year (`2026`) or one calendar month (`2026-03`), for one
site or for the whole centre; a baseline describes any stretch of dates before the centre
started measuring. Setting one again replaces it (the newest wins; older values are kept).

Pro-rating, by local calendar days (every day weighs the same; no seasons):

* A *flow* figure (kg, euros, counts, hours: they add up over days) gets, for a requested
  period R, the target  Σ over the calendar months M that R touches of
  V(M) × |M ∩ R| / |M|  if M has a monthly target V(M), else  V(Y) × |M ∩ R| / |Y|  with
  V(Y) the yearly target of M's year Y (|Y| is 365 or 366 days). A monthly target takes
  the place of the yearly one for its month. If some day of R has neither, the target is
  null: comparing a whole period's actual with part of a target would mislead.
  Example: a yearly target of 36 500 kg for 2026 gives 100 kg per day; 1 Jan – 15 Mar
  2026 (74 days) gets 7 400 kg.
* A *level* figure (a share such as the reuse rate, or a number of people) does not add up
  over days: its target for R is the day-weighted mean of the targets in force, Σ V × days
  / |R| (the same rule with |M| and |Y| left out).
* A baseline with value V over its own period B gives R the value V × |R| / |B| for a flow
  figure, and V for a level figure.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import Any

from tracker.domain.calendar import Period, month_of, months_in
from tracker.domain.errors import InvalidInput
from tracker.domain.social import GROUPS, MOVED_ON

YEAR, MONTH, BASELINE = "year", "month", "baseline"
# Far beyond any centre's year (a bigger number is a typo), and with 4 decimals still exact
# in SQLite, which keeps numerics as 8-byte floats (15 significant digits).
MAX_VALUE = Decimal(10) ** 10
VALUE_DECIMALS = 4  # as stored (Numeric(20, 4)): enough for a share like 0.6250
DIGITS = {"kg": 3, "eur": 2, "count": 2, "share": 4, "hours": 2}  # pro-rated values shown
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def _num(value: Any) -> Decimal:
    return Decimal(str(value if value is not None else 0))


def _get(*path: str) -> Callable[[Mapping[str, Any]], Decimal | None]:
    def read(doc: Mapping[str, Any]) -> Decimal | None:
        node: Any = doc
        for key in path:
            node = node[key]
        return None if node is None else _num(node)
    return read


def _sum(*readers: Callable[[Mapping[str, Any]], Decimal | None]
         ) -> Callable[[Mapping[str, Any]], Decimal | None]:
    return lambda doc: sum((r(doc) or Decimal(0) for r in readers), Decimal(0))


def _social(doc: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The v2 `social` block, or None (a document made without it has no such actual)."""
    found: Mapping[str, Any] | None = doc.get("social")
    return found


def _social_hours(doc: Mapping[str, Any]) -> Decimal | None:
    s = _social(doc)
    return None if s is None else sum((_num(s[g]["hours"]) for g in GROUPS), Decimal(0))


def _places_filled(doc: Mapping[str, Any]) -> Decimal | None:
    s = _social(doc)
    return None if s is None else Decimal(sum(p["filled_days"] for p in s["places"].values()))


def _moved_on(doc: Mapping[str, Any]) -> Decimal | None:
    s = _social(doc)
    return None if s is None else Decimal(sum(s[g]["outcomes"][o] for g in GROUPS
                                              for o in MOVED_ON))


def _sessions(doc: Mapping[str, Any]) -> Decimal:
    return Decimal(sum(v["sessions"] for v in doc["activities"].values() if isinstance(v, dict)))


@dataclass(frozen=True)
class Figure:
    """A figure a centre can set goals on: its unit, whether it adds up over days, its value
    in a monitor document."""

    name: str
    unit: str
    flow: bool
    read: Callable[[Mapping[str, Any]], Decimal | None]
    help: str


FIGURES: dict[str, Figure] = {f.name: f for f in (
    Figure("collected_kg", "kg", True, _sum(_get("inflow", "kg"), _get("inflow", "bulk_kg")),
           "kg ingezameld (met label en bulk)"),
    Figure("collected_items", "count", True, _get("inflow", "items"),
           "items ingezameld (met label)"),
    Figure("sold_kg", "kg", True, _get("outflow", "sold", "kg"), "kg verkocht"),
    Figure("sold_items", "count", True, _get("outflow", "sold", "items"),
           "items verkocht (met label)"),
    Figure("revenue_eur", "eur", True, _get("outflow", "sold", "revenue_eur"), "omzet in euro"),
    Figure("repairs", "count", True, _get("repairs", "attempted"),
           "reparatiepogingen (werkbank en eigen gebruik)"),
    Figure("repairs_fixed", "count", True, _get("repairs", "fixed"), "gerepareerd"),
    Figure("reuse_rate", "share", False, _get("reuse_rate"),
           "hergebruikpercentage als fractie (0,6 = 60 %)"),
    Figure("co2_avoided_kg", "kg", True, _get("co2_avoided_kg"), "kg CO2 bespaard"),
    Figure("visitors", "count", True, _get("visitors", "total"),
           "bezoekers samen (verkopen, inzameling, deelnemers)"),
    Figure("activity_participants", "count", True, _get("visitors", "participants"),
           "deelnemers aan activiteiten"),
    Figure("activity_sessions", "count", True, _sessions, "activiteiten (bijeenkomsten)"),
    Figure("skills_learned", "count", True, _get("activities", "skills_learned"),
           "deelnemers die een vaardigheid leerden"),
    Figure("people_learning", "count", False,
           _sum(_get("people", "participant", "people"), _get("people", "student", "people")),
           "mensen op een leerwerkplek (deelnemers en leerlingen)"),
    Figure("volunteer_hours", "hours", True, _get("people", "volunteer", "hours"),
           "uren van vrijwilligers"),
    Figure("social_hours", "hours", True, _social_hours,
           "uren van alle mensen aan het werk en leren (alle groepen)"),
    Figure("places_filled_days", "count", True, _places_filled,
           "gevulde plekken, opgeteld over de dagen (plekdagen)"),
    Figure("moved_on", "count", True, _moved_on,
           "mensen die uitstroomden naar betaald werk of een opleiding"),
)}


@dataclass(frozen=True)
class Goal:
    """One target (kind year or month) or baseline, as in force: the newest for its key."""

    figure: str
    kind: str
    start: date
    end: date
    value: Decimal


def figure(name: str) -> Figure:
    """A known goal figure, or a clear 422 listing them."""
    try:
        return FIGURES[name]
    except KeyError:
        raise InvalidInput(f"onbekend cijfer '{name}' (kies uit: {', '.join(FIGURES)})",
                           "unknown_figure",
                           en=f"unknown figure '{name}' (choose from: {', '.join(FIGURES)})"
                           ) from None


def value(name: str, raw: Decimal | float | int | str) -> Decimal:
    """A checked target or baseline value for a figure: a number, not negative, not absurd."""
    try:
        d = Decimal(str(raw))
    except InvalidOperation:
        raise InvalidInput("value is geen getal", "invalid_value",
                           en="value is not a number") from None
    if not d.is_finite():
        raise InvalidInput("value is geen getal", "invalid_value", en="value is not a number")
    if d < 0:
        raise InvalidInput("value mag niet negatief zijn", "invalid_value",
                           en="value must not be negative")
    if d > MAX_VALUE:
        raise InvalidInput("value is onwaarschijnlijk groot: tikfout?", "invalid_value",
                           en="value is improbably large: a typo?")
    if d != d.quantize(Decimal(1).scaleb(-VALUE_DECIMALS)):
        raise InvalidInput(f"value heeft meer dan {VALUE_DECIMALS} decimalen", "invalid_value",
                           en=f"value has more than {VALUE_DECIMALS} decimals")
    if figure(name).unit == "share" and d > 1:
        raise InvalidInput(f"{name} is een fractie tussen 0 en 1 (0,6 = 60 %)", "invalid_value",
                           en=f"{name} is a fraction between 0 and 1 (0.6 = 60%)")
    return d


def target_period(text: str) -> tuple[str, Period]:
    """`2026` (a calendar year) or `2026-03` (a month) as (kind, dates), or a clear 422."""
    m = _PERIOD.match(text.strip())
    month = int(m.group(2)) if m and m.group(2) else None
    if m is None or not 1900 <= int(m.group(1)) <= 9000 or (month is not None
                                                             and not 1 <= month <= 12):
        raise InvalidInput(f"periode '{text}' is geen jaar (2026) of maand (2026-03)",
                           "invalid_target_period",
                           en=f"period '{text}' is not a year (2026) or a month (2026-03)")
    year = int(m.group(1))
    if month is None:
        return YEAR, Period(date(year, 1, 1), date(year, 12, 31))
    return MONTH, month_of(date(year, month, 1))


def period_name(kind: str, start: date) -> str:
    """The inverse of `target_period`: `2026` or `2026-03`."""
    return f"{start.year:04d}" if kind == YEAR else f"{start.year:04d}-{start.month:02d}"


def in_force(goals: Iterable[Goal]) -> list[Goal]:
    """The newest goal per (figure, kind, period start) (baselines: per figure), given oldest
    first."""
    latest: dict[tuple[str, str, date | None], Goal] = {}
    for g in goals:
        latest[g.figure, g.kind, None if g.kind == BASELINE else g.start] = g
    return list(latest.values())


def _days(p: Period) -> int:
    return (p.end - p.start).days + 1


def target(fig: Figure, goals: Iterable[Goal], period: Period) -> Fraction | None:
    """The figure's target for a period by the pro-rating rule above (None: not every day of
    the period has one)."""
    monthly = {g.start: g.value for g in goals if g.figure == fig.name and g.kind == MONTH}
    yearly = {g.start.year: g.value for g in goals if g.figure == fig.name and g.kind == YEAR}
    total = Fraction(0)
    for part, whole in months_in(period):
        days = _days(part)
        if whole.start in monthly:
            per = Fraction(monthly[whole.start]) / (_days(whole) if fig.flow else 1)
        elif whole.start.year in yearly:
            year_days = 366 if calendar.isleap(whole.start.year) else 365
            per = Fraction(yearly[whole.start.year]) / (year_days if fig.flow else 1)
        else:
            return None
        total += per * days
    return total if fig.flow else total / _days(period)


def baseline(fig: Figure, goals: Iterable[Goal], period: Period) -> Fraction | None:
    """The baseline for a period: a flow at its daily rate over the period's days."""
    found = [g for g in goals if g.figure == fig.name and g.kind == BASELINE]
    if not found:
        return None
    b = found[-1]
    if not fig.flow:
        return Fraction(b.value)
    return Fraction(b.value) * _days(period) / _days(Period(b.start, b.end))


def _shown(x: Fraction | Decimal | None, unit: str) -> float | None:
    if x is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        d = x if isinstance(x, Decimal) else Decimal(x.numerator) / Decimal(x.denominator)
        return float(d.quantize(Decimal(1).scaleb(-DIGITS[unit]), rounding=ROUND_HALF_UP))


def block(doc: Mapping[str, Any], goals: Iterable[Goal], period: Period) -> dict[str, Any]:
    """The monitor document's `targets`: for each figure with a target or baseline (in the
    document's scope), target and baseline for the period, and the actual value."""
    goals = list(goals)
    named = {g.figure for g in goals}
    return {f.name: {"target": _shown(target(f, goals, period), f.unit),
                     "actual": _shown(f.read(doc), f.unit),
                     "baseline": _shown(baseline(f, goals, period), f.unit)}
            for f in FIGURES.values() if f.name in named}
