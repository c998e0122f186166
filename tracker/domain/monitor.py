"""The `ambacht.monitor/v2` document (CONTRACT §6): from period totals, and from the log.

`Totals` is what a period adds up to. The service gets it from the maintained daily figures;
`recompute` folds the raw event log by the contract's definitions, independently of
`tracker.domain.figures`, so a test can prove the two always agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from tracker.domain import activities
from tracker.domain import figures as f
from tracker.domain.calendar import Period, local_date
from tracker.domain.categories import DEFAULT_CO2_FACTOR, EU_GROUPS, Category
from tracker.domain.goals import Goal
from tracker.domain.goals import block as targets_block
from tracker.domain.items import BARRIERS, STREAMS, Event, State, counted, final_corrections
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
    """A period's flows per (figure, key), and the stock per state at the end of it."""

    flows: dict[tuple[str, str], Sum] = field(default_factory=dict)
    stock: dict[str, Sum] = field(default_factory=dict)

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

@dataclass
class _Life:
    state: State
    site: str
    category: str
    weight_g: int
    began: date


def recompute(events: Iterable[Event], period: Period, site: str | None) -> Totals:
    """The period's totals straight from the events, oldest first (a full recomputation)."""
    out = Totals()
    lives: dict[str, _Life] = {}
    events = list(events)
    corrections = final_corrections(events)  # whenever made, they count from the intake on
    for original in events:
        e = counted(original, corrections)
        if e is None:
            continue
        if e.type == activities.EVENT_TYPE:  # counts on its own date, whenever recorded
            on, kind = activities.activity_date(e.data), e.data["kind"]
            if on in period and (site is None or e.site == site):
                out.add(f.ACTIVITY, kind)
                out.add(f.PARTICIPANTS, kind, e.data["participants"])
                out.add(f.UNDER_18, kind, e.data["under_18"])
                out.add(f.SKILLS, kind, e.data["skills_learned"])
            continue
        day = local_date(e.at)
        life = lives.get(e.stream)
        if e.type == "refunded" and life is not None:  # the sale's lead time goes, whenever
            sold_on = f.refunded_sale_day(e.data)
            if sold_on in period and (site is None or e.data["sold_site"] == site):
                out.add(f.LEAD_DAYS, str((sold_on - life.began).days), -1)
        if day > period.end:
            continue  # later than the period: changes neither its flows nor its final stock
        counts = day >= period.start and (site is None or e.site == site)
        d, t = e.data, e.type
        if t in ("collected", "made"):
            life = lives[e.stream] = _Life(State.COLLECTED, e.site, d["category"], d["weight_g"],
                                           day)
            if t == "made" and "price_cents" in d:
                life.state = State.READY_FOR_SALE
            if counts and t == "collected":
                out.add(f.INFLOW, life.category, 1, life.weight_g)
        elif life is not None:  # an item event
            life.site = e.site
            if t == "returned":
                life.state, life.began = State.COLLECTED, day
                if counts:
                    out.add(f.INFLOW, life.category, 1, life.weight_g)
            elif t == "sold":
                life.state = State.SOLD
                if counts:
                    out.add(f.SOLD, life.category, 1, life.weight_g, d.get("price_cents") or 0)
                    out.add(f.LEAD_DAYS, str((day - life.began).days))
            elif t == "refunded":
                life.state = State.IN_REPAIR if d["faulty"] else State.READY_FOR_SALE
                if counts:
                    out.add(f.SOLD, life.category, -1, -life.weight_g,
                            -(d.get("price_cents") or 0))
            elif t == "upcycled":
                life.state = State.UPCYCLED
                if counts:
                    out.add(f.UPCYCLED_INPUT, life.category, 1, life.weight_g)
            elif t in ("inspected", "repaired"):
                outcome = d["outcome"]
                if counts and t == "repaired":
                    out.add(f.REPAIR, outcome)
                    if d.get("barrier"):
                        out.add(f.BARRIER, d["barrier"])
                if outcome in ("sellable", "fixed"):
                    life.state = State.READY_FOR_SALE
                elif outcome in ("needs_repair", "repairable"):
                    life.state = State.IN_REPAIR
                else:
                    life.state = STREAMS[d["stream"]]
                    if counts:
                        out.add(f.RECYCLED if life.state == State.RECYCLED else f.DISPOSED,
                                life.category, 1, life.weight_g)
        elif counts:  # sales, bulk intake, own-use repairs, visits
            if t == "sale":
                out.add(f.SALE, "")
                for ln in d.get("lines", ()):
                    out.add(f.SOLD_LINE, ln["category"], 1, ln["weight_g"], ln["price_cents"])
            elif t == "refund":
                n_items, grams, cents = f.refund_sums(d)
                out.add(f.REFUND, "", 1, grams, cents)
                out.add(f.REFUND, "items", n_items)
                for ln in d["lines"]:
                    out.add(f.SOLD_LINE, ln["category"], -1, -ln["weight_g"], -ln["price_cents"])
            elif t == "bulk_collected":
                out.add(f.BULK, d["category"], 1, d["weight_g"])
            elif t == "own_use_repair":
                out.add(f.OWN_USE, d["outcome"])
                if d.get("barrier"):
                    out.add(f.BARRIER, d["barrier"])
            elif t == "visit":
                out.add(f.VISIT, "")
    for life in lives.values():
        if life.state in f.STOCK_STATES and (site is None or life.site == site):
            key = life.state.value
            out.stock[key] = out.stock.get(key, Sum()) + Sum(1, life.weight_g)
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


