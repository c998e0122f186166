"""Send a rendered label to a printer: a Zebra on the shop network, a CUPS queue, a file.

    zpl://HOST[:PORT]   raw TCP, port 9100 by default: how Zebra printers are driven on a LAN
    cups://QUEUE        through `lp -d QUEUE` (ZPL goes as a raw job)
    file://PATH         written to PATH, e.g. file:///dev/usb/lp0 for a USB printer
"""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

ZPL_PORT = 9100
# A printer on the shop's network accepts a connection within milliseconds; 3 s also
# covers a Wi-Fi bridge waking up, and still tells the volunteer at once that it is off.
CONNECT_TIMEOUT_S = 3.0
# A label is a few kilobytes. A printer that takes longer to take it in is stuck (paused,
# out of labels with a full buffer), and the volunteer should hear so.
SEND_TIMEOUT_S = 5.0
# `lp` only hands the job to the local CUPS daemon, which answers well within a second
# unless it hangs.
LP_TIMEOUT_S = 10.0
SCHEMES = ("zpl", "cups", "file")


class PrinterError(Exception):
    """The label did not reach the printer. `nl` and `en` say why, for the volunteer."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(f"{nl} / {en}")
        self.nl = nl
        self.en = en


def check_uri(uri: str) -> None:
    """Refuse a printer address that cannot work, before anything is sent to it."""
    _target(uri)


def print_label(
    data: bytes,
    uri: str,
    *,
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
    send_timeout_s: float = SEND_TIMEOUT_S,
    lp: str = "lp",
) -> None:
    """Send `data` to the printer at `uri`; returns once it is handed over.

    Raises PrinterError when it could not be (nothing may then be marked printed).
    """
    scheme, where, port = _target(uri)
    if scheme == "zpl":
        send_tcp(data, where, port, connect_timeout_s, send_timeout_s)
    elif scheme == "cups":
        send_lp(data, where, lp)
    else:
        write_file(data, Path(where))


def _target(uri: str) -> tuple[str, str, int]:
    """(scheme, host / queue / path, port) of a printer address, or PrinterError."""
    parts = urlsplit(uri)
    if parts.scheme == "zpl":
        if not parts.hostname:
            raise PrinterError(f"Geen printer in {uri!r}: gebruik zpl://HOST:9100",
                               f"No printer in {uri!r}: use zpl://HOST:9100")
        try:
            return "zpl", parts.hostname, parts.port or ZPL_PORT
        except ValueError:
            raise PrinterError(f"Ongeldige poort in {uri!r}", f"Invalid port in {uri!r}") from None
    if parts.scheme == "cups":
        queue = unquote(parts.netloc + parts.path).strip("/")
        if not queue:
            raise PrinterError(f"Geen wachtrij in {uri!r}: gebruik cups://WACHTRIJ",
                               f"No queue in {uri!r}: use cups://QUEUE")
        return "cups", queue, 0
    if parts.scheme == "file":
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise PrinterError("Geen pad in file://PAD", "No path in file://PATH")
        return "file", path, 0
    raise PrinterError(
        f"Onbekend printeradres {uri!r}: gebruik zpl://HOST:9100, cups://WACHTRIJ "
        "of file://PAD",
        f"Unknown printer address {uri!r}: use zpl://HOST:9100, cups://QUEUE or file://PATH",
    )


def send_tcp(data: bytes, host: str, port: int, connect_timeout_s: float = CONNECT_TIMEOUT_S,
             send_timeout_s: float = SEND_TIMEOUT_S) -> None:
    """Raw TCP, as Zebra printers take ZPL on port 9100."""
    where = f"{host}:{port}"
    try:
        connection = socket.create_connection((host, port), timeout=connect_timeout_s)
    except TimeoutError:
        raise PrinterError(
            f"Printer {where} antwoordt niet binnen {connect_timeout_s:g} s: staat hij aan "
            "en zit hij op het netwerk?",
            f"Printer {where} did not answer within {connect_timeout_s:g} s: is it on and "
            "on the network?",
        ) from None
    except ConnectionRefusedError:
        raise PrinterError(
            f"Printer {where} weigert de verbinding: klopt de poort (meestal 9100)?",
            f"Printer {where} refused the connection: is the port right (usually 9100)?",
        ) from None
    except socket.gaierror:
        raise PrinterError(f"Printer {host!r} niet gevonden: klopt de naam of het adres?",
                           f"Printer {host!r} not found: is the name or address right?") from None
    except OSError as e:
        raise PrinterError(f"Printer {where} onbereikbaar: {e.strerror or e}",
                           f"Printer {where} unreachable: {e.strerror or e}") from None
    with connection:
        try:
            # Since Python 3.5 the timeout bounds the whole sendall, not each chunk.
            connection.settimeout(send_timeout_s)
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
        except TimeoutError:
            raise PrinterError(
                f"Printer {where} neemt het label niet aan binnen {send_timeout_s:g} s: "
                "staat hij op pauze of zijn de labels op?",
                f"Printer {where} did not take the label within {send_timeout_s:g} s: "
                "is it paused or out of labels?",
            ) from None
        except OSError as e:
            raise PrinterError(f"Verbinding met printer {where} verbroken: {e.strerror or e}",
                               f"Connection to printer {where} lost: {e.strerror or e}") from None


def send_lp(data: bytes, queue: str, lp: str = "lp") -> None:
    """Through CUPS's `lp`; ZPL goes raw, so that CUPS passes it to the printer untouched."""
    raw = ["-o", "raw"] if data.lstrip().startswith(b"^XA") else []
    try:
        done = subprocess.run([lp, "-d", queue, "-t", "Ambacht label", *raw, "-"], input=data,
                              capture_output=True, timeout=LP_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise PrinterError(f"{lp!r} niet gevonden: is CUPS geïnstalleerd?",
                           f"{lp!r} not found: is CUPS installed?") from None
    except subprocess.TimeoutExpired:
        raise PrinterError(f"CUPS antwoordt niet binnen {LP_TIMEOUT_S:g} s",
                           f"CUPS did not answer within {LP_TIMEOUT_S:g} s") from None
    except OSError as e:
        raise PrinterError(f"{lp!r} kan niet starten: {e.strerror or e}",
                           f"{lp!r} cannot start: {e.strerror or e}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise PrinterError(f"CUPS-wachtrij {queue!r} weigert het label: {said}",
                           f"CUPS queue {queue!r} refused the label: {said}")


def write_file(data: bytes, path: Path) -> None:
    """Written in place, not renamed into place: PATH may be a device such as /dev/usb/lp0."""
    try:
        with path.open("wb") as out:
            out.write(data)
    except OSError as e:
        raise PrinterError(f"Kan niet schrijven naar {str(path)!r}: {e.strerror or e}",
                           f"Cannot write to {str(path)!r}: {e.strerror or e}") from None
