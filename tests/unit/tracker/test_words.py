"""One table of the domain's words (tracker/domain/words.py): every state, phase, outcome,
stream, barrier, payment, role, figure, ORDS category, item category and error code has its
Dutch and its English, and every word a station page looks up is there."""

import ast
import re
import string
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tracker import cli_language
from tracker.domain import categories, goals, items, ords, social, words
from tracker.domain.items import Item, State
from tracker.domain.story import story
from tracker.services import sales, stations
from tracker.web import pages, public

ROOT = Path(__file__).resolve().parents[3]
TRACKER = ROOT / "tracker"
STATIC = TRACKER / "web" / "static"
# Errors whose code reaches a client (their subclasses are found by the walk below).
ERROR_BASES = {"DomainError", "ApiError"}
# Codes chosen at run time in api/errors.py (Starlette's 404/405 and the rest).
CODES_CHOSEN_AT_RUN_TIME = {"method_not_allowed", "http_error"}


def _both(pair: tuple[str, str]) -> bool:
    """Dutch and English are both there, and name the same placeholders."""
    nl, en = pair
    names = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in pair]
    return bool(nl.strip()) and bool(en.strip()) and names[0] == names[1]


@pytest.mark.parametrize("state", list(State))
def test_every_state_has_its_words(state):
    assert _both(words.STATES[state])
    assert _both(words.STATE_STORIES[state])
    assert _both(words.PHASES[items.PHASE[state]])
    if state != State.READY_FOR_SALE:  # the one state in which an item is for sale
        assert _both(words.SCANNED_NOT_FOR_SALE[state])
        assert words.not_for_sale(state, "nl") and words.not_for_sale(state, "en")


def test_every_outcome_stream_barrier_payment_role_and_figure_has_its_words():
    expected = {
        "outcomes": (words.OUTCOMES, (*items.INSPECT_OUTCOMES, *items.REPAIR_OUTCOMES)),
        "streams": (words.STREAMS, tuple(items.STREAMS)),
        "barriers": (words.BARRIERS, items.BARRIERS),
        "payments": (words.PAYMENTS, (*sales.PAYMENTS, *sales.REFUND_METHODS)),
        "paid": (words.PAID, (*sales.PAYMENTS, *sales.REFUND_METHODS)),
        "roles": (words.ROLES, stations.ROLES),
        "goal figures": (words.GOAL_FIGURES, tuple(goals.FIGURES)),
        "target groups": (words.TARGET_GROUPS, social.GROUPS),
        "ends of an enrolment": (words.SOCIAL_OUTCOMES, social.OUTCOMES),
    }
    for group, (table, names) in expected.items():
        missing = [n for n in names if n not in table or not _both(table[n])]
        assert not missing, f"{group} without Dutch and English words: {missing}"
    assert tuple(words.BARRIERS) == items.BARRIERS  # the repair bench shows ORDS's order
    assert set(words.ORDS_CATEGORIES_NL) == set(ords.PRODUCT_CATEGORIES)
    assert all(_both(pair) for pair in words.DASHBOARD_FIGURES.values())


