"""The Z-report of a till's day as it is shown, printed and saved as PDF, in the station's
language (the slip of an opened day while it is open)."""

from __future__ import annotations

from receipts.layout import money
from receipts.report import Report, Row, Section
from tracker.domain import till, words
from tracker.domain.till_day import Day
from tracker.services.context import LOCAL_ZONE

WHEN = "%d-%m-%Y %H:%M"


def _reason(reason: str, lang: str) -> str:
    pair = words.DISCOUNT_REASONS.get(reason)
    return words.say(pair, lang) if pair else reason


def _method(method: str, lang: str) -> str:
    pair = words.PAYMENTS.get(method)
    return words.say(pair, lang) if pair else method


def _rate(vat_bp: int, lang: str) -> str:
    shown = f"{till.rate(vat_bp) * 100:g}%"
    return shown if lang == "en" else shown.replace(".", ",")


def report(day: Day, centre: str, site: str, lang: str) -> Report:
    """The day's report: the Z-report once it is closed, its figures so far while open."""
    w = {key: words.say(pair, lang) for key, pair in words.DAY_REPORT.items()}
    kind = w["open"] if day.is_open else w["z"]
    head = [centre, site, f"{kind} {w['till']} {day.station} {w['day']} {day.number}",
            f"{w['opened']} {day.opened_at.astimezone(LOCAL_ZONE).strftime(WHEN)}"]
    if day.closed_at is not None:
        head.append(f"{w['closed']} {day.closed_at.astimezone(LOCAL_ZONE).strftime(WHEN)}")
    t = day.totals
    sections = [
        Section("", (Row(w["sales"], value=str(t.sales)), Row(w["revenue"], t.revenue_cents),
                     Row(w["refunds"], value=str(t.refunds)),
                     Row(w["refunded"], -t.refunded_cents),
                     Row(w["net"], t.revenue_cents - t.refunded_cents))),
        Section(w["discounts"], tuple(Row(_reason(d.key, lang), d.cents) for d in t.discounts)),
        Section(w["vat"], tuple(Row(f"{_rate(v.vat_bp, lang)} {w['vat_over']} "
                                    f"{money(v.net_cents, lang != 'en')}", v.vat_cents)
                                for v in t.vat)),
        Section(w["payments"], tuple(Row(_method(p.key, lang), p.cents) for p in t.payments)
                + (Row(w["rounding"], t.rounding_cents),)),
        Section(w["refunds_paid"], tuple(Row(_method(p.key, lang), -p.cents)
                                         for p in t.refunds_paid)),
        Section(w["cash"], _cash(day, w)),
    ]
    return Report(tuple(head), tuple(s for s in sections if s.rows), lang != "en")


def _cash(day: Day, w: dict[str, str]) -> tuple[Row, ...]:
    rows = [Row(w["float"], day.float_cents), Row(w["cash_in"], day.totals.taken("cash")),
            Row(w["cash_out"], -day.totals.paid_back("cash")),
            Row(w["expected"], day.expected_cents)]
    if day.counted_cents is not None and day.difference_cents is not None:
        rows += [Row(w["counted"], day.counted_cents), Row(w["difference"], day.difference_cents)]
    return tuple(rows)
