"""The money at the till (CONTRACT §11): VAT per line, discounts, split payments and cash
rounding, all in exact cents. Pure: services/sales.py looks things up and records the sale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tracker.domain.errors import InvalidInput

BP = 10_000  # VAT rates are kept in basis points: 21% is 2100, exact in an integer
DEFAULT_VAT_BP = 2100  # the Dutch general rate; prices at the till include it
# Dutch shops round a cash total to 5 cents (the 1 and 2 cent coins are out of use); a card
# payment is exact.
CASH_STEP_CENTS = 5
# The reasons a cashier may give a discount: a short list the admin keeps.
DISCOUNT_REASONS = ("beschadigd", "stadspas", "vrijwilliger")
MARKDOWN = "markdown"  # the reason of a discount a markdown rule gave (not chosen by hand)
METHODS = ("cash", "pin", "other")
# A tegoedbon (domain/vouchers.py): exact like pin, and the payment names its code. Not in
# METHODS, the monitor's fixed keys: it shows in `till.payments` once a voucher was used.
VOUCHER = "voucher"
CASH = "cash"  # the one way of paying that is rounded and gives change


def bp(rate: Decimal | float | str) -> int:
    """A VAT rate (0.21) in basis points (2100)."""
    return int((Decimal(str(rate)) * BP).to_integral_value(ROUND_HALF_UP))


def rate(vat_bp: int) -> float:
    """Basis points (2100) as the rate the API shows (0.21)."""
    return vat_bp / BP


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (both not negative)."""
    return (2 * numerator + denominator) // (2 * denominator)


def vat_cents(price_cents: int, vat_bp: int) -> int:
    """The VAT inside a price incl. VAT, rounded half up to a cent (per line, as on a receipt)."""
    return _half_up(price_cents * vat_bp, BP + vat_bp)


@dataclass(frozen=True)
class VatPart:
    """VAT of one rate on a receipt: the sum of its lines."""

    vat_bp: int
    net_cents: int
    vat_cents: int


def vat_by_rate(lines: Iterable[tuple[int, int]]) -> list[VatPart]:
    """(price incl. VAT, rate in bp) per line → per rate the net and VAT, VAT rounded per line."""
    sums: dict[int, list[int]] = {}
    for price, vat_bp in lines:
        acc = sums.setdefault(vat_bp, [0, 0])
        vat = vat_cents(price, vat_bp)
        acc[0] += price - vat
        acc[1] += vat
    return [VatPart(r, net, vat) for r, (net, vat) in sorted(sums.items())]


@dataclass(frozen=True)
class Discount:
    """A discount asked for at the till: on one part of the receipt (`part`, in receipt order:
    the items, then the lines) or the whole receipt (None); in cents or a percentage."""

    part: int | None
    reason: str
    cents: int | None = None
    pct: Decimal | None = None


def _amount(d: Discount, price: int) -> int:
    if d.pct is not None:
        if not 0 < d.pct <= 100:
            raise InvalidInput("een korting in procenten ligt tussen 0 en 100", "invalid_discount",
                               en="a discount in percent lies between 0 and 100")
        return int((Decimal(price) * d.pct / 100).to_integral_value(ROUND_HALF_UP))
    if d.cents is None or d.cents <= 0:
        raise InvalidInput("een korting is een bedrag (eur) of een percentage (pct) boven 0",
                           "invalid_discount",
                           en="a discount is an amount (eur) or a percentage (pct) above 0")
    return d.cents


def check_reason(reason: str, reasons: Sequence[str]) -> None:
    """A discount's reason is one of the admin's list (or a markdown rule's)."""
    if reason != MARKDOWN and reason not in reasons:
        known = ", ".join(reasons)
        raise InvalidInput(f"onbekende reden voor korting '{reason}' (kies uit: {known})",
                           "unknown_discount_reason",
                           en=f"unknown reason for a discount '{reason}' (choose from: {known})")


