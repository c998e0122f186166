"""Request and response shapes of people, places, badges and presence (CONTRACT §12).

Groups and outcomes are plain text checked by `domain.social`, so an unknown one gets the
domain's Dutch message naming the choices. There is no field for a name, a BSN, an address
or a birth date: the alias is all a person is."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from tracker.api.schemas import CommandIn, IsoDate, IsoDateTime

ALIAS = r"^[\w.-]+$"
GROUP = Field(max_length=24, description="employee, volunteer, participatiewet, wsw, "
                                         "dagbesteding, re_integration, intern, work_experience")


class PersonIn(CommandIn):
    alias: str = Field(min_length=1, max_length=64, pattern=ALIAS,
                       description="a pseudonym, never a name")
    group: str | None = Field(default=None, max_length=24, description=GROUP.description)
    role: Literal["employee", "volunteer", "participant", "student"] | None = Field(
        default=None, description="the v1 role; derived from the group when left out")
    start: IsoDate | None = Field(default=None, description="default: today")
    site: str | None = Field(default=None, max_length=64, description="default: the station's")


class PersonOut(BaseModel):
    alias: str
    group: str | None
    role: str
    site: str
    start: date | None
    end: date | None
    outcome: str | None


class PersonListed(PersonOut):
    badges: list[str]


class EndIn(CommandIn):
    outcome: str = Field(max_length=24, description="paid_work, education, other_programme, "
                                                    "stopped, unknown")
    date: IsoDate | None = Field(default=None, description="the last day; default: today")


class SkillIn(CommandIn):
    skill: str = Field(min_length=1, max_length=200)
    certificate: bool = False
    date: IsoDate | None = Field(default=None, description="default: today")


class SkillOut(BaseModel):
    alias: str
    skill: str
    certificate: bool
    date: date
    site: str


class PlacesIn(CommandIn):
    group: str = Field(max_length=24, description=GROUP.description)
    count: int = Field(description="places offered per day (0: none from `from`)")
    from_: IsoDate = Field(alias="from")
    to: IsoDate | None = None
    site: str | None = Field(default=None, max_length=64, description="default: the station's")


class PlacesOut(BaseModel):
    id: int
    group: str
    count: int
    from_: date = Field(alias="from")
    to: date | None
    site: str


class PlacesListed(PlacesOut):
    offered_days: int = Field(description="place-days this row offered up to today (on the "
                                          "days it is in force)")
    filled_days: int = Field(description="of those, the ones filled by someone enrolled")


class GroupChangeIn(CommandIn):
    group: str = Field(max_length=24, description=GROUP.description)
    from_: IsoDate | None = Field(default=None, alias="from",
                                  description="the first day in the new group; default: today")
    outcome: str = Field(default="other_programme", max_length=24,
                         description="how the current enrolment ends (the day before)")


class EraseIn(CommandIn):
    pass


class KeptOut(BaseModel):
    enrolments: int
    hours: float
    skills: int
    work: int = Field(description="events that record the person doing work (repairs...)")


class ErasedOut(BaseModel):
    alias: str
    erased: bool
    kept: KeptOut = Field(description="what stays, as anonymous counts")


class BadgeIn(CommandIn):
    pass


class BadgeOut(BaseModel):
    alias: str
    code: str
    qr: str = Field(description="what the badge's QR holds")


class ScanIn(CommandIn):
    badge: str = Field(min_length=1, max_length=200, description="the scanned QR text or code")
    scanned_at: IsoDateTime | None = Field(
        default=None, description="when an offline tablet saw the scan (at most a week ago)")


class ScanOut(BaseModel):
    action: Literal["in", "out"]
    greeting: str
    greeting_en: str
    at: datetime
    forgotten_closed: bool = Field(description="a session left open was closed at closing time")


class FlaggedOut(BaseModel):
    alias: str | None
    site: str
    clock_in: datetime
    clock_out: datetime | None
