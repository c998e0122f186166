"""CSV cells never run as formulas in a spreadsheet, numbers stay numbers, and our own files
read back exactly as they were written."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.spreadsheet import TRIGGERS, SafeWriter, neutralise, restore


@pytest.mark.parametrize("cell,shown", [
    ('=HYPERLINK("http://example.com/x","klik")', '\'=HYPERLINK("http://example.com/x","klik")'),
    ("+SUM(A1:A9)", "'+SUM(A1:A9)"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"),
    ("\tverborgen", "'\tverborgen"), ("\r=1", "'\r=1"), ("-", "'-"),
    ("'=al gequote", "''=al gequote"),  # one quote more, so the import can take exactly one off
    ("gewoon", "gewoon"), ("'blue death screen'", "'blue death screen'"), ("", ""),
    ("-3.5", "-3.5"), ("+31", "+31"), ("-1e-05", "-1e-05"), (-12.25, "-12.25"), (None, ""),
])
def test_a_cell_that_would_run_gets_a_quote_and_a_number_stays_a_number(cell, shown):
    assert neutralise(cell) == shown


@given(st.text(alphabet=st.sampled_from(list(TRIGGERS) + ["'", "a", "1", ".", "e", " ", "é"])
               ) | st.text())
def test_restore_gives_back_exactly_what_was_neutralised(text):
    safe = neutralise(text)
    assert restore(safe) == text
    if safe and safe[0] in TRIGGERS:  # only a signed number may start so: it cannot run
        assert safe[0] in "+-" and _is_number(safe), safe


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_writer_quotes_each_cell_and_csv_reads_them_back():
    buf = io.StringIO()
    SafeWriter(buf).writerows([("figure", "value"), ("inflow.kg", -3.5), ("site", "=1+1")])
    assert list(csv.reader(io.StringIO(buf.getvalue()))) == [
        ["figure", "value"], ["inflow.kg", "-3.5"], ["site", "'=1+1"]]
