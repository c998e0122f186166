"""The receiver's tables (its own metadata, never the tracker's Alembic chain) and their SQL.

`reports` keeps the winning revision of every centre-month with its document and its
figures; `totals` keeps those figures summed per month and province, updated in the same
transaction, so that a year over every centre is a few thousand rows to add, not thousands
of documents to read (`benchmarks/bench_national.py`). A few key figures are also columns of
the report row, so that the centres' table sums them in SQL without reading every report's
figures; December's questionnaire answers are a column too, for the export."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tracker.domain.errors import DomainError
from tracker.store.database import Database

metadata = sa.MetaData()
# The figures the centres' table shows beside each centre's last report: path -> column.
KEY_FIGURES = {"inflow/kg": "key_inflow_kg", "outflow/sold/kg": "key_sold_kg",
               "outflow/sold/revenue_eur": "key_revenue_eur",
               "co2_avoided_kg": "key_co2_avoided_kg",
               "repairs/attempted": "key_repairs_attempted"}
BACKFILL_BATCH = 500  # report rows read at a time when version 2 fills its new columns
# PostgreSQL advisory lock held while migrating: two commands started at once take turns.
MIGRATION_LOCK_KEY = 0x6E617469  # "nati"

schema_version = sa.Table("national_schema", metadata,
                          sa.Column("version", sa.Integer, nullable=False))

centres = sa.Table(
    "national_centres", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("municipality", sa.Text, nullable=False),
    sa.Column("province", sa.Text, nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

viewers = sa.Table(
    "national_viewers", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

reports = sa.Table(
    "national_reports", metadata,
    sa.Column("centre_id", sa.String(64), sa.ForeignKey("national_centres.id"),
              primary_key=True),
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("final", sa.Boolean, nullable=False),
    sa.Column("to_date", sa.Date, nullable=False),
    sa.Column("complete", sa.Boolean, nullable=False),  # to_date is the month's last day
    sa.Column("schema", sa.String(32), nullable=False),
    sa.Column("via", sa.String(8), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("figures", sa.Text, nullable=False),  # JSON: path -> millionths
    # KEY_FIGURES as columns (millionths), for the centres' table (schema version 2)
    *(sa.Column(column, sa.BigInteger, nullable=False, server_default=sa.text("0"))
      for column in KEY_FIGURES.values()),
    sa.Column("questionnaire", sa.Text),  # JSON {"year", "answers"} of a December document
    # the summary counts reports by month without reading the documents: an index it covers
    sa.Index("national_reports_month", "month", "centre_id", "complete"),
)

totals = sa.Table(
    "national_totals", metadata,
    sa.Column("month", sa.String(7), primary_key=True),
    sa.Column("province", sa.Text, primary_key=True),
    sa.Column("figure", sa.Text, primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)


class NationalSchemaTooNew(DomainError):
    """The database was set up by a newer version of the receiver (a rollback)."""

    code = "schema_too_new"


def _create_v1(conn: sa.Connection) -> None:
    metadata.create_all(conn, tables=[centres, viewers, reports, totals])


def derived(flat: Mapping[str, int], doc: Mapping[str, Any]) -> dict[str, Any]:
    """The report row's columns taken from its figures and document: the key figures and the
    questionnaire (a December document's answers)."""
    answers = doc.get("questionnaire")
    return {**{column: flat.get(path, 0) for path, column in KEY_FIGURES.items()},
            "questionnaire": json.dumps(answers, ensure_ascii=False) if answers else None}


def _add_key_columns(conn: sa.Connection) -> None:
    """Version 2: the key figures and the questionnaire as columns of the report row, filled
    from the reports already held (a fresh database has them from `_create_v1`)."""
    have = {c["name"] for c in sa.inspect(conn).get_columns(reports.name)}
    for column in [*KEY_FIGURES.values(), "questionnaire"]:
        if column not in have:
            kind = "TEXT" if column == "questionnaire" else "BIGINT NOT NULL DEFAULT 0"
            conn.execute(sa.text(f"ALTER TABLE {reports.name} ADD COLUMN {column} {kind}"))
    after: tuple[str, str] = ("", "")
    while rows := conn.execute(
            sa.select(reports.c.centre_id, reports.c.month, reports.c.figures,
                      reports.c.document)
            .where(sa.tuple_(reports.c.centre_id, reports.c.month) > after)
            .order_by(reports.c.centre_id, reports.c.month).limit(BACKFILL_BATCH)).all():
        for r in rows:
            values = derived(json.loads(r.figures), json.loads(r.document))
            conn.execute(sa.update(reports).where(reports.c.centre_id == r.centre_id,
                                                  reports.c.month == r.month).values(**values))
        after = (rows[-1].centre_id, rows[-1].month)


# Each step brings the schema from the version before it to its own; append, never edit.
MIGRATIONS: list[tuple[int, Callable[[sa.Connection], None]]] = [(1, _create_v1),
                                                                  (2, _add_key_columns)]
HEAD = MIGRATIONS[-1][0]


def migrate(db: Database) -> int:
    """Create or upgrade the receiver's tables; returns the schema version."""
    with db.write() as conn:
        if not db.is_sqlite:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                         {"key": MIGRATION_LOCK_KEY})
        schema_version.create(conn, checkfirst=True)
        current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
        if current > HEAD:
            raise NationalSchemaTooNew(
                f"de database van de landelijke ontvanger staat op versie {current}, deze "
                f"versie kent tot en met {HEAD}: installeer de nieuwere versie weer",
                en=f"the national receiver's database is at version {current}, this version "
                   f"knows up to {HEAD}: install the newer version again")
        for version, step in MIGRATIONS:
            if version > current:
                step(conn)
        if current < HEAD:
            conn.execute(sa.delete(schema_version))
            conn.execute(sa.insert(schema_version).values(version=HEAD))
    return HEAD


