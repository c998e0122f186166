"""Serve the station pages (static shells; their scripts call the API with the station's token)
and the public item page (rendered here: it must work on any phone, without a login)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Annotated

import jinja2
from fastapi import APIRouter, FastAPI, Header, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import receipts
from receipts.voucher import Slip
from tracker.api.deps import Services, Svc, blocking
from tracker.domain import codes, items, ords, outflows, social, vouchers, words
from tracker.domain import privacy as privacy_statement
from tracker.domain.categories import DEFAULT_CO2_FACTOR
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.events import Event
from tracker.domain.items import Item
from tracker.domain.story import story
from tracker.services import items as lookup
from tracker.services import photos as photo_service
from tracker.services import receipts as receipt_service
from tracker.services import vouchers as voucher_service
from tracker.web import public, shop_window

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
STATION_PAGES = ("login", "intake", "repair", "till", "dashboard", "partners", "beheer",
                 "presence")
# Scripts per page, in order, after the shared ones (classic scripts: one `?v=` busts them all).
SHARED_SCRIPTS = ("i18n.js", "core.js")
PAGE_SCRIPTS = {"dashboard": ("vendor/chart.umd.min.js", "goals.js", "massbalance.js",
                              "tillmoney.js", "people.js", "demand.js", "dashboard.js"),
                "intake": ("visitors.js", "outflow.js", "photos.js", "intake.js"),  # words first
                "repair": ("photos.js", "bench_shop.js", "repair.js"),
                "till": ("vouchers.js", "till_day.js", "till_shop.js", "till.js"),
                "beheer": ("beheer_people.js", "beheer_goals.js", "beheer_rules.js",
                           "beheer.js")}  # beheer.js starts
# Scripts and styles come only from the app itself (no CDN, no inline script); Chart.js sets
# canvas styles from script, and labels and downloads are blob: URLs made by the page.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' blob: data:; media-src 'self' blob:; frame-src 'self' blob:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
# The shell is tiny and changes with each release: always revalidate it.
PAGE_HEADERS = {"Content-Security-Policy": CSP, "Cache-Control": "no-cache",
                "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff"}

# A voucher's page holds its code, which is the money: no copy in a shared cache, and the code
# never leaves in a Referer (PAGE_HEADERS: same-origin).
NO_STORE = {**PAGE_HEADERS, "Cache-Control": "no-store"}

router = APIRouter(include_in_schema=False)
# Jinja escapes every value in the .html templates (autoescape), not in sw.js.
templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(),
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True))


@cache
def _version() -> str:
    """A fingerprint of the static files: asset URLs change when a file does (cache busting)."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _domain() -> dict[str, object]:
    """What the station pages know of the domain: its words, the barriers in ORDS's order, and
    for Afvoeren which streams each kind of partner takes and which items may leave in each;
    the target groups of people and the ends of an enrolment, in the domain's order."""
    return {"words": words.for_pages(), "barriers": items.BARRIERS,
            "partner_streams": outflows.PARTNER_KINDS,
            "outflow_states": {s: [st.value for st in states]
                               for s, states in outflows.LEAVES_FROM.items()},
            "transfer_states": [st.value for st in items.TRANSFERABLE],
            "target_groups": social.GROUPS, "social_outcomes": social.OUTCOMES}


@cache
def station_page(name: str) -> str:
    """A station page: its own template inside the common layout, with its scripts."""
    scripts = (*SHARED_SCRIPTS, *PAGE_SCRIPTS.get(name, (f"{name}.js",)))
    return templates.get_template(f"{name}.html").render(
        page=name, v=_version(), scripts=scripts, domain=_domain(),
        # ORDS's names as the value's fallback; the page shows them in its language (ords.N)
        ords_categories=sorted(ords.PRODUCT_CATEGORIES.items()))


@cache
def service_worker() -> str:
    """The service worker, listing this release's static files to keep on the device."""
    files = [f"/static/{p.relative_to(STATIC).as_posix()}?v={_version()}"
             for p in sorted(STATIC.rglob("*")) if p.is_file() and p.suffix in (".js", ".css")]
    return templates.get_template("sw.js").render(v=_version(), assets=files)


@router.get("/sw.js")
def sw() -> Response:
    """At the root, so that it may look after every station page."""
    return Response(service_worker(), media_type="text/javascript",
                    headers={"Cache-Control": "no-cache"})


@router.get("/")
def home() -> RedirectResponse:
    """The login page sends each station on to its own page."""
    return RedirectResponse("/login", status_code=307)


def _station(name: str) -> HTMLResponse:
    return HTMLResponse(station_page(name), headers=PAGE_HEADERS)


@router.get("/login")
def login() -> HTMLResponse:
    return _station("login")


@router.get("/intake")
def intake() -> HTMLResponse:
    return _station("intake")


@router.get("/repair")
def repair() -> HTMLResponse:
    return _station("repair")


@router.get("/till")
def till() -> HTMLResponse:
    return _station("till")


@router.get("/dashboard")
def dashboard() -> HTMLResponse:
    return _station("dashboard")


@router.get("/beheer")
def beheer() -> HTMLResponse:
    """Beheer: the admin's page (sites, stations, categories, goals, the till's rules)."""
    return _station("beheer")


@router.get("/aanwezig")
def presence() -> HTMLResponse:
    """Aanwezig: the tablet at the entrance where people clock in and out with their badge."""
    return _station("presence")


@router.get("/beheer/afnemers")
def partners() -> HTMLResponse:
    """Beheer › Afnemers: the admin keeps the partners outflows go to."""
    return _station("partners")


