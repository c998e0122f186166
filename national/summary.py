"""The national summary, the centres' table and the export, read from the receiver's store."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa

from national import store as stored
from national.domain import export, figures
from national.domain.documents import months
from tracker.domain.errors import InvalidInput
from tracker.domain.spreadsheet import SafeWriter

PER = ("month", "year", "province", "municipality", "centre")
MAX_MONTHS = 240  # twenty years in one summary: more is a typing error, not a question
# The figures the centres' table shows beside each centre's last report.
KEY_FIGURES = tuple(stored.KEY_FIGURES)

Row = tuple[str, str, str, int]  # group, month, figure path, millionths


def _check_period(first: str, last: str) -> list[str]:
    if last < first:
        raise InvalidInput("'to' ligt voor 'from'", "invalid_period",
                           en="'to' lies before 'from'")
    span = months(first, last)
    if len(span) > MAX_MONTHS:
        raise InvalidInput(f"hoogstens {MAX_MONTHS} maanden in één overzicht",
                           "period_too_long",
                           en=f"at most {MAX_MONTHS} months in one summary")
    return span


def _group_of(per: str | None) -> Callable[[Any, str], str]:
    if per == "month":
        return lambda _row, month: month
    if per == "year":
        return lambda _row, month: month[:4]
    if per in ("province", "municipality"):
        return lambda row, _month: str(getattr(row, per))
    if per == "centre":
        return lambda row, _month: str(row.centre_id)
    return lambda _row, _month: ""


def _rows(conn: sa.Connection, first: str, last: str, province: str | None,
          municipality: str | None, per: str | None) -> Iterable[Row]:
    """The figures to add, each with its group. The totals per month and province serve the
    common questions; one municipality, or a table per centre, reads the centres' reports."""
    group = _group_of(per)
    if municipality or per in ("municipality", "centre"):
        for r in stored.report_rows(conn, first, last, province, municipality):
            key = group(r, r.month)
            for path, value in stored.figures_of(r).items():
                yield key, r.month, path, value
        return
    # Per province, SQL sums the flows over the months too (a twelfth of the rows to fetch);
    # over all provinces, grouping by month is what the table's key serves best (measured)
    by_province = per == "province"
    for r in stored.summed(conn, first, last, province, by_province=by_province,
                           by_month=not by_province, levels=figures.LEVELS):
        yield group(r, r.month), r.month, r.figure, int(r.value)


def _level_month(per: str | None, key: str, last: str) -> str:
    if per == "month":
        return key
    if per == "year":
        return min(last, f"{key}-12")
    return last


def _missing(conn: sa.Connection, span: list[str], province: str | None,
             municipality: str | None) -> tuple[list[Any], list[dict[str, Any]], dict[str, Any]]:
    centres = stored.list_centres(conn, province, municipality)
    reported = stored.reported(conn, span[0], span[-1], province, municipality)
    have = {(c, m) for c, m, _complete in reported}
    missing = [{"centre": c.id, "name": c.name, "municipality": c.municipality,
                "province": c.province,
                "months": [m for m in span if (c.id, m) not in have]} for c in centres]
    running = [{"centre": c, "month": m} for c, m, complete in reported if not complete]
    counts = {"expected": len(centres) * len(span), "reported": len(have),
              "complete": len(have) - len(running)}
    return centres, [m for m in missing if m["months"]], {**counts, "running": running}


def summary(conn: sa.Connection, first: str, last: str, province: str | None = None,
            municipality: str | None = None, per: str | None = None) -> dict[str, Any]:
    """Sums over centres and months (ratios recomputed, stock of the last month, medians and
    targets left out), the centre-months missing, and the same per group when asked."""
    span = _check_period(first, last)
    if per is not None and per not in PER:
        raise InvalidInput(f"per moet een van {', '.join(PER)} zijn", "invalid_per",
                           en=f"per must be one of {', '.join(PER)}")
    rows = list(_rows(conn, first, last, province, municipality, per))
    centres, missing, counts = _missing(conn, span, province, municipality)
    out: dict[str, Any] = {
        "from": first, "to": last, "province": province, "municipality": municipality,
        "centres": len(centres), "months": len(span), "stock_month": last,
        "centre_months": {k: v for k, v in counts.items() if k != "running"},
        "figures": figures.tree(figures.add(((m, p, v) for _g, m, p, v in rows), last)),
        "missing": missing, "running": counts["running"]}
    if per is not None:
        grouped: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for key, month, path, value in rows:
            grouped[key].append((month, path, value))
        out["per"] = per
        out["groups"] = {key: figures.tree(figures.add(grouped[key],
                                                       _level_month(per, key, last)))
                         for key in sorted(grouped)}
    return out


def recomputed(conn: sa.Connection, first: str, last: str) -> dict[str, Any]:
    """The summary's figures from the stored documents themselves (the benchmark's baseline,
    and the check that the maintained totals are right)."""
    import json

    rows = ((month, path, value) for month, text in stored.documents(conn, first, last)
            for path, value in figures.flatten(json.loads(text)).items())
    return figures.tree(figures.add(rows, last))


def centre_table(conn: sa.Connection, first: str, last: str) -> list[dict[str, Any]]:
    """Every centre with its last report in the period and its key figures over the period."""
    _check_period(first, last)
    table: dict[str, dict[str, Any]] = {
        c.id: {"centre": c.id, "name": c.name, "municipality": c.municipality,
               "province": c.province, "last_month": None, "last_revision": None,
               "received_at": None, "months": 0,
               "figures": dict.fromkeys(KEY_FIGURES, 0)} for c in stored.list_centres(conn)}
    for r in stored.centre_sums(conn, first, last):
        sums = {path: int(getattr(r, column)) for path, column in stored.KEY_FIGURES.items()}
        table[r.centre_id].update(
            last_month=r.last_month, last_revision=r.last_revision,
            received_at=stored.as_utc(r.received_at).isoformat(), months=r.months,
            figures={path: figures.get(sums, path) for path in KEY_FIGURES})
    return list(table.values())


def export_csv(conn: sa.Connection, first: str | None, last: str | None,
               province: str | None = None, municipality: str | None = None) -> str:
    """One row per centre and month (docs/README.md lists the columns)."""
    buf = io.StringIO()
    out = SafeWriter(buf)
    out.writerow(export.COLUMNS)
    for r in stored.report_rows(conn, first, last, province, municipality):
        about = {"centre": r.centre_id, "name": r.name, "municipality": r.municipality,
                 "province": r.province, "month": r.month, "revision": r.revision,
                 "final": "true" if r.final else "false",
                 "complete": "true" if r.complete else "false", "schema": r.schema,
                 "received_at": stored.as_utc(r.received_at).isoformat()}
        out.writerow(export.row(about, stored.figures_of(r), stored.questionnaire_of(r)))
    return buf.getvalue()
