"""till days: where each till stands in its days, open or closed (CONTRACT §11)

The days themselves are events (till_opened, till_closed on `till:{station}`); a till
without a row has never opened a day.

Revision ID: 0012
Revises: 0010 (there is no 0011: the vouchers needed no table)
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "till_days",
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("since_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station"),
    )


def downgrade() -> None:
    op.drop_table("till_days")
