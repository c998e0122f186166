"""The item use cases against the in-memory repository, with a fake clock and id source: what
a volunteer at the desk, the bench or the till would notice, and that a unit of work writes
nothing before its commit and nothing at all when a rule refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

import pytest

from tracker.domain import codes, figures
from tracker.domain import events as ev
from tracker.domain.errors import Forbidden, InvalidInput, NotAllowed
from tracker.domain.events import Line
from tracker.domain.items import State
from tracker.services import intake, prepare, sales
from tracker.services.context import Actor, Tx
from tracker.store.memory import MemoryRepository
from tracker.store.repository import ConcurrentChange

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Zwolle
STATIONS = {"intake": Actor("balie", "intake", "winkel"),
            "repair": Actor("bank", "repair", "winkel"),
            "till": Actor("kassa", "till", "winkel"),
            "other site": Actor("balie-2", "intake", "werkplaats"),
            "admin": Actor("beheer", "admin", "kantoor")}


class Centre:
    """One centre in memory: its repository, a clock that moves a minute per command, and
    ids that count up."""

    def __init__(self) -> None:
        self.repo = MemoryRepository()
        self.now = T0
        self._bits = count(1)
        self._ids = count(1)

    def tx(self, station: str) -> Tx:
        self.now += timedelta(minutes=1)
        return Tx(self.repo, STATIONS[station], self.now, randbits=lambda _: next(self._bits),
                  new_id=lambda: f"id{next(self._ids)}")

    def do(self, station: str, use_case: Callable[[Tx], Any]) -> Any:
        """Run one command as its entry point does: decide, then commit."""
        tx = self.tx(station)
        done = use_case(tx)
        tx.commit()
        return done

    def later(self, delta: timedelta) -> None:
        self.now += delta

    def written(self) -> tuple[object, ...]:
        """Everything stored, to compare before and after a refusal."""
        return (dict(self.repo.items), {s: list(e) for s, e in self.repo.streams.items()},
                list(self.repo.figures))

    def types(self, stream: str) -> list[str]:
        return [e.type for e in self.repo.events_of(stream)]

    def collect(self, weight_g: int = 1200) -> str:
        code: str = self.do("intake", lambda tx: intake.collect(tx, "kleingoed", weight_g)).code
        return code

    def on_shelf(self, price_cents: int = 500) -> str:
        code = self.collect()
        self.do("repair", lambda tx: prepare.inspect(tx, code, "sellable", price_cents))
        return code


@pytest.fixture
def centre() -> Centre:
    return Centre()


def test_an_intake_with_a_hand_weight_is_written_only_on_commit(centre):
    tx = centre.tx("intake")
    item = intake.collect(tx, "kleingoed", 1200, description="lamp")
    assert (item.state, item.weight_g, item.site) == (State.COLLECTED, 1200, "winkel")
    assert codes.parse(codes.display(item.code)) == item.code  # a code a scanner reads back
    assert centre.written() == ({}, {}, [])  # decided, not yet written
    tx.commit()
    assert centre.repo.get_item(item.code) == item
    assert centre.types(item.code) == ["collected"]
    assert figures.Delta(figures.INFLOW, "winkel", T0.date(), "kleingoed", 1, 1200) in (
        centre.repo.figures)


def test_a_unit_of_work_that_is_not_committed_leaves_no_trace(centre):
    code = centre.collect()
    before = centre.written()
    tx = centre.tx("repair")
    prepare.inspect(tx, code, "needs_repair")
    assert tx.load(code).state == State.IN_REPAIR  # the unit sees its own change
    assert centre.written() == before


def test_the_bench_inspects_repairs_and_prices(centre):
    code = centre.collect()
    centre.do("repair", lambda tx: prepare.inspect(tx, code, "needs_repair"))
    assert centre.repo.get_item(code).state == State.IN_REPAIR
    fixed = centre.do("repair", lambda tx: prepare.repair(tx, code, "fixed", 900, minutes=25))
    assert (fixed.state, fixed.price_cents) == (State.READY_FOR_SALE, 900)
    marked_down = centre.do("repair", lambda tx: prepare.price(tx, code, 650))
    assert centre.repo.get_item(code) == marked_down
    assert marked_down.price_cents == 650
    assert centre.types(code) == ["collected", "inspected", "repaired", "priced"]


def test_upcycled_items_become_material_of_a_new_one(centre):
    first, second = centre.collect(700), centre.on_shelf()
    new = centre.do("repair", lambda tx: prepare.upcycle(tx, [first, second], "meubilair",
                                                         price_cents=4500))
    assert (new.state, new.weight_g, new.inputs) == (State.READY_FOR_SALE, 1900,
                                                     (first, second))
    assert {centre.repo.get_item(c).state for c in (first, second)} == {State.UPCYCLED}
    assert centre.types(new.code) == ["made"]


def test_an_upcycle_of_a_sold_item_changes_nothing(centre):
    here, sold = centre.collect(), centre.on_shelf()
    centre.do("till", lambda tx: sales.sell(tx, [sold], [], "pin"))
    before = centre.written()
    with pytest.raises(NotAllowed) as refused:
        centre.do("repair", lambda tx: prepare.upcycle(tx, [here, sold], "meubilair"))
    assert refused.value.items == [{"code": codes.display(sold), "state": "sold"}]
    assert centre.written() == before


def test_the_till_sells_items_and_goods_by_weight_together(centre):
    lamp, chair = centre.on_shelf(500), centre.on_shelf(1250)
    sale = centre.do("till", lambda tx: sales.sell(
        tx, [lamp, chair], [Line("textiel", 2000, 300)], "cash"))
    assert sale.total_cents == 2050
    assert {centre.repo.get_item(c).state for c in (lamp, chair)} == {State.SOLD}
    [stored] = centre.repo.events_of(f"sale:{sale.sale_id}")
    assert isinstance(stored.fact, ev.Sale)
    assert [i.code for i in stored.fact.items] == [lamp, chair]
    assert stored.fact.total_cents == 2050


def test_a_sale_with_one_item_not_ready_sells_nothing(centre):
    ready, waiting = centre.on_shelf(), centre.collect()
    before = centre.written()
    with pytest.raises(NotAllowed) as refused:
        centre.do("till", lambda tx: sales.sell(tx, [ready, waiting], [], "pin"))
    assert refused.value.code == "not_ready_for_sale"
    assert [i["code"] for i in refused.value.items] == [codes.display(waiting)]
    assert centre.written() == before
    assert centre.repo.get_item(ready).state == State.READY_FOR_SALE


def test_a_faulty_refund_sends_the_item_to_the_bench_once(centre):
    lamp, chair = centre.on_shelf(500), centre.on_shelf(1250)
    sale = centre.do("till", lambda tx: sales.sell(tx, [lamp, chair], [], "pin"))
    done = centre.do("till", lambda tx: sales.refund(tx, sale.sale_id, [chair], None, "cash",
                                                     faulty=True, reason="wiebelt"))
    assert done["amount_cents"] == 1250
    assert centre.repo.get_item(chair).state == State.IN_REPAIR
    assert centre.repo.get_item(lamp).state == State.SOLD
    assert centre.types(f"sale:{sale.sale_id}") == ["sale", "refund"]
    before = centre.written()
    with pytest.raises(NotAllowed, match="al terugbetaald"):
        centre.do("till", lambda tx: sales.refund(tx, sale.sale_id, [chair], None, "pin"))
    assert centre.written() == before


def test_a_returned_item_starts_a_new_life(centre):
    code = centre.on_shelf()
    centre.do("till", lambda tx: sales.sell(tx, [code], [], "pin"))
    back = centre.do("intake", lambda tx: intake.return_item(tx, code))
    assert (back.state, back.cycle, back.price_cents) == (State.COLLECTED, 2, None)
    assert centre.types(code)[-1] == "returned"


def test_the_intake_desk_corrects_its_own_intake_the_same_day(centre):
    code = centre.collect(12_000)
    fixed = centre.do("intake", lambda tx: intake.correct(tx, code, "typo", weight_g=1200))
    assert (fixed.weight_g, centre.repo.get_item(code).weight_g) == (1200, 1200)
    assert centre.types(code) == ["collected", "corrected"]
    # the inflow counts what it would have been had the intake been right
    inflow = sum(d.grams for d in centre.repo.figures if d.figure == figures.INFLOW)
    assert inflow == 1200


@pytest.mark.parametrize(("station", "after", "code"), [
    ("other site", timedelta(hours=1), "correction_not_allowed"),
    ("intake", timedelta(hours=25), "correction_too_late"),
])
def test_a_correction_the_desk_may_not_make_changes_nothing(centre, station, after, code):
    item = centre.collect(12_000)
    centre.later(after)
    before = centre.written()
    with pytest.raises(Forbidden) as refused:
        centre.do(station, lambda tx: intake.correct(tx, item, "typo", weight_g=1200))
    assert refused.value.code == code
    assert centre.written() == before
    fixed = centre.do("admin", lambda tx: intake.correct(tx, item, "typo", weight_g=1200))
    assert fixed.weight_g == 1200


def test_bad_input_is_refused_before_anything_is_decided(centre):
    with pytest.raises(InvalidInput) as refused:
        centre.do("intake", lambda tx: intake.collect(tx, "kleingoed"))
    assert refused.value.code == "weight_required"
    assert centre.written() == ({}, {}, [])


def test_two_units_changing_one_item_keep_only_the_first(centre):
    code = centre.on_shelf()
    first, second = centre.tx("till"), centre.tx("repair")
    sales.sell(first, [code], [], "pin")
    prepare.price(second, code, 200)
    first.commit()
    before = centre.written()
    with pytest.raises(ConcurrentChange):
        second.commit()
    assert centre.written() == before
    assert centre.repo.get_item(code).state == State.SOLD
