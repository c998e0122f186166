"""Beheer › Categorieën: the admin changes a category's labels, CO2 factor and VAT rate
(CONTRACT §12); the running service uses the change at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter
from pydantic import Field

from tracker.api.deps import Command, blocking, command
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CategoryOut, CommandIn
from tracker.domain.categories import Category
from tracker.services import categories
from tracker.services.context import Tx

router = APIRouter(prefix="/api", tags=["system"], responses=ERROR_RESPONSES)


class CategoryChangeIn(CommandIn):
    """Only what is sent changes; null puts it back to the default."""

    label_nl: str | None = Field(default=None, max_length=200)
    label_en: str | None = Field(default=None, max_length=200)
    co2_factor: Decimal | None = Field(default=None, description="kg CO2 avoided per kg reused")
    vat_rate: Decimal | None = Field(default=None, description="a fraction: 0.21, 0.09, 0")


def out(c: Category) -> CategoryOut:
    """A category as the API shows it."""
    return CategoryOut(id=c.id, label_nl=c.label_nl, label_en=c.label_en, eu_group=c.eu_group,
                       co2_factor=float(c.co2_factor), vat_rate=float(c.vat_rate))


@router.post("/categories/{category_id}", response_model=CategoryOut)
async def change_category(category_id: str, body: CategoryChangeIn,
                          cmd: Annotated[Command, command("admin")]) -> object:
    """Change a category. A new CO2 factor counts for every period (the monitor multiplies the
    kg reused by the factor when it is asked); a new VAT rate for sales from now on."""
    svc = cmd.svc
    given = {k: getattr(body, k) for k in body.model_fields_set if k in categories.EDITABLE}

    def run(tx: Tx) -> CategoryOut:
        return out(categories.change(tx, svc.base_categories, category_id, given))

    answer = await cmd.run(body, run, status=200)
    await blocking(svc, svc.reload_categories)  # committed: everyone sees it from now on
    return answer
