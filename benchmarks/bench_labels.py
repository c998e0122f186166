"""Label speed: labels per second per format, and a 1,000-label A4 PDF, against bare qrcode.

Targets (issue 5): at least 200 PNG labels/s; a 1,000-label A4 PDF in under 5 s.
Baseline, measured here in the same process: `qrcode.make(url)` saved as a PNG, the least a
QR label could cost with the qrcode package. Every label has its own code, as in real use.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import qrcode

import labels
from labels.qr import encode
from tests.support.labels import codes, sample

LABELS = 400
# Best of three rounds: other work on the machine only ever slows a round down.
ROUNDS = 3
SHEET_LABELS = labels.MAX_SHEET_LABELS
PNG_TARGET_PER_S = 200
SHEET_TARGET_S = 5.0


def _per_second(work: Callable[[str], object], names: list[str]) -> float:
    work("warm-up")  # fonts, QR version tables
    best = float("inf")
    for _ in range(ROUNDS):
        encode.cache_clear()  # every round encodes every symbol, as for new items
        started = time.perf_counter()
        for name in names:
            work(name)
        best = min(best, time.perf_counter() - started)
    return len(names) / best


def _bare_qrcode_png(url: str) -> bytes:
    out = io.BytesIO()
    qrcode.make(url).save(out)
    return out.getvalue()


def _qrcode_matrix(url: str) -> object:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, border=0)
    code.add_data(url)
    code.make(fit=True)
    return code.modules


def run() -> None:
    items = {code: sample(code) for code in ["warm-up", *codes(LABELS)]}
    names = list(items)[1:]
    urls = {code: label.qr_url for code, label in items.items()}

    bare = _per_second(lambda c: _bare_qrcode_png(urls[c]), names)
    print(f"bare qrcode PNG (baseline)       {bare:8.0f} /s")
    own_qr = _per_second(lambda c: _qrcode_matrix(urls[c]), names)
    fast_qr = _per_second(lambda c: encode(urls[c]), names)
    print(f"QR matrix, qrcode's mask search  {own_qr:8.0f} /s")
    print(f"QR matrix, labels.qr.encode      {fast_qr:8.0f} /s   ({fast_qr / own_qr:4.2f}x qrcode)")

    rates = {}
    for fmt in labels.FORMATS:
        rates[fmt] = _per_second(lambda c, f=fmt: labels.render(items[c], f), names)  # type: ignore[misc]
        print(f"label {fmt:3}                        {rates[fmt]:8.0f} /s   "
              f"({rates[fmt] / bare:4.2f}x bare qrcode PNG)")

    sheet_items = [sample(code) for code in codes(SHEET_LABELS)]
    for layout in labels.SHEETS:
        took = float("inf")
        for _ in range(ROUNDS):
            encode.cache_clear()
            started = time.perf_counter()
            pdf = labels.render_sheet(sheet_items, layout=layout)
            took = min(took, time.perf_counter() - started)
        print(f"{SHEET_LABELS} labels on A4 {layout}         {took:8.2f} s    "
              f"({len(pdf) / 1e6:.1f} MB; {took / SHEET_LABELS * bare:4.2f}x the time of "
              f"{SHEET_LABELS} bare qrcode PNGs)")
        if layout == "3x8":
            sheet_s = took

    print(f"PNG labels/s: {rates['png']:.0f} (target >= {PNG_TARGET_PER_S}: "
          f"{'met' if rates['png'] >= PNG_TARGET_PER_S else 'NOT MET'}); "
          f"1,000-label A4 PDF: {sheet_s:.2f} s (target < {SHEET_TARGET_S:g} s: "
          f"{'met' if sheet_s < SHEET_TARGET_S else 'NOT MET'})")
