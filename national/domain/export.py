"""The export's columns: one row per centre and month, the figures a spreadsheet user expects
(documented in docs/README.md#the-national-receiver; keep the two in step)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from national.domain import figures
from tracker.domain.questionnaire import QUESTIONS
from tracker.domain.social import GROUPS, OUTCOMES

# Who and which version: taken from the stored report, not from the figures.
ABOUT = ("centre", "name", "municipality", "province", "month", "revision", "final",
         "complete", "schema", "received_at")
# column -> the figure paths it adds up (in millionths, as `figures.flatten` gives them)
SUMS: dict[str, tuple[str, ...]] = {
    "inflow_items": ("inflow/items",),
    "inflow_kg": ("inflow/kg",),
    "inflow_bulk_kg": ("inflow/bulk_kg",),
    "sold_items": ("outflow/sold/items",),
    "sold_kg": ("outflow/sold/kg",),
    "revenue_eur": ("outflow/sold/revenue_eur",),
    "recycled_kg": ("outflow/recycled/kg",),
    "disposed_kg": ("outflow/disposed/kg",),
    "upcycled_inputs_kg": ("outflow/upcycled_inputs/kg",),
    "co2_avoided_kg": ("co2_avoided_kg",),
    "repairs_attempted": ("repairs/attempted",),
    "repairs_fixed": ("repairs/fixed",),
    "repairs_repairable": ("repairs/repairable",),
    "repairs_end_of_life": ("repairs/end_of_life",),
    "repairs_own_use": ("repairs/own_use",),
    "stock_items": ("stock/collected/items", "stock/in_repair/items",
                    "stock/ready_for_sale/items"),
    "stock_kg": ("stock/collected/kg", "stock/in_repair/kg", "stock/ready_for_sale/kg"),
    "visitors_sales": ("visitors/sales",),
    "visitors_drop_offs": ("visitors/drop_offs",),
    "visitors_participants": ("visitors/participants",),
    "skills_learned": ("activities/skills_learned",),
    "eu_reuse_t_textiles": ("eu_reuse_tonnes/textiles",),
    "eu_reuse_t_eee": ("eu_reuse_tonnes/eee",),
    "eu_reuse_t_furniture": ("eu_reuse_tonnes/furniture",),
    "eu_reuse_t_construction": ("eu_reuse_tonnes/construction",),
    "eu_reuse_t_other": ("eu_reuse_tonnes/other",),
    "refunds_eur": ("refunds/amount_eur",),
    "given_away_kg": ("mass_balance/out_kg/given_away",),
    "recycle_batches_kg": ("mass_balance/out_kg/recycle",),
    "residual_batches_kg": ("mass_balance/out_kg/residual",),
    "unaccounted_kg": ("mass_balance/unaccounted_kg",),
    # v2 `social`: every target group together
    "social_people": tuple(f"social/{g}/people" for g in GROUPS),
    "social_hours": tuple(f"social/{g}/hours" for g in GROUPS),
    "social_started": tuple(f"social/{g}/started" for g in GROUPS),
    "social_ended": tuple(f"social/{g}/ended" for g in GROUPS),
    **{f"outcome_{o}": tuple(f"social/{g}/outcomes/{o}" for g in GROUPS) for o in OUTCOMES},
    "places_offered_days": tuple(f"social/places/{g}/offered_days" for g in GROUPS),
    "places_filled_days": tuple(f"social/places/{g}/filled_days" for g in GROUPS),
    "skills_people": ("social/skills/people",),
    "skills_certificates": ("social/skills/certificates",),
}
# column -> the prefix and leaf of figures summed over every key under it (roles, kinds)
OVER = {"people": ("people/", "/people"), "hours": ("people/", "/hours"),
        "activity_sessions": ("activities/", "/sessions"),
        "activity_participants": ("activities/", "/participants")}
RATIOS = {"reuse_rate": "reuse_rate", "reuse_rate_mass": "mass_balance/reuse_rate_mass"}
# A December document's questionnaire (not measured, not summed): its year and the answers.
ANSWERS = ("questionnaire_year", *QUESTIONS)
COLUMNS = (*ABOUT, *SUMS, *OVER, *RATIOS, *ANSWERS)


def row(about: Mapping[str, Any], flat: Mapping[str, int],
        questionnaire: Mapping[str, Any] | None = None) -> list[Any]:
    """One CSV row; a figure the document does not have (a v1 document's mass balance, an
    answer not given) is an empty cell, not a zero."""
    out: list[Any] = [about[c] for c in ABOUT]
    for paths in SUMS.values():
        have = [flat[p] for p in paths if p in flat]
        out.append(figures.get({"x": sum(have)}, "x") if have else "")
    for prefix, leaf in OVER.values():
        have = [v for p, v in flat.items() if p.startswith(prefix) and p.endswith(leaf)
                and p.count("/") == 2]
        out.append(figures.get({"x": sum(have)}, "x") if have or prefix == "people/" else "")
    ratios = figures.ratios(flat)
    for path in RATIOS.values():
        value = ratios.get(path)
        out.append("" if value is None else value)
    answers = (questionnaire or {}).get("answers", {})
    out.append((questionnaire or {}).get("year", ""))
    out.extend(answers.get(question, "") for question in QUESTIONS)
    return out
