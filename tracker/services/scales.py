"""Which site a scale stands at (`ambacht scale add`), and who may bind its weighings."""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa

from tracker.domain.errors import Forbidden, InvalidInput, NotFound
from tracker.services.context import Tx
from tracker.store import scales as stored
from tracker.store import stations as stored_stations

# A scale id is one level of the MQTT topic (`ambacht/{centre}/scale/{scale_id}/...`): no
# topic separators or wildcards, and as long as the weighings table's scale_id holds.
SCALE_ID = re.compile(r"^[^/+#\s]{1,64}$")


def add_scale(conn: sa.Connection, scale_id: str, site_id: str, now: datetime) -> str | None:
    """Tie a scale to a site (again: it moved); returns the site it was tied to before."""
    if not SCALE_ID.match(scale_id):
        raise InvalidInput(f"weegschaal '{scale_id}': 1 tot 64 tekens, zonder spaties, '/', "
                           "'+' of '#' (zoals --scale-id van de gateway)", "invalid_name",
                           en=f"scale '{scale_id}': 1 to 64 characters, without spaces, '/', "
                              "'+' or '#' (as the gateway's --scale-id)")
    if not stored_stations.get_site(conn, site_id):
        raise NotFound(f"locatie '{site_id}' bestaat niet (maak haar met 'ambacht site add')",
                       "site_not_found",
                       en=f"site '{site_id}' does not exist (make it with 'ambacht site add')")
    before = site_of(conn, scale_id)
    stored.tie(conn, scale_id, site_id, now, moved=before is not None)
    return before


def sites(conn: sa.Connection) -> dict[str, str]:
    """Every scale tied to a site: scale id → site id."""
    return stored.sites(conn)


def site_of(conn: sa.Connection, scale_id: str) -> str | None:
    """The site a scale is tied to, or None ("zonder locatie": any intake station binds it)."""
    return stored.site_of(conn, scale_id)


def check_may_bind(tx: Tx, scale_id: str) -> None:
    """Only stations of a scale's own site bind its weighings (the admin, anywhere); 403 else."""
    site = site_of(tx.sql, scale_id)
    if site is None or site == tx.actor.site or tx.actor.role == "admin":
        return
    raise Forbidden(
        f"weegschaal '{scale_id}' staat op locatie '{site}'; dit station hoort bij "
        f"'{tx.actor.site}' en mag haar wegingen niet gebruiken. Weeg op een weegschaal van "
        "deze locatie, of vul het gewicht met de hand in", "scale_of_another_site",
        en=f"scale '{scale_id}' stands at site '{site}'; this station belongs to "
           f"'{tx.actor.site}' and may not use its weighings. Weigh on a scale of this site, "
           "or enter the weight by hand")
