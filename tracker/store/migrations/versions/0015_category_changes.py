"""category changes: labels, CO2 factor and VAT rate the admin set on /beheer (CONTRACT §12)

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "category_changes",
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("label_nl", sa.String(length=64), nullable=True),
        sa.Column("label_en", sa.String(length=64), nullable=True),
        sa.Column("co2_factor", sa.Numeric(7, 3), nullable=True),
        sa.Column("vat_rate", sa.Numeric(5, 4), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("category"),
    )


def downgrade() -> None:
    op.drop_table("category_changes")
