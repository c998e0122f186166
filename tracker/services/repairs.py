"""Own-use repairs (Repair Café style): a resident's item is repaired and goes home again."""

from __future__ import annotations

from typing import Any

from tracker.domain import events as ev
from tracker.domain import items
from tracker.domain.errors import InvalidInput
from tracker.domain.ords import check_product_category
from tracker.services.activities import repair_cafe
from tracker.services.context import Tx

# `unknown` only comes from imported Repair Café records (ORDS status "Unknown")
OWN_USE_OUTCOMES = ("fixed", "repairable", "end_of_life", "unknown")


def record_own_use(tx: Tx, category: str, outcome: str, ords_category_id: int | None = None,
                   barrier: str | None = None, brand: str | None = None,
                   problem: str | None = None, key: str | None = None,
                   ords: dict[str, str] | None = None,
                   activity_id: str | None = None) -> dict[str, Any]:
    """One own-use repair; `key` (an imported record's id) makes recording it twice a no-op.

    `ords` keeps an imported record's own fields (id, provider, group...) for the export;
    `activity_id` names the Repair Café session (that day) the repair was made at."""
    tx.category(category)
    if outcome not in OWN_USE_OUTCOMES:
        raise InvalidInput(f"onbekende uitkomst '{outcome}'", "invalid_outcome",
                           en=f"unknown outcome '{outcome}'")
    check_product_category(ords_category_id)
    items.check_barrier(outcome, barrier)
    if activity_id is not None:
        repair_cafe(tx, activity_id)
    repair_id = key or tx.new_id()
    fact = ev.OwnUseRepair(category, outcome, items.State.RETURNED_TO_OWNER.value,
                           ords_category_id, barrier, brand, problem, ords, activity_id)
    tx.record(f"repair:{repair_id}", 1, fact)
    return {"repair_id": repair_id, **ev.to_data(fact)}
