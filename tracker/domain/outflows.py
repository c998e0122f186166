"""Afvoeren (CONTRACT §10): which partner takes which stream, and which labelled items may
leave in a batch. Pure: the outflow use case looks things up and records what this decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain import codes, items, words
from tracker.domain import events as ev
from tracker.domain.errors import InvalidInput, NotAllowed
from tracker.domain.items import GIVABLE, TRANSFERABLE, Item, State

REUSE, RECYCLE, RESIDUAL = "reuse", "recycle", "residual"
OUTFLOW_STREAMS = (REUSE, RECYCLE, RESIDUAL)
OTHER_CENTRE = "other_centre"  # a site of the same network: a reuse batch there is a transfer
# The streams each kind of partner (afnemer) takes.
PARTNER_KINDS: dict[str, tuple[str, ...]] = {
    "recycler": (RECYCLE,),
    "textile_sorter": (REUSE, RECYCLE),
    "scrap_metal": (RECYCLE,),
    "reuse_partner": (REUSE,),
    "school": (REUSE,),
    "maker": (REUSE,),
    OTHER_CENTRE: (REUSE,),
    "waste_processor": (RESIDUAL, RECYCLE),
}
# The states a labelled item may leave in, per stream; a transfer takes what is in stock.
LEAVES_FROM: dict[str, tuple[State, ...]] = {
    REUSE: GIVABLE,
    RECYCLE: (State.RECYCLED,),
    RESIDUAL: (State.DISPOSED,),
}
MAX_BATCH_ITEMS = 500  # a pallet or a container of labelled things, not a warehouse


@dataclass(frozen=True)
class Partner:
    """An afnemer: who takes what leaves the centre; `site` is the receiving site of an
    `other_centre` partner."""

    id: str
    name: str
    kind: str
    municipality: str | None = None
    site: str | None = None

    @property
    def streams(self) -> tuple[str, ...]:
        return PARTNER_KINDS[self.kind]


def check_partner(kind: str, site: str | None) -> None:
    """A known kind; a receiving site for, and only for, another centre of the network."""
    if kind not in PARTNER_KINDS:
        known = ", ".join(PARTNER_KINDS)
        raise InvalidInput(f"onbekend soort afnemer '{kind}' (kies uit: {known})",
                           "invalid_partner_kind",
                           en=f"unknown kind of partner '{kind}' (choose from: {known})")
    if kind == OTHER_CENTRE and site is None:
        raise InvalidInput("een ander centrum van het netwerk heeft een locatie (site) nodig: "
                           "daar komen de items binnen", "partner_site_required",
                           en="another centre of the network needs a site: the items are "
                              "booked in there")
    if kind != OTHER_CENTRE and site is not None:
        raise InvalidInput("alleen een ander centrum (other_centre) heeft een locatie (site)",
                           "partner_site_not_allowed",
                           en="only another centre (other_centre) has a site")


def check_stream(partner: Partner, stream: str, from_site: str) -> None:
    """The stream must be one the partner's kind takes; a transfer goes to another site."""
    if stream not in OUTFLOW_STREAMS:
        raise InvalidInput(f"onbekende stroom '{stream}' (kies uit: reuse, recycle, residual)",
                           "invalid_stream",
                           en=f"unknown stream '{stream}' (choose from: reuse, recycle, "
                              "residual)")
    if stream not in partner.streams:
        takes_nl = ", ".join(words.say(words.OUTFLOW_STREAMS[s], "nl") for s in partner.streams)
        takes_en = ", ".join(words.say(words.OUTFLOW_STREAMS[s], "en") for s in partner.streams)
        raise InvalidInput(
            f"{partner.name} ({words.say(words.PARTNER_KINDS[partner.kind], 'nl')}) neemt geen "
            f"{words.say(words.OUTFLOW_STREAMS[stream], 'nl').lower()}; wel: {takes_nl}",
            "stream_not_for_partner",
            en=f"{partner.name} ({words.say(words.PARTNER_KINDS[partner.kind], 'en')}) does "
               f"not take {words.say(words.OUTFLOW_STREAMS[stream], 'en').lower()}; it takes: "
               f"{takes_en}")
    if partner.site == from_site:
        raise InvalidInput("dit centrum is deze locatie zelf: overbrengen kan alleen naar een "
                           "andere locatie", "transfer_to_same_site",
                           en="this centre is this very site: a transfer goes to another site")


def check_item_list(item_codes: Sequence[str]) -> None:
    """Each item once, and not more than a batch holds."""
    if len(set(item_codes)) != len(item_codes):
        raise InvalidInput("een item staat dubbel in de lijst", "duplicate_item",
                           en="an item is in the list twice")
    if len(item_codes) > MAX_BATCH_ITEMS:
        raise InvalidInput(f"hoogstens {MAX_BATCH_ITEMS} items in één afvoer", "too_many_items",
                           en=f"at most {MAX_BATCH_ITEMS} items in one outflow")


def is_transfer(partner: Partner, stream: str) -> bool:
    """A reuse batch to another centre of the network moves items, it does not let them go."""
    return partner.kind == OTHER_CENTRE and stream == REUSE


def check_items_may_leave(items: Sequence[Item], stream: str, transfer: bool) -> None:
    """Every listed item must be in a state that leaves in this stream, or nothing is booked:
    a 409 naming each that is not."""
    allowed = TRANSFERABLE if transfer else LEAVES_FROM[stream]
    refused = [i for i in items if i.state not in allowed]
    if not refused:
        return
    may_nl = " of ".join(words.state(s, "nl") for s in allowed)
    may_en = " or ".join(words.state(s, "en") for s in allowed)
    raise NotAllowed(
        f"deze items kunnen niet mee in deze afvoer (alleen {may_nl}): "
        + ", ".join(f"{codes.display(i.code)} ({words.state(i.state, 'nl')})" for i in refused),
        "item_cannot_leave",
        [{"code": codes.display(i.code), "state": i.state.value} for i in refused],
        en=f"these items cannot go in this outflow (only {may_en}): "
        + ", ".join(f"{codes.display(i.code)} ({words.state(i.state, 'en')})" for i in refused),
    )


def leave(item: Item, outflow_id: str, partner: Partner, transfer: bool
          ) -> ev.GivenAway | ev.Transferred | None:
    """What happens to a listed item: given away (reuse), moved (a transfer), or nothing of
    its own (recycled and residual items left the cycle already; the batch lists them)."""
    if transfer:
        assert partner.site is not None
        return items.transfer(item, outflow_id, partner.id, partner.site)
    if item.state in GIVABLE:
        return items.give_away(item, outflow_id, partner.id)
    return None
