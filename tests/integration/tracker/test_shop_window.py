"""The shop window `/winkel` and the catalogue feed (CONTRACT §13): what is on the shelf with
photo, price after markdowns, category, condition and reservations; filters, search, pages;
schema.org fields, ETag/304; nothing about people, stations or notes, everything escaped."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest

from tests.support.photos import phone_photo
from tests.support.tracker import FakeClock, Tracker, make_tracker
from tracker.domain import shop_window
from tracker.services import stations

SITE_2 = "kringloop-zuid"
EVIL = '<script>alert("x")</script> & <b>'


@pytest.fixture
def shop(db_url: str, clock: FakeClock, tmp_path: Path) -> Iterator[Tracker]:
    for t in make_tracker(db_url, clock, photos_dir=str(tmp_path / "photos")):
        with t.db.write() as conn:
            stations.add_site(conn, SITE_2, "Utrecht", "Kringloop Zuid", clock())
            for role in ("intake", "repair"):
                t.tokens[f"{role}@2"] = stations.add_station(conn, f"{role}-2", role, SITE_2,
                                                             clock())
        yield t


def ready(t: Tracker, price: float = 5.0, condition: str | None = None, site2: bool = False,
          **kw) -> str:
    r = t.post("intake@2" if site2 else "intake", "/api/items",
               {"category": "kleingoed", "weight_kg": 1, **kw})
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    body = {"outcome": "sellable", "price_eur": price} | ({"condition": condition}
                                                          if condition else {})
    r = t.post("repair@2" if site2 else "repair", f"/api/items/{code}/inspect", body)
    assert r.status_code == 200, r.text
    return str(code)


def shown(t: Tracker, query: str = "") -> list[str]:
    """The item codes on one page of /winkel, in its order."""
    r = t.client.get("/winkel" + query)
    assert r.status_code == 200, r.text
    return re.findall(r'<li class="shop-item[^"]*" data-code="([^"]+)"', r.text)


def tile(page: str, code: str) -> str:
    found = re.search(rf'data-code="{re.escape(code)}">(.*?)</li>', page, re.S)
    assert found, code
    return found.group(1)


def feed(t: Tracker, query: str = "", **headers: str):
    return t.client.get("/api/catalogue.json" + query, headers=headers)


def test_the_shop_window_filters_by_site_category_condition_and_words(shop: Tracker,
                                                                      clock) -> None:
    lamp = ready(shop, 12.5, "good", description="Staande lamp, messing")
    clock.advance(minutes=1)
    chair = ready(shop, 20, "fair", category="meubilair", description="Eiken stoel")
    clock.advance(minutes=1)
    south = ready(shop, 4, "as_new", site2=True, description="Theepot")
    clock.advance(minutes=1)
    not_yet = shop.intake(description="lamp in de werkplaats")  # not on the shelf
    assert shown(shop) == [south, chair, lamp]  # newest on the shelf first
    assert shown(shop, f"?site={SITE_2}") == [south]
    assert shown(shop, "?site=milieustraat-1") == [chair, lamp]
    assert shown(shop, "?category=meubilair") == [chair]
    assert shown(shop, "?condition=as_new") == [south]
    assert shown(shop, "?q=LAMP") == [lamp] and not_yet not in shown(shop, "?q=lamp")
    assert shown(shop, "?q=stoel+eiken") == [chair]  # every word, in any order
    assert shown(shop, "?q=huisraad") == [south, lamp]  # the category's name
    assert shown(shop, "?q=household&category=kleingoed&site=milieustraat-1") == [lamp]
    page = shop.client.get("/winkel?category=meubilair").text
    assert "1 item" in page and 'value="meubilair" selected' in page
    assert shown(shop, "?category=nothing-like-it") == []
    assert "Niets gevonden." in shop.client.get("/winkel?q=fiets").text
    text = tile(shop.client.get("/winkel").text, south)
    assert "€ 4,00" in text and "Als nieuw" in text and "Kringloop Zuid" in text
    english = shop.client.get("/winkel?lang=en")
    assert "For sale at" in english.text and "As new" in tile(english.text, south)
    assert 'href="?lang=nl"' in english.text
    assert f'href="/i/{south}?lang=en"' in english.text
    kept = shop.client.get("/winkel?category=meubilair&q=stoel")  # the language link keeps both
    assert 'href="?lang=en&amp;category=meubilair&amp;q=stoel"' in kept.text



def test_pages_of_tiles_and_bad_input_refused_without_change(shop: Tracker, clock) -> None:
    made = []
    for n in range(shop_window.PAGE_SIZE + 2):
        made.append(ready(shop, 1 + n))
        clock.advance(seconds=10)
    first, second = shown(shop), shown(shop, "?page=2")
    assert first == made[::-1][:shop_window.PAGE_SIZE] and second == made[1::-1]
    page = shop.client.get("/winkel").text
    assert f"{len(made)} items" in page and 'rel="next" href="?lang=nl&amp;page=2"' in page
    assert "Pagina 1 van 2" in page and 'rel="prev"' not in page
    assert shown(shop, "?page=99") == second  # beyond the last: the last
    for bad in ("?page=0", "?page=x", "?q=" + "a" * 501):
        r = shop.client.get("/winkel" + bad)
        assert r.status_code == 422, bad
    lazy = re.findall(r"<img [^>]*>", shop.client.get("/winkel").text)
    assert lazy == []  # no photos yet: no images to load at all


def test_photo_price_after_markdown_and_reservation_without_its_note(shop: Tracker,
                                                                     clock) -> None:
    table = ready(shop, 20, category="meubilair", description=EVIL)
    r = shop.post("repair", f"/api/items/{table}/photos",
                  files={"file": ("t.jpg", phone_photo(1200, 900), "image/jpeg")})
    assert r.status_code == 201, r.text
    photo = r.json()
    r = shop.post("admin", "/api/markdowns", {"category": "meubilair", "days": 7, "pct": 25})
    assert r.status_code == 201, r.text
    clock.advance(days=8)
    r = shop.post("till", f"/api/items/{table}/reserve",
                  {"hours": 48, "note": "mw. Jansen 06-12345678"})
    assert r.status_code == 200, r.text
    page = shop.client.get("/winkel").text
    text = tile(page, table)
    assert f'src="{photo["thumb_url"]}"' in text and 'alt="Foto van' in text
    assert shop.client.get(photo["thumb_url"]).status_code == 200
    assert "€ 15,00" in text and "€ 20,00" in text  # after the markdown, the label's struck
    assert "Gereserveerd" in text and 'class="shop-item reserved"' in page
    assert "<script>" not in page and "<b>" not in page
    name = re.search(r'<span class="shop-name">([^<]*)</span>', text)
    assert name and unescape(name.group(1)) == EVIL
    for private in ("Jansen", "06-12345678", "intake-1", "repair-1", "till-1", "admin-1"):
        assert private not in page
    clock.advance(days=3)  # the reservation lapsed by itself
    assert "Gereserveerd" not in tile(shop.client.get("/winkel").text, table)
    shop.post("till", "/api/sales", {"items": [table], "payment": "pin"})
    assert table not in shown(shop)  # sold: off the shop window at once


def test_the_catalogue_has_schema_org_fields_an_etag_and_no_notes(shop: Tracker,
                                                                   clock) -> None:
    lamp = ready(shop, 12.5, "good", description=EVIL)
    r = shop.post("intake", f"/api/items/{lamp}/photos",
                  files={"file": ("l.jpg", phone_photo(900, 1200), "image/jpeg")})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    broken = ready(shop, 2, "for_parts", category="elektrisch")
    shop.post("till", f"/api/items/{broken}/reserve", {"hours": 2, "note": "meneer Bakker"})
    shop.intake()  # not on the shelf: not in the feed
    r = feed(shop)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "max-age" in r.headers["cache-control"] and r.headers["etag"].startswith('"')
    assert "<script>" not in r.text and "Bakker" not in r.text
    assert not {"intake-1", "repair-1", "till-1", "admin-1"} & set(re.findall(r"\w+-1\b",
                                                                         r.text))
    doc = r.json()
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "OfferCatalog"
    assert doc["numberOfItems"] == 2
    products = {p["sku"]: p for p in doc["itemListElement"]}
    assert set(products) == {lamp, broken}
    p = products[lamp]
    assert p["@type"] == "Product" and p["name"] == EVIL == p["description"]
    assert p["url"] == f"http://test.local/i/{lamp}" and p["category"] == "Kleingoed (huisraad)"
    assert p["image"]["contentUrl"] == f"http://test.local/photos/{pid}.jpg"
    assert p["image"]["thumbnailUrl"] == f"http://test.local/photos/{pid}.thumb.jpg"
    assert p["offers"] | {"availableAtOrFrom": None} == {
        "@type": "Offer", "url": p["url"], "price": "12.50", "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock", "availableAtOrFrom": None,
        "itemCondition": "https://schema.org/UsedCondition"}
    assert p["offers"]["availableAtOrFrom"]["name"] == "Milieustraat Noord"
    q = products[broken]
    assert q["offers"]["availability"] == "https://schema.org/Reserved"
    assert q["itemCondition"] == "https://schema.org/DamagedCondition"
    assert "image" not in q and "description" not in q

    tag = r.headers["etag"]
    again = feed(shop, **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert feed(shop, **{"If-None-Match": '"other", W/' + tag}).status_code == 304
    clock.advance(hours=2, seconds=1)  # the reservation lapsed: the feed says so
    lapsed = feed(shop, **{"If-None-Match": tag})
    assert lapsed.status_code == 200 and lapsed.headers["etag"] != tag
    assert {p["sku"]: p["offers"]["availability"] for p in lapsed.json()["itemListElement"]
            }[broken] == "https://schema.org/InStock"
    tag = lapsed.headers["etag"]
    shop.post("till", "/api/sales", {"items": [lamp], "payment": "cash"})
    sold = feed(shop, **{"If-None-Match": tag})
    assert sold.status_code == 200 and [p["sku"] for p in sold.json()["itemListElement"]
                                        ] == [broken]
    english = feed(shop, "?lang=en&category=elektrisch").json()
    assert english["itemListElement"][0]["category"] == "Electrical appliances"
    assert feed(shop, "?category=meubilair").json()["numberOfItems"] == 0
    assert feed(shop, "?lang=de").status_code == 422
    assert json.loads(sold.text) == sold.json()


def test_the_item_page_shows_its_photos_condition_and_reservation_not_the_note(
        shop: Tracker, clock) -> None:
    lamp = ready(shop, 8, "as_new")
    assert "<img" not in shop.client.get(f"/i/{lamp}").text  # no photo yet: none shown
    sent = []
    for width in (1200, 900):
        clock.advance(minutes=1)
        r = shop.post("repair", f"/api/items/{lamp}/photos",
                      files={"file": ("l.jpg", phone_photo(width, 600), "image/jpeg")})
        assert r.status_code == 201, r.text
        sent.append(r.json())
    shop.post("till", f"/api/items/{lamp}/reserve", {"hours": 1, "note": "<i>mw. Jansen</i>"})
    page = shop.client.get(f"/i/{lamp}").text
    newest, older = sent[1], sent[0]
    large = re.search(r'<p class="item-photo"><a href="([^"]+)"><img src="([^"]+)" '
                      r'alt="Foto van [^"]+" width="(\d+)" height="(\d+)"', page)
    assert large and large.groups() == (newest["url"], newest["url"], str(newest["width"]),
                                        str(newest["height"]))
    assert f'src="{older["thumb_url"]}"' in page
    assert "Staat: Als nieuw" in page and "Gereserveerd" in page
    assert "Jansen" not in page and "<i>" not in page
    assert "Condition: As new" in shop.client.get(f"/i/{lamp}?lang=en").text
    clock.advance(hours=1, seconds=1)
    assert "Gereserveerd" not in shop.client.get(f"/i/{lamp}").text
