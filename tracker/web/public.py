"""The public item page's words and what it shows, Dutch by default, English on request (pure;
the markup is in templates/item.html, which escapes every value)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from receipts import Receipt
from receipts.layout import money
from receipts.voucher import Slip
from tracker.api.language import prefers_english
from tracker.domain import codes, words
from tracker.domain.story import Story

PHASES = ("collect", "prepare", "sell")
# Babel's locales for the page's languages: how numbers and dates are written.
LOCALES = {"nl": "nl_NL", "en": "en_US"}
# States in which a sale may still come: only there is "CO2 avoided when sold" true.
SELLABLE_LATER = ("collected", "in_repair", "ready_for_sale")
# Each key's Dutch and English text side by side, so that neither language can miss one.
_DUTCH_ENGLISH: dict[str, tuple[str, str]] = {
    "moment.collected": ("Ingezameld", "Collected"),
    "moment.made": ("Gemaakt van {n} hergebruikte items", "Made from {n} reused items"),
    "moment.checked": ("Gekeurd: verkoopbaar", "Checked: ready for sale"),
    "moment.to_repair": ("Gekeurd: moet gerepareerd", "Checked: needs a repair"),
    "moment.unusable": ("Gekeurd: onbruikbaar", "Checked: unusable"),
    "moment.repaired": ("Gerepareerd", "Repaired"),
    "moment.waiting_for_part": ("Repareerbaar – wacht op onderdeel",
                                "Repairable – waiting for a part"),
    "moment.end_of_life": ("Niet te repareren", "Could not be repaired"),
    "moment.sold": ("Verkocht: een nieuw leven", "Sold: a new life"),
    "moment.returned": ("Teruggebracht: klaar voor een volgend leven",
                        "Brought back: ready for its next life"),
    "moment.upcycled": ("Gebruikt als materiaal voor iets nieuws (upcyclen)",
                        "Used as material for something new (upcycling)"),
    "moment.given_away": ("Weggegeven voor hergebruik", "Given away for reuse"),
    "lives": ("Levens", "Lives"), "repairs": ("Keer gerepareerd", "Times repaired"),
    "co2": ("CO2 bespaard", "CO2 avoided"),
    "co2.potential": ("CO2 bespaard bij verkoop", "CO2 avoided when sold"),
    "co2.not_sold": ("Niet verkocht, dus geen CO2 bespaard door hergebruik.",
                     "Not sold, so reuse avoided no CO2."),
    "co2.upcycled": ("De CO2 die hergebruik bespaart, telt bij het nieuwe item zodra dat "
                     "verkocht is.",
                     "The CO2 that reuse avoids counts for the new item once that is sold."),
    "co2.given_away": ("Weggegeven voor hergebruik: de CO2 die dat bespaart telt mee in de "
                       "cijfers van het centrum.",
                       "Given away for reuse: the CO2 that avoids counts in the centre's "
                       "figures."),
    "weight": ("Gewicht", "Weight"), "price": ("Prijs", "Price"),
    "story": ("Het verhaal van dit item", "This item's story"),
    "other": ("English", "Nederlands"), "other_lang": ("en", "nl"),
    "title": ("Het verhaal van", "The story of"),
    "about": ("Elk ding dat bij ons binnenkomt krijgt een QR-label. Zo zie je hoeveel levens "
              "het al had en hoeveel CO2 hergebruik bespaart.",
              "Everything that comes in gets a QR label, so you can see how many lives it has "
              "had and how much CO2 reuse avoids."),
    "correct": ("Corrigeren", "Correct"),
    "not_found": ("Dit item kennen we niet.", "We do not know this item."),
    "invalid": ("Deze code klopt niet.", "This code is not right."),
    "invalid.more": ("Scan het label opnieuw of controleer de code.",
                     "Scan the label again or check the code."),
}
# The item's state and phase in the domain's words (tracker/domain/words.py).
_DUTCH_ENGLISH |= {f"state.{key}": pair for key, pair in words.STATE_STORIES.items()}
_DUTCH_ENGLISH |= {f"phase.{key}": pair for key, pair in words.PHASES.items()}
WORDS: dict[str, dict[str, str]] = {
    "nl": {key: dutch for key, (dutch, _) in _DUTCH_ENGLISH.items()},
    "en": {key: english for key, (_, english) in _DUTCH_ENGLISH.items()},
}

RECEIPT_WORDS: dict[str, dict[str, str]] = {
    lang: {key: words.say(pair, lang) for key, pair in words.RECEIPT.items()}
    for lang in ("nl", "en")}


def pick_language(query: str | None, accept: str | None) -> str:
    """`?lang=` wins; otherwise English only for a browser that prefers it; Dutch by default."""
    if query in WORDS:
        return query
    return "en" if prefers_english(accept) else "nl"


def _day(day: date, lang: str) -> str:
    return format_date(day, "long", locale=LOCALES[lang])  # 12 maart 2026, March 12, 2026


def _number(value: Decimal, lang: str, places: int = 1) -> str:
    """1.234,5 in Dutch, 1,234.5 in English: exactly `places` decimals."""
    return format_decimal(value, f"#,##0.{'0' * places}" if places else "#,##0",
                          locale=LOCALES[lang], decimal_quantization=True)


def _kg(value: Decimal, lang: str) -> str:
    exponent = value.normalize().as_tuple().exponent
    places = min(3, max(0, -exponent)) if isinstance(exponent, int) else 0
    return _number(value, lang, places) + " kg"


def _phases(story: Story, w: dict[str, str]) -> list[tuple[str, str]]:
    """Each phase's CSS class (done, current, todo) and its name."""
    reached = PHASES.index(story.phase) if story.phase in PHASES else -1
    return [("done" if i < reached or story.phase == "sell" else
             "current" if i == reached else "todo", w["phase." + phase])
            for i, phase in enumerate(PHASES)]


