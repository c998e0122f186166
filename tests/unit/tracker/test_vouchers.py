"""Tegoedbonnen (CONTRACT §11): codes that are never item codes, balances folded from their
events, and what a payment takes off them; the use cases against the in-memory repository."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from tests.unit.tracker.test_services import Centre
from tracker.domain import codes, till, vouchers
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput, NotAllowed, NotFound
from tracker.domain.events import Event
from tracker.services import intake, prepare, sales
from tracker.services import vouchers as voucher_service

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_voucher_code_reads_back_however_it_is_typed_or_scanned():
    code = vouchers.new_code(random.Random(7).getrandbits)
    shown = vouchers.display(code)
    assert shown.startswith("TB-") and len(code) == 13
    for text in (shown, shown.lower(), code, f" {code[:6]} {code[6:]} ",
                 f"https://winkel.example/v/{shown}", f"http://x/v/{shown}/?utm=qr",
                 shown.replace("0", "O").replace("1", "L")):
        assert vouchers.parse(text) == code, text


def test_voucher_and_item_codes_never_read_as_each_other():
    rng = random.Random(19)
    for _ in range(2000):
        voucher = vouchers.new_code(rng.getrandbits)
        for text in (voucher, vouchers.display(voucher), f"http://x/v/{voucher}"):
            with pytest.raises(codes.InvalidCode):
                codes.parse(text)
        item = codes.new_code(rng.getrandbits)
        for text in (item, codes.display(item), f"http://x/i/{codes.display(item)}"):
            with pytest.raises(InvalidInput):
                vouchers.parse(text)


def test_every_single_typo_in_a_voucher_code_is_caught_by_its_check_symbol():
    code = vouchers.new_code(random.Random(3).getrandbits)
    for place in range(vouchers.DATA_LENGTH):
        for symbol in codes.SYMBOLS:
            if symbol == code[place]:
                continue
            typo = code[:place] + symbol + code[place + 1:]
            with pytest.raises(InvalidInput) as refused:
                vouchers.parse(typo)
            assert refused.value.code == "invalid_voucher"
            assert "controleteken" in refused.value.detail
            assert refused.value.detail_en and "check" in refused.value.detail_en


def test_a_voucher_code_holds_sixty_random_bits():
    assert vouchers.CODE_BITS == 60
    rng = random.Random(1)
    assert len({vouchers.new_code(rng.getrandbits)[:12] for _ in range(5000)}) == 5000


def _event(seq: int, fact: ev.Fact) -> Event:
    return Event("voucher:C", seq, T0, "winkel", "kassa", None, fact)


def test_the_balance_is_what_was_issued_minus_what_was_spent():
    found = vouchers.fold("C", [_event(1, ev.VoucherIssued(2000, "cadeaubon")),
                                _event(2, ev.VoucherSpent("s1", 1250)),
                                _event(3, ev.VoucherSpent("s2", 500))])
    assert found is not None
    assert (found.issued_cents, found.balance_cents, found.seq) == (2000, 250, 3)
    assert [(m.kind, m.cents, m.sale_id) for m in found.moves] == [
        ("issued", 2000, None), ("spent", 1250, "s1"), ("spent", 500, "s2")]
    assert vouchers.fold("C", []) is None
    vouchers.check_spend(found, 250)
    with pytest.raises(NotAllowed) as refused:
        vouchers.check_spend(found, 251)
    assert refused.value.code == "voucher_insufficient"
    assert "nog € 2,50, niet € 2,51" in refused.value.detail
    empty = vouchers.fold("C", [_event(1, ev.VoucherIssued(100, "x")),
                                _event(2, ev.VoucherSpent("s1", 100))])
    assert empty is not None
    with pytest.raises(NotAllowed) as refused:
        vouchers.check_left(empty)
    assert refused.value.code == "voucher_spent"


@pytest.mark.parametrize(("total", "paid", "offered", "used", "settled"), [
    # the voucher pays all; what it offers beyond the total stays on it (no change)
    (1250, [], [("A", 2000)], [("A", 1250)], till.Settled((), 0, 0)),
    # part by voucher, the rest in cash: rounded, with change
    (1253, [("cash", 500)], [("A", 1000)], [("A", 1000)],
     till.Settled((("cash", 255),), 2, 245)),
    # pin first, then the voucher, then two vouchers in order
    (3000, [("pin", 1000)], [("A", 1500), ("B", 1500)], [("A", 1500), ("B", 500)],
     till.Settled((("pin", 1000),), 0, 0)),
    # a voucher that is not needed pays nothing
    (1000, [("pin", 1000)], [("A", 500)], [], till.Settled((("pin", 1000),), 0, 0)),
])
def test_a_voucher_pays_what_is_due_and_keeps_the_rest(total, paid, offered, used, settled):
    assert vouchers.settle(total, paid, offered) == (settled, used)


def test_a_voucher_that_does_not_cover_the_total_needs_another_payment():
    with pytest.raises(InvalidInput) as refused:
        vouchers.settle(1250, [], [("A", 1000)])
    assert refused.value.code == "payments_do_not_add_up"
    assert "nog € 2,50 te betalen" in refused.value.detail


def _ready(centre: Centre, price: int) -> str:
    code = centre.do("intake", lambda tx: intake.collect(tx, "boeken", 700)).code
    centre.do("repair", lambda tx: prepare.inspect(tx, code, "sellable", price))
    return code


def test_paying_with_a_voucher_takes_it_off_once_and_refusals_change_nothing():
    centre = Centre()
    voucher = centre.do("till", lambda tx: voucher_service.issue(tx, 1000, "cadeaubon", "cash"))
    book, lamp = _ready(centre, 600), _ready(centre, 700)
    sold = centre.do("till", lambda tx: sales.sell(tx, [book], [], None, payments=[],
                                                   vouchers=[(voucher, 1000)]))
    assert [(p.method, p.cents, p.voucher) for p in sold.sold.payments] == [
        ("voucher", 600, voucher)]
    left = vouchers.fold(voucher, centre.repo.events_of(vouchers.stream(voucher)))
    assert left is not None and left.balance_cents == 400
    before = centre.written()
    for offered, refusal in (([(voucher, 700)], NotAllowed), ([("0" * 12 + "0", 700)], NotFound)):
        with pytest.raises(refusal):
            centre.do("till", lambda tx, o=offered: sales.sell(tx, [lamp], [], None,
                                                               payments=[], vouchers=o))
    assert centre.written() == before


def test_a_refund_onto_a_voucher_issues_one_for_the_amount():
    centre = Centre()
    book = _ready(centre, 1550)
    sale = centre.do("till", lambda tx: sales.sell(tx, [book], [], "pin"))
    done = centre.do("till", lambda tx: sales.refund(tx, sale.sale_id, None, None, "voucher"))
    issued = vouchers.fold(done["voucher"], centre.repo.events_of(vouchers.stream(
        done["voucher"])))
    assert issued is not None and issued.balance_cents == 1550
    assert issued.moves[0].refund_id == done["refund_id"]
    refund = centre.repo.events_of(f"sale:{sale.sale_id}")[-1].fact
    assert isinstance(refund, ev.Refund) and refund.voucher == done["voucher"]
