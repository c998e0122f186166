"""Afnemers: the partners what leaves the centre goes to (kept on the admin's page)."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.domain import outflows
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.domain.outflows import Partner
from tracker.services.context import Tx
from tracker.store import partners as stored
from tracker.store import stations as stored_stations


def add(tx: Tx, partner: Partner) -> Partner:
    """A new partner; another centre of the network names a known site of this centre."""
    outflows.check_partner(partner.kind, partner.site)
    if partner.site is not None and stored_stations.get_site(tx.sql, partner.site) is None:
        raise InvalidInput(f"locatie '{partner.site}' bestaat niet", "site_not_found",
                           en=f"site '{partner.site}' does not exist")
    if stored.get(tx.sql, partner.id) is not None:
        raise NotAllowed(f"afnemer '{partner.id}' bestaat al", "partner_exists",
                         en=f"partner '{partner.id}' already exists")
    stored.add(tx.sql, partner, tx.now)
    return partner


def find(conn: sa.Connection, partner_id: str) -> Partner:
    """A known partner, or a clear 422 (it is named in a request body)."""
    partner = stored.get(conn, partner_id)
    if partner is None:
        raise InvalidInput(f"afnemer '{partner_id}' bestaat niet: voeg hem eerst toe (beheer)",
                           "unknown_partner",
                           en=f"partner '{partner_id}' does not exist: add it first (admin)")
    return partner


def every(conn: sa.Connection) -> list[Partner]:
    """Every partner, by name."""
    return stored.all_partners(conn)
