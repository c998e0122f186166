"""Klaar voor verkoop maken: inspect, repair, price, and upcycle at the repair bench."""

from __future__ import annotations

from tracker.domain import codes, items
from tracker.domain.items import Item
from tracker.services.context import Tx
from tracker.services.intake import weight_from


def inspect(tx: Tx, code: str, outcome: str, price_cents: int | None = None,
            stream: str | None = None, condition: str | None = None) -> Item:
    """Keuren: Verkoopbaar, Moet gerepareerd or Onbruikbaar (and its staat)."""
    item = tx.load(code)
    return tx.change_item(item, code, items.inspect(item, outcome, price_cents, stream,
                                                    condition))


def repair(tx: Tx, code: str, outcome: str, price_cents: int | None = None,
           barrier: str | None = None, stream: str | None = None,
           minutes: int | None = None, condition: str | None = None) -> Item:
    """Repareren: Gerepareerd, Repareerbaar – wacht op onderdeel, or Niet te repareren (and
    its staat)."""
    item = tx.load(code)
    change = items.repair(item, outcome, price_cents, barrier, stream, minutes, condition)
    return tx.change_item(item, code, change)


def price(tx: Tx, code: str, price_cents: int) -> Item:
    """Prijs: re-price or mark down an item on the shelf."""
    item = tx.load(code)
    return tx.change_item(item, code, items.reprice(item, price_cents))


def upcycle(tx: Tx, inputs: list[str], category: str, weight_g: int | None = None,
            scale_id: str | None = None, price_cents: int | None = None,
            description: str | None = None) -> Item:
    """Upcyclen: one or more items become material for a new item that names its inputs."""
    tx.category(category)
    items.check_upcycle(inputs)
    loaded = [tx.load(c) for c in sorted(inputs)]  # sorted: a fixed lock order, no deadlocks
    items.check_all_upcyclable(loaded)
    if weight_g is None and scale_id is None:
        weight_g = sum(i.weight_g for i in loaded)  # default: what went into it
    new = codes.new_code(tx.randbits)
    grams, weighing_id = weight_from(tx, weight_g, scale_id, new)
    for item in loaded:
        tx.change_item(item, item.code, items.upcycle_input(item, new))
    return tx.change_item(None, new, items.make(category, grams, inputs, price_cents,
                                                description, weighing_id))
