"""The monitor documents' JSON Schemas as the tracker ships them (v1 and v2)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from national.domain.documents import Refused

SCHEMAS = {"ambacht.monitor/v1": "monitor-v1.schema.json",
           "ambacht.monitor/v2": "monitor-v2.schema.json"}
MAX_REASONS = 20  # a document wrong everywhere gets the first twenty, not a page of them


@cache
def _validator(schema: str) -> jsonschema.Draft202012Validator:
    text = resources.files("tracker").joinpath(f"schemas/{SCHEMAS[schema]}").read_text()
    return jsonschema.Draft202012Validator(json.loads(text),
                                           format_checker=jsonschema.FormatChecker())


def _where(error: jsonschema.ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(document)"


def validate(doc: Any) -> dict[str, Any]:
    """The document, if its schema (named in `schema`) takes it; Refused with the reasons."""
    if not isinstance(doc, dict):
        raise Refused(["(document): must be a JSON object"])
    name = doc.get("schema")
    if name not in SCHEMAS:
        raise Refused([f"schema: must be one of {', '.join(SCHEMAS)}"])
    errors = sorted(_validator(name).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        raise Refused([f"{_where(e)}: {e.message}" for e in errors[:MAX_REASONS]])
    return doc
