"""The presence rules at the entrance: clock in and out, several sessions a day add up, a
forgotten clock-out closes at the site's closing time, across midnight and the DST change."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from tracker.domain import presence as p
from tracker.domain.calendar import LOCAL_ZONE
from tracker.domain.errors import InvalidInput

CLOSES = time(17, 0)


def local(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_ZONE).astimezone(UTC)


def test_first_scan_clocks_in_the_second_out():
    came = p.scan(None, "p1", "s", local(2026, 3, 2, 9), CLOSES)
    assert came.clocked_in and came.closed is None
    went = p.scan(came.opened, "p1", "s", local(2026, 3, 2, 12, 30), CLOSES)
    assert not went.clocked_in and went.closed.clock_out == local(2026, 3, 2, 12, 30)
    assert not went.closed.forgotten


def test_several_sessions_a_day_add_up():
    sessions = [p.Session("p1", "s", local(2026, 3, 2, 9), local(2026, 3, 2, 12, 30)),
                p.Session("p1", "s", local(2026, 3, 2, 13), local(2026, 3, 2, 16, 15))]
    assert p.hours_per_day(sessions) == {("p1", "s", datetime(2026, 3, 2).date()):
                                         Decimal("6.75")}


def test_staying_late_the_same_day_is_no_forgotten_clock_out():
    came = p.scan(None, "p1", "s", local(2026, 3, 2, 9), CLOSES).opened
    went = p.scan(came, "p1", "s", local(2026, 3, 2, 18, 30), CLOSES)
    assert went.closed.clock_out == local(2026, 3, 2, 18, 30) and not went.closed.forgotten


def test_a_forgotten_clock_out_closes_at_closing_time_and_the_scan_clocks_in():
    came = p.scan(None, "p1", "s", local(2026, 3, 2, 9), CLOSES).opened
    next_morning = p.scan(came, "p1", "s", local(2026, 3, 3, 8, 45), CLOSES)
    assert next_morning.closed.forgotten
    assert next_morning.closed.clock_out == local(2026, 3, 2, 17)
    assert next_morning.opened.clock_in == local(2026, 3, 3, 8, 45)
    assert p.hours_per_day([next_morning.closed]) == {
        ("p1", "s", datetime(2026, 3, 2).date()): Decimal("8.00")}


def test_the_sweep_sees_a_forgotten_session_only_once_its_day_is_over():
    came = p.Session("p1", "s", local(2026, 3, 2, 9))
    assert not p.is_forgotten(came, local(2026, 3, 2, 23, 59), CLOSES)
    assert p.is_forgotten(came, local(2026, 3, 3, 0, 1), CLOSES)
    assert p.close_forgotten(came, time(16, 30)).clock_out == local(2026, 3, 2, 16, 30)


def test_an_evening_session_runs_across_midnight_and_splits_its_hours():
    came = p.scan(None, "p1", "s", local(2026, 3, 2, 20), CLOSES).opened
    went = p.scan(came, "p1", "s", local(2026, 3, 3, 1, 30), CLOSES)
    assert not went.closed.forgotten
    assert p.hours_per_day([went.closed]) == {
        ("p1", "s", datetime(2026, 3, 2).date()): Decimal("4.00"),
        ("p1", "s", datetime(2026, 3, 3).date()): Decimal("1.50")}


def test_the_autumn_dst_change_counts_real_hours():
    # 25 October 2026: the clocks go from 03:00 back to 02:00; 00:30 to 04:30 is five hours
    session = p.Session("p1", "s", local(2026, 10, 25, 0, 30), local(2026, 10, 25, 4, 30))
    assert p.hours_per_day([session]) == {("p1", "s", datetime(2026, 10, 25).date()):
                                          Decimal("5.00")}


def test_the_spring_dst_change_counts_real_hours():
    # 29 March 2026: the clocks go from 02:00 to 03:00; 01:00 to 04:00 is two hours
    session = p.Session("p1", "s", local(2026, 3, 29, 1), local(2026, 3, 29, 4))
    assert p.hours_per_day([session]) == {("p1", "s", datetime(2026, 3, 29).date()):
                                          Decimal("2.00")}


def test_a_forgotten_clock_out_closes_at_the_local_closing_time_after_a_dst_change():
    came = p.Session("p1", "s", local(2026, 3, 28, 9))
    assert p.deadline(came.clock_in, CLOSES) == local(2026, 3, 28, 17)
    late = p.Session("p1", "s", local(2026, 3, 28, 18))  # after closing: next day's closing
    assert p.deadline(late.clock_in, CLOSES) == local(2026, 3, 29, 17)
    assert p.deadline(late.clock_in, CLOSES) - late.clock_in == (
        local(2026, 3, 29, 17) - local(2026, 3, 28, 18))  # 22 real hours, not 23


def test_a_scan_before_the_clock_in_is_refused():
    came = p.Session("p1", "s", local(2026, 3, 2, 9))
    with pytest.raises(InvalidInput):
        p.scan(came, "p1", "s", local(2026, 3, 2, 8), CLOSES)


def test_closing_times_are_read_as_hh_mm():
    assert p.parse_closes("16:30") == time(16, 30)
    with pytest.raises(InvalidInput):
        p.parse_closes("half vijf")
    with pytest.raises(InvalidInput):
        p.parse_closes("25:00")


def test_the_greeting_follows_the_local_hour_and_names_nobody():
    assert p.greeting(local(2026, 3, 2, 8))[0] == "Goedemorgen"
    assert p.greeting(local(2026, 3, 2, 13))[0] == "Goedemiddag"
    assert p.greeting(local(2026, 3, 2, 19)) == ("Goedenavond", "Good evening")
