"""`ambacht-gateway`: read a scale on a serial port and deliver its weighings over MQTT."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sqlite3
import sys
import threading
from decimal import Decimal, InvalidOperation
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import FrameType
from typing import NoReturn

from gateway import sniff
from gateway.broker_url import BrokerUrl
from gateway.delivery import ACK_TIMEOUT_S
from gateway.health import NO_ANSWER_S
from gateway.outbox import DEFAULT_MAX_ROWS
from gateway.protocols import PROTOCOLS, ProtocolSpec, SerialSettings, modbus
from gateway.publisher import RECONNECT_MAX_S
from gateway.runner import POLL_INTERVAL_S, REOPEN_INTERVAL_S, Gateway, GatewayConfig
from gateway.serial_link import check_url
from gateway.weighing import DEFAULT_MIN_KG, STABILITY_WINDOW_S

PROG = "ambacht-gateway"
DEFAULT_BROKER = "mqtt://127.0.0.1:1883"
# The broker URL holds the password: taken from the environment (the unit's 0600
# EnvironmentFile), it never shows in /proc/PID/cmdline, which every local user can read.
BROKER_VARIABLE = "AMBACHT_BROKER"
LANGUAGE_VARIABLE = "AMBACHT_LANG"  # nl (default) or en: the language of --sniff
# The serial loop and paho's network thread hand the GIL to each other on every weighing;
# at Python's default 5 ms switch interval that hand-over alone can add 5-10 ms of latency.
GIL_SWITCH_INTERVAL_S = 0.0005
LINE_ENDINGS = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}
_FORBIDDEN_IN_TOPIC = set("/+#") | {" ", "\t", "\n"}

EPILOG = """\
examples:
  AMBACHT_BROKER=mqtts://gw-milieustraat-1:PASSWORD@mqtt.example.org:8883 \\
  ambacht-gateway --serial /dev/serial/by-id/usb-FTDI_FT232R-if00-port0 \\
      --protocol st-gs --scale-id milieustraat-1
  ambacht-gateway --serial socket://192.168.1.50:4001 --protocol mt-sics --scale-id lab-1
  ambacht-gateway --list-protocols
  ambacht-gateway --sniff --serial /dev/ttyUSB0     # which protocol and settings? (--lang en)

Weighings are kept in the outbox file until the tracker acknowledges them: put it on
storage that survives a reboot. The gateway never exits because the scale, the port or
the broker is away; it reports that on ambacht/{centre}/scale/{scale_id}/status and waits.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        fail(message, code=2)


def release() -> str:
    """The installed release of Ambacht."""
    try:
        return version("ambacht")
    except PackageNotFoundError:  # a checkout that was never installed
        return "unknown"


