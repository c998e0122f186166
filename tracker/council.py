"""The council report (CONTRACT §14): a few pages a coordinator hands to the council, in plain
Dutch, from the monitor documents of a period and of its months. reportlab lays out the pages
and draws the charts (its graphics library), as the labels and receipts are made."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tracker.domain import words
from tracker.domain.goals import FIGURES
from tracker.domain.questionnaire import QUESTIONS

TITLE = "Verslag aan de gemeenteraad"
LOCALE = "nl_NL"
GREEN, RED, BLUE, GREY = (colors.HexColor(c) for c in ("#1b6f3a", "#a3171a", "#1d4ed8",
                                                       "#4b5563"))
CHART_W, CHART_H = 170 * mm, 62 * mm
TOP_BARRIERS = 5  # the reasons repairs failed most often; the rest is in the ORDS export
NL = 0  # the Dutch of a pair in the table of words
# Where the mass balance's kilos went (its out_kg keys), as the report says it.
OUT = {"sold": "verkocht", "given_away": "weggegeven", "recycle": "recycling",
       "residual": "restafval"}

_styles = getSampleStyleSheet()
H1, H2, BODY = _styles["Title"], _styles["Heading2"], _styles["BodyText"]


def num(value: float | int | None, digits: int = 0) -> str:
    """A number as Dutch people write it (1.234,5); a dash for none."""
    if value is None:
        return "–"
    return format_decimal(value, format=f"#,##0{'.' + '0' * digits if digits else ''}",
                          locale=LOCALE)


def eur(value: float | None) -> str:
    return "–" if value is None else f"€ {num(value, 2)}"


def pct(share: float | None) -> str:
    return "–" if share is None else f"{num(share * 100, 1)} %"


def _day(iso: str) -> str:
    return format_date(date.fromisoformat(iso), format="d MMMM y", locale=LOCALE)


def _table(rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Table:
    """A plain table: a bold first row, numbers right-aligned."""
    table = Table([list(r) for r in rows], colWidths=list(widths), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[float]],
              colours: Sequence[colors.Color], title: str) -> Drawing:
    """Grouped bars per label, one colour per series, with a legend under them."""
    drawing = Drawing(CHART_W, CHART_H)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 16 * mm
    chart.width, chart.height = CHART_W - 18 * mm, CHART_H - 26 * mm
    chart.data = [list(v) for v in series.values()] or [[0]]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(labels) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 8 else "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda v: num(v)
    for n, colour in enumerate(colours[:len(series)]):
        chart.bars[n].fillColor = colour
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    drawing.add(String(0, CHART_H - 6 * mm, title, fontName="Helvetica-Bold", fontSize=9))
    legend = Legend()
    legend.x, legend.y = 14 * mm, 3 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontSize = 8
    legend.colorNamePairs = list(zip(colours, series, strict=False))
    drawing.add(legend)
    return drawing


def _headline(doc: Mapping[str, Any]) -> list[Flowable]:
    inflow, sold = doc["inflow"], doc["outflow"]["sold"]
    text = (
        f"Van {_day(doc['from'])} tot en met {_day(doc['to'])} kwam er "
        f"<b>{num(inflow['kg'] + inflow['bulk_kg'])} kg</b> binnen: {num(inflow['items'])} "
        f"spullen met een label en {num(inflow['bulk_kg'])} kg zonder label. "
        f"<b>{num(sold['items'])}</b> spullen kregen in de winkel een nieuwe eigenaar "
        f"({num(sold['kg'])} kg, {eur(sold['revenue_eur'])}). "
        f"Van alles wat het centrum verliet, werd <b>{pct(doc['reuse_rate'])}</b> hergebruikt; "
        f"dat bespaarde <b>{num(doc['co2_avoided_kg'])} kg CO2</b>. "
        f"Aan de werkbank werd {num(doc['repairs']['attempted'])} keer een reparatie geprobeerd, "
        f"{num(doc['repairs']['fixed'])} keer met succes.")
    return [Paragraph("In het kort", H2), Paragraph(text, BODY)]


def _targets(doc: Mapping[str, Any]) -> list[Flowable]:
    targets = doc.get("targets") or {}
    if not targets:
        return [Paragraph("Doelen", H2), Paragraph(
            "Voor deze periode zijn geen doelen of nulmeting vastgelegd.", BODY)]
    rows = [["Cijfer", "Doel", "Gehaald", "Nulmeting", "Van het doel"]]
    for name, t in targets.items():
        figure = FIGURES.get(name)
        share = figure is not None and figure.unit == "share"
        reached = None if not t.get("target") or t.get("actual") is None else (
            t["actual"] / t["target"])
        rows.append([words.GOAL_FIGURES[name][NL] if name in words.GOAL_FIGURES else name,
                     *[pct(t.get(k)) if share else num(t.get(k))
                       for k in ("target", "actual", "baseline")], pct(reached)])
    return [Paragraph("Doelen en nulmeting", H2),
            _table(rows, (70 * mm, 25 * mm, 25 * mm, 25 * mm, 25 * mm))]


def _months(months: Sequence[tuple[str, Mapping[str, Any]]]) -> list[Flowable]:
    if len(months) < 2:
        return []
    labels = [format_date(date.fromisoformat(f"{key}-01"), format="MMM yy", locale=LOCALE)
              for key, _ in months]
    flows = {"binnen (kg)": [m["inflow"]["kg"] + m["inflow"]["bulk_kg"] for _, m in months],
             "verkocht (kg)": [m["outflow"]["sold"]["kg"] for _, m in months]}
    co2 = {"CO2 bespaard (kg)": [m["co2_avoided_kg"] for _, m in months]}
    return [Paragraph("Per maand", H2),
            bar_chart(labels, flows, (BLUE, GREEN), "Wat binnenkwam en wat verkocht werd"),
            bar_chart(labels, co2, (GREEN,), "CO2 bespaard door hergebruik")]


def _repairs(doc: Mapping[str, Any]) -> list[Flowable]:
    r = doc["repairs"]
    rows = [["Reparaties", "Aantal"], ["geprobeerd", num(r["attempted"])]]
    rows += [[words.OUTCOMES[key][NL].lower(), num(r[key])]
             for key in ("fixed", "repairable", "end_of_life")]
    rows.append(["voor bewoners (eigen spullen)", num(r["own_use"])])
    out: list[Flowable] = [Paragraph("Reparaties", H2), _table(rows, (80 * mm, 30 * mm))]
    barriers = sorted(((words.BARRIERS[b][NL] if b in words.BARRIERS else b, n)
                       for b, n in r["barriers"].items() if n), key=lambda bn: -bn[1])
    barriers = barriers[:TOP_BARRIERS]
    if barriers:
        out += [Spacer(1, 3 * mm), Paragraph("Waarom een reparatie niet lukte (meest genoemd)",
                                             BODY),
                _table([["Reden", "Aantal"], *[[b, num(n)] for b, n in barriers]],
                       (110 * mm, 30 * mm))]
    return out


def _people(doc: Mapping[str, Any]) -> list[Flowable]:
    rows = [["Wie", "Mensen", "Uren"]]
    rows += [[words.PEOPLE[role][NL] if role in words.PEOPLE else role, num(p["people"]),
              num(p["hours"])]
             for role, p in doc["people"].items() if p["people"] or p["hours"]]
    acts = [["Activiteit", "Keren", "Deelnemers"]]
    acts += [[words.ACTIVITIES[kind][NL] if kind in words.ACTIVITIES else kind,
              num(a["sessions"]), num(a["participants"])]
             for kind, a in doc["activities"].items()
             if isinstance(a, dict) and (a["sessions"] or a["participants"])]
    v = doc["visitors"]
    text = (f"Het centrum telde {num(v['sales'])} verkopen en {num(v['drop_offs'])} keer dat "
            f"iemand spullen bracht; {num(v['participants'])} mensen deden mee aan een "
            f"activiteit en {num(doc['activities'].get('skills_learned', 0))} leerden een "
            "vaardigheid.")
    out: list[Flowable] = [Paragraph("Mensen en leren", H2), Paragraph(text, BODY)]
    if len(rows) > 1:
        out += [Spacer(1, 2 * mm), _table(rows, (80 * mm, 30 * mm, 30 * mm))]
    if len(acts) > 1:
        out += [Spacer(1, 2 * mm), _table(acts, (80 * mm, 30 * mm, 30 * mm))]
    return out


def _mass_balance(doc: Mapping[str, Any]) -> list[Flowable]:
    mb = doc.get("mass_balance")
    if not mb:
        return []
    rows = [["Waar bleef elke kilo?", "kg"], ["binnen", num(mb["in_kg"], 1)]]
    rows += [[OUT.get(k, k), num(v, 1)] for k, v in mb["out_kg"].items() if v]
    rows += [["naar de voorraad", num(mb["stock_change_kg"], 1)],
             ["niet uitgewogen", num(mb["unaccounted_kg"], 1)]]
    return [Paragraph("Massabalans", H2), Paragraph(
        "Wat binnenkwam tegen waar het naartoe ging. <i>Niet uitgewogen</i> is wat binnenkwam "
        "maar nergens is gewogen toen het vertrok.", BODY), _table(rows, (80 * mm, 30 * mm))]


def _till(doc: Mapping[str, Any]) -> list[Flowable]:
    till = doc.get("till")
    if not till:
        return []
    rows = [["Kassa", "€"], *[[words.PAYMENTS[m][NL] if m in words.PAYMENTS else m, num(v, 2)]
                              for m, v in till["payments"].items() if v],
            ["korting gegeven", num(till["discount_eur"], 2)],
            ["waarvan btw in de prijzen", num(till["vat_eur"], 2)]]
    return [Paragraph("Kassa", H2), _table(rows, (80 * mm, 30 * mm))]


def _questionnaire(doc: Mapping[str, Any]) -> list[Flowable]:
    q = doc.get("questionnaire")
    if not q:
        return []
    rows = [[f"Vragenlijst {q['year']}", "Antwoord"]]
    rows += [[QUESTIONS[k][0] if k in QUESTIONS else k,
              num(v, 2)] for k, v in q["answers"].items()]
    return [Paragraph("Kosten en formatie", H2), _table(rows, (110 * mm, 30 * mm))]


def render(doc: Mapping[str, Any], months: Sequence[tuple[str, Mapping[str, Any]]], *,
           centre_name: str) -> bytes:
    """The report: the period's document `doc`, and (label, document) per month in it."""
    out = io.BytesIO()
    where = f" – locatie {doc['site']}" if doc.get("site") else ""
    pdf = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title=TITLE,
                            author=centre_name, creator="Ambacht", invariant=True)
    story: list[Flowable] = [
        Paragraph(f"{centre_name}{where}", H1),
        Paragraph(f"{TITLE}: {_day(doc['from'])} tot en met {_day(doc['to'])}", BODY),
        Spacer(1, 4 * mm)]
    for part in (_headline(doc), _targets(doc), _months(months), _repairs(doc), _people(doc),
                 _mass_balance(doc), _till(doc), _questionnaire(doc)):
        if part:
            story += [KeepTogether(part), Spacer(1, 4 * mm)]
    story.append(Paragraph(
        "Alle cijfers komen uit de metingen van het centrum (weegschaal, labels, kassa); "
        f"gemaakt op {_day(doc['generated_at'][:10])} met Ambacht.", _styles["Italic"]))
    pdf.build(story)
    return out.getvalue()
