"""The shop window's words and what `/winkel` shows, Dutch by default, English on request (pure;
the markup is in templates/winkel.html, which escapes every value)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from babel.numbers import format_decimal

from tracker.domain import codes, items, words
from tracker.domain.categories import Category
from tracker.domain.items import Item
from tracker.domain.shop_window import Entry, Filter, Page
from tracker.services.photos import PhotoRow
from tracker.web.public import LOCALES, WORDS

PHOTO_PATH = "/photos/"  # where the public photo files are served (api/routers/photos.py)
EAGER_TILES = 4  # the first row on a tablet, the first two on a phone: loaded at once
# Each key's Dutch and English text side by side, so that neither language can miss one.
_DUTCH_ENGLISH: dict[str, tuple[str, str]] = {
    "title": ("Te koop", "For sale"),
    "heading": ("Te koop bij {centre}", "For sale at {centre}"),
    "about": ("Wat nu in de winkel staat, gekeurd of gerepareerd. Kom langs om het te zien en "
              "te kopen.", "What is in the shop now, checked or repaired. Come by to see and "
              "buy it."),
    "search": ("Zoeken", "Search"), "find": ("Zoek", "Find"),
    "site": ("Locatie", "Location"), "all_sites": ("Alle locaties", "All locations"),
    "category": ("Categorie", "Category"), "all_categories": ("Alle categorieën",
                                                              "All categories"),
    "condition": ("Staat", "Condition"), "any_condition": ("Elke staat", "Any condition"),
    "count.one": ("1 item", "1 item"), "count": ("{n} items", "{n} items"),
    "none": ("Niets gevonden. Probeer een andere zoekterm of minder filters.",
             "Nothing found. Try other words or fewer filters."),
    "reserved": ("Gereserveerd", "Reserved"),
    "no_price": ("Prijs in de winkel", "Price in the shop"),
    "was": ("was", "was"), "no_photo": ("Nog geen foto", "No photo yet"),
    "photo_of": ("Foto van {name}", "Photo of {name}"),
    "previous": ("Vorige", "Previous"), "next": ("Volgende", "Next"),
    "page": ("Pagina {n} van {m}", "Page {n} of {m}"),
}
SHOP_WORDS: dict[str, dict[str, str]] = {
    lang: {key: words.say(pair, lang) for key, pair in _DUTCH_ENGLISH.items()}
    for lang in ("nl", "en")}


def eur(cents: int, lang: str) -> str:
    """€ 12,50 in Dutch, € 12.50 in English."""
    value = Decimal(cents) / 100
    return "€ " + format_decimal(value, "#,##0.00", locale=LOCALES[lang])


def condition(name: str | None, lang: str) -> str | None:
    """A condition as a label ("Als nieuw"), or None."""
    if name not in words.CONDITIONS:
        return None
    said = words.say(words.CONDITIONS[name], lang)
    return said[:1].upper() + said[1:]


def _label(categories: Mapping[str, Category], category: str, lang: str) -> str:
    found = categories.get(category)
    if found is None:
        return category
    return found.label_en if lang == "en" else found.label_nl


def _tile(e: Entry, n: int, categories: Mapping[str, Category], sites: Mapping[str, str],
          lang: str) -> dict[str, object]:
    w, label = SHOP_WORDS[lang], _label(categories, e.category, lang)
    name = e.description or label
    return {
        "code": codes.display(e.code), "name": name, "category": label,
        "site": sites.get(e.site, e.site), "condition": condition(e.condition, lang),
        "price": None if e.price_cents is None else eur(e.price_cents, lang),
        "was": eur(e.list_cents, lang) if e.marked_down and e.list_cents else None,
        "reserved": e.reserved, "lazy": n >= EAGER_TILES,
        "thumb": f"{PHOTO_PATH}{e.photo}.thumb.jpg" if e.photo else None,
        "alt": w["photo_of"].format(name=name)}


def _query(wanted: Filter, lang: str, number: int | None = None) -> str:
    """The query string of this filter (and page), for links that keep it."""
    pairs = [("lang", lang), ("site", wanted.site or ""), ("category", wanted.category or ""),
             ("condition", wanted.condition or ""), ("q", wanted.text)]
    pairs = [(k, v) for k, v in pairs if v]
    if number is not None and number > 1:
        pairs.append(("page", str(number)))
    return "?" + urlencode(pairs)


def body(found: Page, wanted: Filter, centre: str, categories: Mapping[str, Category],
         sites: Mapping[str, str], lang: str) -> dict[str, object]:
    """What `/winkel` shows: the filters as chosen, one page of tiles, the way to the others
    (as text: the template escapes it)."""
    w, other = SHOP_WORDS[lang], WORDS[lang]["other_lang"]
    count = w["count.one"] if found.total == 1 else w["count"].format(n=found.total)
    pager = {"text": w["page"].format(n=found.number, m=found.pages),
             "previous": _query(wanted, lang, found.number - 1) if found.number > 1 else None,
             "next": _query(wanted, lang, found.number + 1) if found.number < found.pages
             else None}
    return {
        "lang": lang, "w": WORDS[lang], "s": w, "other_lang": other, "centre": centre,
        "other_href": _query(wanted, other, found.number),
        "title": f"{w['title']} · {centre}", "heading": w["heading"].format(centre=centre),
        "q": wanted.text, "site": wanted.site or "", "category": wanted.category or "",
        "condition": wanted.condition or "", "count": count,
        "sites": list(sites.items()) if len(sites) > 1 else [],
        "categories": sorted(((c.id, _label(categories, c.id, lang)) for c in
                              categories.values()), key=lambda pair: pair[1].lower()),
        "conditions": [(key, condition(key, lang)) for key in words.CONDITIONS],
        "tiles": [_tile(e, n, categories, sites, lang) for n, e in enumerate(found.entries)],
        "pager": pager if found.pages > 1 else None}


def item_extras(item: Item, photos: Sequence[PhotoRow], now: datetime, lang: str
                ) -> dict[str, object]:
    """What the public item page adds from the shop: its photos (the newest large, the rest
    as thumbnails linking to theirs), its condition and whether it is reserved (never the
    reservation's note)."""
    w = SHOP_WORDS[lang]
    alt = w["photo_of"].format(name=codes.display(item.code))
    shown = [{"url": f"{PHOTO_PATH}{p.id}.jpg", "thumb": f"{PHOTO_PATH}{p.id}.thumb.jpg",
              "width": p.width, "height": p.height, "alt": alt} for p in photos]
    return {"photo": shown[0] if shown else None, "more_photos": shown[1:],
            "condition": condition(item.condition, lang), "condition_word": w["condition"],
            "reserved": w["reserved"] if items.reserved(item, now) else None}