def fail(message: str, code: int = 2) -> NoReturn:
    """Exit with one readable line (no traceback) for an expected failure."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    sys.exit(code)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
    return value


def _kg(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a weight in kg: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more kg, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line of `ambacht-gateway`."""
    p = _Parser(
        prog=PROG,
        description="Read a platform scale on a serial port, decide what is a weighing, and "
        "deliver every weighing to the Ambacht tracker over MQTT without losing one.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"{PROG} {release()}")
    p.add_argument("--list-protocols", action="store_true", help="list the protocols and exit")
    p.add_argument("--sniff", action="store_true",
                   help="find the scale's protocol, baud rate and parity on --serial, show its "
                   "raw bytes and the command line to use, and exit")
    p.add_argument("--lang", choices=["nl", "en"],
                   default="en" if os.environ.get(LANGUAGE_VARIABLE) == "en" else "nl",
                   help=f"language of --sniff (default nl, or ${LANGUAGE_VARIABLE})")
    p.add_argument("--serial", metavar="URL",
                   help="serial port: /dev/ttyUSB0, /dev/serial/by-id/..., socket://host:port, "
                   "or anything pyserial's serial_for_url takes")
    p.add_argument("--protocol", metavar="NAME",
                   help="indicator protocol (see --list-protocols), or 'auto'")
    p.add_argument("--scale-id", metavar="ID", help="this scale's id in topics and weighing ids")
    p.add_argument("--broker", metavar="URL",
                   default=os.environ.get(BROKER_VARIABLE) or DEFAULT_BROKER,
                   help=f"mqtt[s]://user:pass@host:port (default: ${BROKER_VARIABLE}, else "
                   f"{DEFAULT_BROKER}); a password belongs in ${BROKER_VARIABLE}, where other "
                   "users cannot read it")
    p.add_argument("--centre", metavar="ID", default="demo", help="centre id (default demo)")
    p.add_argument("--outbox", metavar="PATH", type=Path,
                   help="SQLite outbox file (default ./ambacht-outbox-SCALE_ID.sqlite)")
    p.add_argument("--min-kg", metavar="X", type=_kg, default=DEFAULT_MIN_KG,
                   help=f"smallest net weight that is a weighing (default {DEFAULT_MIN_KG})")
    line = p.add_argument_group("serial line (defaults per protocol)")
    line.add_argument("--baud", metavar="N", type=int, help="baud rate")
    line.add_argument("--parity", choices=["N", "E", "O"], help="parity")
    line.add_argument("--bytesize", type=int, choices=[7, 8], help="data bits")
    line.add_argument("--stopbits", type=int, choices=[1, 2], help="stop bits")
    line.add_argument("--line-ending", choices=sorted(LINE_ENDINGS),
                      help="line ending of requests to a polled scale (default: the protocol's; "
                      "replies are read with CR, LF or CR LF alike)")
    line.add_argument("--unit", choices=["kg", "g", "t", "lb"], default="kg",
                      help="unit the scale shows, for protocols that send none "
                      "(toledo-8217, xk3190-a12e, modbus; default kg)")
    bus = p.add_argument_group("Modbus indicators (--protocol modbus)")
    bus.add_argument("--modbus-map", choices=sorted(modbus.MAPS), default="dini-argeo",
                     help="the indicator's register map (default dini-argeo)")
    bus.add_argument("--modbus-device", metavar="N", type=int, default=1,
                     help="its Modbus unit id, the RS-485 address (1-247, default 1)")
    bus.add_argument("--modbus-decimals", metavar="N", type=int,
                     help="digits after the decimal point on its display (required: the "
                     "registers carry no decimal point)")
    bus.add_argument("--modbus-framing", choices=modbus.FRAMINGS,
                     help="rtu or tcp (default: tcp for socket://, else rtu; rtu through a "
                     "serial-to-Ethernet converter)")
    tune = p.add_argument_group("timing and limits")
    tune.add_argument("--poll-interval", metavar="S", type=_positive, default=POLL_INTERVAL_S,
                      help=f"seconds between requests to a polled scale (default "
                      f"{POLL_INTERVAL_S})")
    tune.add_argument("--no-answer-timeout", metavar="S", type=_positive, default=NO_ANSWER_S,
                      help=f"silence before the status says 'no answer' (default {NO_ANSWER_S})")
    tune.add_argument("--ack-timeout", metavar="S", type=_positive, default=ACK_TIMEOUT_S,
                      help="seconds without the tracker's ack before a weighing is "
                      f"published again (default {ACK_TIMEOUT_S:g})")
    tune.add_argument("--outbox-max", metavar="N", type=int, default=DEFAULT_MAX_ROWS,
                      help=f"most unacknowledged weighings kept (default {DEFAULT_MAX_ROWS})")
    tune.add_argument("--stability-window", metavar="S", type=_positive,
                      default=STABILITY_WINDOW_S,
                      help="seconds a weight must hold still for xk3190-a12e "
                      f"(default {STABILITY_WINDOW_S})")
    tune.add_argument("--reconnect-max", metavar="S", type=_positive, default=RECONNECT_MAX_S,
                      help=f"longest wait between broker reconnects (default {RECONNECT_MAX_S})")
    tune.add_argument("--reopen-interval", metavar="S", type=_positive, default=REOPEN_INTERVAL_S,
                      help=f"wait between tries to reopen a missing port (default "
                      f"{REOPEN_INTERVAL_S})")
    p.add_argument("--log-level", default="INFO",
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log detail (default INFO)")
    return p


def list_protocols() -> str:
    """The protocol table printed by --list-protocols."""
    rows = []
    for spec in PROTOCOLS.values():
        s = spec.settings
        mode = "polled " + repr(spec.poll)[1:] if spec.poll else "pushed"
        if spec.name == "auto":
            mode = "probes"
        line = f"{s.baudrate} {s.bytesize}{s.parity}{s.stopbits:g}"
        rows.append(f"{spec.name:<18} {line:<11} {mode:<16} {spec.summary}")
    return "\n".join(rows)


def _identifier(kind: str, value: str | None) -> str:
    if not value:
        fail(f"--{kind} is required")
    if set(value) & _FORBIDDEN_IN_TOPIC:
        fail(f"--{kind} {value!r} may not contain '/', '+', '#' or spaces (it is a topic level)")
    return value


# A Modbus address is 1-247 (0 is broadcast, 248-255 reserved); 6 decimals is a gram on a tonne.
MODBUS_DEVICES = range(1, 248)
MODBUS_DECIMALS = range(0, 7)


def _modbus_spec(args: argparse.Namespace) -> ProtocolSpec:
    if args.modbus_decimals is None:
        fail("--protocol modbus needs --modbus-decimals N: the digits after the decimal "
             "point the indicator shows (its registers carry none)")
    if args.modbus_decimals not in MODBUS_DECIMALS:
        fail(f"--modbus-decimals must be 0 to 6, not {args.modbus_decimals}")
    if args.modbus_device not in MODBUS_DEVICES:
        fail(f"--modbus-device must be 1 to 247, not {args.modbus_device}")
    framing = args.modbus_framing or ("tcp" if args.serial.startswith("socket://") else "rtu")
    return modbus.make_spec(args.modbus_map, args.modbus_device, args.modbus_decimals, framing)


def config_from(args: argparse.Namespace) -> GatewayConfig:
    """Validate the arguments into a config; exits with one line on a mistake."""
    if not args.serial:
        fail("--serial is required (e.g. --serial /dev/ttyUSB0)")
    if not args.protocol:
        fail("--protocol is required (see --list-protocols)")
    spec: ProtocolSpec | None = PROTOCOLS.get(args.protocol)
    if spec is None:
        fail(f"unknown protocol {args.protocol!r}; choose from {', '.join(PROTOCOLS)}")
    scale_id = _identifier("scale-id", args.scale_id)
    centre = _identifier("centre", args.centre)
    try:
        check_url(args.serial)
    except ValueError as exc:
        fail(f"--serial {args.serial!r} is not a port pyserial understands: {exc}")
    try:
        broker = BrokerUrl.parse(args.broker)
    except ValueError as exc:
        fail(str(exc))
    if args.baud is not None and args.baud <= 0:
        fail(f"--baud must be positive, not {args.baud}")
    if args.outbox_max <= 0:
        fail(f"--outbox-max must be positive, not {args.outbox_max}")
    if spec.name == modbus.NAME:
        spec = _modbus_spec(args)
    base = spec.settings
    settings = SerialSettings(
        args.baud or base.baudrate,
        args.bytesize or base.bytesize,
        args.parity or base.parity,
        args.stopbits or base.stopbits,
    )
    outbox = args.outbox or Path(f"ambacht-outbox-{scale_id}.sqlite")
    if not outbox.parent.exists():
        fail(f"--outbox folder {outbox.parent} does not exist")
    return GatewayConfig(
        serial_url=args.serial,
        protocol=spec,
        scale_id=scale_id,
        broker=broker,
        outbox_path=outbox,
        centre=centre,
        settings=settings,
        unit=args.unit,
        min_kg=args.min_kg,
        poll_interval_s=args.poll_interval,
        no_answer_s=args.no_answer_timeout,
        ack_timeout_s=args.ack_timeout,
        outbox_max=args.outbox_max,
        stability_window_s=args.stability_window,
        reconnect_max_s=args.reconnect_max,
        reopen_interval_s=args.reopen_interval,
        request_line_end=LINE_ENDINGS[args.line_ending] if args.line_ending else None,
    )


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `ambacht-gateway` console script."""
    args = build_parser().parse_args(argv)
    if args.list_protocols:
        print(list_protocols())
        return
    if args.sniff:
        if not args.serial:
            fail("--sniff needs --serial (e.g. --sniff --serial /dev/ttyUSB0)")
        try:
            check_url(args.serial)
        except ValueError as exc:
            fail(f"--serial {args.serial!r} is not a port pyserial understands: {exc}")
        sys.exit(sniff.run(args.serial, english=args.lang == "en"))
    config = config_from(args)
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    logging.basicConfig(
        level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    log = logging.getLogger(PROG)
    log.info("%s %s: scale %s, %s on %s, broker %s", PROG, release(), config.scale_id,
             config.protocol.name, config.serial_url, config.broker)
    if config.broker.password and any(a.startswith("--broker") for a in sys.argv[1:]):
        log.warning("the broker password is on the command line, where every user of this "
                    "machine can read it: put the URL in %s instead", BROKER_VARIABLE)
    try:
        gateway = Gateway.from_config(config)
    except sqlite3.Error as exc:
        fail(f"cannot open the outbox {config.outbox_path}: {exc}", code=1)
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    gateway.run(stop)


if __name__ == "__main__":
    main()