def spread(amount: int, weights: Sequence[int]) -> list[int]:
    """`amount` cents over parts in proportion to `weights`, by largest remainder (ties: the
    earlier part); the shares add up to `amount` exactly."""
    total = sum(weights)
    if total == 0:
        return [0] * len(weights)
    shares = [amount * w // total for w in weights]
    rest = amount - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


def discounts(prices: Sequence[int], asked: Sequence[Discount], reasons: Sequence[str]
              ) -> list[list[tuple[str, int]]]:
    """Per part of the receipt its discounts (reason, cents): first those on a part, then those
    on the whole receipt spread over what is left of each part. A discount over the price is
    refused."""
    left = list(prices)
    out: list[list[tuple[str, int]]] = [[] for _ in prices]
    for d in (d for d in asked if d.part is not None):
        check_reason(d.reason, reasons)
        assert d.part is not None
        cents = _amount(d, left[d.part])
        if cents > left[d.part]:
            raise InvalidInput("een korting is hoger dan de prijs", "discount_over_price",
                               en="a discount is higher than the price")
        left[d.part] -= cents
        out[d.part].append((d.reason, cents))
    for d in (d for d in asked if d.part is None):
        check_reason(d.reason, reasons)
        cents = _amount(d, sum(left))
        if cents > sum(left):
            raise InvalidInput("de korting op de bon is hoger dan het totaal",
                               "discount_over_price",
                               en="the receipt's discount is higher than its total")
        for n, share in enumerate(spread(cents, left)):
            if share:
                left[n] -= share
                out[n].append((d.reason, share))
    return out


def cash_rounded(cents: int) -> int:
    """A cash amount to the nearest CASH_STEP_CENTS (1, 2 down; 3, 4 up)."""
    return (cents + CASH_STEP_CENTS // 2) // CASH_STEP_CENTS * CASH_STEP_CENTS


@dataclass(frozen=True)
class Settled:
    """How a receipt was paid: per method what was taken (cash after rounding), the rounding
    (afronding, outside revenue and VAT) and the change to give back."""

    payments: tuple[tuple[str, int], ...]
    rounding_cents: int
    change_cents: int


def check_method(method: str) -> None:
    """Cash, pin, other or voucher."""
    if method not in (*METHODS, VOUCHER):
        raise InvalidInput("betaalwijze moet cash, pin, other of voucher zijn", "invalid_payment",
                           en="payment must be cash, pin, other or voucher")


def _checked(total: int, paid: Sequence[tuple[str, int | None]]) -> dict[str, int]:
    """Per method the amount paid, each payment checked (an amount left out, one payment
    alone: what is due, cash rounded)."""
    if not paid:
        raise InvalidInput("geef een betaalwijze op", "invalid_payment",
                           en="give a way of paying")
    for method, cents in paid:
        check_method(method)
        if method == VOUCHER:  # its code and balance matter: domain/vouchers.settle
            raise InvalidInput("een tegoedbon betaalt met zijn code", "invalid_payment",
                               en="a voucher pays with its code")
        if cents is not None and cents < 0:
            raise InvalidInput("een bedrag mag niet negatief zijn", "invalid_payment",
                               en="an amount must not be negative")
    if len(paid) == 1 and paid[0][1] is None:
        paid = [(paid[0][0], cash_rounded(total) if paid[0][0] == "cash" else total)]
    per: dict[str, int] = {}
    for method, cents in paid:
        if cents is None:
            raise InvalidInput("bij gesplitst betalen heeft elke betaling een bedrag",
                               "invalid_payment",
                               en="in a split payment each payment has an amount")
        per[method] = per.get(method, 0) + cents
    return per


def settle(total: int, paid: Sequence[tuple[str, int | None]]) -> Settled:
    """The payments of a receipt of `total` cents. An amount left out (one payment alone) is
    what is due. Pin and other are exact; cash is rounded to 5 cents and may be more than due
    (the change)."""
    per = _checked(total, paid)
    exact = sum(c for m, c in per.items() if m != "cash")
    if exact > total:
        raise InvalidInput("de betalingen zijn meer dan het totaal (pin geeft geen wisselgeld)",
                           "payments_do_not_add_up",
                           en="the payments are more than the total (a card gives no change)")
    due = total - exact
    if "cash" not in per:
        if due:
            raise InvalidInput("de betalingen tellen niet op tot het totaal",
                               "payments_do_not_add_up",
                               en="the payments do not add up to the total")
        return Settled(tuple(sorted(per.items())), 0, 0)
    rounded = cash_rounded(due)
    if per["cash"] < rounded:
        raise InvalidInput("er is te weinig betaald", "payments_do_not_add_up",
                           en="too little has been paid")
    change = per["cash"] - rounded
    per["cash"] = rounded
    return Settled(tuple(sorted((m, c) for m, c in per.items() if c or m == "cash")),
                   rounded - due, change)


@dataclass(frozen=True)
class Markdown:
    """Afprijzen: what has been on the shelf `days` or more in `category` costs `pct` less."""

    id: int
    category: str
    days: int
    pct: Decimal


MAX_MARKDOWN_DAYS = 3650  # ten years on a shelf: more is a typo


def check_markdown(days: int, pct: Decimal) -> None:
    """A markdown rule's days and percentage make sense."""
    if not 0 <= days <= MAX_MARKDOWN_DAYS:
        raise InvalidInput(f"dagen in de winkel ligt tussen 0 en {MAX_MARKDOWN_DAYS}",
                           "invalid_markdown",
                           en=f"days on the shelf lie between 0 and {MAX_MARKDOWN_DAYS}")
    if not 0 < pct <= 100:
        raise InvalidInput("het percentage ligt tussen 0 en 100", "invalid_markdown",
                           en="the percentage lies between 0 and 100")


def markdown_pct(rules: Iterable[Markdown], category: str, days_on_shelf: int
                 ) -> Decimal | None:
    """The markdown for an item: the largest of its category's rules it has been long enough
    on the shelf for, or None."""
    return max((r.pct for r in rules if r.category == category and days_on_shelf >= r.days),
               default=None)


def marked_down(price_cents: int, pct: Decimal) -> int:
    """A price after a markdown (the markdown rounded half up to a cent, as any discount)."""
    return price_cents - _amount(Discount(0, MARKDOWN, pct=pct), price_cents)
