"""Pages served by the app: station shells with a strict CSP, the public item page without a
login (Dutch or English, nothing about people), its refusals, and `GET /api/me`."""

import json
import re
from dataclasses import replace
from html import unescape

from tracker.domain import ords
from tracker.web import pages


def test_station_pages_are_shells_with_their_scripts_and_a_strict_policy(tracker):
    for page in ("login", "intake", "repair", "till", "dashboard"):
        r = tracker.client.get(f"/{page}")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert f'data-page="{page}"' in r.text
        for src in re.findall(r'src="(/static/[^"]+)"', r.text):
            assert tracker.client.get(src).status_code == 200, src
        assert "<script>" not in r.text  # no inline script: the CSP would block it
    assert tracker.client.get("/", follow_redirects=False).headers["location"] == "/login"
    # ORDS categories: ORDS's id and English name, with the key of the page's own word
    assert 'value="16" data-t="ords.16">Laptop<' in tracker.client.get("/intake").text
    chart = tracker.client.get("/static/vendor/chart.umd.min.js")
    assert chart.status_code == 200 and "Chart.js v4" in chart.text[:200]


def test_public_item_page_tells_the_story_without_people(tracker):
    code = tracker.ready(price=12.5, category="meubilair", weight_kg=8, description="eiken kast")
    r = tracker.client.get(f"/i/{code.lower()}")  # no token; any case
    assert r.status_code == 200
    assert "Meubilair" in r.text and code in r.text and "€ 12,50" in r.text
    assert "Klaar voor verkoop maken" in r.text and "Levens" in r.text
    assert "± 8,8 kg" in r.text  # CO2 a sale would avoid: 8 kg × 1.1
    for private in ("intake-1", "repair-1", "milieustraat", "Milieustraat Noord"):
        assert private not in r.text
    english = tracker.client.get(f"/i/{code}?lang=en")
    assert "Furniture" in english.text and "Lives" in english.text and 'lang="en"' in english.text
    by_header = tracker.client.get(f"/i/{code}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Furniture" in by_header.text


def test_public_item_page_shows_the_centres_own_words_as_text_never_as_markup(tracker):
    """The centre's name and its category labels are its own data: the page escapes them."""
    evil = '<script>alert("x")</script> & <b>'
    tracker.svc.settings.centre_name = "Kringloop " + evil
    tracker.svc.categories["kleingoed"] = replace(tracker.svc.categories["kleingoed"],
                                                  label_nl="Kleingoed " + evil)
    page = tracker.client.get(f"/i/{tracker.intake(category='kleingoed')}").text
    assert "<script>" not in page and "<b>" not in page
    shown = dict(re.findall(r'<(?:span|p) class="(centre|category)">([^<]*)</', page))
    assert {k: unescape(v) for k, v in shown.items()} == {
        "centre": "Kringloop " + evil, "category": "Kleingoed " + evil}


def test_public_item_page_claims_co2_only_for_a_sale_that_happened_or_may_come(tracker):
    recycled = tracker.intake(weight_kg=4)
    r = tracker.post("repair", f"/api/items/{recycled}/inspect",
                     {"outcome": "unusable", "stream": "recycle"})
    assert r.status_code == 200, r.text
    page = tracker.client.get(f"/i/{recycled}").text
    assert "<dt>CO2" not in page and "± 4,4 kg" not in page  # never sold, never will be
    assert "Niet verkocht, dus geen CO2 bespaard door hergebruik." in page
    assert "Not sold, so reuse avoided no CO2." in tracker.client.get(f"/i/{recycled}?lang=en").text

    sold = tracker.ready(price=3, weight_kg=2)
    r = tracker.post("till", "/api/sales", {"items": [sold], "payment": "cash"})
    assert r.status_code == 201, r.text
    page = tracker.client.get(f"/i/{sold}").text
    assert "<dt>CO2 bespaard</dt><dd>2,2 kg<" in page and "bij verkoop" not in page

    plank = tracker.intake(weight_kg=3)
    made = tracker.post("repair", "/api/upcycle", {"inputs": [plank], "category": "meubilair"})
    assert made.status_code == 201, made.text
    page = tracker.client.get(f"/i/{plank}").text
    assert "bij verkoop" not in page and "telt bij het nieuwe item" in page
    assert "CO2 bespaard bij verkoop" in tracker.client.get(f"/i/{made.json()['code']}").text


def test_every_ords_category_has_a_dutch_name_and_ordss_english_one():
    """The pages name ORDS categories in their language; the English is ORDS's own name."""
    served = re.search(r'id="domain-words">(.*?)</script>', pages.station_page("repair"), re.S)
    assert served  # the table of words each station page carries (tracker/domain/words.py)
    found = {int(key.removeprefix("ords.")): (nl, en)
             for key, (nl, en) in json.loads(served.group(1))["words"].items()
             if key.startswith("ords.")}
    assert {n: en for n, (_, en) in found.items()} == ords.PRODUCT_CATEGORIES
    assert all(nl.strip() for nl, _ in found.values())


def test_public_item_page_refuses_wrong_and_unknown_codes_in_words(tracker):
    code = tracker.intake()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    r = tracker.client.get(f"/i/{wrong}")
    assert r.status_code == 404 and "Deze code klopt niet." in r.text
    r = tracker.client.get("/i/0000-0000-0")
    assert r.status_code == 404 and "Dit item kennen we niet." in r.text


def test_me_names_the_station_its_role_and_site(tracker):
    assert tracker.client.get("/api/me").status_code == 401
    me = tracker.get("till", "/api/me").json()
    assert me["station"] == "till-1" and me["role"] == "till"
    assert me["site"] == {"id": "milieustraat-1", "municipality": "Utrecht",
                          "name": "Milieustraat Noord", "closes": "17:00"}
    assert tracker.get("monitor", "/api/sites").json() == [me["site"]]


def test_service_worker_keeps_this_releases_files(tracker):
    r = tracker.client.get("/sw.js")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
    files = re.findall(r'"(/static/[^"]+)"', r.text)
    assert any("till.js?v=" in f for f in files) and any("chart.umd.min.js" in f for f in files)
    for f in files:
        assert tracker.client.get(f).status_code == 200, f
    version = re.search(r"\?v=(\w+)", files[0]).group(1)
    assert f'"ambacht-{version}"' in r.text and f"app.css?v={version}" in \
        tracker.client.get("/till").text
