"""Logging for the tracker's commands: timestamped lines on stderr, which systemd's journal
keeps (and a terminal shows)."""

from __future__ import annotations

import logging
import sys
from importlib.metadata import PackageNotFoundError, version

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries whose INFO lines repeat what ours say once ("database schema migrated to ...").
QUIET = ("alembic",)


def release() -> str:
    """The installed release of Ambacht (the distribution's version)."""
    try:
        return version("ambacht")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def configure(level: int = logging.INFO) -> None:
    """Send every logger's lines at `level` and above to stderr, each with its time."""
    logging.basicConfig(level=level, format=FORMAT, stream=sys.stderr, force=True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
