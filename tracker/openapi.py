"""The HTTP API's OpenAPI document, as the tracker serves it at /openapi.json.

    python -m tracker.openapi > docs/openapi.json

docs/openapi.json is made this way; a test fails when it differs from what the app says.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from tracker.api.app import create_app
from tracker.api.deps import Services
from tracker.settings import Settings
from tracker.store.database import Database


def document() -> dict[str, Any]:
    """The OpenAPI document of an app that serves it (not in production, where it is off)."""
    # Nothing connects: the database is named only because the app's services need one.
    settings = Settings(database_url="sqlite://", mqtt_ingest=False, production=False)
    db = Database(settings.database_url)
    try:
        return create_app(Services(settings=settings, db=db)).openapi()
    finally:
        db.dispose()


def text() -> str:
    """The document as committed in docs/openapi.json: indented, UTF-8, one final newline."""
    return json.dumps(document(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(text())
