"""Request and response shapes; requests forbid unknown fields so a typo is an error."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from tracker.domain import codes
from tracker.domain.items import Item
from tracker.domain.till import marked_down
from tracker.domain.values import EARLIEST_DATE, LATEST_DATE, eur, in_range, kg

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _iso_text(value: Any) -> Any:
    """Dates and times only as ISO text: a bare number would silently mean 1970."""
    if isinstance(value, datetime | date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise PydanticCustomError(  # Dutch in api.errors.DUTCH_CHECKS
            "iso_text", "give a date as YYYY-MM-DD (or a time as 2026-03-02T10:15:00+01:00)")
    return value


def _in_range(value: date) -> date:
    """No date or time outside what every conversion and both databases hold (values.py)."""
    if not in_range(value.date() if isinstance(value, datetime) else value):
        raise PydanticCustomError(  # Dutch in api.errors.DUTCH_CHECKS
            "date_out_of_range", "give a date between {earliest} and {latest}",
            {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()})
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_text), AfterValidator(_in_range)]
IsoDate = Annotated[date, BeforeValidator(_iso_text), AfterValidator(_in_range)]
Text = Field(default=None, max_length=500)
Alias = Field(default=None, max_length=64, pattern=r"^[\w.-]+$")


class CommandIn(BaseModel):
    """Every POST body: admins may back-date with `at`; `person` is an optional alias."""

    model_config = ConfigDict(extra="forbid")
    at: IsoDateTime | None = Field(default=None, description="admin only: when it happened")
    person: str | None = Alias


class ItemCreate(CommandIn):
    category: str = Field(max_length=32)
    scale_id: str | None = Field(default=None, max_length=64)
    weighing_id: str | None = Field(default=None, max_length=128)  # the one the page showed
    weight_kg: Decimal | None = None
    description: str | None = Text
    ords_category_id: int | None = None
    serial_number: str | None = Field(default=None, max_length=100)


class BulkIn(CommandIn):
    category: str = Field(max_length=32)
    weight_kg: Decimal | None = None
    scale_id: str | None = Field(default=None, max_length=64)
    weighing_id: str | None = Field(default=None, max_length=128)


Condition = Literal["as_new", "good", "fair", "for_parts"]  # CONTRACT §13


class InspectIn(CommandIn):
    outcome: Literal["sellable", "needs_repair", "unusable"]
    price_eur: Decimal | None = None
    stream: Literal["recycle", "residual"] | None = None
    condition: Condition | None = None


class RepairIn(CommandIn):
    outcome: Literal["fixed", "repairable", "end_of_life"]
    price_eur: Decimal | None = None
    barrier: str | None = Field(default=None, max_length=100)
    stream: Literal["recycle", "residual"] | None = None
    minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    condition: Condition | None = None


class PriceIn(CommandIn):
    price_eur: Decimal


class ReturnIn(CommandIn):
    pass


class CorrectIn(CommandIn):
    weight_kg: Decimal | None = None
    weighing_id: str | None = Field(default=None, max_length=128)
    category: str | None = Field(default=None, max_length=32)
    reason: str = Field(min_length=1, max_length=200)


class UpcycleIn(CommandIn):
    inputs: list[str] = Field(min_length=1, max_length=100)
    category: str = Field(max_length=32)
    weight_kg: Decimal | None = None
    scale_id: str | None = Field(default=None, max_length=64)
    price_eur: Decimal | None = None
    description: str | None = Text


class OwnRepairIn(CommandIn):
    category: str = Field(max_length=32)
    ords_category_id: int | None = None
    outcome: Literal["fixed", "repairable", "end_of_life"]
    barrier: str | None = Field(default=None, max_length=100)
    brand: str | None = Field(default=None, max_length=100)
    problem: str | None = Text
    activity_id: str | None = Field(default=None, max_length=64,
                                    description="the Repair Café session (that day) it was at")


class SaleLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str = Field(max_length=32)
    weight_kg: Decimal
    price_eur: Decimal


class DiscountIn(BaseModel):
    """Korting: on an item (code) or a line (index), else on the whole receipt."""

    model_config = ConfigDict(extra="forbid")
    item: str | None = Field(default=None, max_length=40)
    line: int | None = Field(default=None, ge=0, le=1000)
    eur: Decimal | None = None
    pct: Decimal | None = None
    reason: str = Field(max_length=64)


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    method: Literal["cash", "pin", "other", "voucher"]
    amount_eur: Decimal = Field(description="voucher: at most this comes off it (what is due; "
                                "the rest stays on the voucher, no change)")
    voucher: str | None = Field(default=None, max_length=80,
                                description="method voucher: its code or /v/ URL")


class SaleIn(CommandIn):
    items: list[str] = Field(default_factory=list, max_length=200)
    lines: list[SaleLineIn] = Field(default_factory=list, max_length=100)
    payment: Literal["cash", "pin", "other", "voucher"] | None = Field(
        default=None, description="all of it in one way (or `payments`; a voucher only there, "
                                  "with its code)")
    payments: list[PaymentIn] | None = Field(default=None, max_length=10,
                                             description="split payments; cash answers change")
    discounts: list[DiscountIn] = Field(default_factory=list, max_length=300)
    # code → the price the till showed from its copy of the shelf while it was offline
    shown_prices: dict[Annotated[str, Field(max_length=40)], Decimal] | None = Field(
        default=None, max_length=200)


class RefundIn(CommandIn):
    items: list[str] | None = Field(default=None, max_length=200)
    lines: list[Annotated[int, Field(ge=0, le=1000)]] | None = Field(default=None, max_length=100)
    method: Literal["cash", "pin", "voucher"]
    faulty: bool = False
    reason: str | None = Field(default=None, max_length=200)


class AttendanceIn(CommandIn):
    alias: str = Field(min_length=1, max_length=64)
    date: IsoDate
    hours: Decimal


class ItemOut(BaseModel):
    code: str
    qr: str
    state: str
    phase: str
    category: str
    weight_kg: float
    price_eur: float | None
    cycle: int
    site: str
    inputs: list[str]
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    ords_category_id: int | None = None
    serial_number: str | None = None
    markdown_pct: float | None = Field(default=None, description="a markdown rule's (at the "
                                       "till: the scan and the shelf)")
    marked_down_eur: float | None = Field(default=None, description="the price after it")
    condition: str | None = None
    reserved_until: datetime | None = Field(default=None, description="held for a customer "
                                            "until then (only while it holds)")
    reservation_note: str | None = None

    def held(self, item: Item, now: datetime) -> ItemOut:
        """With the reservation that holds it now (a lapsed one is not shown)."""
        if item.reserved_until is None or item.reserved_until <= now:
            return self
        return self.model_copy(update={"reserved_until": item.reserved_until,
                                       "reservation_note": item.reservation_note})

    def marked(self, price_cents: int | None, pct: Decimal | None) -> ItemOut:
        """With the markdown a rule gives it at the till (none: as it is)."""
        if pct is None or price_cents is None:
            return self
        return self.model_copy(update={"markdown_pct": float(pct),
                                       "marked_down_eur": eur(marked_down(price_cents, pct))})

    @classmethod
    def of(cls, item: Item, base_url: str) -> ItemOut:
        code = codes.display(item.code)
        return cls(
            code=code, qr=f"{base_url.rstrip('/')}/i/{code}", state=item.state.value,
            phase=item.phase, category=item.category, weight_kg=kg(item.weight_g),
            price_eur=eur(item.price_cents), cycle=item.cycle, site=item.site,
            inputs=[codes.display(c) for c in item.inputs], created_at=item.created_at,
            updated_at=item.updated_at, description=item.description,
            ords_category_id=item.ords_category_id, serial_number=item.serial_number,
            condition=item.condition,
        )


def public_data(data: dict[str, Any]) -> dict[str, Any]:
    """Event data with grams and cents shown as kg and euros, codes in display form."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key.endswith("_g") and isinstance(value, int):
            out[key[:-2] + "_kg"] = kg(value)
        elif key.endswith("_cents") and isinstance(value, int | None):
            out[key[:-6] + "_eur"] = eur(value)
        elif key in ("into",) and isinstance(value, str):
            out[key] = codes.display(value)
        elif key == "inputs":
            out[key] = [codes.display(c) for c in value]
        else:
            out[key] = value
    return out


