"""The shop window `/winkel` (CONTRACT §13): public, server-rendered, fast on a phone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse

from tracker.api.deps import Svc, blocking
from tracker.api.routers.catalogue import shelf
from tracker.domain import shop_window
from tracker.domain.shop_window import Filter
from tracker.web import public
from tracker.web import shop_window as told
from tracker.web.pages import PAGE_HEADERS, _version, templates

router = APIRouter(include_in_schema=False)


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


@router.get("/winkel")
async def winkel(request: Request, svc: Svc,
                 q: Annotated[str, Query(max_length=500)] = "",
                 site: Annotated[str | None, Query(max_length=64)] = None,
                 category: Annotated[str | None, Query(max_length=32)] = None,
                 condition: Annotated[str | None, Query(max_length=16)] = None,
                 page: Annotated[int, Query(ge=1, le=shop_window.MAX_PAGE)] = 1,
                 lang: Annotated[str | None, Query(max_length=5)] = None,
                 accept_language: Annotated[str | None, Header()] = None) -> HTMLResponse:
    """What is on the shelf, with photo, price after markdowns, category and condition;
    filtered by site, category and condition, searched by words; a page of tiles at a time."""
    language = public.pick_language(lang, accept_language)
    wanted = Filter(_blank(site), _blank(category), _blank(condition),
                    " ".join(q.split())[:shop_window.SEARCH_MAX])
    found = await blocking(svc, shelf, svc)
    shown = shop_window.page(shop_window.chosen(found.entries, wanted), page)
    return templates.TemplateResponse(
        request, "winkel.html",
        {**told.body(shown, wanted, svc.settings.centre_name, svc.categories, found.sites,
                     language), "v": _version(), "scripts": ()}, headers=PAGE_HEADERS)
