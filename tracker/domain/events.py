"""The event vocabulary: one frozen class per event type, one registry from stored name to class.

An event is an envelope (stream, seq, when, where, who) around a *fact*. Facts are stored as
JSON objects under their type name; `REGISTRY.read` turns a stored row back into its class
and `to_data` gives the stored form. Fields marked `OPTIONAL` are left out when empty, so the
stored form is what earlier versions wrote. A fact whose shape changes gets a higher
`VERSION` (stored as `"v"`) and an upcaster from the older shape in the registry.

Readers fold facts with `match`, ending in `assert_never`: mypy then names every reader that
misses a new type.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from types import NoneType, UnionType
from typing import Any, ClassVar, TypeAlias, Union, get_args, get_origin, get_type_hints

from tracker.domain.activities import Activity as Activity
from tracker.domain.day_totals import DayTotals

OPTIONAL = {"optional": True}  # left out of the stored form when None or empty


def optional(default: Any = None) -> Any:
    """A field that is stored only when it holds something."""
    return field(default=default, metadata=OPTIONAL)


# --- item events (stream: the item's code) --------------------------------------------------

@dataclass(frozen=True)
class Collected:
    """Inzamelen: a new item weighed and labelled."""

    TYPE: ClassVar[str] = "collected"
    VERSION: ClassVar[int] = 1
    category: str
    weight_g: int
    description: str | None = optional()
    ords_category_id: int | None = optional()
    serial_number: str | None = optional()
    weighing_id: str | None = optional()


@dataclass(frozen=True)
class Made:
    """A new item made from upcycled inputs (on the shelf at once when it has a price)."""

    TYPE: ClassVar[str] = "made"
    VERSION: ClassVar[int] = 1
    category: str
    weight_g: int
    inputs: tuple[str, ...]
    weighing_id: str | None = optional()
    price_cents: int | None = optional()
    description: str | None = optional()


@dataclass(frozen=True)
class Inspected:
    """Keuren: sellable (with a price), needs repair, or unusable (with a stream)."""

    TYPE: ClassVar[str] = "inspected"
    VERSION: ClassVar[int] = 1
    outcome: str
    price_cents: int | None = optional()
    stream: str | None = optional()
    condition: str | None = optional()  # as_new | good | fair | for_parts (CONTRACT §13)


@dataclass(frozen=True)
class Repaired:
    """Repareren: fixed (with a price), repairable, or end of life (with a stream)."""

    TYPE: ClassVar[str] = "repaired"
    VERSION: ClassVar[int] = 1
    outcome: str
    price_cents: int | None = optional()
    stream: str | None = optional()
    barrier: str | None = optional()
    minutes: int | None = optional()
    condition: str | None = optional()  # as_new | good | fair | for_parts (CONTRACT §13)


@dataclass(frozen=True)
class Priced:
    """A new price for an item on the shelf."""

    TYPE: ClassVar[str] = "priced"
    VERSION: ClassVar[int] = 1
    price_cents: int


@dataclass(frozen=True)
class Sold:
    """Sold at the till; an offline till's price is kept beside the listed one."""

    TYPE: ClassVar[str] = "sold"
    VERSION: ClassVar[int] = 1
    sale_id: str
    price_cents: int | None
    listed_price_cents: int | None = optional()


@dataclass(frozen=True)
class Refunded:
    """Terugbetaald: the sale it reverses is named; back on the shelf, or to the bench."""

    TYPE: ClassVar[str] = "refunded"
    VERSION: ClassVar[int] = 1
    sale_id: str
    refund_id: str
    price_cents: int | None
    faulty: bool
    sold_at: datetime
    sold_site: str


@dataclass(frozen=True)
class Returned:
    """Retour: a sold item comes back and starts its next life."""

    TYPE: ClassVar[str] = "returned"
    VERSION: ClassVar[int] = 1
    cycle: int


@dataclass(frozen=True)
class Corrected:
    """Correctie: the intake's weight or category put right, with the reason."""

    TYPE: ClassVar[str] = "corrected"
    VERSION: ClassVar[int] = 1
    old_weight_g: int
    weight_g: int
    old_category: str
    category: str
    reason: str
    old_weighing_id: str | None = optional()
    weighing_id: str | None = optional()


