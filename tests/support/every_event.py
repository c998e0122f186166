"""A centre's log with every event type in every shape, made through the public API only.

Because it uses nothing but HTTP (and the ORDS import; a second site and a scale's weighing
for the outflows), it runs on any version of Ambacht that has the endpoints it calls:
`tests/data/stored/` holds the database an older version made with it, which today's code
must read as it was written (the outflows, added later, come after the older events).
Make a new one with

    python -m tests.support.every_event OUT.db

(run it with an older checkout first on PYTHONPATH to capture that version's stored form).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.support.tracker import FakeClock, Tracker, make_tracker

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORDS_CSV = "\n".join([
    "id,data_provider,country,partner_product_category,product_category,product_category_id,"
    "brand,year_of_manufacture,product_age,repair_status,repair_barrier_if_end_of_life,"
    "group_identifier,event_date,problem",
    "rc-1,Repair Café Test,NLD,Koffiezetapparaat,Coffee maker,12,Senseo,,,Fixed,,rc-groep,"
    "2026-02-14,lekt",
    "rc-2,Repair Café Test,NLD,Stofzuiger,Vacuum,21,,,,End of life,Spare parts not available,"
    "rc-groep,2026-02-14,",
    ""])


def _ok(r: Any) -> Any:
    assert r.status_code in (200, 201), r.text
    return r.json()


def record_every_event(t: Tracker, clock: FakeClock) -> None:
    """Every event type, and each optional part of one at least once."""
    def post(role: str, path: str, body: Any) -> Any:
        clock.advance(minutes=7)
        return _ok(t.post(role, path, body))

    post("intake", "/api/visits", {})
    post("intake", "/api/bulk", {"category": "textiel", "weight_kg": "4.2"})
    radio = post("intake", "/api/items", {
        "category": "elektrisch", "weight_kg": "2.35", "description": "radio, bruin",
        "serial_number": "SN-12345", "ords_category_id": 27})["code"]
    chair = post("intake", "/api/items", {"category": "meubilair", "weight_kg": "7.5"})["code"]
    lamp = post("intake", "/api/items", {"category": "elektrisch", "weight_kg": "1.1"})["code"]
    post("repair", f"/api/items/{radio}/inspect", {"outcome": "needs_repair"})
    post("repair", f"/api/items/{radio}/repair", {"outcome": "repairable", "minutes": 20})
    post("repair", f"/api/items/{radio}/repair", {"outcome": "fixed", "price_eur": "15",
                                                  "minutes": 45})
    post("repair", f"/api/items/{lamp}/inspect", {"outcome": "needs_repair"})
    post("repair", f"/api/items/{lamp}/repair", {
        "outcome": "end_of_life", "stream": "recycle", "barrier": "Spare parts not available"})
    post("repair", f"/api/items/{chair}/inspect", {"outcome": "sellable", "price_eur": "20"})
    post("till", f"/api/items/{chair}/price", {"price_eur": "17.5"})
    post("intake", f"/api/items/{chair}/correct", {"weight_kg": "8.1", "reason": "tikfout"})
    broken = post("intake", "/api/items", {"category": "kleingoed", "weight_kg": "0.4"})["code"]
    post("repair", f"/api/items/{broken}/inspect", {"outcome": "unusable", "stream": "residual"})
    parts = [post("intake", "/api/items", {"category": "textiel", "weight_kg": "0.6"})["code"]
             for _ in range(2)]
    bag = post("repair", "/api/upcycle", {"inputs": parts, "category": "textiel",
                                          "price_eur": "12", "description": "tas"})["code"]
    sale = post("till", "/api/sales", {
        "items": [radio, chair, bag], "payment": "pin",
        "lines": [{"category": "boeken", "weight_kg": "2", "price_eur": "3"}],
        "shown_prices": {chair: "20"}})["sale_id"]
    post("till", f"/api/sales/{sale}/refund", {"items": [radio], "lines": [0], "method": "cash",
                                               "faulty": True, "reason": "kapot thuis"})
    post("intake", f"/api/items/{bag}/return", {})
    cafe = post("admin", "/api/activities", {
        "kind": "repair_cafe", "date": "2026-03-02", "participants": 12, "under_18": 2,
        "leaders": []})["activity_id"]
    post("repair", "/api/repairs", {"category": "elektrisch", "outcome": "end_of_life",
                                    "barrier": "Item too worn out", "brand": "Philips",
                                    "problem": "brommen", "ords_category_id": 27,
                                    "activity_id": cafe})
    post("repair", "/api/repairs", {"category": "fietsen", "outcome": "fixed"})
    # last, so the times above stay those of the stored database (made before origins)
    post("intake", "/api/visits", {"postcode": "3511"})  # stored: only its municipality
    record_outflows(t, clock, post, lamp=lamp, bag=bag, radio=radio)
    record_shop(post)
    record_vouchers(post)
    post("till", "/api/till/close", {"counted_eur": "3.00"})  # its day: opened by make_tracker


SHOP_ITEM = "vaas (winkel)"  # the shop's item: its events came after the stored database's


def record_shop(post: Any) -> None:
    """The shop (CONTRACT §13): a condition at the bench, a reservation with and without a
    note, a wish at the till."""
    vase = post("intake", "/api/items", {"category": "kleingoed", "weight_kg": "0.8",
                                         "description": SHOP_ITEM})["code"]
    post("repair", f"/api/items/{vase}/inspect", {"outcome": "sellable", "price_eur": "6",
                                                  "condition": "good"})
    post("till", f"/api/items/{vase}/reserve", {"hours": 4, "note": "belt om 4 uur"})
    post("repair", f"/api/items/{vase}/reserve", {"hours": 24})
    post("till", "/api/wishes", {"category": "fietsen", "text": "kinderfiets 20 inch"})


def record_vouchers(post: Any) -> None:
    """Tegoedbonnen, after everything else: one bought at the till, part of it spent beside a
    card payment, and a refund onto a new one."""
    gift = post("till", "/api/vouchers", {"amount_eur": "25", "reason": "cadeaubon",
                                          "payment": "cash"})["code"]
    vase, jug = (post("intake", "/api/items", {"category": "kleingoed", "weight_kg": "0.8"}
                      )["code"] for _ in range(2))
    for code in (vase, jug):
        post("repair", f"/api/items/{code}/inspect", {"outcome": "sellable", "price_eur": "15"})
    sale = post("till", "/api/sales", {"items": [vase, jug], "payments": [
        {"method": "voucher", "amount_eur": "25", "voucher": gift},
        {"method": "pin", "amount_eur": "5"}]})["sale_id"]
    post("till", f"/api/sales/{sale}/refund", {"items": [jug], "method": "voucher"})


def record_outflows(t: Tracker, clock: FakeClock, post: Any, **codes: str) -> None:
    """Outflow batches of every kind: recycled items in a container (hand weight, ticket,
    note), an item given away on a weighed pallet, an item transferred to another site."""
    from decimal import Decimal

    from tracker.domain.weighings import Weighing
    from tracker.services import stations, weighings

    with t.db.write() as conn:
        stations.add_site(conn, "winkel-2", "Amersfoort", "Winkel", clock())
    for partner in ({"id": "metaal", "name": "Oud IJzer", "kind": "scrap_metal",
                     "municipality": "Utrecht"},
                    {"id": "school", "name": "De Wissel", "kind": "school"},
                    {"id": "winkel", "name": "Winkel", "kind": "other_centre",
                     "site": "winkel-2"}):
        post("admin", "/api/partners", partner)
    post("intake", "/api/outflows", {"partner": "metaal", "stream": "recycle",
                                     "weight_kg": "12.5", "items": [codes["lamp"]],
                                     "ticket": "WB-7", "note": "container metaal"})
    weighed = clock() + timedelta(minutes=7)  # when `post` sends the outflow: fresh
    pallet = Weighing(id="platform-1:e:1", scale_id="platform-1", seq=1, at=weighed,
                      clock_synced=True, protocol="st-gs", net_kg=Decimal("3.25"),
                      gross_kg=None, tare_kg=None, stable=True, status="ok",
                      raw="ST,GS,+3.25kg")
    with t.db.write() as conn:
        weighings.store_many(conn, [pallet], weighed)
    post("intake", "/api/outflows", {"partner": "school", "stream": "reuse",
                                     "category": "textiel", "weighing_id": pallet.id,
                                     "items": [codes["bag"]]})
    post("intake", "/api/outflows", {"partner": "winkel", "stream": "reuse",
                                     "weight_kg": "2.5", "items": [codes["radio"]]})


def import_ords(t: Tracker) -> None:
    """Two Repair Café records, as `ambacht import ords` takes them in."""
    from tracker.domain import ords as ords_domain
    from tracker.services import ords

    records, rejected = ords_domain.read(ORDS_CSV, START.date())
    assert not rejected, rejected
    with t.db.write() as conn:
        ords.import_records(conn, records, "milieustraat-1", t.svc.clock(), t.svc.categories)


def main(out: str) -> None:
    target = Path(out).resolve()
    target.unlink(missing_ok=True)
    clock = FakeClock(START)
    for t in make_tracker(f"sqlite:///{target}", clock):
        record_every_event(t, clock)
        import_ords(t)
    print(f"{target}: every event type")


if __name__ == "__main__":
    main(sys.argv[1])
