"""The largest sheet request: 1,000 labels, all there, in order, the last page partly used."""

from __future__ import annotations

import pypdfium2
import zxingcpp

from labels import MAX_SHEET_LABELS, render_sheet
from labels.sheets import SHEETS
from tests.support.labels import codes, sample


def test_a_thousand_labels_fill_42_sheets_and_the_last_holds_the_rest() -> None:
    labels = [sample(code) for code in codes(MAX_SHEET_LABELS)]
    document = pypdfium2.PdfDocument(render_sheet(labels, layout="3x8"))
    per_page = SHEETS["3x8"].per_page
    assert len(document) == 42  # ceil(1000 / 24)
    last = document[len(document) - 1].render(scale=200 / 72).to_pil()
    found = sorted(r.text for r in zxingcpp.read_barcodes(last))
    assert found == sorted(label.qr_url for label in labels[41 * per_page :])
    assert len(found) == MAX_SHEET_LABELS - 41 * per_page
