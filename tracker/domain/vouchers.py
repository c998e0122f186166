"""Tegoedbonnen (vouchers, store credit; CONTRACT §11): their codes, balances and what a payment
may take off them. Pure: services/vouchers.py looks them up, locks them and records.

A voucher code is 12 Crockford base32 symbols and one check symbol (mod 37, as item codes),
shown `TB-XXXX-XXXX-XXXX-C` ("tegoedbon"). It can never be read as an item code, nor an item
code as a voucher: an item code has 9 symbols, a voucher code 13 (15 with its `TB`), and a
scanned URL is a voucher's only when it ends in /v/{code}, an item's only in /i/{code}.

Why 12 symbols where an item has 8: an item code is no secret (its page is public by design),
but a voucher code *is* the money: whoever knows it can spend it. 60 random bits leave a
guesser, even at a thousand tries a second for a year against a thousand live vouchers, a
chance of about 1 in 40,000; with 40 bits (an item code's) one would be found within
a fortnight. The check symbol is no
secret (it only catches typos), so it adds nothing to that.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tracker.domain import codes, till, values
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.domain.events import Event

PREFIX = "TB"  # shown before the code: a cashier sees at once that it is a tegoedbon
DATA_LENGTH = 12
CODE_BITS = 5 * DATA_LENGTH  # 60 random bits: see the module's docstring
STREAM = "voucher:"
# A scanned voucher URL ends in /v/<code>; anything up to that is ignored.
_URL_CODE = re.compile(r"/v/([^/?#]+)/?(?:[?#].*)?$")
_IGNORED = re.compile(r"[\s\-]+")
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
ISSUED, SPENT = "issued", "spent"


def _check(data: str) -> str:
    n = 0
    for ch in data:
        n = n * 32 + codes.SYMBOLS.index(ch)
    return codes.CHECK_SYMBOLS[n % 37]


def new_code(randbits: Callable[[int], int] = secrets.randbits) -> str:
    """A fresh random voucher code in canonical form (13 symbols, no prefix, no hyphens)."""
    n = randbits(CODE_BITS)
    data = "".join(codes.SYMBOLS[(n >> (5 * i)) & 31] for i in reversed(range(DATA_LENGTH)))
    return data + _check(data)


def _invalid(text: str, why: str, why_en: str) -> InvalidInput:
    shown = text[:40]
    return InvalidInput(f"'{shown}' is geen geldige tegoedbon: {why}", "invalid_voucher",
                        en=f"'{shown}' is not a valid voucher: {why_en}")


def parse(text: str) -> str:
    """The canonical code of a typed or scanned voucher (its /v/ URL, or the code with or
    without `TB`, any case, hyphens, I/L/O); a clear 422 for anything else."""
    text = text.strip()
    match = _URL_CODE.search(text)
    if match:
        text = match.group(1)
    canonical = _IGNORED.sub("", text).upper()
    if len(canonical) == len(PREFIX) + DATA_LENGTH + 1 and canonical.startswith(PREFIX):
        canonical = canonical[len(PREFIX):]
    canonical = canonical.translate(_ALIASES)
    if len(canonical) != DATA_LENGTH + 1:
        raise _invalid(text, f"een tegoedbon heeft {DATA_LENGTH + 1} tekens na {PREFIX}",
                       f"a voucher has {DATA_LENGTH + 1} characters after {PREFIX}")
    data, check = canonical[:DATA_LENGTH], canonical[DATA_LENGTH]
    if any(ch not in codes.SYMBOLS for ch in data) or check not in codes.CHECK_SYMBOLS:
        raise _invalid(text, "er staan tekens in die niet in een code voorkomen",
                       "it contains characters that do not occur in a code")
    if _check(data) != check:
        raise _invalid(text, "het controleteken klopt niet (een tikfout?)",
                       "the check character is wrong (a typo?)")
    return canonical


def display(code: str) -> str:
    """`TB-XXXX-XXXX-XXXX-C` for a canonical code."""
    return f"{PREFIX}-{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}"


def stream(code: str) -> str:
    """The event stream of a voucher."""
    return STREAM + code


def public_url(base_url: str, code: str) -> str:
    """What the voucher's QR code holds: its public balance page (CONTRACT §11)."""
    return f"{base_url.rstrip('/')}/v/{display(code)}"


def eur(cents: int, mark: str = ",") -> str:
    """Cents as a sentence writes euros: 1250 → "12,50" (English: mark ".")."""
    return f"{cents // 100}{mark}{cents % 100:02d}"


