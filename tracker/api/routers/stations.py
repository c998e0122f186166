"""Beheer: sites and stations from the admin's page (CONTRACT §12), what `ambacht site add`
and `ambacht station add/revoke/list` do on the command line. A new station's token is in
the answer once, as text, as a login link and as that link's QR code; it is stored hashed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from tracker.api.deps import Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.routers.station import SiteOut
from tracker.api.schemas import CommandIn
from tracker.services import station_login, stations
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["system"], responses=ERROR_RESPONSES)
SECRET = ("token", "login_url", "login_qr")  # in the first answer only, never stored
Name = Field(min_length=1, max_length=64, description="lower-case letters, digits, - _ .")


class SiteIn(CommandIn):
    id: str = Name
    municipality: str = Field(max_length=128)
    name: str | None = Field(default=None, max_length=200)
    closes: str | None = Field(default=None, max_length=5, description="HH:MM (default 17:00)")


class SiteChangeIn(CommandIn):
    closes: str = Field(max_length=5, description="HH:MM: when a clock-out forgotten at the "
                                                  "site's entrance closes (CONTRACT §12)")


class StationIn(CommandIn):
    name: str = Name
    role: str = Field(max_length=16, description="intake, repair, till, monitor or admin")
    site: str = Field(max_length=64)


class StationOut(BaseModel):
    name: str
    role: str
    site: str
    created_at: datetime
    revoked_at: datetime | None
    printer: str | None = Field(description="the label printer (`ambacht station printer`)")
    receipt_printer: str | None

    @classmethod
    def of(cls, row: Any) -> StationOut:
        return cls(name=row["name"], role=row["role"], site=row["site_id"],
                   created_at=row["created_at"], revoked_at=row["revoked_at"],
                   printer=row["printer"], receipt_printer=row["receipt_printer"])


class NewStationOut(StationOut):
    token: str | None = Field(description="the bearer token: in this answer only (a replay "
                                          "of the same Idempotency-Key has null)")
    login_url: str | None = Field(description="logs a device in: the token is in the #fragment, "
                                              "which no server sees")
    login_qr: str | None = Field(description="login_url as a QR code (SVG data URI)")


@router.post("/sites", status_code=201, response_model=SiteOut)
async def add_site(body: SiteIn, cmd: Annotated[Command, command("admin")]) -> object:
    """A new site of the centre (drop-off point, workshop, shop) in a municipality."""

    def run(tx: Tx) -> SiteOut:
        stations.add_site(tx.sql, body.id, body.municipality, body.name, tx.now, body.closes)
        return _site_out(stations.site(tx.sql, body.id))

    return await cmd.run(body, run)


def _site_out(row: Any) -> SiteOut:
    return SiteOut(id=row["id"], municipality=row["municipality"], name=row["name"],
                   closes=stations.closes_text(row))


@router.post("/sites/{site_id}", status_code=200, response_model=SiteOut)
async def change_site(site_id: str, body: SiteChangeIn,
                      cmd: Annotated[Command, command("admin")]) -> object:
    """A site's closing time: sessions left open at its entrance close then and are flagged
    (sessions already closed keep the time they were closed at)."""

    def run(tx: Tx) -> SiteOut:
        stations.set_closes(tx.sql, site_id, body.closes)
        return _site_out(stations.site(tx.sql, site_id))

    return await cmd.run(body, run, status=200)


def _stations(svc: Services) -> list[StationOut]:
    with svc.db.read() as conn:
        return [StationOut.of(r) for r in stations.list_stations(conn)]


@router.get("/stations", response_model=list[StationOut], dependencies=[require("admin")])
async def list_stations(svc: Svc) -> list[StationOut]:
    """Every station, revoked ones too, by name (never a token: only its hash is kept)."""
    return await blocking(svc, _stations, svc)


@router.post("/stations", status_code=201, response_model=NewStationOut)
async def add_station(body: StationIn, cmd: Annotated[Command, command("admin")]) -> object:
    """A new station with one role at one site; the answer holds its token, once."""
    base_url = cmd.svc.settings.base_url

    def run(tx: Tx) -> NewStationOut:
        token = stations.add_station(tx.sql, body.name, body.role, body.site, tx.now)
        link = station_login.url(base_url, token)
        return NewStationOut(**StationOut.of(stations.station(tx.sql, body.name)).model_dump(),
                             token=token, login_url=link, login_qr=station_login.qr(link))

    return await cmd.run(body, run, secret=SECRET)


@router.post("/stations/{name}/revoke", response_model=StationOut)
async def revoke_station(name: str, cmd: Annotated[Command, command("admin")]) -> object:
    """The station's token stops working everywhere within a second (its events stay)."""

    def run(tx: Tx) -> StationOut:
        stations.revoke_station(tx.sql, name, tx.now, by=tx.actor.station)
        return StationOut.of(stations.station(tx.sql, name))

    return await cmd.run(None, run, status=200)
