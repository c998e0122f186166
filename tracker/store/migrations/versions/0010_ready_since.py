"""ready_since: when an item last moved into ready_for_sale (markdown rules, CONTRACT §11)

The column is filled by the item projection's rebuild when the service starts
(tracker.services.rebuild.ensure_items: the projection's version goes up with it).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("ready_since", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("ready_since")