class EventOut(BaseModel):
    seq: int
    type: str
    at: datetime
    site: str
    station: str
    person: str | None
    data: dict[str, Any]


class LineOut(BaseModel):
    category: str
    weight_kg: float
    price_eur: float


class VatOut(BaseModel):
    rate: float
    net_eur: float
    vat_eur: float


class PaymentOut(BaseModel):
    method: str
    amount_eur: float
    voucher: str | None = Field(default=None, exclude_if=lambda v: v is None,
                                description="method voucher: the tegoedbon's code")


class DiscountOut(BaseModel):
    item: str | None = None
    line: int | None = None
    reason: str
    eur: float


class MoneyOut(BaseModel):
    """The money of a receipt (CONTRACT §11): after discounts, VAT per rate, payments."""

    discount_eur: float
    discounts: list[DiscountOut]
    vat: list[VatOut]
    payments: list[PaymentOut]
    rounding_eur: float = Field(description="afronding: cash rounded to 5 cents")
    change_eur: float = Field(description="wisselgeld to give back")


class SaleOut(MoneyOut):
    sale_id: str
    total_eur: float
    payment: str
    items: list[ItemOut]
    lines: list[LineOut]


class SoldItemOut(BaseModel):
    code: str
    category: str
    weight_kg: float
    price_eur: float | None
    list_price_eur: float | None = None
    refunded: bool


