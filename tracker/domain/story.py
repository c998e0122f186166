"""An item's public story (the page behind its QR code): what happened to it, never who did it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import assert_never

from tracker.domain import events as ev
from tracker.domain.calendar import local_date
from tracker.domain.events import Event
from tracker.domain.items import Item

CO2_STEP = Decimal("0.1")  # a customer reads "4.7 kg CO2", not "4.675"

# Public moments by outcome; anything else (a re-price) is not part of the story.
_OUTCOMES = {"sellable": "checked", "needs_repair": "to_repair", "unusable": "unusable",
             "fixed": "repaired", "repairable": "waiting_for_part",
             "end_of_life": "end_of_life"}


def _moment(f: ev.Fact) -> str | None:
    """The kind of public step an event is, if it is one."""
    match f:
        case (ev.Collected() | ev.Made() | ev.Sold() | ev.Returned() | ev.Upcycled()
              | ev.GivenAway()):
            return f.TYPE
        case ev.Inspected() | ev.Repaired():
            return _OUTCOMES[f.outcome]
        case (ev.Priced() | ev.Corrected() | ev.Refunded() | ev.Sale() | ev.Refund()
              | ev.BulkCollected() | ev.OwnUseRepair() | ev.Visit() | ev.Activity()
              | ev.Transferred() | ev.Outflow() | ev.VoucherIssued() | ev.VoucherSpent()
              | ev.Reserved() | ev.Wish() | ev.TillOpened() | ev.TillClosed()):
            # a move between sites, a reservation, a wish or a till's day tells a customer
            # nothing
            return None
        case _:
            assert_never(f)


@dataclass(frozen=True)
class Moment:
    """One public step of the story: what kind of step, on which local day."""

    kind: str
    day: date


@dataclass(frozen=True)
class Story:
    """What a customer may know about an item: no stations, no people, no sites."""

    code: str
    category: str
    state: str
    phase: str
    weight_kg: Decimal
    price_eur: Decimal | None
    lives: int
    repairs: int
    times_sold: int
    co2_avoided_kg: Decimal
    co2_per_life_kg: Decimal
    made_from: int
    moments: tuple[Moment, ...]


def _co2(kg: Decimal, factor: Decimal) -> Decimal:
    return (kg * factor).quantize(CO2_STEP, rounding=ROUND_HALF_UP)


def story(item: Item, events: Sequence[Event], co2_factor: Decimal) -> Story:
    """The item's story from its events, oldest first; CO2 counts each time it was sold (a
    sale that was refunded is no sale)."""
    moments: list[Moment] = []
    for e in events:
        if isinstance(e.fact, ev.Refunded):  # the sale was undone: the customer brought it back
            sold_at = max(n for n, m in enumerate(moments) if m.kind == "sold")
            del moments[sold_at]
            continue
        kind = _moment(e.fact)
        if kind is not None:
            moments.append(Moment(kind, local_date(e.at)))
    kg = Decimal(item.weight_g) / 1000
    sold = sum(m.kind == "sold" for m in moments)
    price = (Decimal(item.price_cents) / 100 if item.price_cents is not None
             and item.state.value == "ready_for_sale" else None)
    return Story(
        code=item.code, category=item.category, state=item.state.value, phase=item.phase,
        weight_kg=kg, price_eur=price, lives=item.cycle,
        repairs=sum(m.kind == "repaired" for m in moments), times_sold=sold,
        co2_avoided_kg=_co2(kg * sold, co2_factor), co2_per_life_kg=_co2(kg, co2_factor),
        made_from=len(item.inputs), moments=tuple(moments),
    )
