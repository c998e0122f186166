"""Targets and baselines (pure): periods, the pro-rating rule by days, the newest value in
force, values refused with a clear reason, and the monitor's `targets` block."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from tests.support.monitor import valid
from tracker.domain import goals
from tracker.domain.calendar import Period
from tracker.domain.categories import DEFAULT_CATEGORIES
from tracker.domain.errors import InvalidInput
from tracker.domain.goals import BASELINE, MONTH, YEAR, Goal, baseline, target
from tracker.domain.monitor import Totals, document
from tracker.domain.social import GROUPS, OUTCOMES

D = Decimal
F = goals.FIGURES


def year(figure, y, value):
    return Goal(figure, YEAR, date(y, 1, 1), date(y, 12, 31), D(value))


def month(figure, y, m, value):
    kind, p = goals.target_period(f"{y}-{m:02d}")
    return Goal(figure, kind, p.start, p.end, D(value))


@pytest.mark.parametrize("text,kind,start,end", [
    ("2026", YEAR, date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-02", MONTH, date(2026, 2, 1), date(2026, 2, 28)),
    ("2028-02", MONTH, date(2028, 2, 1), date(2028, 2, 29)),
    (" 2026-12 ", MONTH, date(2026, 12, 1), date(2026, 12, 31)),
])
def test_a_target_is_for_a_calendar_year_or_month(text, kind, start, end):
    assert goals.target_period(text) == (kind, Period(start, end))
    assert goals.period_name(kind, start) == text.strip()


@pytest.mark.parametrize("text", ["26", "2026-13", "2026-00", "2026-3", "2026-03-01", "Q1",
                                  "", "0", "2026/03"])
def test_other_periods_are_refused(text):
    with pytest.raises(InvalidInput) as e:
        goals.target_period(text)
    assert e.value.code == "invalid_target_period"


def test_a_yearly_target_over_part_of_the_year_is_pro_rata_by_days():
    g = [year("collected_kg", 2026, 36_500)]  # 100 kg a day
    assert target(F["collected_kg"], g, Period(date(2026, 1, 1), date(2026, 3, 15))) == 7_400
    assert target(F["collected_kg"], g, Period(date(2026, 3, 15), date(2026, 3, 15))) == 100
    assert target(F["collected_kg"], g, Period(date(2026, 1, 1), date(2026, 12, 31))) == 36_500
    leap = [year("repairs", 2028, 366)]  # a leap year has 366 days: 1 a day
    assert target(F["repairs"], leap, Period(date(2028, 2, 1), date(2028, 3, 1))) == 30


def test_across_new_year_each_year_counts_its_own_days():
    g = [year("sold_kg", 2026, 365), year("sold_kg", 2027, 730)]
    p = Period(date(2026, 12, 15), date(2027, 1, 15))  # 17 days of 2026, 15 of 2027
    assert target(F["sold_kg"], g, p) == 17 * 1 + 15 * 2


def test_a_period_only_partly_covered_has_no_target():
    g = [year("sold_kg", 2026, 365)]
    assert target(F["sold_kg"], g, Period(date(2026, 12, 15), date(2027, 1, 15))) is None
    assert target(F["repairs"], g, Period(date(2026, 1, 1), date(2026, 1, 2))) is None


def test_a_monthly_target_takes_the_place_of_the_yearly_one_for_its_month():
    g = [year("repairs", 2026, 3650), month("repairs", 2026, 3, 62)]  # 10 a day; March 2 a day
    p = Period(date(2026, 2, 20), date(2026, 3, 10))  # 9 February days, 10 March days
    assert target(F["repairs"], g, p) == 9 * 10 + 10 * 2
    only_months = [month("repairs", 2026, 1, 31), month("repairs", 2026, 2, 56)]
    assert target(F["repairs"], only_months, Period(date(2026, 1, 31), date(2026, 2, 1))) == 3
    assert target(F["repairs"], only_months, Period(date(2026, 2, 28), date(2026, 3, 1))) is None


def test_a_level_is_the_day_weighted_mean_of_the_targets_in_force():
    g = [year("reuse_rate", 2026, "0.5"), month("reuse_rate", 2026, 3, "0.8")]
    march_april = Period(date(2026, 3, 1), date(2026, 4, 30))  # 31 days at 0.8, 30 at 0.5
    assert target(F["reuse_rate"], g, march_april) == Fraction(31 * 8 + 30 * 5, 61 * 10)
    assert target(F["reuse_rate"], g, Period(date(2026, 5, 1), date(2026, 5, 1))) == D("0.5")
    people = [year("people_learning", 2026, 12)]  # people are not split over days
    assert target(F["people_learning"], people, Period(date(2026, 1, 1), date(2026, 1, 31))) == 12


def test_a_baseline_is_its_daily_rate_over_the_period_for_flows_and_itself_for_levels():
    g = [Goal("collected_kg", BASELINE, date(2024, 1, 1), date(2024, 12, 31), D(120_000)),
         Goal("reuse_rate", BASELINE, date(2024, 1, 1), date(2024, 6, 30), D("0.42"))]
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    assert baseline(F["collected_kg"], g, march) == Fraction(120_000 * 31, 366)
    assert baseline(F["reuse_rate"], g, march) == D("0.42")
    assert baseline(F["sold_kg"], g, march) is None


def test_the_newest_value_is_in_force_per_figure_period_and_kind():
    old, new = year("repairs", 2026, 100), year("repairs", 2026, 200)
    b1 = Goal("repairs", BASELINE, date(2024, 1, 1), date(2024, 12, 31), D(10))
    b2 = Goal("repairs", BASELINE, date(2025, 1, 1), date(2025, 6, 30), D(20))
    other = month("repairs", 2026, 3, 7)
    assert goals.in_force([old, b1, other, new, b2]) == [new, b2, other]


@pytest.mark.parametrize("figure,value,code", [
    ("kg_collected", 1, "unknown_figure"),
    ("collected_kg", -1, "invalid_value"),
    ("collected_kg", "NaN", "invalid_value"),
    ("collected_kg", "Infinity", "invalid_value"),
    ("collected_kg", "veel", "invalid_value"),
    ("collected_kg", "1.00001", "invalid_value"),
    ("collected_kg", 10**11, "invalid_value"),
    ("reuse_rate", "1.2", "invalid_value"),  # a share, not a percentage
])
def test_bad_values_are_refused(figure, value, code):
    with pytest.raises(InvalidInput) as e:
        goals.value(figure, value)
    assert e.value.code == code and e.value.detail


def test_good_values_pass_unchanged():
    assert goals.value("reuse_rate", "0.6250") == D("0.625")
    assert goals.value("collected_kg", 0) == 0


def test_the_targets_block_has_each_figure_with_a_goal_rounded_half_up():
    g = [year("repairs", 2026, 1000), year("revenue_eur", 2026, 100),
         Goal("collected_kg", BASELINE, date(2025, 1, 1), date(2025, 1, 3), D(1))]
    d = valid(document(Totals(), centre="demo", site=None,
                       period=Period(date(2026, 3, 1), date(2026, 3, 1)),
                       generated_at=datetime(2026, 3, 2, tzinfo=UTC),
                       categories={c.id: c for c in DEFAULT_CATEGORIES}, people={}, goals=g))
    assert d["targets"] == {
        "collected_kg": {"target": None, "actual": 0.0, "baseline": 0.333},
        "revenue_eur": {"target": 0.27, "actual": 0.0, "baseline": None},  # 0.27397...
        "repairs": {"target": 2.74, "actual": 0.0, "baseline": None},  # 2.7397...
    }
    assert goals._shown(Fraction(5, 1000), "eur") == 0.01  # half up, not to the even 0.00


def test_the_social_figures_read_the_social_block_and_are_null_without_it():
    def social(hours, filled, outcomes):
        block = {g: {"people": 0, "hours": hours.get(g, 0.0), "started": 0, "ended": 0,
                     "outcomes": {o: outcomes.get((g, o), 0) for o in OUTCOMES}}
                 for g in GROUPS}
        return {**block, "places": {g: {"offered_days": 40, "filled_days": filled.get(g, 0)}
                                    for g in GROUPS},
                "skills": {"people": 0, "certificates": 0}}

    doc = {"social": social({"intern": 3.5, "wsw": 11.25}, {"intern": 9, "wsw": 12},
                            {("intern", "paid_work"): 1, ("wsw", "education"): 2,
                             ("wsw", "stopped"): 4})}
    assert F["social_hours"].read(doc) == D("14.75")
    assert F["places_filled_days"].read(doc) == 21
    assert F["moved_on"].read(doc) == 3  # paid work and education, not stopping
    assert [F[n].read({}) for n in ("social_hours", "places_filled_days", "moved_on")] == [
        None, None, None]
