"""The QR symbol: exactly what the qrcode package makes, only faster; level H."""

from __future__ import annotations

import random
import string

import pytest
import qrcode
from qrcode.util import MODE_8BIT_BYTE, QRData, lost_point

from labels.qr import encode, penalty


def qrcode_own(data: str) -> qrcode.QRCode:  # type: ignore[type-arg]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, border=0)
    code.add_data(QRData(data.encode("utf-8"), mode=MODE_8BIT_BYTE))
    code.make(fit=True)
    return code


def payloads() -> list[str]:
    rng = random.Random(5)
    urls = [f"http://127.0.0.1:8000/i/{c}" for c in ("7K3M-9QXZ-R", "0000-0000-0", "ZZZZ-ZZZZ-~")]
    urls += ["https://kringloop-ambacht.voorbeeld.nl/i/7K3M-9QXZ-R",
             "https://ambacht.example/i/café-ü-€"]
    # Random lengths reach every version from 1 to 40 at level H (1,273 bytes at most).
    urls += ["".join(rng.choice(string.printable[:94]) for _ in range(n))
             for n in [1, 7, 14, 24] + [rng.randint(1, 1273) for _ in range(60)] + [1273]]
    return urls


@pytest.mark.parametrize("data", payloads())
def test_symbol_is_module_for_module_what_qrcode_makes(data: str) -> None:
    own = qrcode_own(data)
    expected = tuple("".join("1" if m else "0" for m in row) for row in own.modules)
    assert encode(data).rows == expected


def test_penalty_scores_like_qrcode() -> None:
    for data in payloads()[:20]:
        modules = qrcode_own(data).modules
        rows = [sum(1 << c for c, m in enumerate(row) if m) for row in modules]
        assert penalty(rows, len(rows)) == lost_point(modules)


def test_error_correction_is_high_so_a_scuffed_label_still_scans() -> None:
    # 35 bytes fit version 3 at level L but need version 5 at level H.
    code = encode("http://127.0.0.1:8000/i/7K3M-9QXZ-R")
    assert code.size == 4 * 5 + 17


def test_dark_runs_cover_exactly_the_dark_modules() -> None:
    code = encode("http://127.0.0.1:8000/i/7K3M-9QXZ-R")
    dark = {(r, c + i) for r, c, n in code.dark_runs() for i in range(n)}
    expected = {(r, c) for r, row in enumerate(code.rows) for c, m in enumerate(row) if m == "1"}
    assert dark == expected