def add_centre(conn: sa.Connection, centre_id: str, name: str, municipality: str,
               province: str, token_hash: str, now: datetime) -> None:
    conn.execute(sa.insert(centres).values(id=centre_id, name=name, municipality=municipality,
                                           province=province, token_hash=token_hash,
                                           created_at=now))


def get_centre(conn: sa.Connection, centre_id: str, lock: bool = False) -> Any:
    query = sa.select(centres).where(centres.c.id == centre_id)
    return conn.execute(query.with_for_update() if lock else query).first()


def set_token(conn: sa.Connection, centre_id: str, token_hash: str) -> None:
    conn.execute(sa.update(centres).where(centres.c.id == centre_id)
                 .values(token_hash=token_hash))


def centre_by_token(conn: sa.Connection, token_hash: str) -> Any:
    return conn.execute(sa.select(centres).where(centres.c.token_hash == token_hash)).first()


def list_centres(conn: sa.Connection, province: str | None = None,
                 municipality: str | None = None) -> list[Any]:
    query = sa.select(centres).order_by(centres.c.province, centres.c.id)
    if province:
        query = query.where(centres.c.province == province)
    if municipality:
        query = query.where(centres.c.municipality == municipality)
    return list(conn.execute(query))


def add_viewer(conn: sa.Connection, name: str, token_hash: str, now: datetime) -> None:
    conn.execute(sa.insert(viewers).values(name=name, token_hash=token_hash, created_at=now))


def get_viewer(conn: sa.Connection, name: str) -> Any:
    return conn.execute(sa.select(viewers).where(viewers.c.name == name)).first()


def viewer_by_token(conn: sa.Connection, token_hash: str) -> Any:
    return conn.execute(sa.select(viewers).where(viewers.c.token_hash == token_hash)).first()


def get_report(conn: sa.Connection, centre_id: str, month: str) -> Any:
    return conn.execute(sa.select(reports).where(reports.c.centre_id == centre_id,
                                                 reports.c.month == month)).first()


def put_report(conn: sa.Connection, values: Mapping[str, Any], replace: bool) -> None:
    """Insert the centre-month's report, or replace the one there (`replace`)."""
    if replace:
        conn.execute(sa.update(reports).where(reports.c.centre_id == values["centre_id"],
                                              reports.c.month == values["month"])
                     .values(**values))
    else:
        conn.execute(sa.insert(reports).values(**values))


def _upsert(conn: sa.Connection) -> Any:
    return (sqlite if conn.dialect.name == "sqlite" else postgresql).insert(totals)


def add_totals(conn: sa.Connection, month: str, province: str,
               deltas: Mapping[str, int]) -> None:
    """Add figure changes to the month's totals for the province (in a fixed order: two
    centres of one province writing at once lock the rows in the same order, no deadlock).
    A change of zero still makes the row: a figure a document has shows, as 0."""
    rows = [{"month": month, "province": province, "figure": f, "value": v}
            for f, v in sorted(deltas.items())]
    if not rows:
        return
    insert = _upsert(conn)
    conn.execute(insert.on_conflict_do_update(
        index_elements=[totals.c.month, totals.c.province, totals.c.figure],
        set_={"value": totals.c.value + insert.excluded.value}), rows)


