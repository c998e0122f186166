"""ORDS: import Repair Café records as own-use repairs; export every repair as ORDS v0.3."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from tracker.domain import events as ev
from tracker.domain import ords
from tracker.domain.calendar import local_noon
from tracker.domain.categories import Category
from tracker.domain.errors import InvalidInput
from tracker.services import repairs
from tracker.services.context import Actor, Tx
from tracker.store import ords as stored
from tracker.store import repository as repo
from tracker.store import stations as stored_stations

IMPORT_CATEGORY = "elektrisch"  # ORDS records are electrical and electronic products
IMPORT_STATION = "ords-import"  # who recorded them, in each event
STREAM_PREFIX = "repair:ords:"  # keyed by the record's id: a second import adds nothing
COUNTRY = "NLD"  # our own records
EXISTING_CHUNK = 500  # ids looked up per query (well under every driver's parameter limit)
_ORDS_FIELDS = ("id", "data_provider", "country", "partner_product_category",
                "product_category", "year_of_manufacture", "product_age", "group_identifier")


@dataclass
class ImportReport:
    """What an import did: new records, records it already had, rows it could not take."""

    imported: int = 0
    already_present: int = 0
    rejected: list[ords.Rejected] = field(default_factory=list)


def _existing(conn: sa.Connection, streams: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(streams), EXISTING_CHUNK):
        chunk = streams[i:i + EXISTING_CHUNK]
        found.update(repo.existing_streams(conn, chunk))
    return found


def import_records(conn: sa.Connection, records: Sequence[ords.Record], site: str,
                   now: datetime, categories: Mapping[str, Category],
                   progress: Callable[[int], None] | None = None) -> ImportReport:
    """Record each new ORDS record as an own-use repair on its event date, in one transaction."""
    if stored_stations.get_site(conn, site) is None:
        raise InvalidInput(f"locatie '{site}' bestaat niet", "site_not_found",
                           en=f"site '{site}' does not exist")
    tx = Tx.on(conn, Actor(IMPORT_STATION, "admin", site), now, categories=dict(categories))
    have = _existing(conn, [STREAM_PREFIX + r.id for r in records])
    report = ImportReport()
    for r in records:
        if STREAM_PREFIX + r.id in have:
            report.already_present += 1
        else:
            tx.at = local_noon(r.event_date)  # an event on that local date, whatever DST does
            repairs.record_own_use(
                tx, IMPORT_CATEGORY, r.outcome, r.product_category_id, r.barrier, r.brand,
                r.problem, key="ords:" + r.id,
                ords={k: getattr(r, k) for k in _ORDS_FIELDS if getattr(r, k)})
            report.imported += 1
        if progress is not None:
            progress(1)
    tx.commit()
    return report


def id_prefix(centre: str) -> str:
    """Our ORDS ids are `<letters>-<number>` as the standard's pattern asks."""
    return re.sub(r"[^a-z]", "", centre.lower()) or "ambacht"


def export_records(conn: sa.Connection, start: date | None, end: date | None, *, centre: str,
                   provider: str, categories: Mapping[str, Category]) -> Iterator[ords.Record]:
    """Every repair in the period, oldest first: own-use repairs and repair-bench outcomes."""
    prefix = id_prefix(centre)
    for row in stored.repairs(conn, start, end):
        f = ev.REGISTRY.read(row.type, row.data)
        if isinstance(f, ev.OwnUseRepair):
            if f.ords:  # an imported record goes out as it came
                yield ords.Record(
                    id=f.ords["id"], outcome=f.outcome, event_date=row.local_date,
                    product_category_id=f.ords_category_id, barrier=f.barrier, brand=f.brand,
                    problem=f.problem,
                    **{k: f.ords.get(k, "") for k in _ORDS_FIELDS if k != "id"})
                continue
            category, product, brand, problem = (f.category, f.ords_category_id, f.brand,
                                                 f.problem)
        else:
            assert isinstance(f, ev.Repaired)
            category, product, brand, problem = row.category, row.ords_category_id, None, None
        label = categories[category].label_en if category in categories else (category or "")
        if isinstance(f, ev.Repaired) and row.description:
            label = f"{label} ~ {row.description}"
        yield ords.Record(
            id=f"{prefix}-{row.id}", outcome=f.outcome, event_date=row.local_date,
            product_category_id=product, barrier=f.barrier, brand=brand, problem=problem,
            data_provider=provider, country=COUNTRY, partner_product_category=label,
            group_identifier=row.site_id)
