"""docs/README.md says what the code does: endpoints and their roles (asked of the real app),
settings, commands, topics, the monitor's figures, ORDS columns, item codes; links resolve."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.protocols import PROTOCOLS
from national.settings import NationalSettings
from tests.support import asyncapi
from tests.support.tracker import Tracker, make_tracker
from tracker import cli, openapi
from tracker.api import errors
from tracker.api.deps import IDEMPOTENCY_KEY_MAX
from tracker.domain import codes, ords
from tracker.domain.items import BARRIERS
from tracker.domain.weighings import parse_weighing
from tracker.feed.transports import idempotency_key
from tracker.services.feed import Document
from tracker.services.stations import ROLES
from tracker.settings import CONFIG_FILE_VARIABLE, Settings

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "README.md"
TEXT = DOCS.read_text(encoding="utf-8")
SAMPLE = {"code": "0000-0000-0", "fmt": "png", "sale_id": "x", "scale_id": "ms-1",
          "rule_id": "1", "reason": "x", "category_id": "boeken", "name": "x.jpg", "alias": "x",
          "day": "till-1:1", "site_id": "x"}


def section(title: str) -> str:
    """The text under a `## title` heading, up to the next one."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", TEXT, re.M | re.S)
    assert match, f"docs/README.md has no section '{title}'"
    return match.group(1)


def table_rows(text: str) -> Iterator[list[str]]:
    """The body rows of the markdown tables in a text, as lists of cells."""
    lines = text.splitlines()
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        if line.startswith("| ") and not line.startswith("| ---") and not after.startswith(
                "| ---"):  # not the header
            yield [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


@pytest.mark.parametrize("page", [DOCS, REPO / "README.md"], ids=["docs", "readme"])
def test_links_lead_somewhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        if path:
            assert (page.parent / path).exists(), f"{page.name}: {target} does not exist"
        elif anchor:
            assert anchor in anchors, f"{page.name}: no heading for #{anchor}"


def test_the_readme_points_to_docs_not_outside_the_clone() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in readme
    assert "](docs/README.md)" in readme


def documented_endpoints() -> dict[tuple[str, str], str]:
    """(method, path) → the roles cell of the endpoint table."""
    found = {}
    for cells in table_rows(section("HTTP API")):
        match = re.fullmatch(r"`(GET|POST|DELETE) (/[^`]+)`", cells[0])
        if match:
            found[match.group(1), match.group(2)] = cells[1]
    return found


def allowed(cell: str) -> set[str]:
    """The roles a cell of the endpoint table names (admin may always)."""
    if cell == "none needed":
        return set(ROLES)
    names = {r.strip() for r in cell.split(",")}
    # "any" station but a presence tablet, which may only clock people in and out
    anyone = set(ROLES) - {"presence"} if "any" in names else set()
    return {"admin"} | anyone | (names & set(ROLES))


def test_every_endpoint_of_the_app_is_in_the_table() -> None:
    served = {(m.upper(), p) for p, ops in openapi.document()["paths"].items() for m in ops}
    assert set(documented_endpoints()) == served


@pytest.fixture(scope="module")
def tracker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tracker]:
    url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'ambacht.db'}"
    yield from make_tracker(url)


def test_each_role_may_do_what_the_table_says(tracker: Tracker) -> None:
    wrong = []
    for (method, path), cell in documented_endpoints().items():
        url = path.format(**SAMPLE)
        anonymous = tracker.client.request(method, url).status_code
        if (anonymous != 401) != (cell == "none needed"):
            wrong.append(f"{method} {path} without a token: {anonymous}")
        if path.endswith("/stream"):
            continue  # a stream the station may open would not end
        for role in ROLES:
            status = tracker.client.request(method, url, headers=tracker.as_(role)).status_code
            if (status != 403) != (role in allowed(cell)):
                wrong.append(f"{method} {path} as {role}: {status}")
    assert wrong == []


def test_the_error_example_is_what_the_api_answers(tracker: Tracker) -> None:
    example = re.search(r"\*\*Errors\*\*.*?```json\n(.*?)\n```", TEXT, re.S)
    assert example
    answer = tracker.client.get("/api/me")
    assert answer.json() == json.loads(example.group(1))
    assert answer.headers["Vary"] == "Accept-Language"


def test_the_numbers_of_the_guide_are_the_codes() -> None:
    api = section("HTTP API")
    assert f"`Retry-After: {errors.RETRY_AFTER_S}`" in api
    assert f"(1 to {IDEMPOTENCY_KEY_MAX} characters" in api
    key = idempotency_key("{centre}", Document(0, "", "{YYYY-MM}", "{revision}", False, ""))  # type: ignore[arg-type]
    assert f"`Idempotency-Key: {key}`" in section("The national feed").replace("\n  ", " ")


def settings_rows() -> dict[str, str]:
    return {cells[0].strip("`"): cells[1] for cells in table_rows(section("Commands"))
            if cells[0].startswith("`AMBACHT_")}


def shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value:g}`" if isinstance(value, float) else f"`{value}`"


def test_every_setting_is_documented_with_its_default() -> None:
    rows = settings_rows()
    fields = {f"AMBACHT_{name.upper()}": f.default for name, f in Settings.model_fields.items()}
    assert set(rows) == set(fields)
    assert {name: rows[name] for name in fields} == {n: shown(v) for n, v in fields.items()}


def test_every_variable_named_exists() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for folder in ("tracker", "gateway")
                        for p in (REPO / folder).rglob("*.py"))
    national = {f"AMBACHT_NATIONAL_{n.upper()}" for n in NationalSettings.model_fields}
    for name in set(re.findall(r"AMBACHT_[A-Z_]+[A-Z]", TEXT)):
        assert (name in settings_rows() or name == CONFIG_FILE_VARIABLE or name in sources
                or name in national), name


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_command_table_has_every_command() -> None:
    rows = [cells for cells in table_rows(section("Commands")) if cells[0].startswith("`ambacht ")]
    named = {m for cells in rows for m in re.findall(r"`ambacht ([a-z-]+)", cells[0])}
    commands = subcommands(cli.parser())
    assert named == set(commands)
    for name, command in commands.items():
        row = next(" ".join(cells) for cells in rows if f"`ambacht {name}" in cells[0])
        for sub in subcommands(command):
            assert re.search(rf"\b{name} {sub}\b|ambacht {name} {sub}\b", row), f"{name} {sub}"


def test_the_protocols_named_are_the_gateways() -> None:
    listed = re.search(r"indicator protocols \((.*?)\);", section("Commands"), re.S)
    assert listed
    assert set(re.findall(r"`([a-z0-9-]+)`", listed.group(1))) == set(PROTOCOLS)


def test_the_topic_table_is_the_asyncapi_document() -> None:
    rows = {cells[0].strip("`"): cells for cells in table_rows(section("MQTT"))}
    channels = {asyncapi.address(c): c for c in asyncapi.document()["channels"]}
    assert set(rows) == set(channels)
    for address, cells in rows.items():
        qos, retain = asyncapi.sent_with(channels[address])
        assert (int(cells[1]), cells[2] == "yes") == (qos, retain), address


def test_the_weighing_example_is_one() -> None:
    example = re.search(r"A weighing:\n\n```json\n(.*?)\n```", section("MQTT"), re.S)
    assert example
    payload = json.loads(example.group(1))
    assert asyncapi.errors("weighing", payload) == []
    parse_weighing(payload["scale_id"], example.group(1).encode())


def schema_keys(node: Any) -> Iterator[str]:
    """Every property name of a JSON Schema, at any depth."""
    if isinstance(node, dict):
        yield from node.get("properties", {})
        for value in node.values():
            yield from schema_keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from schema_keys(value)


def test_every_figure_of_the_monitor_document_is_explained() -> None:
    schema = json.loads((REPO / "tracker/schemas/monitor-v2.schema.json").read_text())
    text = section("The monitor document")
    missing = {k for k in schema_keys(schema) if f"`{k}`" not in text and f".{k}`" not in text
               and f"`{k}." not in text}
    assert missing == set()


def test_the_ords_columns_statuses_and_barriers_are_the_exports() -> None:
    text = section("ORDS import and export")
    assert f"```\n{','.join(ords.COLUMNS)}\n```" in text
    statuses = re.search(r"`repair_status`: (.*?)\.\n", text, re.S)
    assert statuses
    assert re.findall(r"`([^`]+)`", statuses.group(1)) == list(ords.STATUS.values())
    barriers = re.search(r"only for `End of life`: (.*?)\.\n", text, re.S)
    assert barriers
    assert re.findall(r"`([^`]+)`", barriers.group(1)) == list(BARRIERS)


def test_every_stored_event_type_is_listed_with_its_fields() -> None:
    import dataclasses

    from tracker.domain.events import REGISTRY

    listed = {row[0].strip("`"): row[2] for row in table_rows(section("Stored events"))}
    assert set(listed) == set(REGISTRY.classes)
    for name, cls in REGISTRY.classes.items():
        fields = [f"`{f.metadata.get('key', f.name)}`" + ("?" if f.metadata.get("optional")
                                                          else "")
                  for f in dataclasses.fields(cls)]
        assert listed[name] == (", ".join(fields) or "—"), name


def test_the_code_example_and_alphabets_are_the_codes() -> None:
    text = section("Item codes and QR content")
    assert f"(`{codes.SYMBOLS}`)" in text
    assert f"`{codes.CHECK_SYMBOLS[len(codes.SYMBOLS):]}`" in text
    example = re.search(r"for example `([^`]+)`", text)
    assert example
    code = codes.parse(example.group(1))
    assert codes.display(code) == example.group(1)
    assert f"/i/{example.group(1)}`" in text
    tampered = example.group(1)[:-1] + ("0" if example.group(1)[-1] != "0" else "1")
    with pytest.raises(codes.InvalidCode):
        codes.parse(tampered)
