"""Monitor documents as a centre's feed sends them, for the national receiver's tests."""

from __future__ import annotations

import calendar
import copy
from datetime import date
from typing import Any

from tracker.domain.categories import DEFAULT_CATEGORIES
from tracker.domain.social import GROUPS, OUTCOMES

CO2_FACTORS = {c.id: 1.1 for c in DEFAULT_CATEGORIES}


def _items_kg(items: int, kg: float) -> dict[str, Any]:
    return {"items": items, "kg": kg}


def document(centre: str, month: str, revision: int = 1, *, schema: int = 2,
             inflow_kg: float = 100.0, inflow_items: int = 10, sold_kg: float = 40.0,
             sold_items: int = 4, revenue_eur: float = 60.0, recycled_kg: float = 30.0,
             disposed_kg: float = 10.0, stock_items: int = 5, stock_kg: float = 50.0,
             volunteers: int = 3, hours: float = 24.5, repairs: int = 2,
             final: bool = True, to_day: int | None = None,
             social: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A whole centre's month, valid against the shipped schema (v1 or v2), with the figures
    a test chooses; the rest is consistent with them. `social` (v2): per group, the figures
    that differ from zero (`people`, `hours`, `started`, `ended`, `outcomes`: {outcome: n},
    `offered_days`, `filled_days`)."""
    year, number = int(month[:4]), int(month[5:])
    last = calendar.monthrange(year, number)[1]
    doc: dict[str, Any] = {
        "schema": f"ambacht.monitor/v{schema}", "centre": centre, "site": None,
        "from": f"{month}-01", "to": date(year, number, to_day or last).isoformat(),
        "generated_at": f"{month}-{to_day or last:02d}T23:00:00Z",
        "revision": revision, "final": final,
        "inflow": {"items": inflow_items, "kg": inflow_kg, "bulk_kg": 0.0,
                   "by_category": {"meubilair": _items_kg(inflow_items, inflow_kg)}},
        "outflow": {"sold": {"items": sold_items, "kg": sold_kg, "revenue_eur": revenue_eur,
                             "by_category": {"meubilair": {"items": sold_items, "kg": sold_kg,
                                                           "revenue_eur": revenue_eur}}},
                    "recycled": _items_kg(1, recycled_kg), "disposed": _items_kg(1, disposed_kg),
                    "upcycled_inputs": _items_kg(0, 0.0)},
        "repairs": {"attempted": repairs, "fixed": repairs, "repairable": 0, "end_of_life": 0,
                    "own_use": 0, "barriers": {}},
        "reuse_rate": round(sold_kg / (sold_kg + recycled_kg + disposed_kg), 4),
        "co2_avoided_kg": round(sold_kg * 1.1, 3),
        "co2_factors": dict(CO2_FACTORS),
        "stock": {"collected": _items_kg(0, 0.0), "in_repair": _items_kg(0, 0.0),
                  "ready_for_sale": _items_kg(stock_items, stock_kg)},
        "lead_time_days": {"median": 12.0, "p90": 30.0},
        "visitors": {"sales": sold_items, "drop_offs": inflow_items, "participants": 0},
        "people": {"volunteer": {"people": volunteers, "hours": hours}},
        "activities": {k: {"sessions": 0, "participants": 0}
                       for k in ("course", "school_visit", "repair_cafe", "workshop", "tour")}
        | {"skills_learned": 0},
        "targets": {"collected_kg": {"target": 1000.0, "actual": inflow_kg, "baseline": None}},
        "eu_reuse_tonnes": {"textiles": 0.0, "eee": 0.0, "furniture": round(sold_kg / 1000, 6),
                            "construction": 0.0, "other": 0.0},
    }
    if schema == 2:
        doc["refunds"] = {"count": 0, "items": 0, "kg": 0.0, "amount_eur": 0.0}
        doc["till"] = {"discount_eur": 0.0, "vat_eur": round(revenue_eur * 21 / 121, 2),
                       "payments": {"cash": revenue_eur, "pin": 0.0, "other": 0.0}}
        doc["mass_balance"] = {
            "in_kg": inflow_kg, "out_kg": {"sold": sold_kg, "given_away": 0.0,
                                           "recycle": recycled_kg, "residual": disposed_kg},
            "by_partner": {}, "transfer_in_kg": 0.0, "transfer_out_kg": 0.0,
            "stock_change_kg": 0.0,
            "unaccounted_kg": round(inflow_kg - sold_kg - recycled_kg - disposed_kg, 3),
            "reuse_rate_mass": round(sold_kg / (sold_kg + recycled_kg + disposed_kg), 4)}
        doc["demand"] = {"by_category": {"meubilair": {
            "sold": sold_items, "days_on_shelf_median": 9.0,
            "sell_through": round(sold_items / (sold_items + stock_items), 4)
            if sold_items + stock_items else None}}, "wishes": {"meubilair": 1}}
        doc["social"] = social_block(social or {})
    return doc


def social_block(groups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A v2 `social` block: zero for every group, with the given groups' figures."""
    block: dict[str, Any] = {}
    places: dict[str, Any] = {}
    for group in GROUPS:
        given = groups.get(group, {})
        block[group] = {"people": given.get("people", 0), "hours": given.get("hours", 0.0),
                        "started": given.get("started", 0), "ended": given.get("ended", 0),
                        "outcomes": {o: given.get("outcomes", {}).get(o, 0) for o in OUTCOMES}}
        places[group] = {"offered_days": given.get("offered_days", 0),
                         "filled_days": given.get("filled_days", 0)}
    skills = groups.get("skills", {})
    return {**block, "places": places, "skills": {"people": skills.get("people", 0),
                                                  "certificates": skills.get("certificates", 0)}}


def changed(doc: dict[str, Any], **at: Any) -> dict[str, Any]:
    """A copy with values replaced at dotted paths (`outflow.sold.kg`)."""
    out = copy.deepcopy(doc)
    for path, value in at.items():
        *parents, leaf = path.split("__")
        node = out
        for key in parents:
            node = node[key]
        node[leaf] = value
    return out
