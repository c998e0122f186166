"""Request and response shapes of the shop (CONTRACT §13): photos, reservations, wishes, the
price suggestion and the public catalogue."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from tracker.api.schemas import CommandIn
from tracker.domain import codes
from tracker.domain.items import MAX_RESERVATION_HOURS, RESERVATION_NOTE_MAX
from tracker.services.photos import PhotoRow

PHOTO_PATH = "/photos/"  # where the public photo files are served


class PhotoOut(BaseModel):
    id: str
    item: str
    url: str = Field(description="the resized photo (at most 1600 px), public")
    thumb_url: str = Field(description="its thumbnail, public")
    width: int
    height: int
    bytes: int
    taken_at: datetime

    @classmethod
    def of(cls, row: PhotoRow) -> PhotoOut:
        return cls(id=row.id, item=codes.display(row.item_code),
                   url=f"{PHOTO_PATH}{row.id}.jpg", thumb_url=f"{PHOTO_PATH}{row.id}.thumb.jpg",
                   width=row.width, height=row.height, bytes=row.bytes, taken_at=row.taken_at)


class ReserveIn(CommandIn):
    hours: float = Field(gt=0, le=MAX_RESERVATION_HOURS)
    note: str | None = Field(default=None, max_length=RESERVATION_NOTE_MAX)


class WishIn(CommandIn):
    category: str = Field(max_length=32)
    text: str = Field(min_length=1, max_length=300)


class WishOut(BaseModel):
    wish_id: str
    category: str
    text: str


class PriceSuggestionOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"description": "null figures under 5 sales"})
    median_eur: float | None
    p25: float | None
    p75: float | None
    n: int