def _item_and_events(svc: Services, code: str
                     ) -> tuple[Item | None, list[Event], list[photo_service.PhotoRow]]:
    with svc.db.read(snapshot=True) as conn:
        return (lookup.find(conn, code), lookup.history(conn, code),
                photo_service.public_of_item(conn, code))


@router.get("/i/{code}")
async def item_page(request: Request, code: str, svc: Svc,
                    lang: Annotated[str | None, Query(max_length=5)] = None,
                    accept_language: Annotated[str | None, Header()] = None) -> HTMLResponse:
    """What a customer sees after scanning a label: the item's story, nothing about people."""
    language = public.pick_language(lang, accept_language)
    try:
        canonical = codes.parse(code)
    except codes.InvalidCode:
        return _problem(request, "invalid", language)
    item, events, photos = await blocking(svc, _item_and_events, svc, canonical)
    if item is None:
        return _problem(request, "not_found", language)
    category = svc.categories.get(item.category)
    factor = category.co2_factor if category else DEFAULT_CO2_FACTOR
    label = (category.label_en if language == "en" else category.label_nl) if category \
        else item.category
    told = public.body(story(item, events, factor), label, language)
    told |= shop_window.item_extras(item, photos, svc.clock(), language)
    return templates.TemplateResponse(
        request, "item.html", {**told, "v": _version(), "scripts": ("item.js",),
                               "centre": svc.settings.centre_name}, headers=PAGE_HEADERS)


@router.get("/privacy")
async def privacy(request: Request, svc: Svc) -> HTMLResponse:
    """The privacy statement for the people who work and learn at the centre (AVG), in Dutch,
    from the settings (its retention period): printable, and public like the item pages."""
    sections = privacy_statement.statement(svc.settings.centre_name,
                                           svc.settings.people_retention_days)
    return templates.TemplateResponse(
        request, "privacy.html", {"lang": "nl", "other_lang": "nl", "w": {"other": ""},
                                  "title": f"Privacyverklaring · {svc.settings.centre_name}",
                                  "centre": svc.settings.centre_name, "sections": sections,
                                  "v": _version(), "scripts": ()}, headers=PAGE_HEADERS)


def _receipt(svc: Services, sale_id: str, language: str) -> receipts.Receipt | None:
    with svc.db.read(snapshot=True) as conn:
        try:
            sale, site = receipt_service.find(conn, sale_id)
        except NotFound:
            return None
    return receipt_service.receipt(sale, site, svc.settings.centre_name, svc.settings.base_url,
                                   svc.categories, language)


@router.get("/r/{sale_id}")
async def receipt_page(request: Request, sale_id: str, svc: Svc,
                       lang: Annotated[str | None, Query(max_length=5)] = None,
                       accept_language: Annotated[str | None, Header()] = None
                       ) -> HTMLResponse:
    """The digital receipt behind the QR code on a kassabon: what was bought, paid and
    refunded; nothing about the station, the cashier or a card."""
    language = public.pick_language(lang, accept_language)
    found = None
    if receipt_service.well_formed(sale_id):
        found = await blocking(svc, _receipt, svc, sale_id, language)
    if found is None:
        kind = "not_found" if receipt_service.well_formed(sale_id) else "invalid"
        return templates.TemplateResponse(
            request, "receipt_problem.html",
            {**public.receipt_problem(kind, language), "v": _version(), "scripts": ()},
            status_code=404, headers=PAGE_HEADERS)
    return templates.TemplateResponse(
        request, "receipt.html", {**public.receipt_body(found, language), "v": _version(),
                                  "scripts": ()}, headers=PAGE_HEADERS)


def _slip(svc: Services, code: str, language: str) -> Slip | None:
    with svc.db.read(snapshot=True) as conn:
        try:
            found = voucher_service.find(conn, code)
        except NotFound:
            return None
        return voucher_service.slip(conn, found, svc.settings.centre_name,
                                    svc.settings.base_url, language)


@router.get("/v/{code}")
async def voucher_page(request: Request, code: str, svc: Svc,
                       lang: Annotated[str | None, Query(max_length=5)] = None,
                       accept_language: Annotated[str | None, Header()] = None
                       ) -> HTMLResponse:
    """The balance page behind a tegoedbon's QR code: how much is left, nothing else. A code
    with a wrong check symbol is refused before any lookup; a code is 60 random bits, too many
    to find one by trying (domain/vouchers.py)."""
    language = public.pick_language(lang, accept_language)
    found = kind = None
    try:
        canonical = vouchers.parse(code)
    except InvalidInput:
        kind = "invalid"
    else:
        found = await blocking(svc, _slip, svc, canonical, language)
    if found is None:
        return templates.TemplateResponse(
            request, "receipt_problem.html",
            {**public.voucher_problem(kind or "not_found", language), "v": _version(),
             "scripts": ()}, status_code=404, headers=NO_STORE)
    return templates.TemplateResponse(
        request, "voucher.html", {**public.voucher_body(found, language), "v": _version(),
                                  "scripts": ()}, headers=NO_STORE)


def _problem(request: Request, kind: str, language: str) -> HTMLResponse:
    """A 404 page that says in words what is wrong with the code."""
    return templates.TemplateResponse(
        request, "item_problem.html", {**public.problem(kind, language), "v": _version(),
                                       "scripts": ()},
        status_code=404, headers=PAGE_HEADERS)


def install(app: FastAPI) -> None:
    """Mount the pages and their static files on the app."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
