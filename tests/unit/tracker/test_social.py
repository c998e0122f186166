"""Places filled per day and the monitor's `social` block, worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tracker.domain import social as s
from tracker.domain.calendar import period
from tracker.domain.errors import InvalidInput

MARCH = period(date(2026, 3, 1), date(2026, 3, 31))


def everywhere(_site: str) -> bool:
    return True


def test_places_filled_per_day_are_at_most_the_places_offered():
    # 2 places 1-10 March, 1 place from 11 March (a newer row); people: a from 1 March,
    # b 5-20 March, c from 8 March
    places = [s.Places("intern", "w", 2, date(2026, 3, 1), None, 1),
              s.Places("intern", "w", 1, date(2026, 3, 11), None, 2)]
    people = [s.Enrolment("a", "intern", "w", date(2026, 3, 1)),
              s.Enrolment("b", "intern", "w", date(2026, 3, 5), date(2026, 3, 20), "education"),
              s.Enrolment("c", "intern", "w", date(2026, 3, 8))]
    offered, filled = s.filled_days(people, places, MARCH)
    assert offered == 10 * 2 + 21 * 1
    # 1-4: 1 person (1 each), 5-7: 2 (2 each), 8-10: 3 people but 2 places, 11-31: 1 place
    assert filled == 4 * 1 + 3 * 2 + 3 * 2 + 21 * 1


def test_a_count_of_zero_takes_the_places_away_and_a_row_with_an_end_stops():
    places = [s.Places("wsw", "w", 3, date(2026, 3, 1), date(2026, 3, 5), 1),
              s.Places("wsw", "w", 0, date(2026, 3, 3), None, 2)]
    assert s.filled_days([], places, MARCH) == (2 * 3, 0)


def test_the_social_block_by_hand():
    enrolments = [
        s.Enrolment("a", "intern", "w", date(2026, 2, 1), date(2026, 3, 10), "paid_work"),
        s.Enrolment("a", "volunteer", "w", date(2026, 3, 11)),  # a change of group
        s.Enrolment("b", "participatiewet", "w", date(2026, 3, 15)),
        s.Enrolment("c", "participatiewet", "other", date(2026, 3, 1)),  # another site
        s.Enrolment("d", "wsw", "w", date(2026, 4, 1)),  # after the period
        s.Enrolment("e", None, "w", date(2026, 1, 1)),  # by role only: not in a group
    ]
    hours = [s.Hours("a", date(2026, 3, 9), Decimal("4"), "w"),
             s.Hours("a", date(2026, 3, 12), Decimal("2.5"), "w"),
             s.Hours("b", date(2026, 3, 16), Decimal("6"), "w"),
             s.Hours("b", date(2026, 4, 1), Decimal("6"), "w")]  # after the period
    skills = [s.Skill("a", date(2026, 3, 5), "w", True), s.Skill("a", date(2026, 3, 6), "w", False),
              s.Skill("b", date(2026, 3, 20), "w", True)]
    places = [s.Places("participatiewet", "w", 1, date(2026, 3, 1), None, 1)]
    block = s.social(enrolments, places, hours, skills, MARCH, lambda site: site == "w")
    assert block["intern"] == {"people": 1, "hours": 4.0, "started": 0, "ended": 1,
                               "outcomes": {"paid_work": 1, "education": 0,
                                            "other_programme": 0, "stopped": 0, "unknown": 0}}
    assert block["volunteer"]["people"] == 1 and block["volunteer"]["hours"] == 2.5
    assert block["volunteer"]["started"] == 1
    assert block["participatiewet"]["people"] == 1 and block["participatiewet"]["hours"] == 6.0
    assert block["wsw"]["people"] == 0
    assert block["places"]["participatiewet"] == {"offered_days": 31, "filled_days": 17}
    assert block["skills"] == {"people": 2, "certificates": 2}
    whole = s.social(enrolments, places, hours, skills, MARCH, everywhere)
    assert whole["participatiewet"]["people"] == 2


def test_bad_groups_outcomes_ends_and_counts_are_refused():
    with pytest.raises(InvalidInput, match="onbekende groep"):
        s.check_group("stagiair")
    with pytest.raises(InvalidInput, match="onbekende uitstroom"):
        s.check_outcome("pensioen")
    with pytest.raises(InvalidInput, match="vóór de startdatum"):
        s.check_end(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(InvalidInput, match="negatief"):
        s.check_places(-1)


def test_roles_follow_groups():
    assert [s.role_of(g) for g in ("volunteer", "employee", "intern", "wsw")] == [
        "volunteer", "employee", "student", "participant"]


def test_a_places_rows_fill_counts_the_days_it_is_in_force_up_to_a_day():
    first = s.Places("intern", "noord", 2, date(2026, 3, 1), None, order=1)
    # from 11 March three places: the first row's days end on the 10th
    newer = s.Places("intern", "noord", 3, date(2026, 3, 11), date(2026, 3, 20), order=2)
    elsewhere = s.Places("intern", "zuid", 5, date(2026, 3, 1), None, order=3)
    rows = [first, newer, elsewhere]
    people = [s.Enrolment("a", "intern", "noord", date(2026, 3, 1)),
              s.Enrolment("b", "intern", "noord", date(2026, 3, 6), date(2026, 3, 12)),
              s.Enrolment("c", "intern", "noord", date(2026, 3, 1)),  # a third: over the 2
              s.Enrolment("d", "volunteer", "noord", date(2026, 3, 1))]
    # 1-10 March: 2 places a day (20), filled 2 every day (a and c): 20
    # 21-25 March: the first row again (2 a day: 10), a and c: 10
    assert s.row_filled(first, rows, people, date(2026, 3, 25)) == (30, 30)
    # 11-20 March: 3 a day (30); a, c, and b on 11 and 12: 2 × 10 + 2
    assert s.row_filled(newer, rows, people, date(2026, 3, 25)) == (30, 22)
    assert s.row_filled(newer, rows, people, date(2026, 3, 11)) == (3, 3)
    assert s.row_filled(elsewhere, rows, people, date(2026, 3, 2)) == (10, 0)
