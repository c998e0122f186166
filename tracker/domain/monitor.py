"""The `ambacht.monitor/v2` document (CONTRACT §6): from period totals, and from the log.

`Totals` is what a period adds up to. The service gets it from the maintained daily figures;
`recompute` folds the raw event log at once with the same definitions
(`tracker.domain.figures`), so a test can prove that the figures kept up event by event, in
group commits, with corrections moved afterwards, always equal it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from tracker.domain import activities, demand
from tracker.domain import figures as f
from tracker.domain.calendar import Period
from tracker.domain.categories import DEFAULT_CO2_FACTOR, EU_GROUPS, Category
from tracker.domain.events import Event
from tracker.domain.goals import Goal
from tracker.domain.goals import block as targets_block
from tracker.domain.items import BARRIERS, final_corrections
from tracker.domain.outflows import OUTFLOW_STREAMS, RECYCLE, RESIDUAL, REUSE
from tracker.domain.till import METHODS
from tracker.domain.values import eur, kg

# v2 (CONTRACT §6): v1 with the blocks of §9-13; its sold figures may be negative in a period
# that holds a refund but not its sale. Blocks of issues not built yet are absent.
SCHEMA = "ambacht.monitor/v2"
REPAIR_OUTCOMES = ("fixed", "repairable", "end_of_life")
PEOPLE_ROLES = ("employee", "volunteer", "participant", "student")
ACTIVITY_KINDS = activities.KINDS
REUSE_RATE_DIGITS = 4  # a share: 0.1234 is 12.34 %
TONNES_DIGITS = 6  # tonnes to the gram: small centres report small amounts exactly


class Sum(NamedTuple):
    n: int = 0
    grams: int = 0
    cents: int = 0

    def __add__(self, other: object) -> Sum:
        assert isinstance(other, Sum)
        return Sum(self.n + other.n, self.grams + other.grams, self.cents + other.cents)


@dataclass
class Totals:
    """A period's flows per (figure, key), and the stock per state at the end of it (and at
    its start: the end of the day before)."""

    flows: dict[tuple[str, str], Sum] = field(default_factory=dict)
    stock: dict[str, Sum] = field(default_factory=dict)
    stock_start: dict[str, Sum] = field(default_factory=dict)
    shelf: dict[str, Sum] = field(default_factory=dict)  # on the shelf at the end, by category

    def add(self, figure: str, key: str, n: int = 1, grams: int = 0, cents: int = 0) -> None:
        self.flows[figure, key] = self.flows.get((figure, key), Sum()) + Sum(n, grams, cents)

    def of(self, figure: str) -> dict[str, Sum]:
        """Every key of one figure."""
        return {k: s for (fig, k), s in self.flows.items() if fig == figure and s != Sum()}

    def total(self, figure: str) -> Sum:
        return sum(self.of(figure).values(), Sum())


@dataclass(frozen=True)
class PeopleAtWork:
    people: int
    hours: Decimal


# --- from the log ----------------------------------------------------------------------------

def recompute(events: Iterable[Event], period: Period, site: str | None) -> Totals:
    """The period's totals straight from the events, oldest first (a full recomputation: the
    same folds as the maintained figures, without their daily rows, group commits and
    corrections applied afterwards)."""
    events = list(events)
    out = Totals()
    for d in f.log_deltas(events, final_corrections(events)):
        if site is not None and d.site != site:
            continue
        if d.figure == f.STOCK:
            if d.day <= period.end:
                out.stock[d.key] = out.stock.get(d.key, Sum()) + Sum(d.n, d.grams)
            if d.day < period.start:
                out.stock_start[d.key] = out.stock_start.get(d.key, Sum()) + Sum(d.n, d.grams)
            continue
        if d.figure == f.SHELF and d.day <= period.end:
            out.shelf[d.key] = out.shelf.get(d.key, Sum()) + Sum(d.n, d.grams)
        if d.day in period:
            out.add(d.figure, d.key, d.n, d.grams, d.cents)
    out.stock = {state: s for state, s in out.stock.items() if s != Sum()}
    out.stock_start = {state: s for state, s in out.stock_start.items() if s != Sum()}
    out.shelf = {cat: s for cat, s in out.shelf.items() if s != Sum()}
    out.flows = {key: s for key, s in out.flows.items() if s != Sum()}
    return out


# --- the document ----------------------------------------------------------------------------

def _percentile_rank(histogram: Mapping[int, int], rank: int) -> int:
    """The value at 1-based `rank` in the sorted multiset a histogram describes."""
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    raise ValueError("rank beyond the histogram")


def lead_time(histogram: Mapping[int, int]) -> dict[str, float | None]:
    """Median (middle value, or the mean of the two middle ones) and p90 (nearest rank)."""
    n = sum(histogram.values())
    if n == 0:
        return {"median": None, "p90": None}
    lo = _percentile_rank(histogram, (n + 1) // 2)
    hi = _percentile_rank(histogram, n // 2 + 1)
    median = lo if n % 2 else (lo + hi) / 2
    return {"median": float(median), "p90": float(_percentile_rank(histogram,
                                                                      math.ceil(0.9 * n)))}


def _items_kg(s: Sum) -> dict[str, Any]:
    return {"items": s.n, "kg": kg(s.grams)}


def _split(key: str) -> tuple[str, str]:
    """A batch figure's key: (stream, partner or category)."""
    stream, _, rest = key.partition(":")
    return stream, rest


