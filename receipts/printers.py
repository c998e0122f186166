"""Print a receipt on an ESC/POS receipt printer through python-escpos (the optional extra
`ambacht[printing]`), with its QR code, the cut and, for cash, the cash drawer's kick pulse.

    escpos://HOST[:PORT]     raw TCP, port 9100 by default: a receipt printer on the shop LAN
    escpos-usb://VID:PID     a USB printer by its vendor and product id (hex), through libusb
    file://PATH              written to PATH, e.g. file:///dev/usb/lp0

`?columns=32` after any of them is for 58 mm paper (default 42: 80 mm, font A).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from labels.printers import CONNECT_TIMEOUT_S, PrinterError
from receipts.layout import DEFAULT_WIDTH, WIDTHS, text_lines
from receipts.receipt import Receipt
from receipts.report import Report
from receipts.report import text_lines as report_lines

ESCPOS_PORT = 9100
SCHEMES = ("escpos", "escpos-usb", "file")
# PC858 is PC850 (Western Europe: é, ë, ü) with the euro sign: in Epson's and its clones'
# firmware as code page 19. One fixed page, so the printer never guesses.
CODE_PAGE = "CP858"
QR_DOT = 6  # dots a module: 0.75 mm on a 203 dpi head, about 25 mm for our URL
DRAWER_PIN = 2  # the drawer connector's pin 2: where nearly every drawer is wired
INSTALL_HINT = "pip install 'ambacht[printing]'"


class PrintingNotInstalled(Exception):
    """python-escpos is not installed: the server runs, but cannot drive a receipt printer."""


@dataclass(frozen=True)
class Target:
    """Where a receipt goes: the scheme, the host/path or USB ids, the port, the columns."""

    scheme: str
    where: str
    port: int = 0
    columns: int = DEFAULT_WIDTH


def target(uri: str) -> Target:
    """The printer behind an address, or PrinterError (before anything is sent)."""
    parts = urlsplit(uri)
    columns = _columns(uri, parse_qs(parts.query).get("columns", [str(DEFAULT_WIDTH)])[-1])
    if parts.scheme == "escpos":
        if not parts.hostname:
            raise PrinterError(f"Geen bonprinter in {uri!r}: gebruik escpos://HOST:9100",
                               f"No receipt printer in {uri!r}: use escpos://HOST:9100")
        try:
            return Target("escpos", parts.hostname, parts.port or ESCPOS_PORT, columns)
        except ValueError:
            raise PrinterError(f"Ongeldige poort in {uri!r}", f"Invalid port in {uri!r}") from None
    if parts.scheme == "escpos-usb":
        vid, _, pid = parts.netloc.partition(":")
        try:
            int(vid, 16), int(pid, 16)
        except ValueError:
            raise PrinterError(f"Geen USB-id in {uri!r}: gebruik escpos-usb://VID:PID (hex, "
                               "zie lsusb)",
                               f"No USB id in {uri!r}: use escpos-usb://VID:PID (hex, see "
                               "lsusb)") from None
        return Target("escpos-usb", f"{vid}:{pid}", 0, columns)
    if parts.scheme == "file":
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise PrinterError("Geen pad in file://PAD", "No path in file://PATH")
        return Target("file", path, 0, columns)
    raise PrinterError(
        f"Onbekend bonprinteradres {uri!r}: gebruik escpos://HOST:9100, escpos-usb://VID:PID "
        "of file://PAD",
        f"Unknown receipt printer address {uri!r}: use escpos://HOST:9100, "
        "escpos-usb://VID:PID or file://PATH")


def _columns(uri: str, text: str) -> int:
    if not text.isdigit() or int(text) not in WIDTHS:
        shown = ", ".join(map(str, WIDTHS))
        raise PrinterError(f"columns in {uri!r} moet {shown} zijn",
                           f"columns in {uri!r} must be {shown}")
    return int(text)


def check_uri(uri: str) -> None:
    """Refuse a receipt printer address that cannot work."""
    target(uri)


def _escpos() -> Any:
    try:
        from escpos import printer  # optional: the `printing` extra
    except ImportError:
        raise PrintingNotInstalled(INSTALL_HINT) from None
    return printer


def job(receipt: Receipt, columns: int = DEFAULT_WIDTH, kick_drawer: bool = False) -> bytes:
    """The whole print job as python-escpos writes it: the lines, the QR code, the cut and
    (for cash) the drawer's kick pulse."""
    return _job(text_lines(receipt, columns), receipt.url, kick_drawer)


def report_job(report: Report, columns: int = DEFAULT_WIDTH, kick_drawer: bool = False
               ) -> bytes:
    """A till's report (the Z-report) as a print job: its lines, the cut and the drawer's
    kick pulse (to count the cash, or put the float in)."""
    return _job(report_lines(report, columns), None, kick_drawer)


def _job(lines: list[str], qr_url: str | None, kick_drawer: bool) -> bytes:
    p = _escpos().Dummy()
    from escpos.constants import QR_ECLEVEL_M  # after _escpos(): known to be there

    p.hw("INIT")
    p.charcode(CODE_PAGE)
    for line in lines:
        p.textln(line)
    if qr_url is not None:
        p.set(align="center")
        p.qr(qr_url, ec=QR_ECLEVEL_M, size=QR_DOT, native=True)
        p.set(align="left")
    p.cut()
    if kick_drawer:
        p.cashdraw(DRAWER_PIN)
    return bytes(p.output)


def print_receipt(receipt: Receipt, uri: str, *, kick_drawer: bool = False,
                  timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Send the receipt to the printer at `uri` in one write. Raises PrinterError when it did
    not get there, PrintingNotInstalled without python-escpos."""
    where = target(uri)
    _send(where, job(receipt, where.columns, kick_drawer), timeout_s)


def print_report(report: Report, uri: str, *, kick_drawer: bool = False,
                 timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Send a till's report (the Z-report) to the printer at `uri`, as print_receipt does."""
    where = target(uri)
    _send(where, report_job(report, where.columns, kick_drawer), timeout_s)


def _send(where: Target, data: bytes, timeout_s: float) -> None:
    printer = _escpos()
    if where.scheme == "escpos":
        device = printer.Network(where.where, where.port, timeout=timeout_s)
    elif where.scheme == "escpos-usb":
        vid, pid = (int(v, 16) for v in where.where.split(":"))
        device = printer.Usb(vid, pid, timeout=int(timeout_s * 1000))
    else:
        device = printer.File(where.where)
    shown = f"{where.where}:{where.port}" if where.port else where.where
    try:
        device.open()
    except Exception as exc:  # python-escpos wraps OSError and USB errors in its own
        raise PrinterError(
            f"Bonprinter {shown} is niet bereikbaar: staat hij aan en is hij aangesloten? "
            f"({_first_line(exc)})",
            f"Receipt printer {shown} cannot be reached: is it on and connected? "
            f"({_first_line(exc)})") from None
    try:
        device._raw(data)
    except Exception as exc:
        raise PrinterError(f"Verbinding met bonprinter {shown} verbroken ({_first_line(exc)})",
                           f"Connection to receipt printer {shown} lost ({_first_line(exc)})"
                           ) from None
    finally:
        device.close()


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
