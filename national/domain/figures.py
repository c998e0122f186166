"""What may be added up over centres and months, and the sums back as a monitor-like tree.

A monitor document is flattened into figures: a path (JSON Pointer without the leading `/`,
e.g. `inflow/by_category/textiel/kg`) and a value in millionths, an integer, so that sums
over thousands of documents, and taking a revision's figures out again, are exact. Flows
(kg, euros, counts, hours) add up over centres and months; levels (stock) add up over
centres within one month only; ratios are recomputed from the sums, never averaged;
medians, targets, CO2 factors and the questionnaire are not aggregated (CONTRACT §14).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SCALE = 1_000_000  # millionths: kg to the milligram, tonnes to the gram, euros to the cent
RATIO_DIGITS = 4  # as the centre's monitor: 0.1234 is 12.34 %
# Not figures: who, when and which version; and what is not summed (CONTRACT §14).
NOT_FIGURES = frozenset({"schema", "centre", "site", "municipality", "from", "to",
                         "generated_at", "revision", "final", "co2_factors", "targets",
                         "lead_time_days", "questionnaire"})
# Ratios: recomputed from the summed figures (`ratios`), never summed.
RATIOS = frozenset({"reuse_rate", "mass_balance/reuse_rate_mass", "sell_through"})
# Order statistics cannot be combined from per-centre values: left out.
MEDIANS = frozenset({"median", "p25", "p75", "p90", "days_on_shelf_median"})
# Levels: a state at the end of a month. Over several months only the last month counts.
LEVELS = ("stock/",)
# Blocks whose `people` counts people active in a month: summed over months they are
# person-months, and the summary names them so.
PERSON_BLOCKS = ("people/", "social/")


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _unescape(key: str) -> str:
    return key.replace("~1", "/").replace("~0", "~")


def _walk(node: Mapping[str, Any], prefix: str, out: dict[str, int]) -> None:
    for key, value in node.items():
        path = prefix + _escape(str(key))
        if not prefix and key in NOT_FIGURES or key in MEDIANS:
            continue
        if path in RATIOS or key in RATIOS:
            continue
        if isinstance(value, Mapping):
            _walk(value, path + "/", out)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[path] = round(value * SCALE)


def flatten(doc: Mapping[str, Any]) -> dict[str, int]:
    """Every figure of a document that can be aggregated, in millionths."""
    out: dict[str, int] = {}
    _walk(doc, "", out)
    return out


def is_level(path: str) -> bool:
    """Whether a figure is a state at the end of the month (summed over centres only)."""
    return path.startswith(LEVELS)


def add(rows: Iterable[tuple[str, str, int]], last_month: str) -> dict[str, int]:
    """Sum (month, path, millionths) rows: flows over every month, levels of `last_month`."""
    sums: dict[str, int] = {}
    for month, path, value in rows:
        if is_level(path) and month != last_month:
            continue
        sums[path] = sums.get(path, 0) + value
    return sums


def _number(millionths: int) -> int | float:
    whole, rest = divmod(millionths, SCALE)
    return whole if rest == 0 else millionths / SCALE


def _value(sums: Mapping[str, int], path: str) -> int:
    return sums.get(path, 0)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, RATIO_DIGITS) if whole else None


def ratios(sums: Mapping[str, int]) -> dict[str, float | None]:
    """The document's ratios, recomputed from summed figures (an average of percentages
    would weigh a small centre like a large one)."""
    sold = _value(sums, "outflow/sold/kg")
    leaving = sold + _value(sums, "outflow/recycled/kg") + _value(sums, "outflow/disposed/kg")
    found: dict[str, float | None] = {"reuse_rate": _ratio(sold, leaving)}
    if any(p.startswith("mass_balance/") for p in sums):
        out = {s: _value(sums, f"mass_balance/out_kg/{s}")
               for s in ("sold", "given_away", "recycle", "residual")}
        found["mass_balance/reuse_rate_mass"] = _ratio(out["sold"] + out["given_away"],
                                                       sum(out.values()))
    return found


def _named(path: str) -> str:
    parts = path.split("/")
    if len(parts) == 3 and path.startswith(PERSON_BLOCKS) and parts[2] == "people":
        return f"{parts[0]}/{parts[1]}/person_months"
    return path


def tree(sums: Mapping[str, int]) -> dict[str, Any]:
    """Summed figures and recomputed ratios as a nested mapping, like a monitor document."""
    out: dict[str, Any] = {}
    items: list[tuple[str, Any]] = [(p, _number(v)) for p, v in sums.items()]
    items += list(ratios(sums).items())
    for path, value in sorted(items):
        *parents, leaf = [_unescape(k) for k in _named(path).split("/")]
        node = out
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    return out


def get(sums: Mapping[str, int], path: str) -> int | float:
    """One summed figure as a number (0 when no document had it)."""
    return _number(sums.get(path, 0))
