"""stations: the receipt printer a till prints its receipts on (CONTRACT §11)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stations") as batch:  # SQLite rebuilds the table
        batch.add_column(sa.Column("receipt_printer", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("stations") as batch:
        batch.drop_column("receipt_printer")
