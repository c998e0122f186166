"""Afvoeren: a weighed container, pallet or bag leaves the site to a partner (CONTRACT §10)."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import codes, outflows, values
from tracker.domain import events as ev
from tracker.domain.items import Item
from tracker.domain.outflows import Partner
from tracker.services import partners
from tracker.services.context import Tx
from tracker.services.intake import weight_from


@dataclass(frozen=True)
class Booked:
    """An outflow batch as booked."""

    outflow_id: str
    partner: Partner
    stream: str
    weight_g: int
    weighing_id: str | None
    items: list[Item]
    transfer: bool
    fact: ev.Outflow


def book(tx: Tx, partner_id: str, stream: str, *, weight_g: int | None = None,
         scale_id: str | None = None, weighing_id: str | None = None,
         category: str | None = None, item_codes: list[str] | None = None,
         ticket: str | None = None, note: str | None = None) -> Booked:
    """A batch leaves: its weighing bound as at intake (the one shown, never an older one) or
    a hand weight (flagged: no weighing id); the listed items leave with it, all or none."""
    partner = partners.find(tx.sql, partner_id)
    outflows.check_stream(partner, stream, tx.actor.site)
    if category is not None:
        tx.category(category)
    listed = [codes.parse(c) for c in item_codes or []]
    outflows.check_item_list(listed)
    transfer = outflows.is_transfer(partner, stream)
    by_code = {c: tx.load(c) for c in sorted(listed)}  # fixed lock order: no deadlocks
    outflows.check_items_may_leave([by_code[c] for c in listed], stream, transfer)
    outflow_id = tx.new_id()
    grams, bound = weight_from(tx, weight_g, scale_id, f"outflow:{outflow_id}", weighing_id,
                               max_kg=values.MAX_OUTFLOW_KG)
    fact = ev.Outflow(partner.id, partner.kind, stream, grams, tuple(listed), category,
                      bound, ticket or None, note or None, partner.site if transfer else None)
    tx.record(f"outflow:{outflow_id}", 1, fact)
    after = []
    for c in listed:
        change = outflows.leave(by_code[c], outflow_id, partner, transfer)
        after.append(by_code[c] if change is None else tx.change_item(by_code[c], c, change))
    return Booked(outflow_id, partner, stream, grams, bound, after, transfer, fact)
