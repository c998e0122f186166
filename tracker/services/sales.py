"""Verkopen: the till sells labelled items and unlabelled goods by weight, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import codes, items, values
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.domain.items import Change, Item, State
from tracker.services.context import Tx

PAYMENTS = ("cash", "pin", "other")
MAX_ITEMS_PER_SALE = 200  # a full cart at a thrift store; more is a scanner gone wild
# Unlabelled goods by weight count in sold kg, the reuse rate and CO2 avoided, so a line must
# be a sale someone could carry out and paid for. The heaviest: a car trailer of bricks, tiles
# or beams from the building materials corner (a small trailer takes about 500 kg).
MAX_LINE_KG = 500
# The cheapest goods a kringloop sells by weight (rubble, bricks, scrap wood) go for about
# €0.10 a kg; half of that is the floor. Below it, a line is a typo or a giveaway, and a
# giveaway is no sale: it would count as reuse that nobody paid for.
MIN_LINE_CENTS_PER_KG = 5


@dataclass(frozen=True)
class Line:
    """Unlabelled goods sold by weight (a bag of books by the kilo)."""

    category: str
    weight_g: int
    price_cents: int


@dataclass(frozen=True)
class Sale:
    sale_id: str
    items: list[Item]
    lines: list[Line]
    payment: str
    total_cents: int


def _not_for_sale(item: Item) -> dict[str, str]:
    reason, reason_en = {
        State.SOLD: ("is al verkocht", "has already been sold"),
        State.COLLECTED: ("is nog niet gekeurd en geprijsd",
                          "has not been inspected and priced yet"),
        State.IN_REPAIR: ("is nog in reparatie", "is still in repair"),
    }.get(item.state, (f"is {items.STATE_NL[item.state]}", f"is {items.STATE_EN[item.state]}"))
    shown = codes.display(item.code)
    return {"code": shown, "state": item.state.value,
            "detail": f"{shown} {reason}", "detail_en": f"{shown} {reason_en}"}


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


def sell(tx: Tx, item_codes: list[str], lines: list[Line], payment: str) -> Sale:
    """Afrekenen: every item must be ready for sale, or nothing is sold."""
    if payment not in PAYMENTS:
        raise InvalidInput("betaalwijze moet cash, pin of other zijn", "invalid_payment",
                           en="payment must be cash, pin or other")
    if not item_codes and not lines:
        raise InvalidInput("de kassabon is leeg", "empty_sale", en="the receipt is empty")
    if len(item_codes) > MAX_ITEMS_PER_SALE:
        raise InvalidInput(f"meer dan {MAX_ITEMS_PER_SALE} items in één verkoop", "too_many_items",
                           en=f"more than {MAX_ITEMS_PER_SALE} items in one sale")
    if len(set(item_codes)) != len(item_codes):
        raise InvalidInput("een item staat dubbel op de bon", "duplicate_item",
                           en="an item is on the receipt twice")
    for n, line in enumerate(lines, 1):
        tx.category(line.category)
        check_line(n, line)
    by_code = {c: tx.load(c) for c in sorted(item_codes)}  # fixed lock order: no deadlocks
    offending = [_not_for_sale(i) for i in by_code.values() if i.state != State.READY_FOR_SALE]
    if offending:
        raise NotAllowed("niet te koop: " + "; ".join(o["detail"] for o in offending),
                         "not_ready_for_sale", offending,
                         en="not for sale: " + "; ".join(o["detail_en"] for o in offending))
    sale_id = tx.new_id()
    sold = [tx.change_item(by_code[c], c, items.sell(by_code[c], sale_id)) for c in item_codes]
    total = sum(i.price_cents or 0 for i in sold) + sum(line.price_cents for line in lines)
    tx.record(f"sale:{sale_id}", 1, Change("sale", {
        "items": [{"code": i.code, "category": i.category, "weight_g": i.weight_g,
                   "price_cents": i.price_cents} for i in sold],
        "lines": [{"category": ln.category, "weight_g": ln.weight_g,
                   "price_cents": ln.price_cents} for ln in lines],
        "payment": payment, "total_cents": total,
    }))
    return Sale(sale_id, sold, lines, payment, total)