def _co2_fact(story: Story, w: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """CO2 avoided only by a sale: counted when sold, "± when sold" while a sale may come."""
    if story.times_sold:
        return [(w["co2"], _kg(story.co2_avoided_kg, lang))]
    if story.state in SELLABLE_LATER:
        return [(w["co2.potential"], "± " + _kg(story.co2_per_life_kg, lang))]
    return []


def _co2_note(story: Story, w: dict[str, str]) -> str:
    """Why an item that left the cycle unsold shows no CO2 figure."""
    if story.times_sold or story.state in SELLABLE_LATER:
        return ""
    if story.state in ("upcycled", "given_away"):
        return w[f"co2.{story.state}"]
    return w["co2.not_sold"]


def body(story: Story, category_label: str, lang: str) -> dict[str, object]:
    """What the item page shows of one item's story, as text (the template escapes it)."""
    w = WORDS[lang]
    facts = [(w["lives"], str(story.lives)), (w["repairs"], str(story.repairs)),
             *_co2_fact(story, w, lang), (w["weight"], _kg(story.weight_kg, lang))]
    return {
        **_page(w, lang), "title": f'{w["title"]} {codes.display(story.code)}',
        "category": category_label, "code": codes.display(story.code),
        "phases": _phases(story, w), "status": w["state." + story.state],
        "price": None if story.price_eur is None else _number(story.price_eur, lang, 2),
        "facts": facts, "co2_note": _co2_note(story, w),
        "moments": [(m.day.isoformat(), _day(m.day, lang),
                     w["moment." + m.kind].format(n=story.made_from)) for m in story.moments],
    }


def receipt_body(receipt: Receipt, lang: str) -> dict[str, object]:
    """What the public receipt page shows: the receipt's own lines, as rows (escaped by the
    template). Built from the same Receipt as the printed one, which holds nothing personal."""
    w, r = RECEIPT_WORDS[lang], receipt

    def eur(cents: int) -> str:
        return money(cents, r.decimal_comma)

    rows: list[tuple[str, str, str]] = []  # (css class, text, amount)
    for part in r.parts:
        shown = part.list_cents if part.discounts and part.list_cents is not None else part.cents
        rows.append(("part", f"{part.name} · {part.detail}", eur(shown)))
        rows += [("discount", f"{w['discount']} {d.reason}", eur(-d.cents))
                 for d in part.discounts]
    rows += [("discount", f"{w['discount']} {d.reason}", eur(-d.cents)) for d in r.discounts]
    totals = [("total", w["total"], f"€ {eur(r.total_cents)}")]
    if r.rounding_cents:
        totals.insert(0, ("", w["rounding"], eur(r.rounding_cents)))
    totals += [("", p.method, eur(p.cents)) for p in r.payments]
    if r.change_cents:
        totals.append(("", w["change"], eur(r.change_cents)))
    vat = [(f"{w['vat']} {v.rate} {w['vat_over']} {eur(v.net_cents)}", eur(v.vat_cents))
           for v in r.vat]
    refunds = [(f"{w['refunded']} {_day(f.at.date(), lang)} · {f.method}", eur(-f.cents),
                ", ".join(f.parts)) for f in r.refunds]
    return {**_page(WORDS[lang], lang), "title": f"{w['title']} {r.centre}", "w_r": w,
            "centre": r.centre, "site": r.site, "when": _moment(r.at, lang),
            "number": r.number, "rows": rows, "totals": totals, "vat": vat,
            "refunds": refunds}


VOUCHER_WORDS: dict[str, dict[str, str]] = {
    lang: {key: words.say(pair, lang) for key, pair in words.VOUCHER.items()}
    for lang in ("nl", "en")}


def voucher_body(slip: Slip, lang: str) -> dict[str, object]:
    """What the public voucher page shows: its code, when it was issued and for how much, and
    the balance; nothing of where it was spent, nothing about people (escaped by the
    template)."""
    w = VOUCHER_WORDS[lang]
    return {**_page(WORDS[lang], lang), "title": f"{w['title']} {slip.code}", "w_v": w,
            "centre": slip.centre, "code": slip.code, "when": _day(slip.at.date(), lang),
            "issued": f"€ {money(slip.issued_cents, lang != 'en')}",
            "balance": f"€ {money(slip.balance_cents, lang != 'en')}",
            "spent": slip.balance_cents <= 0}


def voucher_problem(kind: str, lang: str) -> dict[str, object]:
    """What the voucher page says about a code that is malformed or unknown."""
    w = VOUCHER_WORDS[lang]
    return {**_page(WORDS[lang], lang), "title": w[kind], "message": w[kind],
            "more": w["invalid.more"]}


def receipt_problem(kind: str, lang: str) -> dict[str, object]:
    """What the receipt page says about an id that is malformed or unknown."""
    w = RECEIPT_WORDS[lang]
    return {**_page(WORDS[lang], lang), "title": w[kind], "message": w[kind],
            "more": w["invalid.more"]}


def _moment(at: datetime, lang: str) -> str:
    return format_datetime(at, "d MMMM y HH:mm", locale=LOCALES[lang])


def problem(kind: str, lang: str) -> dict[str, object]:
    """What a page about a code that is wrong or unknown shows."""
    w = WORDS[lang]
    return {**_page(w, lang), "title": w[kind], "message": w[kind]}


def _page(w: dict[str, str], lang: str) -> dict[str, object]:
    """What every public page needs: its language, its words and the way to the other one."""
    return {"lang": lang, "w": w, "other_lang": w["other_lang"]}
