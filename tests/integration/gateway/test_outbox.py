"""The SQLite outbox on a real file: durable, bounded, ids that never repeat."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_outbox import writes_per_weighing
from gateway.outbox import Outbox, OutboxFull


def make(prefix: str):  # type: ignore[no-untyped-def]
    return lambda seq: (f"{prefix}:{seq:06d}", f'{{"seq": {seq}}}')


def test_weighings_and_the_sequence_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite"
    box = Outbox(path)
    first = [box.add(make("s")) for _ in range(3)]
    epoch = box.epoch
    box.acknowledge([first[0].id])
    box.close()
    box = Outbox(path)
    assert box.epoch == epoch
    assert [p.id for p in box.pending()] == [first[1].id, first[2].id]
    assert box.add(make("s")).seq == 4, "seq continues after a restart"
    box.acknowledge([p.id for p in box.pending()])
    box.close()
    assert Outbox(path).add(make("s")).seq == 5, "seq never reused, even with an empty outbox"


def test_synchronous_full_in_wal_mode(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.sqlite")
    assert box._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert box._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_outbox_file_gets_a_new_epoch(tmp_path: Path) -> None:
    assert Outbox(tmp_path / "a.sqlite").epoch != Outbox(tmp_path / "b.sqlite").epoch


def test_full_outbox_keeps_the_oldest_and_refuses_new(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.sqlite", max_rows=2)
    kept = [box.add(make("s")).id for _ in range(2)]
    with pytest.raises(OutboxFull):
        box.add(make("s"))
    assert [p.id for p in box.pending()] == kept
    box.acknowledge(kept[:1])
    assert box.add(make("s")).seq == 3


def test_acknowledging_unknown_or_repeated_ids_is_harmless(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.sqlite")
    pending = box.add(make("s"))
    assert box.acknowledge(["nope", pending.id]) == 1
    assert box.acknowledge([pending.id]) == 0
    assert box.count() == 0


def test_a_weighing_costs_the_sd_card_two_pages(tmp_path: Path) -> None:
    # Stored (fsync) and acknowledged (no fsync of its own): one WAL frame each. Before
    # issue 23 it was five pages (id index, counter row) and two fsyncs: 20 KB a weighing.
    calls, written = writes_per_weighing(tmp_path)
    assert written < 2 * (4096 + 200), f"{written:.0f} bytes written per weighing"
    assert calls < 5  # a frame is two writes (header, page); a checkpoint now and then


def test_acknowledging_the_newest_never_lets_its_id_come_back(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite"
    box = Outbox(path)
    older, newest = box.add(make("s")), box.add(make("s"))
    assert box.acknowledge([newest.id]) == 1
    assert box.count() == 1 and [p.id for p in box.pending()] == [older.id]
    box.close()
    box = Outbox(path)
    assert box.count() == 1
    assert box.add(make("s")).seq == 3
    assert box.acknowledge([newest.id]) == 0, "an acknowledged id is not acknowledged twice"


def test_an_id_that_does_not_end_in_its_seq_is_refused(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "o.sqlite")
    with pytest.raises(ValueError):
        box.add(lambda seq: ("s:no-seq", "{}"))
    assert box.count() == 0
