"""The item state machine (CONTRACT §1): commands check and decide; `apply` folds events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from tracker.domain import words
from tracker.domain.errors import InvalidInput, NotAllowed


class State(StrEnum):
    COLLECTED = "collected"
    IN_REPAIR = "in_repair"
    READY_FOR_SALE = "ready_for_sale"
    SOLD = "sold"
    RECYCLED = "recycled"
    DISPOSED = "disposed"
    UPCYCLED = "upcycled"
    RETURNED_TO_OWNER = "returned_to_owner"


PHASE = {
    State.COLLECTED: "collect",
    State.IN_REPAIR: "prepare",
    State.READY_FOR_SALE: "prepare",
    State.SOLD: "sell",
    State.RECYCLED: "exit",
    State.DISPOSED: "exit",
    State.UPCYCLED: "exit",
    State.RETURNED_TO_OWNER: "exit",
}

# Where an unusable item goes: recycle stream or residual waste.
STREAMS = {"recycle": State.RECYCLED, "residual": State.DISPOSED}
INSPECT_OUTCOMES = ("sellable", "needs_repair", "unusable")
REPAIR_OUTCOMES = ("fixed", "repairable", "end_of_life")
# ORDS v0.3 repair barriers (only for end of life).
BARRIERS = (
    "Spare parts not available",
    "Spare parts too expensive",
    "No way to open product",
    "Repair information not available",
    "Lack of equipment",
    "Item too worn out",
)
UPCYCLABLE = (State.COLLECTED, State.IN_REPAIR, State.READY_FOR_SALE)


@dataclass(frozen=True)
class Event:
    """One immutable fact about a stream (an item code, a sale, a bulk intake, a repair)."""

    stream: str
    seq: int
    type: str
    at: datetime
    site: str
    station: str
    person: str | None
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Change:
    """What a command decided: the event type and its data; the service adds who/where/when."""

    type: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Item:
    code: str
    state: State
    category: str
    weight_g: int
    cycle: int
    site: str
    created_at: datetime
    updated_at: datetime
    version: int
    price_cents: int | None = None
    description: str | None = None
    ords_category_id: int | None = None
    serial_number: str | None = None
    inputs: tuple[str, ...] = field(default_factory=tuple)
    # when this life began (intake, making or return): time to sale counts from here
    cycle_started_at: datetime | None = None

    @property
    def phase(self) -> str:
        return PHASE[self.state]


def _refuse(item: Item, action: str, action_en: str) -> NotAllowed:
    return NotAllowed(
        f"{action} kan niet: dit item is {words.state(item.state, 'nl')}",
        "transition_not_allowed",
        en=f"{action_en} is not possible: this item is {words.state(item.state, 'en')}",
    )


def _need_price(price_cents: int | None, outcome: str) -> int:
    if price_cents is None:
        raise InvalidInput(f"bij '{outcome}' hoort een prijs (price_eur)", "price_required",
                           en=f"'{outcome}' needs a price (price_eur)")
    return price_cents


def _need_stream(stream: str | None) -> str:
    if stream not in STREAMS:
        raise InvalidInput(
            "kies waar het heen gaat: stream 'recycle' (Recyclen) of 'residual' (Restafval)",
            "stream_required",
            en="choose where it goes: stream 'recycle' (Recycle) or 'residual' (Residual waste)",
        )
    return stream


def collect(category: str, weight_g: int, **details: Any) -> Change:
    """Intake of a new labelled item."""
    return Change("collected", {"category": category, "weight_g": weight_g,
                                **{k: v for k, v in details.items() if v is not None}})


def make(category: str, weight_g: int, inputs: list[str], price_cents: int | None,
         description: str | None, weighing_id: str | None = None) -> Change:
    """A new item made from upcycled inputs."""
    data: dict[str, Any] = {"category": category, "weight_g": weight_g, "inputs": inputs}
    if weighing_id:
        data["weighing_id"] = weighing_id
    if price_cents is not None:
        data["price_cents"] = price_cents
    if description:
        data["description"] = description
    return Change("made", data)


def inspect(item: Item, outcome: str, price_cents: int | None = None,
            stream: str | None = None) -> Change:
    """Keuren: sellable, needs repair, or unusable."""
    if outcome not in INSPECT_OUTCOMES:
        raise InvalidInput(f"onbekende uitkomst '{outcome}'", "invalid_outcome",
                           en=f"unknown outcome '{outcome}'")
    allowed = {
        "sellable": (State.COLLECTED,),
        "needs_repair": (State.COLLECTED, State.READY_FOR_SALE),
        "unusable": (State.COLLECTED, State.READY_FOR_SALE),
    }[outcome]
    if item.state not in allowed:
        raise _refuse(item, "Keuren", "Inspecting")
    data: dict[str, Any] = {"outcome": outcome}
    if outcome == "sellable":
        data["price_cents"] = _need_price(price_cents, outcome)
    elif outcome == "unusable":
        data["stream"] = _need_stream(stream)
    return Change("inspected", data)


def repair(item: Item, outcome: str, price_cents: int | None = None,
           barrier: str | None = None, stream: str | None = None,
           minutes: int | None = None) -> Change:
    """Repareren: fixed, repairable (waiting for a part), or end of life."""
    if outcome not in REPAIR_OUTCOMES:
        raise InvalidInput(f"onbekende uitkomst '{outcome}'", "invalid_outcome",
                           en=f"unknown outcome '{outcome}'")
    if item.state != State.IN_REPAIR:
        raise _refuse(item, "Repareren", "Repairing")
    check_barrier(outcome, barrier)
    data: dict[str, Any] = {"outcome": outcome}
    if outcome == "fixed":
        data["price_cents"] = _need_price(price_cents, outcome)
    elif outcome == "end_of_life":
        data["stream"] = _need_stream(stream)
        if barrier:
            data["barrier"] = barrier
    if minutes is not None:
        data["minutes"] = minutes
    return Change("repaired", data)


def check_barrier(outcome: str, barrier: str | None) -> None:
    """An ORDS barrier, and only with end of life (bench repairs and own-use repairs alike)."""
    if barrier is not None and barrier not in BARRIERS:
        raise InvalidInput(f"onbekende reparatiebarrière '{barrier}'", "invalid_barrier",
                           en=f"unknown repair barrier '{barrier}'")
    if barrier is not None and outcome != "end_of_life":
        raise InvalidInput("een barrière hoort alleen bij 'niet te repareren'", "invalid_barrier",
                           en="a barrier only goes with 'End of life'")


def reprice(item: Item, price_cents: int) -> Change:
    """A new price for an item on the shelf."""
    if item.state != State.READY_FOR_SALE:
        raise _refuse(item, "Prijs wijzigen", "Changing the price")
    return Change("priced", {"price_cents": price_cents})


def sell(item: Item, sale_id: str, paid_cents: int | None = None) -> Change:
    """The item leaves through the till, at its price or at the price an offline till showed
    (the money was taken; the listed price is kept beside it)."""
    if item.state != State.READY_FOR_SALE:
        raise _refuse(item, "Verkopen", "Selling")
    data: dict[str, Any] = {"sale_id": sale_id, "price_cents": item.price_cents}
    if paid_cents is not None and paid_cents != item.price_cents:
        data |= {"price_cents": paid_cents, "listed_price_cents": item.price_cents}
    return Change("sold", data)


def refund(item: Item, sale_id: str, refund_id: str, price_cents: int | None, faulty: bool,
           sold_at: datetime, sold_site: str) -> Change:
    """Terugbetaling: a customer brings a purchase back for their money. Same life: back on the
    shelf, or to the bench when it is faulty; the sale it reverses is named."""
    if item.state != State.SOLD:
        raise _refuse(item, "Terugbetalen", "Refunding")
    return Change("refunded", {"sale_id": sale_id, "refund_id": refund_id,
                               "price_cents": price_cents, "faulty": faulty,
                               "sold_at": sold_at.isoformat(), "sold_site": sold_site})


def return_item(item: Item) -> Change:
    """A sold item comes back and starts a new life."""
    if item.state != State.SOLD:
        raise _refuse(item, "Retour", "Returning")
    return Change("returned", {"cycle": item.cycle + 1})


def correct(item: Item, weight_g: int | None, category: str | None, reason: str,
            weighing_id: str | None = None, old_weighing_id: str | None = None) -> Change:
    """Correctie: the intake's weight or category was wrong. The figures then become what
    they would have been had the intake been right (tracker/domain/figures.py)."""
    new_weight = item.weight_g if weight_g is None else weight_g
    new_category = item.category if category is None else category
    if (new_weight, new_category) == (item.weight_g, item.category):
        raise InvalidInput("er verandert niets: geef een ander gewicht of een andere categorie",
                           "nothing_to_correct",
                           en="nothing changes: give another weight or another category")
    if not reason.strip():
        raise InvalidInput("zeg waarom (reason): dat blijft bij het item bewaard",
                           "reason_required", en="say why (reason): it is kept with the item")
    data: dict[str, Any] = {"old_weight_g": item.weight_g, "weight_g": new_weight,
                            "old_category": item.category, "category": new_category,
                            "reason": reason.strip()}
    if old_weighing_id:  # the scale's weighing stays as evidence of what was booked
        data["old_weighing_id"] = old_weighing_id
    if weighing_id:
        data["weighing_id"] = weighing_id
    return Change("corrected", data)


def upcycle_input(item: Item, into: str) -> Change:
    """The item is used as material for a new one."""
    if item.state not in UPCYCLABLE:
        raise _refuse(item, "Upcyclen", "Upcycling")
    return Change("upcycled", {"into": into})


def apply(item: Item | None, event: Event) -> Item:
    """The item after `event` (events are facts: no checks here)."""
    d = event.data
    if event.type in ("collected", "made"):
        made = event.type == "made"
        return Item(
            code=event.stream,
            state=State.READY_FOR_SALE if made and "price_cents" in d else State.COLLECTED,
            category=d["category"], weight_g=d["weight_g"], cycle=1, site=event.site,
            created_at=event.at, updated_at=event.at, version=event.seq,
            price_cents=d.get("price_cents"), description=d.get("description"),
            ords_category_id=d.get("ords_category_id"), serial_number=d.get("serial_number"),
            inputs=tuple(d.get("inputs", ())), cycle_started_at=event.at,
        )
    if item is None:
        raise ValueError(f"event {event.type} before the item exists")
    t = event.type
    if t == "corrected":  # put right from wherever the coordinator sits: the item stays put
        return replace(item, weight_g=d["weight_g"], category=d["category"],
                       updated_at=event.at, version=event.seq)
    item = replace(item, site=event.site, updated_at=event.at, version=event.seq)
    if t == "inspected" or t == "repaired":
        outcome = d["outcome"]
        if outcome in ("sellable", "fixed"):
            return replace(item, state=State.READY_FOR_SALE, price_cents=d["price_cents"])
        if outcome in ("needs_repair", "repairable"):
            return replace(item, state=State.IN_REPAIR)
        return replace(item, state=STREAMS[d["stream"]])
    if t == "priced":
        return replace(item, price_cents=d["price_cents"])
    if t == "sold":
        return replace(item, state=State.SOLD)
    if t == "refunded":
        return replace(item, state=State.IN_REPAIR if d["faulty"] else State.READY_FOR_SALE)
    if t == "returned":
        return replace(item, state=State.COLLECTED, cycle=d["cycle"], price_cents=None,
                       cycle_started_at=event.at)
    if t == "upcycled":
        return replace(item, state=State.UPCYCLED)
    raise ValueError(f"unknown item event type {t!r}")


CREATED = ("collected", "made")  # the events that make an item, with its weight and category


def as_if_right(events: Iterable[Event], weight_g: int, category: str) -> list[Event]:
    """An item's events as if its intake had been right: the creation with this weight and
    category, and no corrections (what the figures of a corrected item follow)."""
    out = []
    for e in events:
        if e.type in CREATED:
            e = replace(e, data={**e.data, "weight_g": weight_g, "category": category})
        if e.type != "corrected":
            out.append(e)
    return out


def final_corrections(events: Iterable[Event]) -> dict[str, tuple[int, str]]:
    """Each corrected item's last corrected weight and category."""
    return {e.stream: (e.data["weight_g"], e.data["category"])
            for e in events if e.type == "corrected"}


def counted(event: Event, corrections: Mapping[str, tuple[int, str]]) -> Event | None:
    """The event as the figures count it: a corrected item's creation with its corrected
    weight and category, and its corrections themselves not at all (as `as_if_right`)."""
    if event.type == "corrected":
        return None
    fix = corrections.get(event.stream)
    if fix is not None and event.type in CREATED:
        return replace(event, data={**event.data, "weight_g": fix[0], "category": fix[1]})
    return event


def replay(events: Iterable[Event]) -> Item | None:
    """Fold an item's events, oldest first, into its current state."""
    item: Item | None = None
    for event in events:
        item = apply(item, event)
    return item