class SoldLineOut(LineOut):
    index: int
    list_price_eur: float | None = None
    refunded: bool


class RefundRecordOut(BaseModel):
    refund_id: str
    at: datetime
    amount_eur: float
    method: str
    items: list[str]
    lines: list[int]


class SaleRecordOut(MoneyOut):
    """A sale as the till finds it for a refund (scan an item of it, or its receipt)."""

    sale_id: str
    at: datetime
    site: str
    payment: str
    total_eur: float
    items: list[SoldItemOut]
    lines: list[SoldLineOut]
    refunds: list[RefundRecordOut]


class RefundOut(BaseModel):
    refund_id: str
    sale_id: str
    amount_eur: float
    method: str
    items: list[ItemOut]
    lines: list[SoldLineOut]
    voucher: str | None = Field(default=None, description="method voucher: the new tegoedbon's "
                                "code (its balance: the amount)")
    voucher_qr: str | None = Field(default=None, description="what its QR code holds (/v/)")


class ShelfItemOut(BaseModel):
    code: str
    category: str
    price_eur: float | None
    description: str | None
    markdown_pct: float | None = None
    marked_down_eur: float | None = None


class ShelfOut(BaseModel):
    """What the till keeps on the device, to show prices while it is offline."""

    items: list[ShelfItemOut]


class PriceDifferenceOut(BaseModel):
    sale_id: str
    at: datetime
    site: str
    station: str
    code: str
    shown_eur: float | None
    listed_eur: float | None


class BulkOut(BaseModel):
    bulk_id: str
    category: str
    weight_kg: float


class OwnRepairOut(BaseModel):
    repair_id: str
    category: str
    outcome: str
    state: str
    ords_category_id: int | None = None
    barrier: str | None = None
    brand: str | None = None
    problem: str | None = None
    activity_id: str | None = None


class AttendanceOut(BaseModel):
    alias: str
    date: date
    hours: float


class CategoryOut(BaseModel):
    id: str
    label_nl: str
    label_en: str
    eu_group: str
    co2_factor: float
    vat_rate: float  # prices include it (CONTRACT §11)


class HealthOut(BaseModel):
    status: str  # ok | degraded (the ingest is not storing) | error (the database is away)
    db: str  # ok | error
    mqtt: str  # connected | disconnected
    # off (not configured), ok, disconnected, not_allowed (the broker's ACL refused the
    # subscriptions), no_scales (subscribed, no scale heard of since the start), stalled
    # (messages wait and nothing is stored), stopped (a thread died)
    ingest: str
    weighings_stored: int | None = None  # since the start of this process
    messages_refused: int | None = None