def given_away_by_category(totals: Totals) -> dict[str, int]:
    """Grams given away in reuse batches by the batch's category ('' when it has none)."""
    out: dict[str, int] = {}
    for key, s in totals.of(f.OUTFLOW).items():
        stream, category = _split(key)
        if stream == REUSE:
            out[category] = out.get(category, 0) + s.grams
    return out


def mass_balance(totals: Totals, whole_centre: bool) -> dict[str, Any]:
    """Every kilo in leaves somewhere (CONTRACT §10): in grams, rounded once at the end. For a
    site, mass moved to or from another site of the centre is a transfer; for the whole
    centre transfers cancel out and count zero."""
    batches = {stream: 0 for stream in OUTFLOW_STREAMS}
    for key, s in totals.of(f.OUTFLOW).items():
        batches[_split(key)[0]] += s.grams
    out_g = {"sold": totals.total(f.SOLD).grams + totals.total(f.SOLD_LINE).grams,
             "given_away": batches[REUSE], "recycle": batches[RECYCLE],
             "residual": batches[RESIDUAL]}
    by_partner: dict[str, dict[str, int]] = {}
    for key, s in sorted(totals.of(f.OUTFLOW_PARTNER).items()):
        stream, partner = _split(key)
        by_partner.setdefault(partner, {})[stream] = s.grams
    in_g = totals.total(f.INFLOW).grams + totals.total(f.BULK).grams
    t_in = 0 if whole_centre else totals.total(f.TRANSFER_IN).grams
    t_out = 0 if whole_centre else totals.total(f.TRANSFER_OUT).grams
    stock_change = (sum(s.grams for s in totals.stock.values())
                    - sum(s.grams for s in totals.stock_start.values()))
    unaccounted = in_g + t_in - sum(out_g.values()) - t_out - stock_change
    reused = out_g["sold"] + out_g["given_away"]
    leaving = reused + out_g["recycle"] + out_g["residual"]
    return {
        "in_kg": kg(in_g),
        "out_kg": {k: kg(g) for k, g in out_g.items()},
        "by_partner": {p: {s: kg(g) for s, g in streams.items()}
                       for p, streams in by_partner.items()},
        "transfer_in_kg": kg(t_in), "transfer_out_kg": kg(t_out),
        "stock_change_kg": kg(stock_change),
        "unaccounted_kg": kg(unaccounted),
        "reuse_rate_mass": round(reused / leaving, REUSE_RATE_DIGITS) if leaving > 0 else None,
    }


