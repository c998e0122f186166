"""What a receipt says, already in its language: the caller (tracker/services/receipts.py) fills
it from a sale. Money in exact cents. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Discount:
    """Korting on a part (or the whole receipt): its reason as shown, and cents off."""

    reason: str
    cents: int


@dataclass(frozen=True)
class Part:
    """One line of goods: a labelled item (`detail` its code) or goods by weight (the kg).
    `cents` is what was paid; `list_cents` the price before discounts, when they differ."""

    name: str
    detail: str
    cents: int
    list_cents: int | None = None
    discounts: tuple[Discount, ...] = ()


@dataclass(frozen=True)
class Vat:
    """Btw of one rate: `rate` as shown ("21%"), the net amount and the VAT in it."""

    rate: str
    net_cents: int
    vat_cents: int


@dataclass(frozen=True)
class Payment:
    """What one way of paying took: `method` as shown ("Contant")."""

    method: str
    cents: int


@dataclass(frozen=True)
class Refund:
    """Money given back on this sale: when (local), how, and for which parts (as shown)."""

    at: datetime
    method: str
    cents: int
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Receipt:
    """A kassabon. `at` is local time; `words` the fixed texts in the receipt's language
    (keys: receipt, total, vat, vat_over, discount, change, rounding, refunded, scan, eur)."""

    centre: str
    site: str
    at: datetime
    number: str
    url: str
    parts: tuple[Part, ...]
    total_cents: int
    payments: tuple[Payment, ...]
    words: Mapping[str, str]
    decimal_comma: bool = True  # 12,50 in Dutch, 12.50 in English
    vat: tuple[Vat, ...] = ()
    discounts: tuple[Discount, ...] = ()  # on the whole receipt
    rounding_cents: int | None = None  # cash rounding to 5 cents (afronding)
    change_cents: int | None = None  # wisselgeld
    refunds: tuple[Refund, ...] = field(default=())
