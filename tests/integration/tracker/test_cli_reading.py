"""Commands that only read never create a database: without AMBACHT_DATABASE_URL, `ambacht
station list` made an empty ./ambacht.db and listed nothing, as if the centre had no stations.
And the help speaks one language."""

from __future__ import annotations

import pytest

from tracker.cli import main, parser

READING = [["station", "list"], ["scale", "list"], ["dead-letters"], ["target", "list"],
           ["monitor", "--from", "2026-01-01", "--to", "2026-01-31"], ["export", "ords"],
           ["activity", "list", "--from", "2026-01-01", "--to", "2026-01-31"],
           ["label", "VSVG-4G8P-U"], ["backup", "out.db"]]


@pytest.mark.parametrize("command", READING, ids=lambda c: " ".join(c[:2]))
def test_a_reading_command_says_where_it_looked_and_creates_nothing(command, tmp_path,
                                                                    monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AMBACHT_DATABASE_URL", raising=False)
    with pytest.raises(SystemExit) as stopped:
        main(command)
    assert "er is geen database in" in str(stopped.value)
    assert str(tmp_path / "ambacht.db") in str(stopped.value)
    assert list(tmp_path.iterdir()) == []


def test_a_writing_command_still_starts_a_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AMBACHT_DATABASE_URL", raising=False)
    main(["site", "add", "hoofdlocatie", "--municipality", "Utrecht"])
    assert (tmp_path / "ambacht.db").exists()
    main(["station", "list"])  # now there is one to read


def test_the_help_is_one_language():
    text = parser().format_help()
    assert "volg elk item" not in text and "follow every item" in text


def test_the_admin_commands_answer_in_english_when_asked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("AMBACHT_DATABASE_URL", raising=False)
    main(["--lang", "en", "site", "add", "hoofdlocatie", "--municipality", "Utrecht"])
    main(["--lang", "en", "target", "set", "collected_kg", "2026", "1000"])
    main(["--lang", "en", "activity", "add", "tour", "--date", "2026-03-02",
          "--participants", "12"])
    main(["--lang", "en", "activity", "list", "--from", "2026-03-01", "--to", "2026-03-31"])
    said = capsys.readouterr().out
    assert "target collected_kg 2026 for the centre: 1000" in said
    assert "participants, 0 under 18" in said and "12 participants (0 <18)" in said
    for dutch in ("doel", "voor het centrum", "deelnemers", "onder 18", "reparaties"):
        assert dutch not in said, dutch
    main(["target", "list"])  # Dutch by default
    assert "doel collected_kg 2026 voor het centrum: 1000" in capsys.readouterr().out