def summed(conn: sa.Connection, first: str, last: str, province: str | None,
           by_province: bool = False, by_month: bool = True,
           levels: tuple[str, ...] = ()) -> list[Any]:
    """(month, province, figure, value) from the totals, summed over provinces unless
    `by_province`. Without `by_month`, flows come summed over the months too (month ''),
    and only the figures under `levels` (a state at a month's end) keep their month: a few
    hundred rows instead of one per month, province and figure."""
    month: Any = totals.c.month
    if not by_month:
        is_level = sa.or_(sa.false(), *(totals.c.figure.startswith(p, autoescape=True)
                                        for p in levels))
        month = sa.case((is_level, totals.c.month), else_=sa.literal(""))
    month = month.label("month")
    place = totals.c.province if by_province else sa.literal("").label("province")
    keys = [month, place, totals.c.figure]
    query = (sa.select(*keys, sa.func.sum(totals.c.value).label("value"))
             .where(totals.c.month >= first, totals.c.month <= last).group_by(*keys))
    if province:
        query = query.where(totals.c.province == province)
    return list(conn.execute(query))


def centre_sums(conn: sa.Connection, first: str, last: str) -> list[Any]:
    """Per centre with reports in the months: how many, the last one (month, revision,
    received_at) and the key figures summed (KEY_FIGURES' columns), in one grouped query."""
    r = reports.c
    sums = [sa.func.sum(r[column]).label(column) for column in KEY_FIGURES.values()]
    grouped = (sa.select(r.centre_id, sa.func.count().label("months"),
                         sa.func.max(r.month).label("last_month"), *sums)
               .where(r.month >= first, r.month <= last).group_by(r.centre_id).subquery())
    query = (sa.select(grouped, r.revision.label("last_revision"), r.received_at)
             .join(reports, sa.and_(r.centre_id == grouped.c.centre_id,
                                    r.month == grouped.c.last_month)))
    return list(conn.execute(query))


def report_rows(conn: sa.Connection, first: str | None, last: str | None,
                province: str | None = None, municipality: str | None = None,
                figures: bool = True) -> list[Any]:
    """Reports with their centre's place, by centre and month; the figures when asked."""
    cols = [reports.c.centre_id, reports.c.month, reports.c.revision, reports.c.final,
            reports.c.to_date, reports.c.complete, reports.c.schema, reports.c.via,
            reports.c.received_at, reports.c.questionnaire,
            centres.c.name, centres.c.municipality, centres.c.province]
    query = (sa.select(*cols, *([reports.c.figures] if figures else []))
             .join(centres, centres.c.id == reports.c.centre_id)
             .order_by(reports.c.centre_id, reports.c.month))
    if first:
        query = query.where(reports.c.month >= first)
    if last:
        query = query.where(reports.c.month <= last)
    if province:
        query = query.where(centres.c.province == province)
    if municipality:
        query = query.where(centres.c.municipality == municipality)
    return list(conn.execute(query))


def reported(conn: sa.Connection, first: str, last: str, province: str | None = None,
             municipality: str | None = None) -> list[tuple[str, str, bool]]:
    """(centre, month, complete) of the reports in the months: what the summary counts."""
    query = (sa.select(reports.c.centre_id, reports.c.month, reports.c.complete)
             .where(reports.c.month >= first, reports.c.month <= last))
    if province or municipality:
        query = query.join(centres, centres.c.id == reports.c.centre_id)
        if province:
            query = query.where(centres.c.province == province)
        if municipality:
            query = query.where(centres.c.municipality == municipality)
    return [(c, m, bool(done)) for c, m, done in conn.execute(query)]


def documents(conn: sa.Connection, first: str, last: str) -> Iterable[tuple[str, str]]:
    """(month, document JSON) of every stored report in the months (the benchmark's
    recomputation, and a rebuild)."""
    query = (sa.select(reports.c.month, reports.c.document)
             .where(reports.c.month >= first, reports.c.month <= last))
    return [(r.month, r.document) for r in conn.execute(query)]


def figures_of(row: Any) -> dict[str, int]:
    return dict(json.loads(row.figures))


def questionnaire_of(row: Any) -> dict[str, Any] | None:
    """A December report's questionnaire (`{"year", "answers"}`), or None."""
    return dict(json.loads(row.questionnaire)) if row.questionnaire else None


def as_utc(value: datetime) -> datetime:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
