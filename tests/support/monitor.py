"""Monitor test helpers: the shipped JSON Schema, and the reference recomputation."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from tracker.services import monitor


@cache
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("tracker").joinpath(
        "schemas/monitor-v2.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema,
                                           format_checker=jsonschema.FormatChecker())


def valid(doc: dict[str, Any]) -> dict[str, Any]:
    """The document, after checking it against the shipped schema."""
    validator().validate(doc)
    return doc


def recomputed(tracker: Any, start: date, end: date, site: str | None = None) -> dict[str, Any]:
    """The document by full recomputation from the event log, as JSON would carry it."""
    with tracker.db.read(snapshot=True) as conn:
        doc = monitor.recomputed_document(
            conn, start, end, site, centre=tracker.svc.settings.centre,
            categories=tracker.svc.categories, now=tracker.svc.clock())
    return dict(json.loads(json.dumps(doc)))


def without_time(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "generated_at"}
