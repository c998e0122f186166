"""The event vocabulary: one class per stored type, a lossless stored form, and every fold
naming every type (so a new event type is a list of places to visit, not a hunt)."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import textwrap
from datetime import UTC, date, datetime
from typing import ClassVar, get_args

import pytest

from tracker.domain import events as ev
from tracker.domain import figures, items, story
from tracker.domain.day_totals import Amount, DayTotals, VatTotal

SAMPLES: list[ev.Fact] = [
    ev.Collected("elektrisch", 2350, "radio", 27, "SN-1", "scale:1:1"),
    ev.Collected("boeken", 700),
    ev.Made("textiel", 1200, ("A", "B"), None, 1200, "tas"),
    ev.Made("textiel", 1200, ()),
    ev.Inspected("sellable", price_cents=500),
    ev.Inspected("unusable", stream="recycle"),
    ev.Inspected("sellable", price_cents=900, condition="good"),
    ev.Repaired("fixed", price_cents=1500, minutes=30, condition="as_new"),
    ev.Reserved(datetime(2026, 3, 3, 17, 0, tzinfo=UTC), "mevrouw J., belt om 4 uur"),
    ev.Reserved(datetime(2026, 3, 3, 17, 0, tzinfo=UTC)),
    ev.Wish("fietsen", "kinderfiets 20 inch"),
    ev.Repaired("end_of_life", stream="residual", barrier="Item too worn out", minutes=5),
    ev.Priced(300),
    ev.Sold("s1", 2000, listed_price_cents=1750),
    ev.Sold("s2", None),
    ev.Refunded("s1", "r1", 2000, True, datetime(2026, 3, 2, 9, 30, tzinfo=UTC), "winkel"),
    ev.Returned(2),
    ev.Corrected(1000, 1200, "boeken", "textiel", "tikfout", "w:1", "w:2"),
    ev.Upcycled("NEWCODE00"),
    ev.Sale((ev.SoldItem("A", "boeken", 700, 150),), (ev.Line("boeken", 2000, 300),), "pin",
            450, (ev.PriceDifference("A", 150, 120),)),
    ev.Refund("r1", (ev.SoldItem("A", "boeken", 700, None),),
              (ev.RefundedLine(0, "boeken", 2000, 300),), 300, "cash", False, "kapot"),
    ev.BulkCollected("textiel", 4200, "w:3"),
    ev.OwnUseRepair("elektrisch", "fixed", "returned_to_owner", 12, None, "Senseo", "lekt",
                    {"id": "rc-1"}, "cafe-1"),
    ev.Visit(),
    ev.GivenAway("o1", "school"),
    ev.Transferred("o2", "winkel", "winkel-2"),
    ev.Outflow("afval", "waste_processor", "residual", 12_480_500, ticket="WB-1"),
    ev.Outflow("school", "school", "reuse", 5500, ("A", "B"), "meubilair", "w:4", None, "stoelen"),
    ev.Outflow("winkel", "other_centre", "reuse", 4200, ("C",), to_site="winkel-2"),
    ev.Activity("workshop", date(2026, 3, 2), 8, 1, ("anna",), 2, ("l-1", "l-2")),
    ev.Sale((ev.SoldItem("A", "boeken", 700, 150),), (), "split", 150, payments=(
        ev.Payment("voucher", 100, "E095XB5N0GF9N"), ev.Payment("cash", 50))),
    ev.Refund("r2", (), (ev.RefundedLine(0, "boeken", 2000, 300),), 300, "voucher", False,
              voucher="E095XB5N0GF9N"),
    ev.VoucherIssued(1550, "refund", "s1", "r2"),
    ev.VoucherIssued(2000, "cadeaubon", payment="cash"),
    ev.VoucherSpent("s3", 1250),
    ev.Sale((), (ev.Line("boeken", 2000, 300),), "cash", 300, till_day=3),
    ev.TillOpened(3, 10_000),
    ev.TillClosed(3, 10_295, 10_300, DayTotals(
        1, 300, 0, 0, (Amount("stadspas", 50),), (VatTotal(2100, 248, 52),),
        (Amount("cash", 300),), (), 0)),
]


def test_the_registry_knows_every_fact_class_by_its_own_name():
    classes = get_args(ev.ItemFact) + get_args(ev.StreamFact)
    assert len({c.TYPE for c in classes}) == len(classes)
    assert ev.REGISTRY.classes == {c.TYPE: c for c in classes}
    assert {type(s) for s in SAMPLES} == set(classes)  # the samples cover every type


@pytest.mark.parametrize("fact", SAMPLES, ids=lambda f: type(f).__name__)
def test_every_fact_survives_its_stored_form(fact):
    import json

    stored = json.loads(json.dumps(ev.to_data(fact)))  # as the database gives it back
    assert ev.REGISTRY.read(fact.TYPE, stored) == fact


def test_empty_optional_parts_are_not_stored():
    assert ev.to_data(ev.Collected("boeken", 700)) == {"category": "boeken", "weight_g": 700}
    assert ev.to_data(ev.Sold("s2", None)) == {"sale_id": "s2", "price_cents": None}
    assert "price_differences" not in ev.to_data(ev.Sale((), (), "cash", 0))
    assert ev.to_data(ev.Activity("tour", date(2026, 3, 2), 0))["leaders"] == []


@pytest.mark.parametrize(("type_", "data", "says"), [
    ("colected", {"category": "boeken", "weight_g": 700}, "unknown event type"),
    ("collected", {"category": "boeken"}, "missing field 'weight_g'"),
    ("collected", {"category": "boeken", "weight_g": 700, "colour": "red"}, "unknown field"),
    ("collected", {"category": "boeken", "weight_g": "700"}, "weight_g"),
    ("priced", {"price_cents": True}, "price_cents"),
    ("sale", {"items": [{"code": "A"}], "lines": [], "payment": "pin", "total_cents": 0},
     "missing field 'category'"),
    ("refunded", {"sale_id": "s", "refund_id": "r", "price_cents": 1, "faulty": False,
                  "sold_at": "yesterday", "sold_site": "w"}, "sold_at"),
])
def test_a_stored_event_that_is_not_what_its_type_says_is_refused_by_name(type_, data, says):
    with pytest.raises(ev.StoredEventError, match=says):
        ev.REGISTRY.read(type_, data)


def test_an_older_shape_is_brought_up_to_date_by_its_upcaster():
    @dataclasses.dataclass(frozen=True)
    class Weighed:  # version 2 keeps grams where version 1 kept kilograms
        TYPE: ClassVar[str] = "weighed"
        VERSION: ClassVar[int] = 2
        grams: int

    registry = ev.Registry([Weighed], {("weighed", 1): lambda d: {"grams": d["kg"] * 1000}})
    assert registry.read("weighed", {"kg": 3}) == Weighed(3000)
    assert ev.to_data(Weighed(5)) == {"grams": 5, "v": 2}
    assert registry.read("weighed", ev.to_data(Weighed(5))) == Weighed(5)


def _named_in_cases(fn) -> set[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    return {node.cls.attr for node in ast.walk(tree)
            if isinstance(node, ast.MatchClass) and isinstance(node.cls, ast.Attribute)}


@pytest.mark.parametrize("fold", [items._next, figures.item_deltas, figures.stream_deltas,
                                  story._moment], ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_fold_names_every_event_type(fold):
    """With `assert_never` at the end, mypy fails a fold that forgets a type; this says which
    fold, even without mypy. (items._next takes the creations before its match.)"""
    named = _named_in_cases(fold) | ({"Collected", "Made", "Corrected", "Reserved"}
                                     if fold is items._next else set())
    every = {c.__name__ for c in ev.REGISTRY.classes.values()}
    assert every - named == set(), f"{fold.__name__} does not say what to do with these"
