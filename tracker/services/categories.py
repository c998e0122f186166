"""The categories as the centre uses them: the defaults (tracker/domain/categories.py), the
VAT rates of the settings (`vat_rate`, `vat_rates`), and on top what the admin changed on
/beheer (labels, CO2 factor, VAT rate), kept in the database.

The running service holds one dict of them (`Services.categories`) that every reader shares
(the till, labels, receipts, the monitor, the feed); a change is put into that dict in place
after its commit, so everyone sees it at once, without a restart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from tracker.domain import categories as domain
from tracker.domain.categories import Category, Change
from tracker.domain.errors import NotFound
from tracker.services.context import Tx
from tracker.store import categories as store

EDITABLE = tuple(f.name for f in fields(Change))  # label_nl, label_en, co2_factor, vat_rate


def base(default_vat: Decimal, vat_rates: Mapping[str, Decimal]) -> dict[str, Category]:
    """The defaults with the settings' VAT rates: what a category is before any change."""
    return domain.with_vat({c.id: c for c in domain.DEFAULT_CATEGORIES}, default_vat, vat_rates)


def current(conn: sa.Connection, base_categories: Mapping[str, Category]) -> dict[str, Category]:
    """The categories with the admin's changes on them."""
    return domain.changed(base_categories, store.changes(conn))


def refresh(conn: sa.Connection, base_categories: Mapping[str, Category],
            live: dict[str, Category]) -> None:
    """Put the stored changes into `live` in place: whoever holds the dict sees them. Only the
    values change, never the keys, so a reader going through it meanwhile is safe."""
    for key, category in current(conn, base_categories).items():
        live[key] = category


def _checked(name: str, value: Any, default: Any) -> Any:
    """A checked value, or None when it is the default (then the default applies, also if the
    settings change it later)."""
    if value is None:
        return None
    if name == "label_nl":
        value = domain.check_label(str(value), "Nederlandse", "Dutch")
    elif name == "label_en":
        value = domain.check_label(str(value), "Engelse", "English")
    elif name == "co2_factor":
        value = domain.check_co2_factor(value)
    else:
        value = domain.check_vat_rate(value)
    return None if value == default else value


def change(tx: Tx, base_categories: Mapping[str, Category], category_id: str,
           given: Mapping[str, Any]) -> Category:
    """Set what is `given` of a category (label_nl, label_en, co2_factor, vat_rate); a None
    puts that one back to its default. Everything is checked before anything is stored."""
    default = base_categories.get(category_id)
    if default is None:
        known = ", ".join(base_categories)
        raise NotFound(f"onbekende categorie '{category_id}' (kies uit: {known})",
                       "unknown_category",
                       en=f"unknown category '{category_id}' (choose from: {known})")
    checked = {k: _checked(k, v, getattr(default, k)) for k, v in given.items() if k in EDITABLE}
    new = replace(store.changes(tx.sql).get(category_id, Change()), **checked)
    store.put(tx.sql, category_id, new, tx.now, tx.actor.station)
    return domain.changed(base_categories, {category_id: new})[category_id]
