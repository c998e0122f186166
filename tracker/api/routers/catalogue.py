"""The catalogue (CONTRACT §13): the shop window as a feed for the centre's own website, with
schema.org `Product`/`Offer` fields; public, cached, and cheap to poll (ETag)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from tracker.api.deps import Services, Svc, blocking
from tracker.api.errors import ERROR_RESPONSES
from tracker.domain import codes, shop_window
from tracker.domain.categories import Category
from tracker.domain.shop_window import Entry, Filter
from tracker.services.shop_window import Shelf

router = APIRouter(prefix="/api", tags=["shop"], responses=ERROR_RESPONSES)
SCHEMA = "https://schema.org/"
# A website polling the feed may show it a minute late; a change (a sale, a reservation) is
# seen by the next poll after that, and an unchanged feed costs a 304 without a body.
CACHE = "public, max-age=60"
# schema.org's OfferItemCondition for each condition (an item without one is second-hand).
ITEM_CONDITION = {"as_new": "NewCondition", "good": "UsedCondition", "fair": "UsedCondition",
                  "for_parts": "DamagedCondition", None: "UsedCondition"}
IN_STOCK, RESERVED = "InStock", "Reserved"  # schema.org's ItemAvailability
# A website may paste the feed into a <script type="application/ld+json">: no text in it may
# close that element, so <, > and & are written as JSON escapes (the same strings once parsed).
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def shelf(svc: Services) -> Shelf:
    """The shop window's shelf now (rebuilt only after a change): the feed's and /winkel's."""
    with svc.db.read() as conn:
        return svc.shop.shelf(conn, svc.rules, svc.categories, svc.clock())


def _product(e: Entry, base: str, label: str, site: str) -> dict[str, Any]:
    code = codes.display(e.code)
    url = f"{base}/i/{code}"
    offer: dict[str, Any] = {
        "@type": "Offer", "url": url, "priceCurrency": "EUR",
        "availability": SCHEMA + (RESERVED if e.reserved else IN_STOCK),
        "itemCondition": SCHEMA + ITEM_CONDITION.get(e.condition, "UsedCondition"),
        "availableAtOrFrom": {"@type": "Place", "name": site}}
    if e.price_cents is not None:
        offer["price"] = f"{e.price_cents / 100:.2f}"
    product: dict[str, Any] = {
        "@type": "Product", "@id": url, "url": url, "sku": code, "name": e.description or label,
        "category": label, "itemCondition": offer["itemCondition"], "offers": offer}
    if e.description:
        product["description"] = e.description
    if e.photo:
        product["image"] = {"@type": "ImageObject",
                            "contentUrl": f"{base}/photos/{e.photo}.jpg",
                            "thumbnailUrl": f"{base}/photos/{e.photo}.thumb.jpg"}
    return product


def document(entries: list[Entry], centre: str, base: str, lang: str,
             categories: Mapping[str, Category], sites: Mapping[str, str]) -> dict[str, Any]:
    """The feed: a schema.org OfferCatalog of Products, each with its Offer."""
    def label(category: str) -> str:
        found = categories.get(category)
        return category if found is None else found.label_en if lang == "en" \
            else found.label_nl

    return {"@context": "https://schema.org", "@type": "OfferCatalog", "inLanguage": lang,
            "name": centre, "url": f"{base}/winkel", "numberOfItems": len(entries),
            "itemListElement": [_product(e, base, label(e.category), sites.get(e.site, e.site))
                                for e in entries]}


def _unchanged(request: Request, tag: str) -> bool:
    sent = request.headers.get("if-none-match")
    return sent is not None and any(t.strip().removeprefix("W/") in (tag, "*")
                                    for t in sent.split(","))


@router.get("/catalogue.json", responses={
    200: {"content": {"application/ld+json": {}, "application/json": {}},
          "description": "a schema.org OfferCatalog"},
    304: {"description": "unchanged since the ETag sent"}})
async def catalogue(request: Request, svc: Svc,
                    site: Annotated[str | None, Query(max_length=64)] = None,
                    category: Annotated[str | None, Query(max_length=32)] = None,
                    lang: Annotated[Literal["nl", "en"], Query()] = "nl") -> Response:
    """What is on the shelf, as schema.org `Product`s with their `Offer` (price after
    markdowns in EUR, `InStock` or `Reserved`, the condition, a photo, the item's page), for
    the centre's own website. Public: nothing about people, stations or notes. `ETag` and
    `If-None-Match` make polling an unchanged feed cost a 304."""
    found = await blocking(svc, shelf, svc)

    def make() -> tuple[bytes, str]:
        chosen = shop_window.chosen(found.entries, Filter(site or None, category or None))
        body = json.dumps(document(chosen, svc.settings.centre_name,
                                   svc.settings.base_url.rstrip("/"), lang, svc.categories,
                                   found.sites), ensure_ascii=False,
                          separators=(",", ":")).translate(_HTML_SAFE).encode()
        return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'

    known = (site is None or site in found.sites) and (category is None
                                                        or category in svc.categories)
    # kept per shelf only for real filters: made-up ones must not fill the memory
    body, tag = found.derived(("catalogue", site, category, lang), make) if known else make()
    headers = {"ETag": tag, "Cache-Control": CACHE, "Access-Control-Allow-Origin": "*",
               "X-Content-Type-Options": "nosniff"}
    if _unchanged(request, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
