"""Monitor arithmetic (pure): periods, local days, lead-time percentiles, figure deltas and the
document's shape, and a fold of random item histories equal to the recomputation."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.items import ACTIONS
from tests.support.monitor import valid
from tracker.domain import events as ev
from tracker.domain import figures, items
from tracker.domain.calendar import Period, local_date, local_noon, month_of, period
from tracker.domain.categories import DEFAULT_CATEGORIES
from tracker.domain.errors import DomainError, InvalidInput
from tracker.domain.events import Event
from tracker.domain.figures import Delta, merge
from tracker.domain.monitor import Sum, Totals, document, lead_time, recompute, rows
from tracker.services.feed import backoff

CATEGORIES = {c.id: c for c in DEFAULT_CATEGORIES}
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_periods_refuse_reversed_and_absurd_ranges():
    assert period(date(2026, 1, 1), date(2026, 1, 1)) == Period(date(2026, 1, 1),
                                                                date(2026, 1, 1))
    assert period(date(2016, 2, 29), date(2026, 2, 28)).end == date(2026, 2, 28)
    for start, end, code in [(date(2026, 1, 2), date(2026, 1, 1), "invalid_period"),
                             (date(2016, 1, 1), date(2026, 1, 2), "period_too_long"),
                             (date(9995, 1, 1), date(9995, 1, 2), "period_too_long")]:
        with pytest.raises(InvalidInput) as err:
            period(start, end)
        assert err.value.code == code


@pytest.mark.parametrize("utc,local", [
    ("2026-03-28T22:59:59", "2026-03-28"), ("2026-03-28T23:00:00", "2026-03-29"),
    ("2026-03-29T21:59:59", "2026-03-29"), ("2026-03-29T22:00:00", "2026-03-30"),
    ("2026-10-24T21:59:59", "2026-10-24"), ("2026-10-24T22:00:00", "2026-10-25"),
    ("2026-10-25T22:59:59", "2026-10-25"), ("2026-10-25T23:00:00", "2026-10-26"),
])
def test_local_days_across_dst(utc, local):
    assert local_date(datetime.fromisoformat(utc).replace(tzinfo=UTC)).isoformat() == local


def test_noon_lies_on_its_day_even_on_dst_days():
    for day in (date(2026, 3, 29), date(2026, 10, 25), date(2026, 6, 1)):
        assert local_date(local_noon(day)) == day
    assert month_of(date(2028, 2, 10)) == Period(date(2028, 2, 1), date(2028, 2, 29))


@pytest.mark.parametrize("values,median,p90", [
    ([], None, None), ([3], 3.0, 3.0), ([2, 7], 4.5, 7.0), ([1, 1, 2, 9], 1.5, 9.0),
    (list(range(1, 11)), 5.5, 9.0), ([0] * 9 + [30], 0.0, 0.0),
])
def test_lead_time_median_and_p90(values, median, p90):
    histogram: dict[int, int] = {}
    for v in values:
        histogram[v] = histogram.get(v, 0) + 1
    assert lead_time(histogram) == {"median": median, "p90": p90}


def test_merge_sums_rows_drops_zeros_and_sorts():
    day = date(2026, 3, 2)
    merged = merge([Delta("stock", "b", day, "collected", 1, 500),
                    Delta("stock", "b", day, "collected", -1, -500),
                    Delta("sold", "a", day, "textiel", 1, 200, 300),
                    Delta("inflow", "a", day, "textiel", 1, 200),
                    Delta("sold", "a", day, "textiel", 1, 100, 50)])
    assert merged == [Delta("inflow", "a", day, "textiel", 1, 200),
                      Delta("sold", "a", day, "textiel", 2, 300, 350)]


def test_backoff_doubles_up_to_the_cap():
    assert [backoff(n, 30, 600) for n in range(1, 8)] == [30, 60, 120, 240, 480, 600, 600]


def test_an_empty_period_is_a_valid_document_with_honest_zeros():
    d = valid(document(Totals(), centre="demo", site=None, period=Period(date(2026, 1, 1),
                                                                          date(2026, 1, 31)),
                       generated_at=NOW, categories=CATEGORIES, people={}))
    assert d["reuse_rate"] is None and d["lead_time_days"] == {"median": None, "p90": None}
    assert d["people"]["volunteer"] == {"people": 0, "hours": 0.0}
    assert d["targets"] == {} and d["activities"]["skills_learned"] == 0
    assert d["generated_at"] == "2026-03-02T09:00:00Z"
    assert ("outflow.sold.by_category.textiel.kg", "0.0") in list(rows(d))


def test_unknown_categories_from_old_events_still_count():
    t = Totals()
    t.add(figures.SOLD, "antiek", 1, 2500, 1000)
    d = document(t, centre="demo", site=None, period=Period(date(2026, 1, 1), date(2026, 1, 1)),
                 generated_at=NOW, categories=CATEGORIES, people={})
    assert d["outflow"]["sold"]["by_category"]["antiek"]["kg"] == 2.5
    assert d["eu_reuse_tonnes"]["other"] == 0.0025 and d["co2_avoided_kg"] == 2.75


# --- the figure deltas folded over random item histories equal the recomputation ----------

@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(sorted(ACTIONS)),
                          st.integers(0, 60 * 40), st.sampled_from(["a", "b"])), max_size=40),
       st.dates(date(2026, 3, 25), date(2026, 4, 5)), st.integers(0, 6))
def test_figure_deltas_fold_to_the_recomputation(steps, start, length):
    at = datetime(2026, 3, 27, 20, tzinfo=UTC)
    state: dict[str, items.Item] = {}
    log: list[Event] = []
    deltas: list[Delta] = []

    def write(code, change, site):
        before = state.get(code)
        e = Event(code, (before.version if before else 0) + 1, at, site, "st", None, change)
        state[code] = items.apply(before, e)
        log.append(e)
        deltas.extend(figures.item_deltas(e, before, state[code]))

    for n, (which, action, minutes, site) in enumerate(steps):
        at += timedelta(minutes=minutes)
        code = f"ITEM0000{which}"
        if code not in state:
            write(code, items.collect("textiel" if which % 2 else "meubilair", 1000 + which),
                  site)
            continue
        try:
            change = ACTIONS[action](state[code])
        except DomainError:  # not allowed in this state: nothing happens
            continue
        write(code, change, site)
        if n % 5 == 0:
            sale = Event(f"sale:{n}", 1, at, site, "st", None, ev.Sale(
                (), (ev.Line("boeken", 700, 150),), "cash", 150))
            log.append(sale)
            deltas.extend(figures.stream_deltas(sale))
    p = Period(start, start + timedelta(days=length))
    for site in (None, "a", "b"):
        folded = Totals()
        for d in merge(deltas):
            if site is not None and d.site != site:
                continue
            if d.figure == figures.STOCK:
                if d.day <= p.end:
                    folded.stock[d.key] = folded.stock.get(d.key, Sum()) + Sum(d.n, d.grams)
            elif d.day in p:
                folded.add(d.figure, d.key, d.n, d.grams, d.cents)
        expected = recompute(log, p, site)
        assert {k: v for k, v in folded.flows.items() if v != Sum()} == expected.flows
        assert {k: v for k, v in folded.stock.items() if v != Sum()} == expected.stock