@dataclass(frozen=True)
class Upcycled:
    """The item became material for a new one."""

    TYPE: ClassVar[str] = "upcycled"
    VERSION: ClassVar[int] = 1
    into: str


@dataclass(frozen=True)
class GivenAway:
    """Weggegeven: left in an outflow batch for reuse elsewhere (a school, a maker), no sale."""

    TYPE: ClassVar[str] = "given_away"
    VERSION: ClassVar[int] = 1
    outflow_id: str
    partner: str


@dataclass(frozen=True)
class Transferred:
    """Overgebracht: moved in an outflow batch to another site of the network, state kept."""

    TYPE: ClassVar[str] = "transferred"
    VERSION: ClassVar[int] = 1
    outflow_id: str
    partner: str
    to_site: str


@dataclass(frozen=True)
class Reserved:
    """Gereserveerd: held for a customer (who phoned) until `until`; it lapses by itself. The
    note is for the stations only, never shown on a public page."""

    TYPE: ClassVar[str] = "reserved"
    VERSION: ClassVar[int] = 1
    until: datetime
    note: str | None = optional()


# --- events on other streams ------------------------------------------------------------------

@dataclass(frozen=True)
class Discount:
    """Korting on one part of a receipt: its reason and cents (a receipt's discount is kept on
    the parts it was spread over)."""

    reason: str
    cents: int


@dataclass(frozen=True)
class Payment:
    """What one way of paying took (cash: after rounding, without the change)."""

    method: str
    cents: int
    voucher: str | None = optional()  # the tegoedbon's code, when paid with one


@dataclass(frozen=True)
class SoldItem:
    """A labelled item on a receipt (and in a refund of it). `price_cents` is what was paid,
    after discounts; `list_cents` the price before them, when there were any. `vat_bp`: the
    VAT rate in basis points (absent: the default rate, as in sales before VAT was kept)."""

    code: str
    category: str
    weight_g: int
    price_cents: int | None
    list_cents: int | None = optional()
    discounts: tuple[Discount, ...] = optional(())
    vat_bp: int | None = optional()


@dataclass(frozen=True)
class Line:
    """Unlabelled goods sold by weight (paid, list price, discounts and VAT as a SoldItem)."""

    category: str
    weight_g: int
    price_cents: int
    list_cents: int | None = optional()
    discounts: tuple[Discount, ...] = optional(())
    vat_bp: int | None = optional()


@dataclass(frozen=True)
class RefundedLine:
    """A line of a sale given back, by its place on the receipt."""

    index: int
    category: str
    weight_g: int
    price_cents: int
    discounts: tuple[Discount, ...] = optional(())
    vat_bp: int | None = optional()


@dataclass(frozen=True)
class PriceDifference:
    """An offline till sold at a price that was no longer the item's."""

    code: str
    shown_cents: int
    listed_cents: int | None


@dataclass(frozen=True)
class Sale:
    """Afrekenen (stream `sale:{id}`): what the receipt holds."""

    TYPE: ClassVar[str] = "sale"
    VERSION: ClassVar[int] = 1
    items: tuple[SoldItem, ...]
    lines: tuple[Line, ...]
    payment: str
    total_cents: int
    price_differences: tuple[PriceDifference, ...] = optional(())
    # split payments; absent in sales before them: all of total_cents by `payment`
    payments: tuple[Payment, ...] = optional(())
    rounding_cents: int | None = optional()  # cash rounding (afronding): outside revenue, VAT
    change_cents: int | None = optional()  # wisselgeld given back on cash
    till_day: int | None = optional()  # the day of its till it is booked into (TillOpened)


@dataclass(frozen=True)
class Refund:
    """Terugbetalen (on the sale's stream): what went back, and how the money did."""

    TYPE: ClassVar[str] = "refund"
    VERSION: ClassVar[int] = 1
    refund_id: str
    items: tuple[SoldItem, ...]
    lines: tuple[RefundedLine, ...]
    amount_cents: int
    method: str
    faulty: bool
    reason: str | None = optional()
    voucher: str | None = optional()  # method voucher: the code of the tegoedbon it issued
    till_day: int | None = optional()  # the day of its till it is booked into (TillOpened)


