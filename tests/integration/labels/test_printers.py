"""Printing: a fake Zebra on loopback, a fake `lp`, files; and printers that fail."""

from __future__ import annotations

import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from labels import PrinterError, print_label, render
from labels.printers import CONNECT_TIMEOUT_S
from tests.support import labels as labels_support
from tests.support.labels import Zebra, parse_zpl, sample

# "Within a few seconds": the connect timeout, plus slack for a slow CI machine.
FEW_SECONDS = CONNECT_TIMEOUT_S + 2.0


@pytest.fixture
def zebra() -> Iterator[Zebra]:
    with labels_support.zebra() as printer:
        yield printer


def test_fake_zebra_receives_the_label_as_well_formed_zpl(zebra: Zebra) -> None:
    label = sample()
    zpl = render(label, "zpl")
    print_label(zpl, zebra.uri)
    assert zebra.printed() == [zpl]
    assert parse_zpl(zpl).qr().data.endswith(label.qr_url)


@pytest.fixture
def silent_printer() -> Iterator[int]:
    """A port whose accept queue is full, so that new connections get no answer at all:
    what a printer that is off behind a switch, or a wrong address, looks like."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    waiting = []
    for _ in range(4):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        waiting.append(s)
    time.sleep(0.2)
    yield port
    for s in waiting:
        s.close()
    server.close()


def test_a_printer_that_does_not_answer_fails_within_a_few_seconds(silent_printer: int) -> None:
    started = time.monotonic()
    with pytest.raises(PrinterError) as raised:
        print_label(render(sample(), "zpl"), f"zpl://127.0.0.1:{silent_printer}")
    assert time.monotonic() - started < FEW_SECONDS
    assert "antwoordt niet" in raised.value.nl and "did not answer" in raised.value.en


def test_a_printer_that_stops_taking_data_fails_within_its_send_timeout() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    port = server.getsockname()[1]
    started = time.monotonic()
    try:
        with pytest.raises(PrinterError, match="did not take the label"):
            # Far more than the kernel buffers hold; the "printer" never reads.
            print_label(b"^XA" + b" " * 64_000_000 + b"^XZ", f"zpl://127.0.0.1:{port}",
                        send_timeout_s=1.0)
    finally:
        server.close()
    assert time.monotonic() - started < FEW_SECONDS


def test_a_closed_port_is_reported_at_once() -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(PrinterError, match="refused"):
        print_label(b"^XA^XZ", f"zpl://127.0.0.1:{port}")
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("uri", ["zpl://", "lpr://printer", "cups://", "printer-1"])
def test_an_address_that_is_no_printer_says_what_would_be(uri: str) -> None:
    with pytest.raises(PrinterError) as raised:
        print_label(b"^XA^XZ", uri)
    assert raised.value.nl and raised.value.en


def fake_lp(tmp_path: Path, exit_code: int = 0) -> Path:
    """An `lp` that records its arguments and standard input."""
    script = tmp_path / "lp"
    complaint = 'echo "lp: The printer or class does not exist." >&2\n' if exit_code else ""
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{tmp_path}/args"\n'
        f'cat > "{tmp_path}/job"\n'
        f"{complaint}exit {exit_code}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_cups_gets_zpl_as_a_raw_job_on_the_named_queue(tmp_path: Path) -> None:
    zpl = render(sample(), "zpl")
    print_label(zpl, "cups://Zebra_GK420d", lp=str(fake_lp(tmp_path)))
    args = (tmp_path / "args").read_text().split("\n")
    assert args[:2] == ["-d", "Zebra_GK420d"] and "raw" in args
    assert (tmp_path / "job").read_bytes() == zpl


def test_cups_gets_a_pdf_for_its_own_driver(tmp_path: Path) -> None:
    pdf = render(sample(), "pdf")
    print_label(pdf, "cups://Kantoor", lp=str(fake_lp(tmp_path)))
    assert "raw" not in (tmp_path / "args").read_text().split("\n")
    assert (tmp_path / "job").read_bytes() == pdf


def test_cups_refusing_the_job_passes_on_what_lp_said(tmp_path: Path) -> None:
    with pytest.raises(PrinterError, match="does not exist"):
        print_label(b"%PDF-", "cups://Nergens", lp=str(fake_lp(tmp_path, exit_code=1)))


def test_without_cups_installed_the_error_says_so(tmp_path: Path) -> None:
    with pytest.raises(PrinterError, match="CUPS installed"):
        print_label(b"%PDF-", "cups://Kantoor", lp=str(tmp_path / "no-lp-here"))


def test_file_printer_writes_the_label(tmp_path: Path) -> None:
    target = tmp_path / "label.zpl"
    zpl = render(sample(), "zpl")
    print_label(zpl, f"file://{target}")
    assert target.read_bytes() == zpl


def test_file_printer_that_cannot_write_says_where(tmp_path: Path) -> None:
    with pytest.raises(PrinterError, match="Cannot write to"):
        print_label(b"^XA^XZ", f"file://{tmp_path}/no/such/dir/label.zpl")
