"""Visitors' origin: a postcode's 4 digits to the municipality with most addresses in its
area, the rules of what a visit may carry, the shipped table, and the CBS file it is made from."""

from __future__ import annotations

import zipfile

import pytest

from tracker import cli, cli_postcodes
from tracker.domain.errors import InvalidInput
from tracker.domain.postcodes import (
    UNKNOWN,
    Table,
    check_postcode,
    choose_origin,
    most_addresses,
    read_table,
    write_table,
)
from tracker.services import visits

TABLE = Table({"3511": "Utrecht", "3811": "Amersfoort", "3701": "Zeist"})


@pytest.mark.parametrize("text", ["351", "35111", "3511AB", "3511 AB", "35a1", "", "١٢٣٤",
                                  "3511x"])
def test_anything_but_4_digits_is_refused_in_dutch_and_english(text):
    with pytest.raises(InvalidInput) as refused:
        TABLE.municipality(text)
    assert refused.value.code == "invalid_postcode"
    assert "4 cijfers" in refused.value.detail and "4 digits" in refused.value.detail_en


def test_a_known_postcode_counts_for_its_municipality_an_unknown_one_as_onbekend():
    assert TABLE.municipality("3511") == "Utrecht"
    assert TABLE.municipality(" 3811 ") == "Amersfoort"  # a space typed around it is no harm
    assert TABLE.municipality("9999") == UNKNOWN == "onbekend"
    assert TABLE.municipality(None) == UNKNOWN
    assert check_postcode("0123") == "0123"  # 4 digits, though no Dutch area: unknown, not 422


def test_a_visit_gives_a_postcode_or_a_municipality_the_centre_knows_not_both():
    assert choose_origin(TABLE, None, None) == UNKNOWN
    assert choose_origin(TABLE, "3701", None) == "Zeist"
    assert choose_origin(TABLE, None, "zeist") == "Zeist"  # the table's spelling is kept
    assert choose_origin(TABLE, None, "Demostad", known=["Demostad"]) == "Demostad"  # a site's
    assert choose_origin(TABLE, None, "UTRECHT", known=["utrecht"]) == "Utrecht"
    with pytest.raises(InvalidInput) as refused:
        choose_origin(TABLE, "3511", "Utrecht")
    assert refused.value.code == "postcode_and_municipality"
    with pytest.raises(InvalidInput) as refused:
        choose_origin(TABLE, None, "Nergenshuizen")
    assert refused.value.code == "unknown_municipality"


def test_an_area_spanning_two_municipalities_counts_for_the_one_with_most_addresses():
    addresses = ([("1234AB", "0363")] * 3 + [("1234AC", "GM0437")] * 5  # 1234: 3 vs 5
                 + [("5678XY", "437")] * 2 + [("5678XZ", "0363")] * 2  # a tie: lowest code
                 + [("9999ZZ", "363")])
    names = {"363": "Amsterdam", "0437": "Ouder-Amstel"}
    assert most_addresses(addresses, names) == {
        "1234": "Ouder-Amstel", "5678": "Amsterdam", "9999": "Amsterdam"}
    with pytest.raises(ValueError, match="no name"):
        most_addresses([("1234AB", "0999")], names)


def test_the_table_file_reads_back_what_was_written():
    text = write_table({"3811": "Amersfoort", "3511": "Utrecht"}, ["made for a test"])
    assert text.splitlines()[:3] == ["# made for a test", "postcode,municipality", "3511,Utrecht"]
    assert read_table(text).areas == {"3511": "Utrecht", "3811": "Amersfoort"}
    with pytest.raises(ValueError, match="line 2"):
        read_table("postcode,municipality\n3511AB,Utrecht\n")


def test_the_shipped_table_reads_one_line_per_postcode_area():
    shipped = visits.table()
    assert shipped.municipality("3511") == "Utrecht"
    assert shipped.municipality("3811") == "Amersfoort"
    assert all(len(pc) == 4 and pc.isdigit() for pc in shipped.areas)
    text = visits.table_path().read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(shipped.areas) + 4  # 3 lines of notes and a header


# --- the CBS file -----------------------------------------------------------------------------

ADDRESSES_2024 = "\n".join([  # 2024 and later: commas; the municipality code without zeros
    "PC6,Huisnummer,Buurt2024,Wijk2024,Gemeente2024",
    "3511AA,1,3440101,34401,344", "3511AA,2,3440101,34401,344", "3511AB,3,3440101,34401,344",
    "3454XX,1,3440999,34409,344",
    "3732AA,1,3100101,31001,310", "3732AA,2,3100101,31001,310",  # 3732: De Bilt 2, Utrecht 1
    "3732AB,9,3440102,34401,344",
    ""])
