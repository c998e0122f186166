"""The figures of a till's day (the Z-report's body), as its closing event keeps them. Data
only: domain/till_day.py adds them up from the day's sales and refunds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Amount:
    """Cents under a key: a discount's reason, a way of paying."""

    key: str
    cents: int


@dataclass(frozen=True)
class VatTotal:
    """The VAT of one rate (basis points) over a day: net and VAT, summed over the lines."""

    vat_bp: int
    net_cents: int
    vat_cents: int


@dataclass(frozen=True)
class DayTotals:
    """What went through a till in one day. Sales' revenue is after discounts; discounts and VAT
    are those of the sales less what the day's refunds gave back; `payments` per method is
    what the sales took (cash after rounding, without the change), `refunds_paid` what the
    refunds paid back that way; `rounding_cents` is the cash rounding (afronding), outside
    revenue and VAT."""

    sales: int = 0
    revenue_cents: int = 0
    refunds: int = 0
    refunded_cents: int = 0
    discounts: tuple[Amount, ...] = ()
    vat: tuple[VatTotal, ...] = ()
    payments: tuple[Amount, ...] = ()
    refunds_paid: tuple[Amount, ...] = ()
    rounding_cents: int = 0

    def taken(self, method: str) -> int:
        """What the sales took by one way of paying."""
        return sum(p.cents for p in self.payments if p.key == method)

    def paid_back(self, method: str) -> int:
        """What the refunds paid back by one way of paying."""
        return sum(p.cents for p in self.refunds_paid if p.key == method)
