"""The till's, the bench's and the intake desk's rules, decided in the domain without a
database: what a receipt must be, that all of a sale is ready for sale, what a refund may take
back, which items can be upcycled, and who may correct an intake until when."""

from datetime import UTC, datetime, timedelta

import pytest

from tracker.domain import events as ev
from tracker.domain import intake, items, sales
from tracker.domain.errors import Forbidden, InvalidInput, NotAllowed
from tracker.domain.events import Event, Line
from tracker.domain.items import Item, State

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def an_item(code: str, state: State, price_cents: int | None = 500) -> Item:
    return Item(code=code, state=state, category="kleingoed", weight_g=1200, cycle=1,
                site="winkel", created_at=T0, updated_at=T0, version=2, price_cents=price_cents)


def known(category: str) -> object:
    if category != "kleingoed":
        raise InvalidInput(f"onbekende categorie '{category}'", "unknown_category",
                           en=f"unknown category '{category}'")
    return category


# --- the receipt -----------------------------------------------------------------------------

@pytest.mark.parametrize(("codes", "lines", "payment", "code"), [
    (["ABCDEFGH0"], [], "crypto", "invalid_payment"),
    ([], [], "pin", "empty_sale"),
    (["ABCDEFGH0", "ABCDEFGH0"], [], "pin", "duplicate_item"),
    ([f"C{n:08}" for n in range(sales.MAX_ITEMS_PER_SALE + 1)], [], "pin", "too_many_items"),
    ([], [Line("meubels", 1000, 500)], "cash", "unknown_category"),
    ([], [Line("kleingoed", 501_000, 100_000)], "cash", "line_too_heavy"),
    ([], [Line("kleingoed", 10_000, 0)], "cash", "line_price_too_low"),
])
def test_a_receipt_that_cannot_be_is_refused_before_anything_is_looked_up(
        codes, lines, payment, code):
    with pytest.raises(InvalidInput) as refused:
        sales.check_receipt(codes, lines, payment, known)
    assert refused.value.code == code
    assert refused.value.detail_en


def test_a_plausible_receipt_passes():
    sales.check_receipt(["ABCDEFGH0"], [Line("kleingoed", 500_000, 25_000)], "other", known)


def test_a_line_pays_at_least_the_floor_per_kg():
    sales.check_line(1, Line("kleingoed", 10_000, 50))  # 10 kg at 5 cents a kg
    with pytest.raises(InvalidInput, match="regel 2"):
        sales.check_line(2, Line("kleingoed", 10_000, 49))


def test_everything_in_a_sale_must_be_ready_for_sale():
    ready = an_item("ABCDEFGH0", State.READY_FOR_SALE)
    sold = an_item("BCDEFGHJ1", State.SOLD)
    waiting = an_item("CDEFGHJK2", State.IN_REPAIR)
    sales.check_all_for_sale([ready])
    with pytest.raises(NotAllowed) as refused:
        sales.check_all_for_sale([ready, sold, waiting])
    assert refused.value.code == "not_ready_for_sale"
    assert [(i["code"], i["state"]) for i in refused.value.items] == [
        ("BCDE-FGHJ-1", "sold"), ("CDEF-GHJK-2", "in_repair")]
    assert "BCDE-FGHJ-1" in refused.value.detail and "CDEF-GHJK-2" in refused.value.detail_en


def test_money_goes_back_in_cash_by_card_or_onto_a_voucher_only():
    assert set(sales.REFUND_METHODS) == {"cash", "pin", "voucher"}
    for method in sales.REFUND_METHODS:
        sales.check_refund_method(method)
    with pytest.raises(InvalidInput) as refused:
        sales.check_refund_method("other")
    assert refused.value.code == "invalid_refund_method"


# --- what a refund may take back ----------------------------------------------------------------

def a_sale(*refunds: ev.Refund) -> sales.SaleRecord:
    sale = ev.Sale((ev.SoldItem("ABCDEFGH0", "kleingoed", 1200, 500),
                    ev.SoldItem("BCDEFGHJ1", "kleingoed", 800, 300)),
                   (Line("textiel", 4000, 400),), "pin", 1200)
    stream = [Event("sale:s1", 1, T0, "winkel", "kassa", None, sale)] + [
        Event("sale:s1", n, T0 + timedelta(hours=n), "winkel", "kassa", None, r)
        for n, r in enumerate(refunds, 2)]
    return sales.record("s1", stream)