def issued_cents(value: Decimal | float | int | str, name: str = "amount_eur") -> int:
    """The amount of a new voucher: more than 0, at most what a price may be."""
    cents = values.price_cents(value, name)
    if cents == 0:
        raise InvalidInput(f"{name} van een tegoedbon moet meer dan 0 zijn", "invalid_price",
                           en=f"{name} of a voucher must be more than 0")
    return cents


@dataclass(frozen=True)
class Move:
    """Money onto a voucher (issued) or off it (spent), when and where."""

    at: datetime
    site: str
    kind: str
    cents: int
    sale_id: str | None = None
    refund_id: str | None = None


@dataclass(frozen=True)
class Voucher:
    """A voucher as its events leave it: what was put on it, what is left, its history.
    `seq` is the number of its events (the next one is seq + 1)."""

    code: str
    issued_cents: int
    balance_cents: int
    issued_at: datetime
    site: str
    reason: str
    moves: tuple[Move, ...]
    seq: int


def fold(code: str, events: Sequence[Event]) -> Voucher | None:
    """A voucher from its stream (None: there is none)."""
    voucher: Voucher | None = None
    for e in events:
        f = e.fact
        if isinstance(f, ev.VoucherIssued):
            move = Move(e.at, e.site, ISSUED, f.cents, f.sale_id, f.refund_id)
            voucher = Voucher(code, f.cents, f.cents, e.at, e.site, f.reason, (move,), e.seq)
        elif isinstance(f, ev.VoucherSpent) and voucher is not None:
            move = Move(e.at, e.site, SPENT, f.cents, f.sale_id)
            voucher = Voucher(code, voucher.issued_cents, voucher.balance_cents - f.cents,
                              voucher.issued_at, voucher.site, voucher.reason,
                              (*voucher.moves, move), e.seq)
    return voucher


def check_left(voucher: Voucher) -> None:
    """Something is left on the voucher, else a 409."""
    if voucher.balance_cents <= 0:
        shown = display(voucher.code)
        raise NotAllowed(f"tegoedbon {shown} is al helemaal gebruikt (saldo € 0,00)",
                         "voucher_spent",
                         en=f"voucher {shown} has been used up (balance € 0.00)")


def check_spend(voucher: Voucher, cents: int) -> None:
    """A payment may take `cents` off the voucher: it has that much left, else a 409 that says
    what is left."""
    check_left(voucher)
    if cents > voucher.balance_cents:
        shown = display(voucher.code)
        left, asked = voucher.balance_cents, cents
        raise NotAllowed(
            f"op tegoedbon {shown} staat nog € {eur(left)}, niet € {eur(asked)}: betaal de rest "
            "anders", "voucher_insufficient",
            en=f"voucher {shown} has € {eur(left, '.')} left, not € {eur(asked, '.')}: pay the "
               "rest otherwise")


def taken(due_cents: int, offered: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """What each voucher pays of `due_cents`, in the order given: at most what it offers and
    what is still due. A voucher gives no change: what it offers beyond that stays on it."""
    out = []
    for code, cents in offered:
        take = min(cents, due_cents)
        due_cents -= take
        out.append((code, take))
    return out


def settle(total: int, paid: Sequence[tuple[str, int | None]],
           offered: Sequence[tuple[str, int]]) -> tuple[till.Settled, list[tuple[str, int]]]:
    """A receipt paid (partly) with vouchers: pin and other first (exact), then each voucher
    (at most what is still due: no change from a voucher, the rest stays on it), then cash for
    what is left, rounded and with change as ever. Returns the other payments settled and what
    each voucher pays (vouchers not needed pay 0 and are left out)."""
    if not offered:
        return till.settle(total, paid), []
    exact = sum(cents or 0 for method, cents in paid if method != till.CASH)
    if exact > total:
        raise InvalidInput("de betalingen zijn meer dan het totaal (pin geeft geen wisselgeld)",
                           "payments_do_not_add_up",
                           en="the payments are more than the total (a card gives no change)")
    used = [(code, cents) for code, cents in taken(total - exact, offered) if cents]
    rest = total - sum(cents for _, cents in used)
    if paid:
        return till.settle(rest, paid), used
    if rest:
        raise InvalidInput(f"de tegoedbon dekt niet alles: nog € {eur(rest)} te betalen",
                           "payments_do_not_add_up",
                           en=f"the voucher does not cover everything: € {eur(rest, '.')} still "
                              "to pay")
    return till.Settled((), 0, 0), used
