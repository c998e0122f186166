"""Simulated centres for the demo's national receiver: a few centres in several provinces and
their monthly monitor documents. A seeded generator makes each month's figures; the tracker's
own document builder (`domain.monitor.document`) turns them into the document a real centre's
feed would send, so they validate and add up like one. Pure: no I/O."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tracker.domain import figures as f
from tracker.domain import monitor, social
from tracker.domain.calendar import Period, month_of
from tracker.domain.categories import DEFAULT_CATEGORIES

CATEGORIES = {c.id: c for c in DEFAULT_CATEGORIES}
# category: (typical kg of an item, typical price in euros, share of the intake)
GOODS = {"textiel": (1.2, 6, 0.30), "kleingoed": (1.5, 5, 0.20), "boeken": (0.8, 3, 0.12),
         "meubilair": (18.0, 45, 0.12), "elektrisch": (4.0, 25, 0.10),
         "speelgoed": (1.5, 6, 0.08), "fietsen": (14.0, 70, 0.05),
         "bouwmaterialen": (9.0, 12, 0.03)}
ITEMS_PER_MONTH = 260  # labelled intake of a middling centre; each centre has its own size
SOLD_SHARE, RECYCLED_SHARE, DISPOSED_SHARE = (0.45, 0.60), (0.15, 0.25), (0.05, 0.10)
SITE = "hoofdlocatie"
LEAVING = 0.3  # chance a month that a participant leaves (for work, school, or stops)


@dataclass(frozen=True)
class Centre:
    id: str
    name: str
    municipality: str
    province: str
    size: float  # intake relative to a middling centre


CENTRES = (
    Centre("kringloop-stad-groningen", "Kringloop Stad en Ommeland", "Groningen", "Groningen",
           1.6),
    Centre("ambachtshuis-zwolle", "Ambachtshuis Zwolle", "Zwolle", "Overijssel", 1.0),
    Centre("herstelwerkplaats-nijmegen", "Herstelwerkplaats Nijmegen", "Nijmegen",
           "Gelderland", 1.2),
    Centre("circulair-delft", "Circulair Centrum Delft", "Delft", "Zuid-Holland", 0.8),
    Centre("hergebruikplein-tilburg", "Hergebruikplein Tilburg", "Tilburg", "Noord-Brabant",
           1.3),
    Centre("kringloop-walcheren", "Kringloop Walcheren", "Middelburg", "Zeeland", 0.6),
)


def _season(month: int) -> float:
    """More comes in in spring (the big clear-out) than in winter."""
    return 1.0 + 0.2 * math.sin((month - 1) / 12 * 2 * math.pi)


def _social(rng: random.Random, days: Period, size: float) -> dict[str, Any]:
    """Volunteers and participants with their hours and places, as `domain.social` counts."""
    start = days.start
    people: list[social.Enrolment] = []
    hours: list[social.Hours] = []
    for group, (lo, hi), per_day in (("volunteer", (6, 20), 4), ("participatiewet", (2, 8), 6),
                                     ("dagbesteding", (0, 6), 5), ("employee", (2, 6), 8)):
        for n in range(round(rng.randint(lo, hi) * size)):
            person = f"{group}-{n}"
            # most were there before the month; now and then one starts, or one leaves
            since = start if n == 0 else date(start.year - 1, 1, 1)
            leaves = group == "participatiewet" and n == 1 and rng.random() < LEAVING
            people.append(social.Enrolment(
                person, group, SITE, since, days.end if leaves else None,
                rng.choice(("paid_work", "education", "stopped")) if leaves else None))
            hours.append(social.Hours(person, start, Decimal(per_day * rng.randint(4, 16)),
                                      SITE))
    places = [social.Places("participatiewet", SITE, round(8 * size), start, None, 1),
              social.Places("dagbesteding", SITE, round(6 * size), start, None, 2)]
    learned = [social.Skill(f"participatiewet-{n}", start, SITE, n % 2 == 0)
               for n in range(rng.randint(0, 3))]
    return social.social(people, places, hours, learned, days, lambda _site: True)


def document(centre: Centre, month: date, seed: int, now: datetime) -> dict[str, Any]:
    """The whole centre's monitor document for the month starting on `month`."""
    rng = random.Random(f"{seed}:{centre.id}:{month.isoformat()}")
    days = month_of(month)
    totals = monitor.Totals()
    items = ITEMS_PER_MONTH * centre.size * _season(month.month)
    for category, (kg, price, share) in GOODS.items():
        n = max(1, round(items * share * rng.uniform(0.8, 1.2)))
        grams = round(n * kg * rng.uniform(0.85, 1.15) * 1000)
        totals.add(f.INFLOW, category, n, grams)
        for figure, (lo, hi) in ((f.SOLD, SOLD_SHARE), (f.RECYCLED, RECYCLED_SHARE),
                                 (f.DISPOSED, DISPOSED_SHARE)):
            part = rng.uniform(lo, hi)
            cents = round(n * part * price * rng.uniform(0.8, 1.2) * 100) if figure == f.SOLD \
                else 0
            totals.add(figure, category, round(n * part), round(grams * part), cents)
        totals.add(f.OUTFLOW, "recycle:", 0, round(grams * rng.uniform(*RECYCLED_SHARE)))
    sales = totals.total(f.SOLD).n
    totals.add(f.SALE, "", round(sales * 0.8))
    totals.add(f.VISIT, centre.municipality, round(items * 0.6))
    totals.add(f.TILL_PAYMENT, "pin", 0, 0, totals.total(f.SOLD).cents)
    for outcome, share in (("fixed", 0.6), ("repairable", 0.15), ("end_of_life", 0.25)):
        totals.add(f.REPAIR, outcome, round(items * 0.12 * share))
    for n_days, share in ((3, 0.3), (12, 0.4), (30, 0.3)):
        totals.add(f.LEAD_DAYS, str(n_days), round(sales * share))
    totals.stock = {"ready_for_sale": monitor.Sum(round(items * 0.7),
                                                  round(items * 0.7 * 3500))}
    totals.stock_start = dict(totals.stock)
    volunteers = rng.randint(8, 25)
    people = {"volunteer": monitor.PeopleAtWork(volunteers, Decimal(volunteers * 26)),
              "employee": monitor.PeopleAtWork(3, Decimal(3 * 140))}
    return monitor.document(totals, centre=centre.id, site=None, period=days, generated_at=now,
                            categories=CATEGORIES, people=people,
                            social=_social(rng, days, centre.size))


def closed_months(today: date, count: int) -> list[date]:
    """The first days of the `count` months before the month of `today`, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date((index - k) // 12, (index - k) % 12 + 1, 1) for k in range(count, 0, -1)]
