"""The monitor document from the maintained figures, and the figures rebuilt from the log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from tracker.domain import events as ev
from tracker.domain import figures, monitor, social
from tracker.domain.calendar import Period, month_key, months_in, period
from tracker.domain.categories import Category
from tracker.domain.errors import InvalidInput, NotFound
from tracker.domain.items import final_corrections
from tracker.store import figures as stored
from tracker.store import goals as stored_goals
from tracker.store import people as stored_people
from tracker.store import questionnaire as stored_questionnaire
from tracker.store import repository as repo
from tracker.store import stations as stored_stations

REBUILD_BATCH = 20_000  # deltas merged in memory before they are written


def check_site(conn: sa.Connection, site: str | None) -> None:
    """A known site (or None for the whole centre), else a clear 404."""
    if site is not None and stored_stations.get_site(conn, site) is None:
        raise NotFound(f"locatie '{site}' bestaat niet", "site_not_found",
                       en=f"site '{site}' does not exist")


def municipality_sites(conn: sa.Connection, municipality: str) -> list[str]:
    """The sites in a municipality (a network of sites reports per municipality), or 404."""
    # compared in Python: SQLite's lower() leaves every letter outside ASCII as it is (Łódź)
    wanted = municipality.casefold()
    found = [row.id for row in stored_stations.all_sites(conn)
             if row.municipality.casefold() == wanted]
    if not found:
        raise NotFound(f"geen locatie in gemeente '{municipality}'", "municipality_not_found",
                       en=f"no site in municipality '{municipality}'")
    return found


def people_blocks(conn: sa.Connection, p: Period, site: str | None,
                  sites: Sequence[str] | None = None
                  ) -> tuple[dict[str, monitor.PeopleAtWork], dict[str, Any]]:
    """The v1 `people` block's figures (by role) and the v2 `social` block, from the people
    tables (hours by hand and clocked), for one site, some sites, or the whole centre."""
    def in_scope(s: str) -> bool:
        return (site is None or s == site) and (sites is None or s in sites)

    hours = stored_people.hours(conn, p.start, p.end)
    by_role = social.people_by_role(hours, stored_people.roles(conn), p, in_scope)
    block = social.social(stored_people.enrolments(conn, p.end), stored_people.places(conn),
                          hours, stored_people.skills(conn, p.start, p.end), p, in_scope)
    return {r: monitor.PeopleAtWork(n, h) for r, (n, h) in by_role.items()}, block


def document(conn: sa.Connection, start: date, end: date, site: str | None, *, centre: str,
             categories: Mapping[str, Category], now: datetime,
             municipality: str | None = None) -> dict[str, Any]:
    """The `ambacht.monitor/v1` document for a period, from the maintained daily figures:
    for one site, for the sites of one municipality, or for the whole centre."""
    p = period(start, end)
    check_site(conn, site)
    if municipality is None:
        people, block = people_blocks(conn, p, site)
        return with_answers(conn, monitor.document(
            stored.totals(conn, p.start, p.end, site), centre=centre, site=site, period=p,
            generated_at=now, categories=categories, people=people,
            goals=stored_goals.current(conn, site), social=block))
    if site is not None:
        raise InvalidInput("kies een locatie óf een gemeente, niet allebei",
                           "site_and_municipality",
                           en="choose a site or a municipality, not both")
    sites = municipality_sites(conn, municipality)
    people, block = people_blocks(conn, p, None, sites)
    doc = monitor.document(stored.totals(conn, p.start, p.end, None, sites), centre=centre,
                           site=None, period=p, generated_at=now, categories=categories,
                           people=people,
                           goals=[],  # targets are set per site or for the centre
                           whole_centre=False,  # transfers with other municipalities count
                           social=block)
    doc["municipality"] = municipality
    return doc


def recomputed_document(conn: sa.Connection, start: date, end: date, site: str | None, *,
                        centre: str, categories: Mapping[str, Category],
                        now: datetime) -> dict[str, Any]:
    """The same document by a full recomputation from the event log (slow; the reference)."""
    p: Period = period(start, end)
    check_site(conn, site)
    totals = monitor.recompute(repo.all_events(conn), p, site)
    people, block = people_blocks(conn, p, site)
    return with_answers(conn, monitor.document(
        totals, centre=centre, site=site, period=p, generated_at=now, categories=categories,
        people=people, goals=stored_goals.current(conn, site), social=block))


MONTHS_CHARTED = 36  # a council report charts each month of up to three years


def council_documents(conn: sa.Connection, start: date, end: date, site: str | None, *,
                      centre: str, categories: Mapping[str, Category], now: datetime
                      ) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """What the council report shows: the period's document, and each month's (month key,
    document) when it spans a few months."""
    whole = document(conn, start, end, site, centre=centre, categories=categories, now=now)
    parts = list(months_in(period(start, end)))
    months = [] if len(parts) > MONTHS_CHARTED else [
        (month_key(part.start), document(conn, part.start, part.end, site, centre=centre,
                                         categories=categories, now=now))
        for part, _ in parts]
    return whole, months


def with_answers(conn: sa.Connection, doc: dict[str, Any]) -> dict[str, Any]:
    """A document of the whole centre that ends on 31 December (the December document, or the
    year's) carries that year's questionnaire answers when there are any (CONTRACT §14). Answers
    entered later change it, so the feed sends a revised December document."""
    end = date.fromisoformat(doc["to"])
    if doc["site"] is not None or (end.month, end.day) != (12, 31):
        return doc
    answers = stored_questionnaire.answers(conn, end.year)
    return doc if answers is None else {**doc, "questionnaire": {"year": end.year,
                                                                 "answers": answers}}


def rebuild_figures(conn: sa.Connection, now: datetime) -> int:
    """Recount every figure from the event log (after an upgrade); returns the event count."""
    stored.clear(conn)
    pending: list[figures.Delta] = []
    corrections = final_corrections(repo.events_of_type(conn, ev.Corrected.TYPE))
    for delta in figures.log_deltas(repo.all_events(conn), corrections):
        pending.append(delta)
        if len(pending) >= REBUILD_BATCH:
            stored.add(conn, figures.merge(pending))
            pending.clear()
    stored.add(conn, figures.merge(pending))
    stored.set_version(conn, figures.FIGURES_VERSION, now)
    return repo.count_events(conn)


def figures_current(conn: sa.Connection) -> bool:
    return stored.version(conn) == figures.FIGURES_VERSION


def ensure_figures(conn: sa.Connection, now: datetime) -> bool:
    """Rebuild the figures if they follow older definitions (or were never built)."""
    if figures_current(conn):
        return False
    rebuild_figures(conn, now)
    return True
