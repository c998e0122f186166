"""Reading real ORDS partner files and writing ORDS v0.3 rows (pure)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain import ords
from tracker.domain.items import BARRIERS
from tracker.domain.ords import COLUMNS, MalformedFile, Record

# The real partner files (CC BY-SA 4.0, see tests/data/ords/README.md): the workspace's
# shared copy when present, else the copy kept with the tests so a bare clone runs them too.
_SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "ords"
DATA = _SHARED if _SHARED.is_dir() else Path(__file__).resolve().parents[2] / "data" / "ords"
TODAY = date(2026, 3, 2)
HEADER = ",".join(COLUMNS)
real_files = pytest.mark.skipif(not DATA.is_dir(), reason="needs ../shared/data/ords")


def read(text: str):
    return ords.read(text, TODAY)


def row(**kw: str) -> str:
    values = {"id": "rc_1", "repair_status": "Fixed", "event_date": "2025-04-01",
              "product_category_id": "15", **kw}
    return ",".join(f'"{values.get(c, "")}"' for c in COLUMNS)


@real_files
@pytest.mark.parametrize("name,count", [
    ("FixitClinic", 1033), ("RepairCafeDenmark", 29929), ("RepairCafeToronto", 5567),
    ("RepairCafeWales", 20190)])
def test_every_record_of_the_real_partner_files_is_taken(name, count):
    path = DATA / f"OpenRepairData_v0.3_{name}_202507.csv"
    records, rejected = read(ords.decode(path.read_bytes()))
    assert (len(records), rejected) == (count, [])
    original = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    for rec, line in zip(records, original, strict=True):  # every field back as it was
        assert dict(zip(COLUMNS, ords.export_row(rec), strict=True)) == line


@real_files
def test_real_world_quirks():
    wales = read(ords.decode((DATA / "OpenRepairData_v0.3_RepairCafeWales_202507.csv")
                             .read_bytes()))[0]
    multiline = next(r for r in wales if r.id == "rcwales_20334")
    assert "\n" in multiline.partner_product_category  # a quoted newline inside a field
    denmark = read(ords.decode((DATA / "OpenRepairData_v0.3_RepairCafeDenmark_202507.csv")
                               .read_bytes()))[0]
    first = denmark[0]
    assert first.id == "rcdenmark_25627" and first.group_identifier == "Grønt Værksted Langaa"
    unknown = next(r for r in denmark if r.id == "rcdenmark_12912")
    assert (unknown.brand, unknown.outcome, unknown.barrier) == (
        None, "end_of_life", "No way to open product")
    assert ords.export_row(unknown)[COLUMNS.index("brand")] == "Unknown"


def test_spreadsheet_variants_are_read():
    text = HEADER.replace(",", ";") + "\n" + row().replace(",", ";") + "\n"
    assert read("\ufeff" + text)[0][0].id == "rc_1"  # semicolons and a BOM (Dutch Excel)
    cp1252 = (HEADER + "\n" + row(problem="Kapotte schakelaar – café")).encode("cp1252")
    assert read(ords.decode(cp1252))[0][0].problem == "Kapotte schakelaar – café"
    lower = read(HEADER + "\n" + row(repair_status="end of life",
                                     repair_barrier_if_end_of_life="too worn out"))[0][0]
    assert (lower.outcome, lower.barrier) == ("end_of_life", "Item too worn out")
    assert read(HEADER + "\n" + row(product_category_id="22.0"))[0][0].product_category_id == 22
    assert read(HEADER + "\n\n" + row() + "\n\n")[0][0].id == "rc_1"  # blank lines


@pytest.mark.parametrize("text,message", [
    ("\0\1\2PNG binary", "binaire"),
    ('{"id": 1, "repair_status": "Fixed"}', "ontbreken"),
    ("id,brand\nrc_1,Philips\n", "repair_status, event_date ontbreken"),
    (HEADER + "\n" + row() + "\n" + row(id="rc_2", repair_status="Kapot") + "\n",
     "regel 3: 'Kapot'"),
])
def test_a_malformed_file_is_refused_whole(text, message):
    with pytest.raises(MalformedFile) as err:
        read(ords.decode(text.encode()))
    assert message in err.value.detail


def test_many_bad_statuses_are_summarised():
    text = HEADER + "\n" + "\n".join(row(id=f"x_{i}", repair_status="?") for i in range(9))
    with pytest.raises(MalformedFile) as err:
        read(text)
    assert "(en nog 4)" in err.value.detail


@pytest.mark.parametrize("fields,reason", [
    ({"id": ""}, "id ontbreekt"),
    ({"id": "a b"}, "id is te lang"),
    ({"event_date": "gisteren"}, "geen datum"),
    ({"event_date": "2027-01-01"}, "toekomst"),
    ({"product_category_id": "99"}, "niet tussen 1 en 40"),
    ({"product_category_id": "lamp"}, "geen getal"),
    ({"repair_status": "End of life", "repair_barrier_if_end_of_life": "Te duur"},
     "onbekende reparatiebarrière"),
    ({"repair_barrier_if_end_of_life": "Lack of equipment"}, "alleen bij 'End of life'"),
])
def test_rows_that_cannot_be_taken_are_reported_with_line_and_reason(fields, reason):
    records, rejected = read(HEADER + "\n" + row(id="ok_1") + "\n" + row(**fields) + "\n")
    assert [r.id for r in records] == ["ok_1"]
    assert len(rejected) == 1 and rejected[0].line == 3 and reason in rejected[0].reason


def test_duplicate_ids_and_surplus_fields_are_rejected():
    text = HEADER + "\n" + row() + "\n" + row() + "\n" + row(id="rc_2") + ",extra\n"
    records, rejected = read(text)
    assert len(records) == 1
    assert [(r.line, r.reason) for r in rejected] == [
        (3, "id komt al voor op regel 2"), (4, "de regel heeft meer velden dan de kop")]


def test_export_header_is_exactly_the_contract():
    assert next(ords.write([])) == (
        "id,data_provider,country,partner_product_category,product_category,"
        "product_category_id,brand,year_of_manufacture,product_age,repair_status,"
        "repair_barrier_if_end_of_life,group_identifier,event_date,problem\n")


text = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\0\r"),
               max_size=30).map(str.strip)
records = st.builds(
    Record, id=st.from_regex(r"[a-z]{2,8}_[0-9]{1,6}", fullmatch=True),
    outcome=st.sampled_from(["fixed", "repairable", "end_of_life", "unknown"]),
    event_date=st.dates(date(2000, 1, 1), TODAY),
    product_category_id=st.one_of(st.none(), st.integers(1, 40)),
    brand=st.one_of(st.none(), text.filter(lambda s: s and s.lower() != "unknown")),
    problem=st.one_of(st.none(), text.filter(bool)), group_identifier=text,
    partner_product_category=text, data_provider=text,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(records, max_size=8, unique_by=lambda r: r.id), st.lists(
    st.one_of(st.none(), st.sampled_from(BARRIERS)), min_size=8, max_size=8))
def test_written_rows_read_back_the_same(recs, barriers):
    recs = [Record(**{**r.__dict__, "barrier": b if r.outcome == "end_of_life" else None,
                      "product_category": ""}) for r, b in zip(recs, barriers, strict=False)]
    back, rejected = read("".join(ords.write(recs)))
    assert rejected == []
    assert [(r.id, r.outcome, r.barrier, r.product_category_id, r.event_date, r.brand,
             r.problem, r.group_identifier) for r in back] == [
        (r.id, r.outcome, r.barrier, r.product_category_id, r.event_date, r.brand, r.problem,
         r.group_identifier) for r in recs]
