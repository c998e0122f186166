"""An item's label data, from its projection: what the volunteer sticks on it."""

from __future__ import annotations

from decimal import Decimal

from labels import LabelData
from tracker.domain import codes
from tracker.domain.categories import Category
from tracker.domain.items import Item
from tracker.services.context import local_date


def qr_url(base_url: str, code: str) -> str:
    """What the QR holds: the item's public page (CONTRACT §3)."""
    return f"{base_url.rstrip('/')}/i/{codes.display(code)}"


def label_for(item: Item, base_url: str, centre_name: str,
              categories: dict[str, Category]) -> LabelData:
    """Label content for an item (the price only when it has one)."""
    category = categories.get(item.category)
    return LabelData(
        code=codes.display(item.code), qr_url=qr_url(base_url, item.code),
        category=category.label_nl if category else item.category,
        intake_date=local_date(item.created_at), centre=centre_name,
        weight_kg=Decimal(item.weight_g) / 1000,
        price_eur=None if item.price_cents is None else Decimal(item.price_cents) / 100,
        description=item.description or "",
    )
