"""Which partner takes which stream, and which items may leave in a batch (CONTRACT §10)."""

from __future__ import annotations

import pytest

from tests.unit.tracker.test_items import item_in
from tracker.domain import outflows
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.domain.items import State
from tracker.domain.outflows import Partner

# CONTRACT §10, written out
TAKES = {
    "textile_sorter": {"reuse", "recycle"}, "waste_processor": {"residual", "recycle"},
    "recycler": {"recycle"}, "scrap_metal": {"recycle"}, "reuse_partner": {"reuse"},
    "school": {"reuse"}, "maker": {"reuse"}, "other_centre": {"reuse"},
}


@pytest.mark.parametrize("kind", sorted(TAKES))
@pytest.mark.parametrize("stream", outflows.OUTFLOW_STREAMS)
def test_each_kind_of_partner_takes_exactly_its_streams(kind, stream):
    partner = Partner("p", "P", kind, site="winkel-2" if kind == "other_centre" else None)
    if stream in TAKES[kind]:
        outflows.check_stream(partner, stream, "milieustraat-1")
    else:
        with pytest.raises(InvalidInput) as refused:
            outflows.check_stream(partner, stream, "milieustraat-1")
        assert refused.value.code == "stream_not_for_partner" and refused.value.detail_en


def test_another_centre_names_its_site_and_no_other_partner_does():
    with pytest.raises(InvalidInput, match="locatie"):
        outflows.check_partner("other_centre", None)
    with pytest.raises(InvalidInput, match="alleen"):
        outflows.check_partner("school", "winkel-2")
    with pytest.raises(InvalidInput):
        outflows.check_partner("bakery", None)
    with pytest.raises(InvalidInput) as same:
        outflows.check_stream(Partner("w", "W", "other_centre", site="s"), "reuse", "s")
    assert same.value.code == "transfer_to_same_site"


# stream (or a transfer) -> the states an item may leave in
MAY_LEAVE = {
    "reuse": {State.COLLECTED, State.READY_FOR_SALE},
    "recycle": {State.RECYCLED},
    "residual": {State.DISPOSED},
    "transfer": {State.COLLECTED, State.IN_REPAIR, State.READY_FOR_SALE},
}


@pytest.mark.parametrize("how", sorted(MAY_LEAVE))
@pytest.mark.parametrize("state", [s for s in State if s != State.RETURNED_TO_OWNER])
def test_an_item_leaves_only_in_a_state_that_fits_the_stream(how, state):
    item = item_in(state)
    transfer = how == "transfer"
    stream = "reuse" if transfer else how
    if state in MAY_LEAVE[how]:
        outflows.check_items_may_leave([item], stream, transfer)
        partner = Partner("p", "P", "other_centre" if transfer else "school",
                          site="winkel-2" if transfer else None)
        change = outflows.leave(item, "o1", partner, transfer)
        expected = {"transfer": "transferred", "reuse": "given_away"}.get(how)
        assert (change.TYPE if change else None) == expected
    else:
        with pytest.raises(NotAllowed) as refused:
            outflows.check_items_may_leave([item], stream, transfer)
        assert refused.value.code == "item_cannot_leave"
        assert refused.value.items[0]["state"] == state.value


def test_a_batch_lists_each_item_once():
    with pytest.raises(InvalidInput):
        outflows.check_item_list(["A", "B", "A"])
    with pytest.raises(InvalidInput):
        outflows.check_item_list([str(n) for n in range(outflows.MAX_BATCH_ITEMS + 1)])