def _reused(totals: Totals, sold_by_cat: Mapping[str, Sum],
            categories: Mapping[str, Category]) -> tuple[Decimal, dict[str, int]]:
    """CO2 avoided (grams) and the EU reuse grams per group: what was sold, and given-away kg
    by the batch's category (else the default factor, `other`)."""
    reused_by_cat = {c: s.grams for c, s in sold_by_cat.items()}
    for c, grams in given_away_by_category(totals).items():
        reused_by_cat[c] = reused_by_cat.get(c, 0) + grams
    co2_g, tonnes = Decimal(0), dict.fromkeys(EU_GROUPS, 0)
    for c, grams in reused_by_cat.items():
        known = categories.get(c)
        co2_g += Decimal(grams) * (known.co2_factor if known else DEFAULT_CO2_FACTOR)
        tonnes[known.eu_group if known else "other"] += grams
    return co2_g, tonnes


def _repairs(totals: Totals) -> dict[str, Any]:
    repairs, own_use, barriers = totals.of(f.REPAIR), totals.of(f.OWN_USE), totals.of(f.BARRIER)
    return {
        "attempted": totals.total(f.REPAIR).n + totals.total(f.OWN_USE).n,
        **{o: repairs.get(o, Sum()).n + own_use.get(o, Sum()).n for o in REPAIR_OUTCOMES},
        "own_use": totals.total(f.OWN_USE).n,
        "barriers": {b: barriers.get(b, Sum()).n
                     for b in list(BARRIERS) + sorted(set(barriers) - set(BARRIERS))},
    }


def _visitors(totals: Totals) -> dict[str, Any]:
    """Visits, not distinct people (nobody is identified, so none can be)."""
    counts = {"sales": totals.total(f.SALE).n, "drop_offs": totals.total(f.VISIT).n,
              "participants": totals.total(f.PARTICIPANTS).n}
    return {**counts, "total": sum(counts.values()),
            "by_municipality": {m: s.n for m, s in sorted(totals.of(f.VISIT).items())}}


def _people(people: Mapping[str, PeopleAtWork]) -> dict[str, Any]:
    nobody = PeopleAtWork(0, Decimal(0))
    return {role: {"people": p.people, "hours": float(round(p.hours, 2))}
            for role, p in ((r, people.get(r, nobody)) for r in PEOPLE_ROLES)}


def _activities(totals: Totals) -> dict[str, Any]:
    sessions, joined = totals.of(f.ACTIVITY), totals.of(f.PARTICIPANTS)
    young = totals.of(f.UNDER_18)
    return {**{k: {"sessions": sessions.get(k, Sum()).n, "participants": joined.get(k, Sum()).n,
                   "under_18": young.get(k, Sum()).n} for k in ACTIVITY_KINDS},
            "skills_learned": totals.total(f.SKILLS).n}


def _refunds(totals: Totals) -> dict[str, Any]:
    refunds = totals.of(f.REFUND)
    return {"count": refunds.get("", Sum()).n, "items": refunds.get("items", Sum()).n,
            "kg": kg(totals.total(f.REFUND).grams),
            "amount_eur": eur(totals.total(f.REFUND).cents)}


def _till(totals: Totals) -> dict[str, Any]:
    paid = totals.of(f.TILL_PAYMENT)
    return {"discount_eur": eur(totals.total(f.TILL_DISCOUNT).cents),
            "vat_eur": eur(totals.total(f.TILL_VAT).cents),
            "payments": {m: eur(paid.get(m, Sum()).cents)
                         for m in [*METHODS, *sorted(set(paid) - set(METHODS))]}}


