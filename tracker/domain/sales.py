"""The till's rules: what a receipt must be, that everything sold is ready for sale, and what
a refund may take back (CONTRACT §9). Pure: the use cases in services/sales.py look things up
and write; the decisions are made here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tracker.domain import codes, till, values, words
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.domain.events import Event, Line
from tracker.domain.items import Item, State

PAYMENTS = till.METHODS
SPLIT = "split"  # a sale's `payment` when it was paid in more than one way
# How money goes back (CONTRACT §9): in cash, by card, or onto a new tegoedbon (§11).
REFUND_METHODS = ("cash", "pin", "voucher")
MAX_ITEMS_PER_SALE = 200  # a full cart at a thrift store; more is a scanner gone wild
# Unlabelled goods by weight count in sold kg, the reuse rate and CO2 avoided, so a line must
# be a sale someone could carry out and paid for. The heaviest: a car trailer of bricks, tiles
# or beams from the building materials corner (a small trailer takes about 500 kg).
MAX_LINE_KG = 500
# The cheapest goods a kringloop sells by weight (rubble, bricks, scrap wood) go for about
# €0.10 a kg; half of that is the floor. Below it, a line is a typo or a giveaway, and a
# giveaway is no sale: it would count as reuse that nobody paid for.
MIN_LINE_CENTS_PER_KG = 5


def check_line(n: int, line: Line) -> None:
    """A line by weight is a plausible sale: not heavier than MAX_LINE_KG, and at least
    MIN_LINE_CENTS_PER_KG paid per kg (so never € 0); else a clear 422."""
    kg, eur = values.kg(line.weight_g), values.eur(line.price_cents)
    if line.weight_g > MAX_LINE_KG * 1000:
        raise InvalidInput(
            f"regel {n}: {kg} kg is meer dan {MAX_LINE_KG} kg in één regel: een tikfout?",
            "line_too_heavy", en=f"line {n}: {kg} kg is more than {MAX_LINE_KG} kg in one line: "
                                 "a typo?")
    if line.price_cents * 1000 < line.weight_g * MIN_LINE_CENTS_PER_KG:
        floor = values.eur(MIN_LINE_CENTS_PER_KG)
        raise InvalidInput(
            f"regel {n}: € {eur} voor {kg} kg is minder dan € {floor} per kg: een tikfout? "
            "(iets weggeven is geen verkoop)", "line_price_too_low",
            en=f"line {n}: € {eur} for {kg} kg is less than € {floor} a kg: a typo? "
               "(giving something away is not a sale)")


def check_receipt(item_codes: Sequence[str], lines: Sequence[Line], payment: str,
                  category: Callable[[str], object]) -> None:
    """What a receipt must be before anything is looked up: a payment, something on it, each
    item once, lines of known categories (`category` refuses an unknown one) within their
    limits."""
    till.check_method(payment)
    if not item_codes and not lines:
        raise InvalidInput("de kassabon is leeg", "empty_sale", en="the receipt is empty")
    if len(item_codes) > MAX_ITEMS_PER_SALE:
        raise InvalidInput(f"meer dan {MAX_ITEMS_PER_SALE} items in één verkoop", "too_many_items",
                           en=f"more than {MAX_ITEMS_PER_SALE} items in one sale")
    if len(set(item_codes)) != len(item_codes):
        raise InvalidInput("een item staat dubbel op de bon", "duplicate_item",
                           en="an item is on the receipt twice")
    for n, line in enumerate(lines, 1):
        category(line.category)
        check_line(n, line)


def discount_part(item_codes: Sequence[str], n_lines: int, item: str | None,
                  line: int | None) -> int | None:
    """Which part of the receipt a discount is on (items first, then lines), None for the
    whole receipt; a clear 422 for an item or line not on it."""
    if item is not None and line is not None:
        raise InvalidInput("een korting is voor een item of voor een regel, niet allebei",
                           "invalid_discount", en="a discount is for an item or a line, not both")
    if item is not None:
        if item not in item_codes:
            shown = codes.display(item)
            raise InvalidInput(f"korting op {shown}, dat niet op de bon staat", "invalid_discount",
                               en=f"a discount on {shown}, which is not on the receipt")
        return list(item_codes).index(item)
    if line is not None:
        if not 0 <= line < n_lines:
            raise InvalidInput(f"korting op regel {line}, die niet op de bon staat",
                               "invalid_discount",
                               en=f"a discount on line {line}, which is not on the receipt")
        return len(item_codes) + line
    return None


def not_for_sale(item: Item) -> dict[str, str]:
    """Why one item cannot be sold, as the till lists it."""
    shown = codes.display(item.code)
    return {"code": shown, "state": item.state.value,
            "detail": f"{shown} {words.not_for_sale(item.state, 'nl')}",
            "detail_en": f"{shown} {words.not_for_sale(item.state, 'en')}"}


def check_all_for_sale(items: Sequence[Item]) -> None:
    """Everything in a sale must be ready for sale, or nothing is sold: a 409 naming each
    item that is not."""
    offending = [not_for_sale(i) for i in items if i.state != State.READY_FOR_SALE]
    if offending:
        raise NotAllowed("niet te koop: " + "; ".join(o["detail"] for o in offending),
                         "not_ready_for_sale", offending,
                         en="not for sale: " + "; ".join(o["detail_en"] for o in offending))


def check_refund_method(method: str) -> None:
    """Money goes back in cash, by card or onto a tegoedbon (voucher)."""
    if method not in REFUND_METHODS:
        raise InvalidInput("terugbetalen kan contant (cash), met de pin of op een tegoedbon "
                           "(voucher)", "invalid_refund_method",
                           en="refunds are paid in cash, by card (pin) or onto a voucher")


@dataclass
class SaleRecord:
    """A sale as the till looks it up for a refund: what was sold, and what went back."""

    sale_id: str
    at: datetime
    site: str
    sale: ev.Sale
    refunds: list[tuple[datetime, ev.Refund]] = field(default_factory=list)

    @property
    def refunded_items(self) -> set[str]:
        return {i.code for _, r in self.refunds for i in r.items}

    @property
    def refunded_lines(self) -> set[int]:
        return {ln.index for _, r in self.refunds for ln in r.lines}


def record(sale_id: str, events: Sequence[Event]) -> SaleRecord:
    """A sale's record from its stream: the sale, then its refunds."""
    first, *later = events
    assert isinstance(first.fact, ev.Sale)
    return SaleRecord(sale_id, first.at, first.site, first.fact,
                      [(e.at, e.fact) for e in later if isinstance(e.fact, ev.Refund)])


