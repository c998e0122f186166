"""The item state machine (CONTRACT §1): commands check and decide; `apply` folds events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import assert_never

from tracker.domain import codes, words
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.domain.events import CREATED, Event


class State(StrEnum):
    COLLECTED = "collected"
    IN_REPAIR = "in_repair"
    READY_FOR_SALE = "ready_for_sale"
    SOLD = "sold"
    RECYCLED = "recycled"
    DISPOSED = "disposed"
    UPCYCLED = "upcycled"
    RETURNED_TO_OWNER = "returned_to_owner"
    GIVEN_AWAY = "given_away"


PHASE = {
    State.COLLECTED: "collect",
    State.IN_REPAIR: "prepare",
    State.READY_FOR_SALE: "prepare",
    State.SOLD: "sell",
    State.RECYCLED: "exit",
    State.DISPOSED: "exit",
    State.UPCYCLED: "exit",
    State.RETURNED_TO_OWNER: "exit",
    State.GIVEN_AWAY: "exit",
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
# Staat (CONTRACT §13): how good an item is, set when it is inspected or repaired.
CONDITIONS = ("as_new", "good", "fair", "for_parts")
UPCYCLABLE = (State.COLLECTED, State.IN_REPAIR, State.READY_FOR_SALE)
GIVABLE = (State.COLLECTED, State.READY_FOR_SALE)  # may leave for reuse without a sale
TRANSFERABLE = (State.COLLECTED, State.IN_REPAIR, State.READY_FOR_SALE)  # in stock


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
    # when it last moved into ready_for_sale (None: it is not for sale): a markdown rule
    # counts its days on the shelf from here (CONTRACT §11)
    ready_since: datetime | None = None
    condition: str | None = None  # CONDITIONS, from its last inspection or repair
    # held for a customer until then (a reservation lapses by itself), with the stations' note
    reserved_until: datetime | None = None
    reservation_note: str | None = None
    # when it last moved into ready_for_sale, kept after a sale: a refund takes the sale's
    # days on the shelf back out of the demand figures
    shelved_at: datetime | None = None

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


def collect(category: str, weight_g: int, description: str | None = None,
            ords_category_id: int | None = None, serial_number: str | None = None,
            weighing_id: str | None = None) -> ev.Collected:
    """Intake of a new labelled item."""
    return ev.Collected(category, weight_g, description, ords_category_id, serial_number,
                        weighing_id)


def make(category: str, weight_g: int, inputs: list[str], price_cents: int | None,
         description: str | None, weighing_id: str | None = None) -> ev.Made:
    """A new item made from upcycled inputs."""
    return ev.Made(category, weight_g, tuple(inputs), weighing_id or None, price_cents,
                   description or None)


def check_condition(condition: str | None) -> str | None:
    """A known condition (or none given)."""
    if condition is not None and condition not in CONDITIONS:
        raise InvalidInput(
            f"onbekende staat '{condition}' (kies uit: {', '.join(CONDITIONS)})",
            "invalid_condition",
            en=f"unknown condition '{condition}' (choose from: {', '.join(CONDITIONS)})")
    return condition


def inspect(item: Item, outcome: str, price_cents: int | None = None,
            stream: str | None = None, condition: str | None = None) -> ev.Inspected:
    """Keuren: sellable, needs repair, or unusable (with the item's condition, if given)."""
    check_condition(condition)
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
    if outcome == "sellable":
        return ev.Inspected(outcome, price_cents=_need_price(price_cents, outcome),
                            condition=condition)
    if outcome == "unusable":
        return ev.Inspected(outcome, stream=_need_stream(stream), condition=condition)
    return ev.Inspected(outcome, condition=condition)


def repair(item: Item, outcome: str, price_cents: int | None = None,
           barrier: str | None = None, stream: str | None = None,
           minutes: int | None = None, condition: str | None = None) -> ev.Repaired:
    """Repareren: fixed, repairable (waiting for a part), or end of life (with the item's
    condition, if given)."""
    check_condition(condition)
    if outcome not in REPAIR_OUTCOMES:
        raise InvalidInput(f"onbekende uitkomst '{outcome}'", "invalid_outcome",
                           en=f"unknown outcome '{outcome}'")
    if item.state != State.IN_REPAIR:
        raise _refuse(item, "Repareren", "Repairing")
    check_barrier(outcome, barrier)
    if outcome == "fixed":
        return ev.Repaired(outcome, price_cents=_need_price(price_cents, outcome),
                           minutes=minutes, condition=condition)
    if outcome == "end_of_life":
        return ev.Repaired(outcome, stream=_need_stream(stream), barrier=barrier or None,
                           minutes=minutes, condition=condition)
    return ev.Repaired(outcome, minutes=minutes, condition=condition)


def check_barrier(outcome: str, barrier: str | None) -> None:
    """An ORDS barrier, and only with end of life (bench repairs and own-use repairs alike)."""
    if barrier is not None and barrier not in BARRIERS:
        raise InvalidInput(f"onbekende reparatiebarrière '{barrier}'", "invalid_barrier",
                           en=f"unknown repair barrier '{barrier}'")
    if barrier is not None and outcome != "end_of_life":
        raise InvalidInput("een barrière hoort alleen bij 'niet te repareren'", "invalid_barrier",
                           en="a barrier only goes with 'End of life'")


def reprice(item: Item, price_cents: int) -> ev.Priced:
    """A new price for an item on the shelf."""
    if item.state != State.READY_FOR_SALE:
        raise _refuse(item, "Prijs wijzigen", "Changing the price")
    return ev.Priced(price_cents)


def sell(item: Item, sale_id: str, paid_cents: int | None = None) -> ev.Sold:
    """The item leaves through the till, at its price or at the price an offline till showed
    (the money was taken; the listed price is kept beside it)."""
    if item.state != State.READY_FOR_SALE:
        raise _refuse(item, "Verkopen", "Selling")
    if paid_cents is not None and paid_cents != item.price_cents:
        return ev.Sold(sale_id, paid_cents, listed_price_cents=item.price_cents)
    return ev.Sold(sale_id, item.price_cents)


def refund(item: Item, sale_id: str, refund_id: str, price_cents: int | None, faulty: bool,
           sold_at: datetime, sold_site: str) -> ev.Refunded:
    """Terugbetaling: a customer brings a purchase back for their money. Same life: back on the
    shelf, or to the bench when it is faulty; the sale it reverses is named."""
    if item.state != State.SOLD:
        raise _refuse(item, "Terugbetalen", "Refunding")
    return ev.Refunded(sale_id, refund_id, price_cents, faulty, sold_at, sold_site)


# How long a reservation may hold an item: a customer who phoned comes within a week.
MAX_RESERVATION_HOURS = 168
RESERVATION_NOTE_MAX = 200  # a name or a phone number and a word or two, for the stations


def reserve(item: Item, until: datetime, hours: float, note: str | None) -> ev.Reserved:
    """Reserveren: hold an item on the shelf for a customer for some hours."""
    if not 0 < hours <= MAX_RESERVATION_HOURS:
        raise InvalidInput(f"reserveer voor 1 tot {MAX_RESERVATION_HOURS} uur (hours)",
                           "invalid_hours",
                           en=f"reserve for 1 to {MAX_RESERVATION_HOURS} hours (hours)")
    if item.state != State.READY_FOR_SALE:
        raise NotAllowed(
            f"reserveren kan alleen wat in de winkel staat: dit item is "
            f"{words.state(item.state, 'nl')}", "not_on_the_shelf",
            en=f"only what is on the shelf can be reserved: this item is "
               f"{words.state(item.state, 'en')}")
    note = (note or "").strip()
    if len(note) > RESERVATION_NOTE_MAX:
        raise InvalidInput(f"de notitie mag hoogstens {RESERVATION_NOTE_MAX} tekens zijn",
                           "note_too_long",
                           en=f"the note may be at most {RESERVATION_NOTE_MAX} characters")
    return ev.Reserved(until, note or None)


def reserved(item: Item, now: datetime) -> bool:
    """Whether a reservation holds the item now (it lapses by itself)."""
    return item.reserved_until is not None and now < item.reserved_until


PHOTOGRAPHABLE = (State.COLLECTED, State.IN_REPAIR, State.READY_FOR_SALE)  # still in the shop


def check_photographable(item: Item) -> None:
    """A photo is for an item still in the centre (not sold, not gone)."""
    if item.state not in PHOTOGRAPHABLE:
        raise NotAllowed(
            f"een foto kan alleen bij een item dat nog in het centrum is: dit item is "
            f"{words.state(item.state, 'nl')}", "not_in_stock",
            en=f"a photo can only go with an item still in the centre: this item is "
               f"{words.state(item.state, 'en')}")


def return_item(item: Item) -> ev.Returned:
    """A sold item comes back and starts a new life."""
    if item.state != State.SOLD:
        raise _refuse(item, "Retour", "Returning")
    return ev.Returned(item.cycle + 1)


def correct(item: Item, weight_g: int | None, category: str | None, reason: str,
            weighing_id: str | None = None, old_weighing_id: str | None = None) -> ev.Corrected:
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
    # the scale's weighing stays as evidence of what was booked
    return ev.Corrected(item.weight_g, new_weight, item.category, new_category, reason.strip(),
                        old_weighing_id or None, weighing_id or None)


def check_upcycle(inputs: Sequence[str]) -> None:
    """Upcycling takes at least one item, each once."""
    if not inputs:
        raise InvalidInput("scan minstens één item om te upcyclen", "inputs_required",
                           en="scan at least one item to upcycle")
    if len(set(inputs)) != len(inputs):
        raise InvalidInput("een item staat dubbel in de lijst", "duplicate_item",
                           en="an item is in the list twice")


def check_all_upcyclable(items: Sequence[Item]) -> None:
    """Every input must be upcyclable (not sold or gone), or nothing is made: a 409 naming
    each that is not."""
    refused = [i for i in items if i.state not in UPCYCLABLE]
    if refused:
        raise NotAllowed(
            "deze items kunnen niet geüpcycled worden: "
            + ", ".join(f"{codes.display(i.code)} ({words.state(i.state, 'nl')})" for i in refused),
            "transition_not_allowed",
            [{"code": codes.display(i.code), "state": i.state.value} for i in refused],
            en="these items cannot be upcycled: "
            + ", ".join(f"{codes.display(i.code)} ({words.state(i.state, 'en')})" for i in refused),
        )


def upcycle_input(item: Item, into: str) -> ev.Upcycled:
    """The item is used as material for a new one."""
    if item.state not in UPCYCLABLE:
        raise _refuse(item, "Upcyclen", "Upcycling")
    return ev.Upcycled(into)


def give_away(item: Item, outflow_id: str, partner: str) -> ev.GivenAway:
    """Weggeven: the item leaves in a reuse batch (a school, a maker), no sale."""
    if item.state not in GIVABLE:
        raise _refuse(item, "Weggeven", "Giving away")
    return ev.GivenAway(outflow_id, partner)


def transfer(item: Item, outflow_id: str, partner: str, to_site: str) -> ev.Transferred:
    """Overbrengen: an item in stock moves to another site of the network, state kept."""
    if item.state not in TRANSFERABLE:
        raise _refuse(item, "Overbrengen", "Transferring")
    return ev.Transferred(outflow_id, partner, to_site)


def _created(event: Event, f: ev.Collected | ev.Made) -> Item:
    item = Item(code=event.stream, state=State.COLLECTED, category=f.category,
                weight_g=f.weight_g, cycle=1, site=event.site, created_at=event.at,
                updated_at=event.at, version=event.seq, description=f.description,
                cycle_started_at=event.at)
    if isinstance(f, ev.Made):  # on the shelf at once when it has a price
        state = State.COLLECTED if f.price_cents is None else State.READY_FOR_SALE
        return replace(item, state=state, price_cents=f.price_cents, inputs=f.inputs)
    return replace(item, ords_category_id=f.ords_category_id, serial_number=f.serial_number)


def outcome_state(f: ev.Inspected | ev.Repaired) -> State:
    """Where an inspection or repair leaves the item."""
    if f.outcome in ("sellable", "fixed"):
        return State.READY_FOR_SALE
    if f.outcome in ("needs_repair", "repairable"):
        return State.IN_REPAIR
    assert f.stream is not None
    return STREAMS[f.stream]


def apply(item: Item | None, event: Event) -> Item:
    """The item after `event` (events are facts: no checks here)."""
    after = _next(item, event)
    if after.state != State.READY_FOR_SALE:  # off the shelf: no markdown, no reservation
        if after.ready_since is None and after.reserved_until is None:
            return after
        return replace(after, ready_since=None, reserved_until=None, reservation_note=None)
    if item is None or item.state != State.READY_FOR_SALE:
        return replace(after, ready_since=event.at, shelved_at=event.at)
    return after


def _next(item: Item | None, event: Event) -> Item:
    f = event.fact
    if isinstance(f, CREATED):
        return _created(event, f)
    if item is None:
        raise ValueError(f"event {event.type} before the item exists")
    if isinstance(f, ev.Corrected):  # put right from wherever the coordinator sits
        return replace(item, weight_g=f.weight_g, category=f.category, updated_at=event.at,
                       version=event.seq)
    if isinstance(f, ev.Reserved):  # held from any till or bench: the item stays where it is
        return replace(item, reserved_until=f.until, reservation_note=f.note,
                       updated_at=event.at, version=event.seq)
    item = replace(item, site=event.site, updated_at=event.at, version=event.seq)
    match f:
        case ev.Inspected() | ev.Repaired():
            state = outcome_state(f)
            if f.condition is not None:
                item = replace(item, condition=f.condition)
            if state == State.READY_FOR_SALE:
                return replace(item, state=state, price_cents=f.price_cents)
            return replace(item, state=state)
        case ev.Priced(price_cents=price):
            return replace(item, price_cents=price)
        case ev.Sold():
            return replace(item, state=State.SOLD)
        case ev.Refunded(faulty=faulty):
            return replace(item, state=State.IN_REPAIR if faulty else State.READY_FOR_SALE)
        case ev.Returned(cycle=cycle):
            return replace(item, state=State.COLLECTED, cycle=cycle, price_cents=None,
                           cycle_started_at=event.at, condition=None)
        case ev.Upcycled():
            return replace(item, state=State.UPCYCLED)
        case ev.GivenAway():
            return replace(item, state=State.GIVEN_AWAY)
        case ev.Transferred(to_site=to_site):  # same state, now at the receiving site
            return replace(item, site=to_site)
        case (ev.Sale() | ev.Refund() | ev.BulkCollected() | ev.OwnUseRepair() | ev.Visit()
              | ev.Activity() | ev.Outflow() | ev.VoucherIssued() | ev.VoucherSpent()
              | ev.Wish() | ev.TillOpened() | ev.TillClosed()):
            raise ValueError(f"{event.type} is not an item event")
        case _:
            assert_never(f)


def as_if_right(events: Iterable[Event], weight_g: int, category: str) -> list[Event]:
    """An item's events as if its intake had been right: the creation with this weight and
    category, and no corrections (what the figures of a corrected item follow)."""
    out = []
    for e in events:
        if isinstance(e.fact, CREATED):
            e = replace(e, fact=replace(e.fact, weight_g=weight_g, category=category))
        if not isinstance(e.fact, ev.Corrected):
            out.append(e)
    return out


def final_corrections(events: Iterable[Event]) -> dict[str, tuple[int, str]]:
    """Each corrected item's last corrected weight and category."""
    return {e.stream: (e.fact.weight_g, e.fact.category)
            for e in events if isinstance(e.fact, ev.Corrected)}


def counted(event: Event, corrections: Mapping[str, tuple[int, str]]) -> Event | None:
    """The event as the figures count it: a corrected item's creation with its corrected
    weight and category, and its corrections themselves not at all (as `as_if_right`)."""
    if isinstance(event.fact, ev.Corrected):
        return None
    fix = corrections.get(event.stream)
    if fix is not None and isinstance(event.fact, CREATED):
        return replace(event, fact=replace(event.fact, weight_g=fix[0], category=fix[1]))
    return event


def replay(events: Iterable[Event]) -> Item | None:
    """Fold an item's events, oldest first, into its current state."""
    item: Item | None = None
    for event in events:
        item = apply(item, event)
    return item