@dataclass(frozen=True)
class TillOpened:
    """De dag openen (stream `till:{station}`, seq 2n-1): day n of that till, with the float
    (wisselgeld) put in its drawer."""

    TYPE: ClassVar[str] = "till_opened"
    VERSION: ClassVar[int] = 1
    day: int
    float_cents: int


@dataclass(frozen=True)
class TillClosed:
    """De dag afsluiten (stream `till:{station}`, seq 2n): the cash counted, the cash expected
    and the day's figures as the Z-report showed them; final."""

    TYPE: ClassVar[str] = "till_closed"
    VERSION: ClassVar[int] = 1
    day: int
    counted_cents: int
    expected_cents: int
    totals: DayTotals


@dataclass(frozen=True)
class BulkCollected:
    """Unlabelled goods in by weight (stream `bulk:{id}`)."""

    TYPE: ClassVar[str] = "bulk_collected"
    VERSION: ClassVar[int] = 1
    category: str
    weight_g: int
    weighing_id: str | None = optional()


@dataclass(frozen=True)
class OwnUseRepair:
    """A resident's item repaired and taken home (stream `repair:{id}`); `ords` keeps an
    imported record's own fields."""

    TYPE: ClassVar[str] = "own_use_repair"
    VERSION: ClassVar[int] = 1
    category: str
    outcome: str
    state: str
    ords_category_id: int | None = optional()
    barrier: str | None = optional()
    brand: str | None = optional()
    problem: str | None = optional()
    ords: dict[str, str] | None = optional()
    activity_id: str | None = optional()


@dataclass(frozen=True)
class Visit:
    """Nieuwe bezoeker at the drop-off point (stream `visit:{id}`); where from: only the
    municipality (from a 4-digit postcode or named), never a postcode, address or name."""

    TYPE: ClassVar[str] = "visit"
    VERSION: ClassVar[int] = 1
    municipality: str | None = optional()


@dataclass(frozen=True)
class Wish:
    """Gevraagd maar niet in de winkel (stream `wish:{id}`): what a customer asked for at the
    till and the shop did not have; the text stays at the stations."""

    TYPE: ClassVar[str] = "wish"
    VERSION: ClassVar[int] = 1
    category: str
    text: str


@dataclass(frozen=True)
class Outflow:
    """Afvoeren (stream `outflow:{id}`): a weighed container, pallet or bag leaving the site to
    a partner in one stream; `items` are the labelled items inside its weight. `to_site`: a
    transfer to another site of the network (an `other_centre` partner). Without
    `weighing_id` the weight was typed by hand (maybe from a weighbridge `ticket`)."""

    TYPE: ClassVar[str] = "outflow"
    VERSION: ClassVar[int] = 1
    partner: str
    partner_kind: str
    stream: str
    weight_g: int
    items: tuple[str, ...] = optional(())
    category: str | None = optional()
    weighing_id: str | None = optional()
    ticket: str | None = optional()
    note: str | None = optional()
    to_site: str | None = optional()


@dataclass(frozen=True)
class VoucherIssued:
    """Tegoedbon uitgegeven (stream `voucher:{code}`): store credit, not revenue. From a refund
    (`sale_id`, `refund_id`), or issued at the till with a `reason` (and, for a gift voucher
    bought there, the `payment` that paid for it)."""

    TYPE: ClassVar[str] = "voucher_issued"
    VERSION: ClassVar[int] = 1
    cents: int
    reason: str
    sale_id: str | None = optional()
    refund_id: str | None = optional()
    payment: str | None = optional()


@dataclass(frozen=True)
class VoucherSpent:
    """Part or all of a tegoedbon's balance paid a sale (stream `voucher:{code}`)."""

    TYPE: ClassVar[str] = "voucher_spent"
    VERSION: ClassVar[int] = 1
    sale_id: str
    cents: int


ItemFact: TypeAlias = Union[Collected, Made, Inspected, Repaired, Priced, Sold, Refunded,  # noqa: UP007
                            Returned, Corrected, Upcycled, GivenAway, Transferred, Reserved]
StreamFact: TypeAlias = Union[Sale, Refund, BulkCollected, OwnUseRepair, Visit, Activity,  # noqa: UP007
                              Outflow, VoucherIssued, VoucherSpent, Wish, TillOpened,
                              TillClosed]
Fact: TypeAlias = ItemFact | StreamFact
ITEM_FACTS: tuple[type[ItemFact], ...] = get_args(ItemFact)
CREATED = (Collected, Made)  # the facts that make an item, with its weight and category


