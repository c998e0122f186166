"""shop: item photos, an item's condition, reservations, when it last went onto the shelf

The new item columns are folded from the events by the item projection's rebuild when the
service starts (tracker.services.rebuild.ensure_items: its version goes up with them).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("condition", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("reserved_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reservation_note", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("shelved_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "photos",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("item_code", sa.String(length=9), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.Integer(), nullable=False),
        sa.Column("thumb_bytes", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_photos_item", "photos", ["item_code", "taken_at"])


def downgrade() -> None:
    op.drop_index("ix_photos_item", table_name="photos")
    op.drop_table("photos")
    with op.batch_alter_table("items") as batch:
        batch.drop_column("shelved_at")
        batch.drop_column("reservation_note")
        batch.drop_column("reserved_until")
        batch.drop_column("condition")
