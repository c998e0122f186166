"""Correctie (CONTRACT §9): a wrong intake weight or category is put right, and every figure
becomes what it would have been had the intake been right, on the days each belongs to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.monitor import recomputed, without_time
from tracker.services import monitor as monitor_service
from tracker.services import stations

DAY_1, DAY_3 = "2026-03-02", "2026-03-04"


def _monitor(tracker, start, end=None):
    r = tracker.get("monitor", "/api/monitor", params={"from": start, "to": end or start})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_corrected_weight_and_category_move_the_figures_on_their_own_days(tracker, clock):
    code = tracker.intake("kleingoed", 5.0)  # the scale was read wrong: 5 kg, kleingoed
    tracker.post("repair", f"/api/items/{code}/inspect", {"outcome": "sellable",
                                                          "price_eur": 10})
    clock.advance(days=2)
    r = tracker.post("till", "/api/sales", {"items": [code], "payment": "cash"})
    assert r.status_code == 201, r.text
    clock.advance(hours=1)
    r = tracker.post("admin", f"/api/items/{code}/correct",
                     {"weight_kg": 3.25, "category": "elektrisch", "reason": "weegfout"})
    assert r.status_code == 200, r.text
    assert (r.json()["weight_kg"], r.json()["category"]) == (3.25, "elektrisch")

    intake_day, sale_day = _monitor(tracker, DAY_1), _monitor(tracker, DAY_3)
    assert intake_day["inflow"]["kg"] == 3.25
    assert intake_day["inflow"]["by_category"]["elektrisch"] == {"items": 1, "kg": 3.25}
    assert intake_day["inflow"]["by_category"]["kleingoed"] == {"items": 0, "kg": 0}
    assert sale_day["outflow"]["sold"]["kg"] == 3.25
    assert sale_day["outflow"]["sold"]["by_category"]["elektrisch"]["kg"] == 3.25
    assert sale_day["inflow"]["kg"] == 0  # nothing came in on the day of the correction
    assert _monitor(tracker, "2026-03-03")["stock"]["ready_for_sale"] == {"items": 1, "kg": 3.25}
    for start, end in ((DAY_1, DAY_1), (DAY_1, DAY_3), ("2026-03-03", DAY_3)):
        assert without_time(_monitor(tracker, start, end)) == without_time(
            recomputed(tracker, datetime.fromisoformat(start).date(),
                       datetime.fromisoformat(end).date(), None))
    history = tracker.get("intake", f"/api/items/{code}/events").json()
    assert history[-1]["type"] == "corrected"
    assert history[-1]["data"].items() >= {"old_weight_kg": 5.0, "weight_kg": 3.25,
                                           "old_category": "kleingoed",
                                           "reason": "weegfout"}.items()

    # `ambacht rebuild` recounts the same figures from the log
    before = without_time(_monitor(tracker, DAY_1, DAY_3))
    with tracker.db.write() as conn:
        monitor_service.rebuild_figures(conn, clock())
    assert without_time(_monitor(tracker, DAY_1, DAY_3)) == before


def test_the_intake_desk_corrects_its_own_intakes_for_24_hours(tracker, clock):
    code = tracker.intake("textiel", 2.0)
    r = tracker.post("intake", f"/api/items/{code}/correct", {"weight_kg": 2.5, "reason": "x"})
    assert r.status_code == 200, r.text
    clock.advance(hours=24, minutes=1)
    r = tracker.post("intake", f"/api/items/{code}/correct", {"weight_kg": 2.7, "reason": "x"})
    assert r.status_code == 403 and r.json()["code"] == "correction_too_late"
    assert "coördinator" in r.json()["detail"]
    assert tracker.post("admin", f"/api/items/{code}/correct",
                        {"weight_kg": 2.7, "reason": "x"}).status_code == 200
    assert tracker.get("till", f"/api/items/{code}").json()["weight_kg"] == 2.7


def test_another_sites_intake_desk_may_not_correct(tracker, clock):
    code = tracker.intake("textiel", 2.0)
    with tracker.db.write() as conn:
        stations.add_site(conn, "west", "Utrecht", "West", clock())
        token = stations.add_station(conn, "balie-west", "intake", "west", clock())
    r = tracker.client.post(f"/api/items/{code}/correct", json={"weight_kg": 1, "reason": "x"},
                            headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403 and r.json()["code"] == "correction_not_allowed"


def test_a_correction_must_change_something_and_say_why(tracker):
    code = tracker.intake("textiel", 2.0)
    for body, code_ in (({"weight_kg": 2.0, "reason": "x"}, "nothing_to_correct"),
                        ({"category": "textiel", "reason": "x"}, "nothing_to_correct"),
                        ({"weight_kg": 3, "reason": "  "}, "reason_required"),
                        ({"weight_kg": 3, "reason": ""}, "invalid_input"),
                        ({"category": "nope", "reason": "x"}, "unknown_category"),
                        ({"weight_kg": 0, "reason": "x"}, None)):
        r = tracker.post("intake", f"/api/items/{code}/correct", body)
        assert r.status_code == 422, (body, r.text)
        assert code_ is None or r.json()["code"] == code_, r.text
    assert len(tracker.get("intake", f"/api/items/{code}/events").json()) == 1


def test_a_correction_from_the_scale_keeps_the_first_weighing_as_evidence(tracker, clock):
    from tracker.domain.weighings import parse_weighing
    from tracker.services import weighings

    def weighing(n: int, kg: str) -> str:
        payload = (f'{{"id": "s1:e:{n}", "scale_id": "s1", "seq": {n}, '
                   f'"at": "{clock().isoformat()}", "clock_synced": true, "protocol": "p", '
                   f'"net_kg": {kg}, "stable": true, "status": "ok"}}')
        with tracker.db.write() as conn:
            weighings.store_many(conn, [parse_weighing("s1", payload.encode())], clock())
        return f"s1:e:{n}"

    first = weighing(1, "4.0")
    r = tracker.post("intake", "/api/items", {"category": "fietsen", "weighing_id": first})
    code = r.json()["code"]
    second = weighing(2, "14.0")  # the bike was only half on the platform
    r = tracker.post("intake", f"/api/items/{code}/correct",
                     {"weighing_id": second, "reason": "half op de weegschaal"})
    assert r.status_code == 200 and r.json()["weight_kg"] == 14.0, r.text
    event = tracker.get("admin", f"/api/items/{code}/events").json()[-1]
    assert (event["data"]["old_weighing_id"], event["data"]["weighing_id"]) == (first, second)
    assert _monitor(tracker, DAY_1)["inflow"]["kg"] == 14.0
    assert clock() - datetime(2026, 3, 2, 9, tzinfo=UTC) < timedelta(hours=1)