NAMES_2024 = "Gemeente2024;Gemeentenaam2024\n0344;Utrecht\n0310;De Bilt\n"


def _zip(path, addresses=ADDRESSES_2024, names=NAMES_2024):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("pc6hnr20240801_gwb.csv", addresses)
        z.writestr("gem_2024.csv", names)
        z.writestr("brt_2024.csv", "Buurt2024;Buurtnaam2024\n")
    return path


def test_update_makes_the_table_from_the_cbs_zip(tmp_path, capsys):
    out = tmp_path / "pc4.csv"
    cli.main(["postcodes", "update", str(_zip(tmp_path / "cbs.zip")), "--out", str(out)])
    table = read_table(out.read_text(encoding="utf-8"))
    assert table.areas == {"3511": "Utrecht", "3454": "Utrecht", "3732": "De Bilt"}
    text = out.read_text(encoding="utf-8")
    assert "pc6hnr20240801_gwb.csv" in text and "CC BY 4.0" in text and "2024" in text
    assert "3511AA" not in text and ",1\n" not in text  # no PC6, no house number
    said = capsys.readouterr().out
    assert "3 postcodegebieden in 2 gemeenten" in said and "herstart" in said


def test_update_reads_the_older_semicolon_files_with_their_names_file(tmp_path):
    addresses = ADDRESSES_2024.replace(",", ";").replace("2024", "2019").encode("cp1252")
    (tmp_path / "pc6hnr20190801_gwb.csv").write_bytes(addresses)
    (tmp_path / "gem_2019.csv").write_bytes(
        "Gemeente2019;Gemeentenaam2019\n344;Utrecht\n310;Súdwest De Bilt\n".encode("cp1252"))
    out = tmp_path / "pc4.csv"
    cli_postcodes.update(tmp_path / "pc6hnr20190801_gwb.csv", tmp_path / "gem_2019.csv", out,
                         visits_now())
    assert read_table(out.read_text(encoding="utf-8")).areas["3732"] == "Súdwest De Bilt"


def visits_now():
    from datetime import UTC, datetime
    return datetime(2026, 11, 30, tzinfo=UTC)


@pytest.mark.parametrize("args, said", [
    (["missing.zip"], "bestaat niet"),
    (["{csv}"], "--names"),
    (["{bad}"], "geen CBS-bestand"),
])
def test_update_refuses_what_it_cannot_read_in_one_line(tmp_path, capsys, args, said):
    (tmp_path / "a.csv").write_text(ADDRESSES_2024)
    (tmp_path / "bad.zip").write_bytes(b"")
    with zipfile.ZipFile(tmp_path / "bad.zip", "w") as z:
        z.writestr("pc6hnr20240801_gwb.csv", "nonsense\n")
        z.writestr("gem_2024.csv", NAMES_2024)
    files = {"{csv}": str(tmp_path / "a.csv"), "{bad}": str(tmp_path / "bad.zip")}
    out = tmp_path / "out.csv"
    with pytest.raises(SystemExit) as stopped:
        cli.main(["postcodes", "update", *[files.get(a, a) for a in args], "--out", str(out)])
    assert said in str(stopped.value) and "\n" not in str(stopped.value)
    assert not out.exists()  # nothing written


def test_update_has_help_that_says_where_the_file_comes_from(capsys):
    with pytest.raises(SystemExit):
        cli.main(["postcodes", "update", "--help"])
    helped = capsys.readouterr().out
    for words in ("buurt, wijk en gemeente voor postcode-huisnummer", "download.cbs.nl",
                  "--names", "gem_YYYY.csv", "Restart `ambacht serve`"):
        assert words in helped


def test_update_says_in_one_line_when_it_cannot_write_the_table(tmp_path):
    blocked = tmp_path / "table"
    blocked.mkdir()  # a directory where the file should go: like a read-only install
    with pytest.raises(SystemExit) as stopped:
        cli.main(["postcodes", "update", str(_zip(tmp_path / "cbs.zip")), "--out", str(blocked)])
    assert "kan" in str(stopped.value) and "niet schrijven" in str(stopped.value)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--lang", "en", "postcodes", "update", str(tmp_path / "cbs.zip"), "--names",
                  str(tmp_path / "missing.csv"), "--out", str(tmp_path / "t.csv")])
    assert "cannot be read" in str(stopped.value) and "missing.csv" in str(stopped.value)