def test_every_item_category_has_dutch_and_english():
    for category in categories.DEFAULT_CATEGORIES:
        assert _both((category.label_nl, category.label_en)), category.id


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _error_codes() -> set[str]:
    """Every error code the code can answer with, found in its source: the code argument of
    each error made, each error class's own code, and each error body built by hand."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in sorted(TRACKER.rglob("*.py"))]
    classes = set(ERROR_BASES)
    while found := {c.name for t in trees for c in ast.walk(t) if isinstance(c, ast.ClassDef)
                    and any(_name(b) in classes for b in c.bases)} - classes:
        classes |= found
    codes: set[str] = set()
    for node in (n for t in trees for n in ast.walk(t)):
        if isinstance(node, ast.Call) and _name(node.func) in (*classes, "error_response"):
            given = {k.arg: k.value for k in node.keywords}.get("code")
            codes.add(_text(given if given is not None else
                            node.args[1] if len(node.args) > 1 else None) or "")
        elif isinstance(node, ast.ClassDef) and node.name in classes:
            codes |= {_text(s.value) or "" for s in node.body if isinstance(s, ast.Assign)
                      and any(_name(t) == "code" for t in s.targets)}
            codes |= {_text(c.args[1]) or "" for c in ast.walk(node) if isinstance(c, ast.Call)
                      and _name(c.func) == "__init__" and len(c.args) > 1}  # super().__init__
        elif isinstance(node, ast.Dict) and {"detail", "code"} <= {_text(k) for k in node.keys
                                                                    if k is not None}:
            codes |= {_text(v) or "" for k, v in zip(node.keys, node.values, strict=True)
                      if k is not None and _text(k) == "code"}
    return codes - {""}


def test_every_error_code_has_dutch_and_english_words():
    codes = _error_codes()
    assert len(codes) > 70  # the walk did find them
    missing = sorted(c for c in codes if c not in words.ERRORS or not _both(words.ERRORS[c]))
    assert not missing, "error codes without words in tracker/domain/words.py: " + ", ".join(
        missing)
    stale = set(words.ERRORS) - codes - CODES_CHOSEN_AT_RUN_TIME
    assert not stale, f"words for codes no error has: {sorted(stale)}"


def _page_words() -> set[str]:
    """The keys the station pages can look up: the served table and the scripts' own words."""
    own = set()
    for script in STATIC.glob("*.js"):
        for block in re.findall(r"addWords\(\{(.*?)\n\s*\}\);", script.read_text(encoding="utf-8"),
                                re.S):
            own |= set(re.findall(r'(?:^|[\s{,])"?([\w.]+)"?: \[', block, re.M))
    return own | set(words.for_pages())


def test_every_word_a_station_page_looks_up_is_there():
    known = _page_words()
    used = set()
    for template in (TRACKER / "web" / "templates").glob("*.html"):
        used |= set(re.findall(r'data-t="([\w.]+)"', template.read_text(encoding="utf-8")))
    for script in STATIC.glob("*.js"):
        used |= set(re.findall(r'\bA\.t\("([\w.]+)"', script.read_text(encoding="utf-8")))
    used |= {f"ords.{n}" for n in ords.PRODUCT_CATEGORIES}  # data-t="ords.{{ n }}"
    assert len(used) > 200
    assert not sorted(used - known), f"words the pages use but nobody has: {used - known}"


def test_station_pages_carry_the_table_of_words():
    page = pages.station_page("repair")
    served = re.search(r'<script type="application/json" id="domain-words">(.*?)</script>',
                       page, re.S)
    assert served and '"state.in_repair": ["In reparatie", "In repair"]' in served.group(1)
    assert '"barriers": ["Spare parts not available"' in served.group(1)


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("state", list(State))
def test_the_public_item_page_renders_for_every_state(state, lang):
    item = Item("ABCDEFGH0", state, "elektrisch", 4250, 1, "hoofdlocatie", T0, T0, 1,
                price_cents=1250 if state == State.READY_FOR_SALE else None)
    told = public.body(story(item, [], Decimal("1.1")), "Elektrische apparaten", lang)
    html = pages.templates.get_template("item.html").render(
        {**told, "v": "test", "scripts": (), "centre": "Kringloop"})
    assert told["status"] in html and told["status"] == words.say(words.STATE_STORIES[state],
                                                                  lang)


@pytest.mark.parametrize(("lang", "kg", "day", "price"), [
    ("nl", "1.234,5 kg", "2 maart 2026", "1.234,50"),
    ("en", "1,234.5 kg", "March 2, 2026", "1,234.50"),
])
def test_the_public_page_writes_numbers_and_dates_in_its_language(lang, kg, day, price):
    assert public._kg(Decimal("1234.5"), lang) == kg
    assert public._day(date(2026, 3, 2), lang) == day
    assert public._number(Decimal("1234.5"), lang, 2) == price


@pytest.mark.parametrize(("lang", "number", "day"), [
    ("nl", "0,6", "2 mrt 2026"), ("en", "0.6", "Mar 2, 2026"),
])
def test_the_admin_commands_write_numbers_and_dates_in_the_chosen_language(lang, number, day):
    cli_language.choose(lang)
    try:
        assert cli_language.number(0.6) == number and cli_language.number(1000) == "1000"
        assert cli_language.day(date(2026, 3, 2)) == day == cli_language.day("2026-03-02")
    finally:
        cli_language.choose("nl")