def document(totals: Totals, *, centre: str, site: str | None, period: Period,
             generated_at: datetime, categories: Mapping[str, Category],
             people: Mapping[str, PeopleAtWork], goals: Iterable[Goal] = ()
             ) -> dict[str, Any]:
    """The monitor document for a period; `goals` are the targets and baseline in force for
    its scope (the site, or the whole centre)."""
    inflow, sold, lines = totals.of(f.INFLOW), totals.of(f.SOLD), totals.of(f.SOLD_LINE)
    seen = set(categories) | set(inflow) | set(sold) | set(lines)
    cats = list(categories) + sorted(seen - set(categories))

    def factor(cat: str) -> Decimal:
        c = categories.get(cat)
        return c.co2_factor if c else DEFAULT_CO2_FACTOR

    def group(cat: str) -> str:
        c = categories.get(cat)
        return c.eu_group if c else "other"

    sold_by_cat = {c: sold.get(c, Sum()) + lines.get(c, Sum()) for c in cats}
    sold_all = totals.total(f.SOLD) + totals.total(f.SOLD_LINE)
    recycled, disposed = totals.total(f.RECYCLED), totals.total(f.DISPOSED)
    leaving = sold_all.grams + recycled.grams + disposed.grams
    repairs, own_use, barriers = totals.of(f.REPAIR), totals.of(f.OWN_USE), totals.of(f.BARRIER)
    co2_g = sum((Decimal(s.grams) * factor(c) for c, s in sold_by_cat.items()), Decimal(0))
    tonnes = dict.fromkeys(EU_GROUPS, 0)
    for c, s in sold_by_cat.items():
        tonnes[group(c)] += s.grams
    sessions, joined = totals.of(f.ACTIVITY), totals.of(f.PARTICIPANTS)
    young = totals.of(f.UNDER_18)
    visitors = {"sales": totals.total(f.SALE).n, "drop_offs": totals.total(f.VISIT).n,
                "participants": totals.total(f.PARTICIPANTS).n}
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
        "repairs": {
            "attempted": totals.total(f.REPAIR).n + totals.total(f.OWN_USE).n,
            **{o: repairs.get(o, Sum()).n + own_use.get(o, Sum()).n for o in REPAIR_OUTCOMES},
            "own_use": totals.total(f.OWN_USE).n,
            "barriers": {b: barriers.get(b, Sum()).n
                         for b in list(BARRIERS) + sorted(set(barriers) - set(BARRIERS))},
        },
        "reuse_rate": round(sold_all.grams / leaving, REUSE_RATE_DIGITS) if leaving else None,
        "co2_avoided_kg": float(round(co2_g / 1000, 3)),
        "co2_factors": {c: float(factor(c)) for c in cats},
        "stock": {s.value: _items_kg(totals.stock.get(s.value, Sum())) for s in f.STOCK_STATES},
        "lead_time_days": lead_time({int(k): s.n for k, s in totals.of(f.LEAD_DAYS).items()}),
        # together: visits, not distinct people (nobody is identified, so none can be)
        "visitors": {**visitors, "total": sum(visitors.values())},
        "people": {role: {"people": p.people, "hours": float(round(p.hours, 2))}
                   for role, p in ((r, people.get(r, PeopleAtWork(0, Decimal(0))))
                                   for r in PEOPLE_ROLES)},
        "activities": {**{k: {"sessions": sessions.get(k, Sum()).n,
                              "participants": joined.get(k, Sum()).n,
                              "under_18": young.get(k, Sum()).n} for k in ACTIVITY_KINDS},
                       "skills_learned": totals.total(f.SKILLS).n},
        "targets": {},
        "refunds": {"count": totals.of(f.REFUND).get("", Sum()).n,
                    "items": totals.of(f.REFUND).get("items", Sum()).n,
                    "kg": kg(totals.total(f.REFUND).grams),
                    "amount_eur": eur(totals.total(f.REFUND).cents)},
        "eu_reuse_tonnes": {g: round(grams / 1_000_000, TONNES_DIGITS)
                            for g, grams in tonnes.items()},
    }
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
