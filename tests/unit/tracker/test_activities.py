"""Activities (pure): what is refused and why, and that they count on their own date in the
figures and in the recomputation alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tracker.domain import figures
from tracker.domain.activities import activity
from tracker.domain.calendar import Period
from tracker.domain.errors import InvalidInput
from tracker.domain.events import Event, to_data
from tracker.domain.monitor import Sum, Totals, recompute

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize("kw,code", [
    ({"kind": "picnic"}, "unknown_activity_kind"),
    ({"day": date(2026, 3, 3)}, "date_in_future"),
    ({"participants": -1}, "invalid_count"),
    ({"participants": True}, "invalid_count"),
    ({"participants": 10_000}, "invalid_count"),
    ({"under_18": -2}, "invalid_count"),
    ({"under_18": 13}, "under_18_exceeds_participants"),
    ({"skills_learned": 13}, "skills_exceed_participants"),
    ({"skills_learned": 2, "learners": ["leerling-1"]}, "skills_mismatch"),
    ({"leaders": [f"p{i}" for i in range(51)]}, "too_many_leaders"),
])
def test_refused_with_a_reason(kw, code):
    args = {"kind": "course", "day": TODAY, "today": TODAY, "participants": 12, **kw}
    with pytest.raises(InvalidInput) as e:
        activity(**args)
    assert e.value.code == code and e.value.detail


def test_learners_count_once_and_give_the_skills_count():
    a = activity("workshop", TODAY, TODAY, 8, 0, ["anna", "anna", "bo"], None,
                 ["leerling-1", "leerling-2", "leerling-1"])
    assert a.leaders == ("anna", "bo") and a.skills_learned == 2
    assert to_data(a) == {"kind": "workshop", "date": "2026-03-02", "participants": 8,
                        "under_18": 0, "leaders": ["anna", "bo"], "skills_learned": 2,
                        "learners": ["leerling-1", "leerling-2"]}
    assert activity("tour", TODAY, TODAY, 0).skills_learned == 0  # an empty tour is a fact too


def test_an_activity_counts_on_its_own_date_whenever_it_is_recorded():
    recorded = datetime(2026, 3, 2, 8, tzinfo=UTC)  # Monday morning, about last Saturday
    held = activity("school_visit", date(2026, 2, 28), TODAY, 25, 24, skills_learned=20)
    e = Event("activity:x", 1, recorded, "a", "st", None, held)
    deltas = figures.stream_deltas(e)
    assert {d.day for d in deltas} == {date(2026, 2, 28)}
    assert {(d.figure, d.key, d.n) for d in deltas} == {
        ("activity", "school_visit", 1), ("participants", "school_visit", 25),
        ("participants_u18", "school_visit", 24), ("skills", "school_visit", 20)}
    february = recompute([e], Period(date(2026, 2, 1), date(2026, 2, 28)), "a")
    assert february.flows == {(d.figure, d.key): Sum(d.n) for d in deltas}
    assert recompute([e], Period(date(2026, 3, 1), date(2026, 3, 2)), None).flows == {}
    assert recompute([e], Period(date(2026, 2, 1), date(2026, 2, 28)), "b") == Totals()