def refundable(sale: SaleRecord, item_codes: list[str] | None,
               line_indexes: list[int] | None) -> tuple[list[str], list[int]]:
    """The items and lines a refund takes back (none named: whatever is left), each checked
    to be part of the sale and not refunded before."""
    sold = {i.code for i in sale.sale.items}
    if item_codes is None and line_indexes is None:
        item_codes = [c for c in sold if c not in sale.refunded_items]
        line_indexes = [n for n in range(len(sale.sale.lines)) if n not in sale.refunded_lines]
    codes_, indexes = list(item_codes or []), list(line_indexes or [])
    if len(set(codes_)) != len(codes_) or len(set(indexes)) != len(indexes):
        raise InvalidInput("een item of regel staat dubbel in de terugbetaling", "duplicate_item",
                           en="an item or line is in the refund twice")
    problems = _problems(sale, codes_, indexes)
    if problems:
        raise NotAllowed("niet terug te betalen: " + "; ".join(p["detail"] for p in problems),
                         "not_refundable", problems,
                         en="cannot be refunded: " + "; ".join(p["detail_en"] for p in problems))
    if not codes_ and not indexes:
        raise NotAllowed("alles van deze verkoop is al terugbetaald", "not_refundable",
                         en="everything in this sale has already been refunded")
    return codes_, indexes


def _problems(sale: SaleRecord, item_codes: list[str], indexes: list[int]
              ) -> list[dict[str, str]]:
    sold = {i.code for i in sale.sale.items}
    found = [_not_in(sale, c, sold) for c in item_codes] + [
        _line_problem(sale, n) for n in indexes]
    return [p for p in found if p is not None]


def _not_in(sale: SaleRecord, code: str, sold: set[str]) -> dict[str, str] | None:
    shown = codes.display(code)
    if code not in sold:
        return {"code": shown, "detail": f"{shown} hoort niet bij deze verkoop",
                "detail_en": f"{shown} is not part of this sale"}
    if code in sale.refunded_items:
        return {"code": shown, "detail": f"{shown} is al terugbetaald",
                "detail_en": f"{shown} has already been refunded"}
    return None


def _line_problem(sale: SaleRecord, index: int) -> dict[str, str] | None:
    if not 0 <= index < len(sale.sale.lines):
        return {"line": str(index), "detail": f"regel {index} bestaat niet in deze verkoop",
                "detail_en": f"line {index} does not exist in this sale"}
    if index in sale.refunded_lines:
        return {"line": str(index), "detail": f"regel {index} is al terugbetaald",
                "detail_en": f"line {index} has already been refunded"}
    return None


def vat(sale: ev.Sale | ev.Refund) -> list[till.VatPart]:
    """VAT per rate of a sale (or of what a refund gave back), rounded per line; a sale from
    before VAT was kept counts at the default rate."""
    parts: list[ev.SoldItem | ev.Line | ev.RefundedLine] = [*sale.items, *sale.lines]
    return till.vat_by_rate((p.price_cents or 0, till.DEFAULT_VAT_BP if p.vat_bp is None
                             else p.vat_bp) for p in parts)


def discount_cents(sale: ev.Sale | ev.Refund) -> int:
    """All discounts on a sale (or on what a refund gave back)."""
    parts: list[ev.SoldItem | ev.Line | ev.RefundedLine] = [*sale.items, *sale.lines]
    return sum(d.cents for p in parts for d in p.discounts)


def payments(sale: ev.Sale) -> list[ev.Payment]:
    """What each way of paying took; a sale from before split payments: all by `payment`."""
    return list(sale.payments) or [ev.Payment(sale.payment, sale.total_cents)]
