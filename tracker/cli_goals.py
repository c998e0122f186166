"""`ambacht target`, `ambacht baseline` and `ambacht activity`: goals and social impact."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from tracker.cli_language import day, number, say
from tracker.cli_monitor import _date, _pick_site, open_db
from tracker.domain.activities import KINDS
from tracker.settings import Settings

CLI_STATION = "cli"  # who set it, in the goals table and in each event


def _tx(conn: Any, site: str) -> Any:
    from tracker.services.context import Actor, Tx, utc_now

    return Tx.on(conn, Actor(CLI_STATION, "admin", site), utc_now())


def _number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is geen getal") from None


def _show(goal: dict[str, Any]) -> str:
    scope = goal["site"] or say("het centrum", "the centre")
    when = goal["period"] or f"{day(goal['from'])} {say('t/m', 'to')} {day(goal['to'])}"
    was = f" ({say('was', 'was')} {number(goal['replaced'])})" if goal["replaced"] is not None \
        else ""
    return f"{goal['figure']} {when} {say('voor', 'for')} {scope}: {number(goal['value'])}{was}"


def _db(settings: Settings) -> Any:
    return open_db(settings, figures=True)


def _reading(settings: Settings) -> Any:
    return open_db(settings, create=False, figures=True)


def cmd_target_set(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import goals

    with _db(settings).write() as conn:
        done = goals.set_target(_tx(conn, ""), args.figure, args.period, args.value, args.site)
    print(f"{say('doel', 'target')} {_show(done)}")


def cmd_baseline_set(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import goals

    with _db(settings).write() as conn:
        done = goals.set_baseline(_tx(conn, ""), args.figure, args.start, args.end, args.value,
                                  args.site)
    print(f"{say('nulmeting', 'baseline')} {_show(done)}")


def cmd_target_list(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import goals

    with _reading(settings).read() as conn:
        found = goals.overview(conn, args.site)
    if args.json:
        print(json.dumps(found, default=str, ensure_ascii=False, indent=2))
        return
    print(say("cijfers: ", "figures: ") + ", ".join(f["name"] for f in found["figures"]))
    for g in found["baselines"]:
        print(f"{say('nulmeting', 'baseline')} {_show(g)}")
    for g in found["targets"]:
        print(f"{say('doel', 'target')} {_show(g)}")


def cmd_activity_add(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.services import activities
    from tracker.services.context import local_date, utc_now

    with _db(settings).write() as conn:
        site = _pick_site(conn, args.site)
        tx = _tx(conn, site)
        done = activities.record_activity(
            tx, args.kind, args.date or local_date(utc_now()), args.participants, args.under_18,
            args.leader or (), args.skills, args.learner or (), site)
        tx.commit()
    print(say(f"activiteit {done['activity_id']}: {done['kind']} op {day(done['date'])} "
              f"({done['site']}), {done['participants']} deelnemers, {done['under_18']} onder "
              f"18, {done['skills_learned']} leerden een vaardigheid",
              f"activity {done['activity_id']}: {done['kind']} on {day(done['date'])} "
              f"({done['site']}), {done['participants']} participants, {done['under_18']} under "
              f"18, {done['skills_learned']} learned a skill"))


def cmd_activity_list(args: argparse.Namespace, settings: Settings) -> None:
    from tracker.domain.calendar import period
    from tracker.services import activities

    period(args.start, args.end)
    with _reading(settings).read(snapshot=True) as conn:
        found = activities.list_activities(conn, args.start, args.end, args.site)
    for a in found:
        print(f"{a['date']} {a['kind']:12} {a['site']:16} {a['participants']:5} "
              + say(f"deelnemers ({a['under_18']} <18), {a['skills_learned']} vaardigheid, "
                    f"{len(a['repairs'])} reparaties",
                    f"participants ({a['under_18']} <18), {a['skills_learned']} skills, "
                    f"{len(a['repairs'])} repairs") + f"  {a['activity_id']}")


def _count(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal") from None


def add_parsers(sub: Any) -> None:
    """Register the target, baseline and activity commands on `ambacht`'s subparsers."""
    target = sub.add_parser("target", help="goals per figure (yearly or monthly)").add_subparsers(
        dest="target_command", required=True, metavar="ACTION")
    s = target.add_parser(
        "set", help="set a yearly or monthly target for a figure",
        description="Set a target for a figure over a calendar year (2026) or month (2026-03), "
                    "for one site or the whole centre. A monthly target takes the place of the "
                    "yearly one for its month; a period is measured pro rata by days. "
                    "'ambacht target list' shows the figures.")
    s.add_argument("figure", help="e.g. collected_kg, sold_kg, repairs, reuse_rate")
    s.add_argument("period", help="a year (2026) or a month (2026-03)")
    s.add_argument("value", type=_number, help="the target (a share as 0.6 for reuse_rate)")
    s.add_argument("--site", help="one site (default: the whole centre)")
    s.set_defaults(fn=cmd_target_set)
    s = target.add_parser("list", help="the figures, and the targets and baseline in force")
    s.add_argument("--site", help="one site (default: the whole centre)")
    s.add_argument("--json", action="store_true", help="as JSON")
    s.set_defaults(fn=cmd_target_list)

    baseline = sub.add_parser("baseline", help="the baseline measurement (nulmeting)"
                              ).add_subparsers(dest="baseline_command", required=True,
                                               metavar="ACTION")
    s = baseline.add_parser("set", help="what a figure was over a past stretch of dates",
                            description="Record the nulmeting of a figure: its value over a "
                                        "past period (e.g. the year before the centre opened). "
                                        "It is shown pro rata by days beside each target.")
    s.add_argument("figure")
    s.add_argument("value", type=_number)
    s.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    s.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    s.add_argument("--site", help="one site (default: the whole centre)")
    s.set_defaults(fn=cmd_baseline_set)

    activity = sub.add_parser("activity", help="courses, school visits, Repair Cafés, "
                                               "workshops, tours").add_subparsers(
        dest="activity_command", required=True, metavar="ACTION")
    s = activity.add_parser("add", help="record an activity (counts only; leaders by alias)")
    s.add_argument("kind", choices=KINDS)
    s.add_argument("--date", type=_date, help="the local date it took place (default today)")
    s.add_argument("--participants", type=_count, required=True, help="how many took part")
    s.add_argument("--under-18", dest="under_18", type=_count, default=0,
                   help="of them, how many under 18")
    s.add_argument("--leader", action="append", metavar="ALIAS",
                   help="alias of a person who led it (repeat for more)")
    s.add_argument("--skills", type=_count, help="how many participants completed a skill")
    s.add_argument("--learner", action="append", metavar="ALIAS",
                   help="or: alias of a person in a learning place who completed a skill")
    s.add_argument("--site", help="where it took place (needed with several sites)")
    s.set_defaults(fn=cmd_activity_add)
    s = activity.add_parser("list", help="activities in a period")
    s.add_argument("--from", dest="start", type=_date, required=True, metavar="DATE")
    s.add_argument("--to", dest="end", type=_date, required=True, metavar="DATE")
    s.add_argument("--site")
    s.set_defaults(fn=cmd_activity_list)
