"""Weighings from the scale gateways: store each once, bind the newest fresh one to an item."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain import values
from tracker.domain.errors import NotAllowed, NotFound
from tracker.services import scales
from tracker.services.context import Tx
from tracker.store import weighings as stored
from tracker.store.weighings import Offer, keep_refused, store_many

__all__ = ["keep_refused", "no_fresh_weighing", "page", "refused", "store_many", "take",
           "take_fresh", "weighing_used"]


def no_fresh_weighing(scale_id: str) -> NotAllowed:
    """The refusal an operator sees when the scale has nothing fresh to offer."""
    return NotAllowed(
        f"geen verse stabiele weging van weegschaal '{scale_id}': zet het voorwerp op de "
        "weegschaal en wacht tot 'Stabiel', of vul het gewicht met de hand in",
        "no_fresh_weighing",
        en=f"no fresh stable weighing from scale '{scale_id}': put the object on the scale "
           "and wait for 'Stable', or enter the weight by hand",
    )


def weighing_used(scale_id: str) -> NotAllowed:
    """The refusal when the weighing on offer already went to another item or batch."""
    return NotAllowed(
        f"de weging van weegschaal '{scale_id}' is al gebruikt: zet het item op de weegschaal "
        "(die moet eerst terug naar nul) en wacht tot 'Stabiel', of vul het gewicht met de "
        "hand in", "weighing_used",
        en=f"the weighing of scale '{scale_id}' has already been used: put the item on the "
           "scale (it must go back to zero first) and wait for 'Stable', or enter the weight "
           "by hand")


def _cutoff(tx: Tx) -> datetime:
    """Weighings received (and, by a synced gateway clock, made) before this are stale."""
    return tx.now - timedelta(seconds=tx.weighing_max_age_s)


def take_fresh(tx: Tx, scale_id: str, bound_to: str,
               max_kg: Decimal = values.MAX_WEIGHT_KG) -> tuple[int, str]:
    """Bind the scale's newest stable weighing to `bound_to`; grams and weighing id. When that
    one is used already, the answer is `weighing_used`: never an older one, which would
    weigh another item than the one on the scale. A scale tied to a site (`ambacht scale
    add`) is bound only by that site's stations."""
    scales.check_may_bind(tx, scale_id)
    offer = stored.newest_usable(tx.sql, scale_id, _cutoff(tx))
    if offer is None:
        raise no_fresh_weighing(scale_id)
    return _bind(tx, offer, bound_to, max_kg)


def take(tx: Tx, weighing_id: str, bound_to: str,
         max_kg: Decimal = values.MAX_WEIGHT_KG) -> tuple[int, str]:
    """Bind exactly this weighing (the one the intake page showed as stable)."""
    offer = stored.by_id(tx.sql, weighing_id, _cutoff(tx))
    if offer is None:
        raise NotFound(f"weging '{weighing_id}' bestaat niet", "weighing_not_found",
                       en=f"weighing '{weighing_id}' does not exist")
    scales.check_may_bind(tx, offer.scale_id)
    if not offer.usable:
        raise NotAllowed(f"weging '{weighing_id}' is geen stabiele weging van een voorwerp",
                         "weighing_unusable",
                         en=f"weighing '{weighing_id}' is not a stable weighing of an object")
    return _bind(tx, offer, bound_to, max_kg)


def _bind(tx: Tx, offer: Offer, bound_to: str, max_kg: Decimal) -> tuple[int, str]:
    if not offer.fresh:
        raise no_fresh_weighing(offer.scale_id)
    if offer.bound_to is not None:
        raise weighing_used(offer.scale_id)
    values.weight_g(offer.net_g / 1000, max_kg=max_kg)  # the same limits as a typed weight
    if not stored.bind(tx.sql, offer.id, bound_to, tx.now):  # a concurrent intake took it
        raise weighing_used(offer.scale_id)
    return offer.net_g, offer.id


def page(conn: sa.Connection, scale_id: str, limit: int, after: str | None) -> list[sa.Row[Any]]:
    """A scale's stored weighings, oldest first; `after` is the last id of the previous page
    (404 when it is not one of the scale's)."""
    rows = stored.page(conn, scale_id, limit, after)
    if rows is None:
        raise NotFound(f"weging '{after}' van weegschaal '{scale_id}' bestaat niet",
                       "weighing_not_found",
                       en=f"weighing '{after}' of scale '{scale_id}' does not exist")
    return rows


def heard_of(conn: sa.Connection, weighing_ids: list[str]) -> tuple[list[str], set[str]]:
    """The scales that sent a weighing, and which of `weighing_ids` are stored."""
    return stored.heard_scales(conn), stored.stored_ids(conn, weighing_ids)


def refused(conn: sa.Connection, limit: int) -> list[sa.Row[Any]]:
    """The newest refused MQTT messages, newest first."""
    return stored.refused(conn, limit)
