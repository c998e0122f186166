"""The item state machine: exactly the transitions of CONTRACT §1, and events replay to state."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.support.items import ACTIONS
from tracker.domain import items
from tracker.domain.errors import DomainError, InvalidInput, NotAllowed
from tracker.domain.events import Event
from tracker.domain.items import State, apply, replay

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def event(item, change, seq=None):
    seq = seq or (item.version + 1 if item else 1)
    return Event("ABCDEFGH0", seq, T0 + timedelta(minutes=seq), "s", "st", None, change)


def item_in(state: State) -> items.Item:
    it = apply(None, event(None, items.collect("kleingoed", 1000)))
    path = {
        State.COLLECTED: [],
        State.IN_REPAIR: [lambda i: items.inspect(i, "needs_repair")],
        State.READY_FOR_SALE: [lambda i: items.inspect(i, "sellable", 500)],
        State.SOLD: [lambda i: items.inspect(i, "sellable", 500), lambda i: items.sell(i, "s1")],
        State.RECYCLED: [lambda i: items.inspect(i, "unusable", stream="recycle")],
        State.DISPOSED: [lambda i: items.inspect(i, "unusable", stream="residual")],
        State.UPCYCLED: [lambda i: items.upcycle_input(i, "X")],
        State.GIVEN_AWAY: [lambda i: items.give_away(i, "o1", "school")],
    }[state]
    for step in path:
        it = apply(it, event(it, step(it)))
    assert it.state == state
    return it


# CONTRACT §1, written out: (state, action) -> resulting state
ALLOWED = {
    (State.COLLECTED, "inspect sellable"): State.READY_FOR_SALE,
    (State.COLLECTED, "inspect needs_repair"): State.IN_REPAIR,
    (State.COLLECTED, "inspect unusable"): State.RECYCLED,
    (State.IN_REPAIR, "repair fixed"): State.READY_FOR_SALE,
    (State.IN_REPAIR, "repair repairable"): State.IN_REPAIR,
    (State.IN_REPAIR, "repair end_of_life"): State.DISPOSED,
    (State.READY_FOR_SALE, "price"): State.READY_FOR_SALE,
    (State.READY_FOR_SALE, "inspect needs_repair"): State.IN_REPAIR,
    (State.READY_FOR_SALE, "inspect unusable"): State.RECYCLED,
    (State.READY_FOR_SALE, "sell"): State.SOLD,
    (State.SOLD, "return"): State.COLLECTED,
    (State.COLLECTED, "upcycle"): State.UPCYCLED,
    (State.IN_REPAIR, "upcycle"): State.UPCYCLED,
    (State.READY_FOR_SALE, "upcycle"): State.UPCYCLED,
    (State.COLLECTED, "give away"): State.GIVEN_AWAY,
    (State.READY_FOR_SALE, "give away"): State.GIVEN_AWAY,
    (State.COLLECTED, "transfer"): State.COLLECTED,  # same state, at the receiving site
    (State.IN_REPAIR, "transfer"): State.IN_REPAIR,
    (State.READY_FOR_SALE, "transfer"): State.READY_FOR_SALE,
}
STATES = [s for s in State if s != State.RETURNED_TO_OWNER]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition_matrix(state, action):
    it = item_in(state)
    expected = ALLOWED.get((state, action))
    if expected is None:
        with pytest.raises(NotAllowed):
            ACTIONS[action](it)
    else:
        after = apply(it, event(it, ACTIONS[action](it)))
        assert after.state == expected


def test_return_starts_a_new_cycle_with_the_same_code():
    it = item_in(State.SOLD)
    after = apply(it, event(it, items.return_item(it)))
    assert (after.code, after.cycle, after.state, after.price_cents) == (
        it.code, 2, State.COLLECTED, None)


@pytest.mark.parametrize("call", [
    lambda i: items.inspect(i, "sellable"),  # no price
    lambda i: items.inspect(i, "unusable"),  # no stream
    lambda i: items.inspect(i, "broken"),
])
def test_missing_arguments_are_invalid_input(call):
    with pytest.raises(InvalidInput):
        call(item_in(State.COLLECTED))


def test_barrier_only_for_end_of_life_and_from_ords_list():
    it = item_in(State.IN_REPAIR)
    with pytest.raises(InvalidInput):
        items.repair(it, "fixed", 100, barrier="Item too worn out")
    with pytest.raises(InvalidInput):
        items.repair(it, "end_of_life", stream="recycle", barrier="Kapot")


class ItemLife(RuleBasedStateMachine):
    """Random valid and invalid actions: refused ones change nothing; state = replay(events)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Event] = []
        self.item = None
        self.seq = count(1)

    def _do(self, make):
        try:
            change = make(self.item) if self.item is not None else make(None)
        except DomainError:
            return
        e = Event("ABCDEFGH0", next(self.seq), T0, "s", "st", None, change)
        self.events.append(e)
        self.item = apply(self.item, e)

    @precondition(lambda self: self.item is None)
    @rule(weight=st.integers(1, 2_000_000))
    def collect(self, weight):
        self._do(lambda _: items.collect("textiel", weight))

    @precondition(lambda self: self.item is not None)
    @rule(outcome=st.sampled_from(["sellable", "needs_repair", "unusable", "nonsense"]),
          price=st.none() | st.integers(0, 10_000), stream=st.sampled_from([None, "recycle",
                                                                           "residual"]))
    def inspect(self, outcome, price, stream):
        self._do(lambda i: items.inspect(i, outcome, price, stream))

    @precondition(lambda self: self.item is not None)
    @rule(outcome=st.sampled_from(["fixed", "repairable", "end_of_life"]),
          price=st.none() | st.integers(0, 10_000),
          stream=st.sampled_from([None, "recycle", "residual"]),
          barrier=st.sampled_from([None, *items.BARRIERS]))
    def repair(self, outcome, price, stream, barrier):
        self._do(lambda i: items.repair(i, outcome, price, barrier, stream))

    @precondition(lambda self: self.item is not None)
    @rule(price=st.integers(0, 10_000))
    def price(self, price):
        self._do(lambda i: items.reprice(i, price))

    @precondition(lambda self: self.item is not None)
    @rule()
    def sell(self):
        self._do(lambda i: items.sell(i, "sale"))

    @precondition(lambda self: self.item is not None)
    @rule()
    def return_(self):
        self._do(items.return_item)

    @precondition(lambda self: self.item is not None)
    @rule()
    def upcycle(self):
        self._do(lambda i: items.upcycle_input(i, "NEW"))

    @invariant()
    def state_is_replay_of_events(self):
        assert replay(self.events) == self.item
        if self.item is not None:
            assert self.item.version == len(self.events)
            returns = sum(e.type == "returned" for e in self.events)
            assert self.item.cycle == 1 + returns
            if self.item.state == State.SOLD:
                assert self.events[-1].type == "sold"
            if self.item.state == State.READY_FOR_SALE:
                assert self.item.price_cents is not None


TestItemLife = ItemLife.TestCase


def test_ready_since_is_when_the_item_last_moved_onto_the_shelf():
    """Markdown rules count days on the shelf from here (CONTRACT §11): a new price or a move
    to another site keeps it; a sale and a refund put it back on the shelf anew."""
    it = item_in(State.COLLECTED)
    assert it.ready_since is None
    steps = [(lambda i: items.inspect(i, "sellable", 500), 2),
             (lambda i: items.reprice(i, 400), 2),
             (lambda i: items.transfer(i, "o1", "winkel", "s2"), 2),
             (lambda i: items.sell(i, "s1"), None),
             (lambda i: items.refund(i, "s1", "r1", 400, False, T0, "s2"), 6),
             (lambda i: items.inspect(i, "needs_repair"), None),
             (lambda i: items.repair(i, "fixed", 300), 8)]
    for step, ready_at_seq in steps:
        it = apply(it, event(it, step(it)))
        assert it.ready_since == (None if ready_at_seq is None
                                  else T0 + timedelta(minutes=ready_at_seq)), it.state
