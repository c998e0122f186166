"""A real decoder (zxing-cpp) reads back exactly the URL from the PNG and the PDFs."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageDraw

from labels import DEFAULT_SIZE, LabelSize, lay_out, render, render_sheet
from labels.sheets import SHEETS
from tests.support.labels import codes, sample

# A cold headless browser starts in a few seconds on a busy two-core machine.
BROWSER_TIMEOUT_S = 60

URLS = [
    "http://127.0.0.1:8000",
    "https://kringloop-ambacht-zutphen.voorbeeld.nl",
    "https://ambacht.example:8443/centrum/zuid",
]


def decode(image: Image.Image) -> list[str]:
    """Texts of every QR code found in the picture."""
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def pdf_pages(pdf: bytes, dpi: int) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [page.render(scale=dpi / 72).to_pil() for page in document]


@pytest.mark.parametrize("base_url", URLS)
@pytest.mark.parametrize("dpi", [150, 300])
def test_png_gives_back_the_exact_url(base_url: str, dpi: int) -> None:
    label = sample(base_url=base_url)
    image = Image.open(io.BytesIO(render(label, "png", dpi=dpi)))
    assert decode(image) == [label.qr_url]


@pytest.mark.parametrize("size", [DEFAULT_SIZE, LabelSize(38, 25), LabelSize(102, 152)],
                         ids=str)
def test_png_of_other_roll_sizes_gives_back_the_url(size: LabelSize) -> None:
    label = sample()
    assert decode(Image.open(io.BytesIO(render(label, "png", size=size)))) == [label.qr_url]


@pytest.mark.parametrize("base_url", URLS)
def test_single_label_pdf_rendered_to_an_image_gives_back_the_url(base_url: str) -> None:
    label = sample(base_url=base_url)
    (page,) = pdf_pages(render(label, "pdf"), dpi=300)
    assert decode(page) == [label.qr_url]


@pytest.mark.parametrize("name", list(SHEETS))
def test_every_label_on_an_a4_sheet_gives_back_its_own_url(name: str) -> None:
    sheet = SHEETS[name]
    labels = [sample(code) for code in codes(sheet.per_page + 3)]
    pages = pdf_pages(render_sheet(labels, layout=name), dpi=200)
    assert len(pages) == 2
    found = [sorted(decode(page)) for page in pages]
    assert found[0] == sorted(label.qr_url for label in labels[: sheet.per_page])
    assert found[1] == sorted(label.qr_url for label in labels[sheet.per_page :])


def test_a_scuffed_label_still_scans() -> None:
    """A smear over a tenth of the symbol: level H error correction carries it."""
    label = sample()
    dpi = 300
    image = Image.open(io.BytesIO(render(label, "png", dpi=dpi))).convert("L")
    qr = lay_out(label, DEFAULT_SIZE).qr
    px = dpi / 25.4
    left, top, side = qr.box.x * px, qr.box.y * px, qr.box.width * px
    # A dirty smear through the middle, clear of the three finder patterns.
    ImageDraw.Draw(image).rectangle(
        (left + side * 0.30, top + side * 0.35, left + side * 0.80, top + side * 0.55), fill=0
    )
    assert decode(image) == [label.qr_url]


def test_svg_drawn_by_a_browser_gives_back_the_url(tmp_path: Path) -> None:
    """Headless Chromium (which the test setup installs) draws the SVG as a screen would."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is needed: scripts/bootstrap.sh test installs it"
    label = sample()
    svg = tmp_path / "label.svg"
    svg.write_bytes(render(label, "svg"))
    shot = tmp_path / "label.png"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={shot}", "--window-size=400,240", "--force-device-scale-factor=2",
         svg.as_uri()],
        check=True, capture_output=True, timeout=BROWSER_TIMEOUT_S,
    )
    assert decode(Image.open(shot)) == [label.qr_url]
