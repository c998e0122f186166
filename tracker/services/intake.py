"""Inzamelen: a labelled item or unlabelled goods come in over the scale."""

from __future__ import annotations

from decimal import Decimal

from tracker.domain import codes, figures, items, ords, values
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput
from tracker.domain.intake import check_may_correct
from tracker.domain.items import Item
from tracker.services import weighings
from tracker.services.context import Tx


def weight_from(tx: Tx, weight_g: int | None, scale_id: str | None,
                bound_to: str, weighing_id: str | None = None,
                max_kg: Decimal = values.MAX_WEIGHT_KG) -> tuple[int, str | None]:
    """The weight to book: the weighing the page showed, the scale's newest stable weighing,
    or typed by hand."""
    if weighing_id is not None:
        return weighings.take(tx, weighing_id, bound_to, max_kg)
    if scale_id is not None:
        return weighings.take_fresh(tx, scale_id, bound_to, max_kg)
    if weight_g is None:
        raise InvalidInput("geef een gewicht (weight_kg) of een weegschaal (scale_id)",
                           "weight_required", en="give a weight (weight_kg) or a scale (scale_id)")
    return weight_g, None


def collect(tx: Tx, category: str, weight_g: int | None = None, scale_id: str | None = None,
            description: str | None = None, ords_category_id: int | None = None,
            serial_number: str | None = None, weighing_id: str | None = None) -> Item:
    """A new item is weighed and labelled."""
    tx.category(category)
    ords.check_product_category(ords_category_id)
    code = codes.new_code(tx.randbits)
    grams, bound = weight_from(tx, weight_g, scale_id, code, weighing_id)
    change = items.collect(category, grams, description=description,
                           ords_category_id=ords_category_id, serial_number=serial_number,
                           weighing_id=bound)
    return tx.change_item(None, code, change)


def bulk(tx: Tx, category: str, weight_g: int | None = None, scale_id: str | None = None,
         weighing_id: str | None = None) -> tuple[str, int]:
    """Unlabelled goods by weight (a bag of textiles): counted as bulk inflow only."""
    tx.category(category)
    bulk_id = tx.new_id()
    grams, bound = weight_from(tx, weight_g, scale_id, f"bulk:{bulk_id}", weighing_id)
    tx.record(f"bulk:{bulk_id}", 1, ev.BulkCollected(category, grams, bound or None))
    return bulk_id, grams


def return_item(tx: Tx, code: str) -> Item:
    """Retour: a sold item comes back and starts a new cycle with the same code."""
    item = tx.load(code)
    return tx.change_item(item, code, items.return_item(item))


def correct(tx: Tx, code: str, reason: str, weight_g: int | None = None,
            category: str | None = None, weighing_id: str | None = None) -> Item:
    """Correctie: a wrong intake weight or category put right. Every figure becomes what it
    would have been had the intake been right, on the days each belongs to."""
    item = tx.load(code)
    if category is not None:
        tx.category(category)
    history = tx.repo.events_of(code)
    check_may_correct(tx.actor.role, tx.actor.site, history, tx.now)
    bound = None
    if weighing_id is not None:
        weight_g, bound = weighings.take(tx, weighing_id, code)
    creation = next(e.fact for e in history if isinstance(e.fact, ev.CREATED))
    change = items.correct(item, weight_g, category, reason, bound, creation.weighing_id)
    after = tx.change_item(item, code, change)
    tx.count(figures.correction_deltas(history, item, after))
    return after
