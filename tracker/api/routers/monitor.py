"""The monitor document (CONTRACT §6) as JSON and as CSV, one row per figure."""

from __future__ import annotations

import io
import json
from datetime import date
from functools import cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from tracker.api.deps import Services, Svc, require
from tracker.api.downloads import csv_download
from tracker.api.errors import BUSY_RESPONSE, ERROR_RESPONSES
from tracker.api.schemas import IsoDate
from tracker.domain import monitor as doc
from tracker.domain.spreadsheet import SafeWriter
from tracker.services import monitor

router = APIRouter(prefix="/api", tags=["monitor"], responses=ERROR_RESPONSES)
Reader = require("monitor")
From = Annotated[IsoDate, Query(alias="from", description="first local date (Europe/Amsterdam)")]
To = Annotated[IsoDate, Query(alias="to", description="last local date, inclusive")]
Site = Annotated[str | None, Query(max_length=64, description="one site; all sites if absent")]
Municipality = Annotated[str | None, Query(max_length=128,
                                           description="the sites of one municipality")]


@cache
def schema() -> dict[str, Any]:
    """The shipped JSON Schema of the document."""
    text = resources.files("tracker").joinpath("schemas/monitor-v2.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with its local $refs written out (OpenAPI resolves refs from its own root)."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items()
                if k not in ("$schema", "$id", "$defs")}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _document(svc: Services, start: date, end: date, site: str | None,
              municipality: str | None = None) -> dict[str, Any]:
    with svc.db.read(snapshot=True) as conn:
        return monitor.document(conn, start, end, site, centre=svc.settings.centre,
                                categories=svc.categories, now=svc.clock(),
                                municipality=municipality)


def csv_text(document: dict[str, Any]) -> str:
    """The document as `figure,value` rows (nested names joined with dots)."""
    buf = io.StringIO()
    out = SafeWriter(buf)  # names of sites, towns and categories are text; numbers stay numbers
    out.writerow(("figure", "value"))
    out.writerows(doc.rows(document))
    return buf.getvalue()


@router.get("/monitor", dependencies=[Reader], responses={
    200: {"description": "the ambacht.monitor/v2 document",
          "content": {"application/json": {"schema": _inline(schema(),
                                                              schema()["$defs"])}}},
    **BUSY_RESPONSE})
async def get_monitor(svc: Svc, start: From, end: To, site: Site = None,
                      municipality: Municipality = None) -> Any:
    """Every figure of the period, for one site, one municipality's sites, or the centre."""
    return await svc.heavy.run(_document, svc, start, end, site, municipality)


@router.get("/monitor.csv", dependencies=[Reader], response_class=Response, responses={
    200: {"content": {"text/csv": {"schema": {"type": "string"}}},
          "description": "the same document, one row per figure"}, **BUSY_RESPONSE})
async def get_monitor_csv(svc: Svc, start: From, end: To, site: Site = None,
                          municipality: Municipality = None) -> Response:
    """The monitor document as CSV: `figure,value`, one row per figure."""
    body = await svc.heavy.run(lambda: csv_text(_document(svc, start, end, site, municipality)))
    name = f"monitor-{site or municipality or svc.settings.centre}-{start}-{end}.csv"
    return csv_download(body, name)