def is_item_event(fact: Fact) -> bool:
    """Whether the fact happens to an item (its stream is the item's code)."""
    return isinstance(fact, ITEM_FACTS)


@dataclass(frozen=True)
class Event:
    """One immutable fact about a stream (an item code, a sale, a bulk intake, a repair...),
    with when, where and by which station it happened."""

    stream: str
    seq: int
    at: datetime
    site: str
    station: str
    person: str | None
    fact: Fact

    @property
    def type(self) -> str:
        return self.fact.TYPE

    @property
    def data(self) -> dict[str, Any]:
        """The fact as stored."""
        return to_data(self.fact)


# --- the stored form --------------------------------------------------------------------------

class StoredEventError(ValueError):
    """A stored event that does not read as its type (an unknown type, a missing field)."""


def _key(f: dataclasses.Field[Any]) -> str:
    return str(f.metadata.get("key", f.name))


def to_data(fact: Any) -> dict[str, Any]:
    """The JSON object a fact is stored as."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(fact):
        value = getattr(fact, f.name)
        if f.metadata.get("optional") and value in (None, ()):
            continue
        out[_key(f)] = _plain(value)
    if getattr(fact, "VERSION", 1) > 1:
        out["v"] = fact.VERSION
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value):
        return to_data(value)
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    return value


Reader = Callable[[Any], Any]


def _reader(tp: Any) -> Reader:
    """How to read one stored value into the annotated type (checking what can go wrong)."""
    args = get_args(tp)
    if get_origin(tp) in (Union, UnionType) and NoneType in args:
        inner = _reader(next(a for a in args if a is not NoneType))
        return lambda v: None if v is None else inner(v)
    if get_origin(tp) is tuple:
        item = _reader(args[0])
        return lambda v: tuple(item(x) for x in _is(v, list))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda v: from_data(tp, _is(v, dict))
    if tp is datetime:
        return lambda v: datetime.fromisoformat(_is(v, str))
    if tp is date:
        return lambda v: date.fromisoformat(_is(v, str))
    if get_origin(tp) is dict:
        return lambda v: dict(_is(v, dict))
    return lambda v: _is(v, tp)


def _is(value: Any, tp: type) -> Any:
    if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
        raise StoredEventError(f"{value!r} is not a {tp.__name__}")
    return value


@cache
def _fields(cls: Any) -> tuple[tuple[str, str, Reader, bool], ...]:
    hints = get_type_hints(cls)
    return tuple((f.name, _key(f), _reader(hints[f.name]),
                  f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
                 for f in dataclasses.fields(cls))


def from_data(cls: Any, data: Mapping[str, Any]) -> Any:
    """A fact (or a part of one) from its stored form; unknown or missing fields are errors."""
    known = _fields(cls)
    unknown = set(data) - {key for _, key, _, _ in known}
    if unknown:
        raise StoredEventError(f"{cls.__name__}: unknown field(s) {sorted(unknown)}")
    values = {}
    for name, key, read, required in known:
        if key in data:
            try:
                values[name] = read(data[key])
            except (StoredEventError, ValueError, TypeError) as exc:
                raise StoredEventError(f"{cls.__name__}.{name}: {exc}") from None
        elif required:
            raise StoredEventError(f"{cls.__name__}: missing field {key!r}")
    return cls(**values)


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class Registry:
    """Stored type names to fact classes and back; upcasters bring older shapes up to date."""

    def __init__(self, classes: Iterable[type[Any]],
                 upcasters: Mapping[tuple[str, int], Upcaster] | None = None) -> None:
        self.classes = {cls.TYPE: cls for cls in classes}
        self.upcasters = dict(upcasters or {})

    def read(self, type_: str, data: Mapping[str, Any]) -> Any:
        """The fact a stored (type, data) pair holds."""
        cls = self.classes.get(type_)
        if cls is None:
            raise StoredEventError(f"unknown event type {type_!r}")
        shape = dict(data)
        version = shape.pop("v", 1)
        while version < cls.VERSION:
            shape = self.upcasters[type_, version](shape)
            version += 1
        return from_data(cls, shape)


REGISTRY = Registry(get_args(ItemFact) + get_args(StreamFact))
