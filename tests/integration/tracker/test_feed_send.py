"""`ambacht feed send`: closed months' final documents into the feed's outbox again, each as
the month's next revision (a receiver that joined later, history entered afterwards); a month
not closed yet is not sent; the feed off, or a month written wrong, is a clear refusal."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.support.tracker import FakeClock, make_tracker
from tracker.cli import main
from tracker.domain.calendar import local_date
from tracker.services import feed


def test_closed_months_are_made_final_with_the_next_revision(tmp_path) -> None:
    clock = FakeClock(datetime(2026, 3, 10, 9, tzinfo=UTC))
    for tracker in make_tracker(f"sqlite:///{tmp_path / 'a.db'}", clock):
        r = tracker.post("admin", "/api/items", {"category": "meubilair", "weight_kg": 12.5,
                                                 "at": "2026-01-20T10:00:00"})
        assert r.status_code == 201, r.text

        def send(months: list[str], tracker=tracker) -> list[tuple[str, int]]:  # noqa: ANN001
            with tracker.db.read() as conn:
                due = feed.resend(conn, months, local_date(clock()), centre="demo",
                                  categories=tracker.svc.categories, now=clock())
            with tracker.db.write() as conn:
                return feed.enqueue(conn, ["http"], due, clock())

        assert send(["2026-01", "2026-02", "2026-03"]) == [("2026-01", 1), ("2026-02", 1)]
        assert send(["2026-01"]) == [("2026-01", 2)]
        with tracker.db.read() as conn:
            pending = feed.pending(conn)
            january = json.loads(feed.due(conn, "http", clock()).body)  # type: ignore[union-attr]
        assert [(p["month"], p["revision"], p["final"]) for p in pending] == [
            ("2026-01", 1, True), ("2026-02", 1, True), ("2026-01", 2, True)]
        assert (january["from"], january["to"]) == ("2026-01-01", "2026-01-31")
        assert january["inflow"]["kg"] == 12.5 and january["final"] is True


def test_the_command_fills_the_outbox_or_says_why_not(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("AMBACHT_DATABASE_URL", f"sqlite:///{tmp_path / 'b.db'}")
    monkeypatch.delenv("AMBACHT_FEED_HTTP_URL", raising=False)
    monkeypatch.delenv("AMBACHT_FEED_MQTT", raising=False)
    main(["site", "add", "hoofdlocatie", "--municipality", "Utrecht"])
    with pytest.raises(SystemExit) as stopped:
        main(["feed", "send", "2025-01"])
    assert "de landelijke feed staat uit" in str(stopped.value)
    monkeypatch.setenv("AMBACHT_FEED_HTTP_URL", "http://127.0.0.1:1/national/api/monitor")
    with pytest.raises(SystemExit) as stopped:
        main(["feed", "send", "januari"])
    assert "schrijf als JJJJ-MM" in str(stopped.value)
    capsys.readouterr()
    main(["feed", "send", "2025-11", "2026-01"])
    out = capsys.readouterr().out
    assert "3 definitieve document(en)" in out and "2025-11 r1, 2025-12 r1, 2026-01 r1" in out
    main(["feed", "send", "2099-12"])
    assert "niet afgesloten, dus niet verstuurd: 2099-12" in capsys.readouterr().out
