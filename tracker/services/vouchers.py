"""Tegoedbonnen: issue one (at the till, or from a refund), look one up, and spend from them in
a sale, each spent once even when two tills use it at the same moment."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from receipts.voucher import Slip
from tracker.domain import events as ev
from tracker.domain import vouchers, words
from tracker.domain.errors import NotFound
from tracker.domain.vouchers import Voucher
from tracker.services.context import LOCAL_ZONE, Tx
from tracker.store import stations as stored
from tracker.store.repository import Repository, SqlRepository

# A new code that is already taken (one in 2^60 per voucher) is drawn again; more tries than
# this means the random source is broken, and the unique (stream, seq) key refuses it anyway.
NEW_CODE_TRIES = 5


def _not_found(code: str) -> NotFound:
    shown = vouchers.display(code)
    return NotFound(f"tegoedbon {shown} bestaat niet", "voucher_not_found",
                    en=f"voucher {shown} does not exist")


def _found(stored: Repository, code: str, lock: bool) -> Voucher:
    found = vouchers.fold(code, stored.events_of(vouchers.stream(code), for_update=lock))
    if found is None:
        raise _not_found(code)
    return found


def find(conn: sa.Connection, code: str) -> Voucher:
    """A voucher by canonical code, with its balance and history, or 404."""
    return _found(SqlRepository(conn), code, lock=False)


def issue(tx: Tx, cents: int, reason: str, payment: str | None = None,
          sale_id: str | None = None, refund_id: str | None = None) -> str:
    """A new voucher of `cents`: store credit, no revenue. Its code."""
    for _ in range(NEW_CODE_TRIES):
        code = vouchers.new_code(tx.randbits)
        if not tx.repo.stream_exists(vouchers.stream(code)):
            break
    tx.record(vouchers.stream(code), 1,
              ev.VoucherIssued(cents, reason, sale_id, refund_id, payment))
    return code


def check_usable(tx: Tx, offered: Sequence[tuple[str, int]]) -> None:
    """Every voucher offered exists (404) and is not used up (409), before the sale is
    reckoned: a cashier hears about a wrong or empty voucher first."""
    for code in sorted({c for c, _ in offered}):
        vouchers.check_left(_found(tx.repo, code, lock=False))


def spend(tx: Tx, sale_id: str, used: Sequence[tuple[str, int]]) -> None:
    """Take what each voucher pays off it. Each is locked first, in code order (no deadlocks),
    and its balance read after the lock: of two tills spending one voucher at once, the second
    waits and then sees what the first left (enough, or a 409)."""
    per: dict[str, int] = {}
    for code, cents in used:
        per[code] = per.get(code, 0) + cents
    for code in sorted(per):
        voucher = _found(tx.repo, code, lock=True)
        vouchers.check_spend(voucher, per[code])
        tx.record(vouchers.stream(code), voucher.seq + 1, ev.VoucherSpent(sale_id, per[code]))


def slip(conn: sa.Connection, voucher: Voucher, centre: str, base_url: str, lang: str
         ) -> Slip:
    """The voucher on paper, in `lang`: where and when it was issued, what is left, its QR."""
    site = stored.get_site(conn, voucher.site)
    return Slip(centre=centre, site=str(site["name"] or site["id"]) if site else voucher.site,
                at=voucher.issued_at.astimezone(LOCAL_ZONE), code=vouchers.display(voucher.code),
                url=vouchers.public_url(base_url, voucher.code),
                issued_cents=voucher.issued_cents, balance_cents=voucher.balance_cents,
                words={key: words.say(pair, lang) for key, pair in words.VOUCHER.items()},
                decimal_comma=lang != "en")
