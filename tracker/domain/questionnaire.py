"""The national questionnaire's answers that are not measured (CONTRACT §14): what the centre
costs, what it receives, and who is paid from which budget. The centre enters them once a year;
they travel in that year's December monitor document."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from tracker.domain.errors import InvalidInput

# answer: (Dutch question, English question). Amounts in euros for the whole year; FTE as the
# year's average.
QUESTIONS: dict[str, tuple[str, str]] = {
    "costs_eur": ("Kosten van het centrum in het jaar (€)", "The centre's costs in the year (€)"),
    "subsidies_eur": ("Ontvangen subsidies (€)", "Subsidies received (€)"),
    "municipal_contribution_eur": ("Bijdrage van de gemeente (€)",
                                   "The municipality's contribution (€)"),
    "other_income_eur": ("Andere inkomsten dan verkoop (€)", "Income other than sales (€)"),
    "fte_own_budget": ("Fte betaald uit de eigen begroting", "FTE paid from the own budget"),
    "fte_participation": ("Fte uit participatiebudget of loonkostensubsidie",
                          "FTE paid from participation budgets or wage subsidies"),
    "fte_sheltered": ("Fte sociale werkvoorziening (Wsw)", "FTE in sheltered employment (Wsw)"),
    "fte_other_budget": ("Fte uit een ander budget", "FTE paid from another budget"),
}
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_ANSWER = Decimal(10) ** 12  # a typing error, not a centre's budget


def check(year: int, answers: Mapping[str, Decimal]) -> dict[str, float]:
    """The answers as stored, or a clear refusal (an unknown question, a negative amount)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"jaar {year} kan niet", "invalid_year",
                           en=f"year {year} is not possible")
    unknown = sorted(set(answers) - set(QUESTIONS))
    if unknown:
        known = ", ".join(QUESTIONS)
        raise InvalidInput(f"onbekende vraag: {', '.join(unknown)} (bekend: {known})",
                           "unknown_question",
                           en=f"unknown question: {', '.join(unknown)} (known: {known})")
    bad = sorted(k for k, v in answers.items() if not 0 <= v < MAX_ANSWER)
    if bad:
        raise InvalidInput(f"een antwoord is een getal van 0 of meer: {', '.join(bad)}",
                           "invalid_answer",
                           en=f"an answer is a number of 0 or more: {', '.join(bad)}")
    return {k: float(answers[k]) for k in QUESTIONS if k in answers}