def document(totals: Totals, *, centre: str, site: str | None, period: Period,
             generated_at: datetime, categories: Mapping[str, Category],
             people: Mapping[str, PeopleAtWork], goals: Iterable[Goal] = (),
             whole_centre: bool | None = None,
             social: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The monitor document for a period; `goals` are the targets and baseline in force for
    its scope (the site, or the whole centre); `social`: the block of `domain.social`.
    `whole_centre`: transfers between its sites
    cancel out (by default: when no site is named)."""
    inflow, sold, lines = totals.of(f.INFLOW), totals.of(f.SOLD), totals.of(f.SOLD_LINE)
    seen = (set(categories) | set(inflow) | set(sold) | set(lines)
            | (set(given_away_by_category(totals)) - {""}))
    cats = list(categories) + sorted(seen - set(categories))
    sold_by_cat = {c: sold.get(c, Sum()) + lines.get(c, Sum()) for c in cats}
    sold_all = totals.total(f.SOLD) + totals.total(f.SOLD_LINE)
    recycled, disposed = totals.total(f.RECYCLED), totals.total(f.DISPOSED)
    leaving = sold_all.grams + recycled.grams + disposed.grams
    co2_g, tonnes = _reused(totals, sold_by_cat, categories)
    doc = {
        "schema": SCHEMA, "centre": centre, "site": site,
        "from": period.start.isoformat(), "to": period.end.isoformat(),
        "generated_at": generated_at.isoformat().replace("+00:00", "Z"),
        "inflow": {
            "items": totals.total(f.INFLOW).n, "kg": kg(totals.total(f.INFLOW).grams),
            "bulk_kg": kg(totals.total(f.BULK).grams),
            "by_category": {c: _items_kg(inflow.get(c, Sum())) for c in cats},
        },
        "outflow": {
            "sold": {
                "items": totals.total(f.SOLD).n, "kg": kg(sold_all.grams),
                "revenue_eur": eur(sold_all.cents),
                "by_category": {c: {"items": sold.get(c, Sum()).n, "kg": kg(s.grams),
                                    "revenue_eur": eur(s.cents)}
                                for c, s in sold_by_cat.items()},
            },
            "recycled": _items_kg(recycled), "disposed": _items_kg(disposed),
            "upcycled_inputs": _items_kg(totals.total(f.UPCYCLED_INPUT)),
        },
        "repairs": _repairs(totals),
        "reuse_rate": round(sold_all.grams / leaving, REUSE_RATE_DIGITS) if leaving else None,
        "co2_avoided_kg": float(round(co2_g / 1000, 3)),
        "co2_factors": {c: float(categories[c].co2_factor if c in categories
                                 else DEFAULT_CO2_FACTOR) for c in cats},
        "stock": {s.value: _items_kg(totals.stock.get(s.value, Sum())) for s in f.STOCK_STATES},
        "lead_time_days": lead_time({int(k): s.n for k, s in totals.of(f.LEAD_DAYS).items()}),
        "visitors": _visitors(totals),
        "people": _people(people),
        "activities": _activities(totals),
        "targets": {},
        "refunds": _refunds(totals),
        "till": _till(totals),
        "demand": demand.block(totals, cats),
        "mass_balance": mass_balance(totals, site is None if whole_centre is None
                                     else whole_centre),
        "eu_reuse_tonnes": {g: round(grams / 1_000_000, TONNES_DIGITS)
                            for g, grams in tonnes.items()},
    }
    if social is not None:
        doc["social"] = dict(social)
    doc["targets"] = targets_block(doc, goals, period)
    return doc


def rows(doc: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """The document as (figure, value) pairs, nested keys joined with dots (the CSV form)."""
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from rows(value, f"{name}.")
        else:
            yield name, "" if value is None else str(value)


def same_figures(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two documents agree on everything but the moment they were made."""
    return ({k: v for k, v in a.items() if k != "generated_at"}
            == {k: v for k, v in b.items() if k != "generated_at"})
