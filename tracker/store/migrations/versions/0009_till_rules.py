"""till rules: the discount reasons the admin keeps and the markdown rules (CONTRACT §11)

Revision ID: 0009
Revises: 0008
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DEFAULT_REASONS = ("beschadigd", "stadspas", "vrijwilliger")  # domain/till.DISCOUNT_REASONS


def upgrade() -> None:
    reasons = op.create_table(
        "discount_reasons",
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("reason"),
    )
    now = datetime.now(UTC)
    op.bulk_insert(reasons, [{"reason": r, "added_at": now} for r in DEFAULT_REASONS])
    op.create_table(
        "markdowns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("pct", sa.Numeric(5, 2), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("markdowns")
    op.drop_table("discount_reasons")
