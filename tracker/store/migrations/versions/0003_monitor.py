"""monitor figures, feed outbox

Revision ID: 0003
Revises: 0002
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

FIGURES_VERSION = 1  # tracker.domain.figures.FIGURES_VERSION when this migration was written


def upgrade() -> None:

    op.create_table(
        "daily_figures",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("figure", sa.String(length=24), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("grams", sa.BigInteger(), nullable=False),
        sa.Column("cents", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "site_id", "figure", "key"),
    )
    op.create_table(
        "daily_stock",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("grams", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "site_id", "state"),
    )
    op.create_table(
        "feed_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("receiver", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("receiver", "month", "revision", name="uq_feed_outbox_revision"),
    )
    with op.batch_alter_table("feed_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_feed_outbox_pending", ["delivered_at", "next_attempt_at"],
                              unique=False)

    op.create_table(
        "projections",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_date", ["date"], unique=False)

    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cycle_started_at", sa.DateTime(timezone=True),
                                      nullable=True))

    # Data: each item's current life began at its newest intake, making or return.
    op.execute(
        "UPDATE items SET cycle_started_at = (SELECT MAX(e.at) FROM events e "
        "WHERE e.stream = items.code AND e.type IN ('collected', 'made', 'returned'))"
    )
    # An empty database has nothing to count: its figures are current. Otherwise the tracker
    # builds them from the event log when it starts (tracker.services.monitor.ensure_figures).
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM events LIMIT 1")).first() is None:
        projections = sa.table("projections", sa.column("name"), sa.column("version"),
                               sa.column("built_at", sa.DateTime(timezone=True)))
        op.bulk_insert(projections, [{"name": "figures", "version": FIGURES_VERSION,
                                      "built_at": datetime.now(UTC)}])


def downgrade() -> None:

    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("cycle_started_at")

    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_date")

    op.drop_table("projections")
    with op.batch_alter_table("feed_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_feed_outbox_pending")

    op.drop_table("feed_outbox")
    op.drop_table("daily_stock")
    op.drop_table("daily_figures")
