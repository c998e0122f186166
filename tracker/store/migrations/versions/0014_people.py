"""people: opaque ids, target groups, places, skills, badges, presence (CONTRACT §12)

The alias moves to the people table only: attendance rows, the `person` of every event and
the leaders and learners in activity events are rewritten once to the person's opaque id.
Each person gets an enrolment from the day they were added (group from their role where it
is one: employee, volunteer, student → intern; a participant's group is not known). Sites get
a closing time for forgotten clock-outs.

Revision ID: 0014
Revises: 0013
"""

import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

LOCAL = ZoneInfo("Europe/Amsterdam")
GROUP_OF_ROLE = {"employee": "employee", "volunteer": "volunteer", "student": "intern"}
TZ = sa.DateTime(timezone=True)


def _rewrite_events(conn: sa.Connection, ids: dict[str, str]) -> None:
    """Every event's `person`, and the aliases in activity events, to the mapped value."""
    if not ids:
        return
    ev = sa.table("events", sa.column("id"), sa.column("person"), sa.column("type"),
                  sa.column("data", sa.JSON))
    for old, new in ids.items():
        conn.execute(ev.update().where(ev.c.person == old).values(person=new))
    for row in conn.execute(sa.select(ev.c.id, ev.c.data).where(ev.c.type == "activity")):
        data: dict[str, Any] = dict(row.data)
        changed = False
        for key in ("leaders", "learners"):
            if key in data:
                mapped = [ids.get(a, a) for a in data[key]]
                changed = changed or mapped != data[key]
                data[key] = mapped
        if changed:
            conn.execute(ev.update().where(ev.c.id == row.id).values(data=data))


def _people_tables() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("alias", sa.String(length=64), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("erased_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("alias"),
    )
    op.create_table(
        "attendance",
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("person_id", "date"),
    )
    op.create_index("ix_attendance_date", "attendance", ["date"], unique=False)


def upgrade() -> None:
    conn = op.get_bind()
    old_people = conn.execute(sa.text("SELECT alias, role, site_id, created_at FROM people")
                              ).all()
    old_hours = conn.execute(sa.text(
        "SELECT alias, date, hours, site_id, created_at FROM attendance")).all()
    op.drop_index("ix_attendance_date", table_name="attendance")
    op.drop_table("attendance")
    op.drop_table("people")
    _people_tables()
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("target_group", sa.String(length=24), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_enrolments_person", "enrolments", ["person_id"], unique=False)
    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("target_group", sa.String(length=24), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("set_at", TZ, nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("skill", sa.String(length=200), nullable=False),
        sa.Column("certificate", sa.Boolean(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_skills_person", "skills", ["person_id"], unique=False)
    op.create_table(
        "badges",
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_badges_person", "badges", ["person_id"], unique=False)
    op.create_table(
        "presence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("clock_in", TZ, nullable=False),
        sa.Column("clock_out", TZ, nullable=True),
        sa.Column("forgotten", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_presence_person", "presence", ["person_id", "clock_in"], unique=False)
    op.create_index("ix_presence_clock_in", "presence", ["clock_in"], unique=False)
    with op.batch_alter_table("sites") as batch:
        batch.add_column(sa.Column("closes", sa.String(length=5), nullable=True))

    ids = {p.alias: uuid.uuid4().hex for p in old_people}
    people = sa.table("people", *(sa.column(c) for c in (
        "id", "alias", "role", "site_id", "created_at")))
    enrolments = sa.table("enrolments", *(sa.column(c) for c in (
        "person_id", "target_group", "role", "site_id", "start_date", "created_at")))
    attendance = sa.table("attendance", *(sa.column(c) for c in (
        "person_id", "date", "hours", "site_id", "created_at")))
    for p in old_people:
        created = p.created_at
        if isinstance(created, str):  # SQLite hands back text through a plain query
            created = datetime.fromisoformat(created)
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        conn.execute(people.insert().values(id=ids[p.alias], alias=p.alias, role=p.role,
                                            site_id=p.site_id, created_at=created))
        conn.execute(enrolments.insert().values(
            person_id=ids[p.alias], target_group=GROUP_OF_ROLE.get(p.role), role=p.role,
            site_id=p.site_id, start_date=created.astimezone(LOCAL).date(), created_at=created))
    for h in old_hours:
        conn.execute(attendance.insert().values(person_id=ids[h.alias], date=h.date,
                                                hours=h.hours, site_id=h.site_id,
                                                created_at=h.created_at))
    _rewrite_events(conn, ids)


def downgrade() -> None:
    conn = op.get_bind()
    people = conn.execute(sa.text("SELECT id, alias, role, site_id, created_at FROM people")
                          ).all()
    hours = conn.execute(sa.text(
        "SELECT person_id, date, hours, site_id, created_at FROM attendance")).all()
    aliases = {p.id: p.alias or p.id for p in people}  # an erased person keeps only the id
    with op.batch_alter_table("sites") as batch:
        batch.drop_column("closes")
    for index, table in (("ix_presence_clock_in", "presence"), ("ix_presence_person", "presence"),
                         ("ix_badges_person", "badges"), ("ix_skills_person", "skills"),
                         ("ix_enrolments_person", "enrolments"),
                         ("ix_attendance_date", "attendance")):
        op.drop_index(index, table_name=table)
    for table in ("presence", "badges", "skills", "places", "enrolments", "attendance",
                  "people"):
        op.drop_table(table)
    op.create_table(
        "people",
        sa.Column("alias", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("alias"),
    )
    op.create_table(
        "attendance",
        sa.Column("alias", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["alias"], ["people.alias"]),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"]),
        sa.PrimaryKeyConstraint("alias", "date"),
    )
    op.create_index("ix_attendance_date", "attendance", ["date"], unique=False)
    old_people = sa.table("people", *(sa.column(c) for c in (
        "alias", "role", "site_id", "created_at")))
    old_hours = sa.table("attendance", *(sa.column(c) for c in (
        "alias", "date", "hours", "site_id", "created_at")))
    for p in people:
        conn.execute(old_people.insert().values(alias=aliases[p.id], role=p.role,
                                                site_id=p.site_id, created_at=p.created_at))
    for h in hours:
        conn.execute(old_hours.insert().values(alias=aliases[h.person_id], date=h.date,
                                               hours=h.hours, site_id=h.site_id,
                                               created_at=h.created_at))
    _rewrite_events(conn, aliases)
