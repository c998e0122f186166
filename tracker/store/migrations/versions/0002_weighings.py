"""weighings

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "weighings",
        sa.Column("n", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("scale_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clock_synced", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("protocol", sa.String(length=32), nullable=False),
        sa.Column("net_kg", sa.String(length=24), nullable=False),
        sa.Column("gross_kg", sa.String(length=24), nullable=True),
        sa.Column("tare_kg", sa.String(length=24), nullable=True),
        sa.Column("net_g", sa.Integer(), nullable=False),
        sa.Column("stable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("raw", sa.String(length=200), nullable=False),
        sa.Column("bound_to", sa.String(length=80), nullable=True),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("n"),
        sa.UniqueConstraint("id"),
    )
    with op.batch_alter_table("weighings", schema=None) as batch_op:
        batch_op.create_index("ix_weighings_scale_n", ["scale_id", "n"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("weighings", schema=None) as batch_op:
        batch_op.drop_index("ix_weighings_scale_n")

    op.drop_table("weighings")