def refunded(item_codes: tuple[str, ...] = (), lines: tuple[int, ...] = ()) -> ev.Refund:
    return ev.Refund("r1", tuple(ev.SoldItem(c, "kleingoed", 1, 1) for c in item_codes),
                     tuple(ev.RefundedLine(n, "textiel", 4000, 400) for n in lines), 1, "cash",
                     False, None)


def test_a_refund_without_names_takes_back_whatever_is_left():
    sale = a_sale(refunded(("ABCDEFGH0",)))
    assert sales.refundable(sale, None, None) == (["BCDEFGHJ1"], [0])


def test_a_refund_takes_only_what_was_sold_and_not_refunded_before():
    sale = a_sale(refunded(("ABCDEFGH0",), (0,)))
    with pytest.raises(NotAllowed) as refused:
        sales.refundable(sale, ["ABCDEFGH0", "ZZZZZZZZ9"], [0, 3])
    assert refused.value.code == "not_refundable"
    assert [p.get("code") or p.get("line") for p in refused.value.items] == [
        "ABCD-EFGH-0", "ZZZZ-ZZZZ-9", "0", "3"]
    assert "al terugbetaald" in refused.value.detail
    assert "not part of this sale" in refused.value.detail_en


def test_a_refund_names_each_thing_once():
    with pytest.raises(InvalidInput) as refused:
        sales.refundable(a_sale(), ["ABCDEFGH0", "ABCDEFGH0"], None)
    assert refused.value.code == "duplicate_item"


def test_a_sale_refunded_in_full_has_nothing_left():
    sale = a_sale(refunded(("ABCDEFGH0", "BCDEFGHJ1"), (0,)))
    with pytest.raises(NotAllowed, match="al terugbetaald"):
        sales.refundable(sale, None, None)


# --- upcycling ---------------------------------------------------------------------------------

def test_upcycling_takes_at_least_one_item_each_once():
    with pytest.raises(InvalidInput) as none:
        items.check_upcycle([])
    with pytest.raises(InvalidInput) as twice:
        items.check_upcycle(["ABCDEFGH0", "ABCDEFGH0"])
    assert (none.value.code, twice.value.code) == ("inputs_required", "duplicate_item")


def test_only_items_still_here_can_be_upcycled():
    fine = [an_item("A0000000" + str(n), s) for n, s in enumerate(items.UPCYCLABLE)]
    items.check_all_upcyclable(fine)
    gone = [an_item("BCDEFGHJ1", State.SOLD), an_item("CDEFGHJK2", State.RECYCLED)]
    with pytest.raises(NotAllowed) as refused:
        items.check_all_upcyclable(fine + gone)
    assert refused.value.items == [{"code": "BCDE-FGHJ-1", "state": "sold"},
                                   {"code": "CDEF-GHJK-2", "state": "recycled"}]
    assert "verkocht" in refused.value.detail and "sold" in refused.value.detail_en


# --- correcting an intake ----------------------------------------------------------------------

def history(site: str = "winkel", at: datetime = T0) -> list[Event]:
    return [Event("ABCDEFGH0", 1, at, site, "balie", None, ev.Collected("kleingoed", 1200)),
            Event("ABCDEFGH0", 2, at + timedelta(hours=1), "werkplaats", "bank", None,
                  ev.Inspected("needs_repair"))]


def test_the_intake_site_corrects_its_own_intake_within_a_day():
    intake.check_may_correct("intake", "winkel", history(), T0 + intake.CORRECTION_WINDOW)
    with pytest.raises(Forbidden) as late:
        intake.check_may_correct("intake", "winkel", history(),
                                 T0 + intake.CORRECTION_WINDOW + timedelta(seconds=1))
    assert late.value.code == "correction_too_late"


def test_another_site_may_not_correct_an_intake():
    with pytest.raises(Forbidden) as elsewhere:
        intake.check_may_correct("intake", "werkplaats", history(), T0)
    assert elsewhere.value.code == "correction_not_allowed"


def test_a_return_is_the_intake_that_counts():
    returned = history(site="werkplaats", at=T0 - timedelta(days=30)) + [
        Event("ABCDEFGH0", 3, T0, "winkel", "balie", None, ev.Returned(2))]
    intake.check_may_correct("intake", "winkel", returned, T0 + timedelta(hours=2))


def test_the_coordinator_corrects_anything_any_time():
    intake.check_may_correct("admin", "elders", history(), T0 + timedelta(days=400))
