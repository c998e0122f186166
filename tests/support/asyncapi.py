"""Read docs/asyncapi.yaml as a client would: channels, bindings, payload validators."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "asyncapi.yaml"
SCALE_CHANNELS = ("weighing", "live", "status", "ack")


@cache
def document() -> dict[str, Any]:
    """The AsyncAPI document as loaded from YAML."""
    loaded: dict[str, Any] = yaml.safe_load(DOC.read_text(encoding="utf-8"))
    return loaded


def _retrieve(uri: str) -> Resource[Any]:
    """Relative `$ref`s of the document point at files of the repository."""
    if not uri.startswith("file://"):
        raise LookupError(f"{uri}: only files of the repository may be referenced")
    return Resource.from_contents(json.loads(Path(uri.removeprefix("file://")).read_text()))


@cache
def _registry() -> Registry[Any]:
    doc = Resource.from_contents(document(), default_specification=DRAFT7)
    # `retrieve` is an attrs field with a private name, which mypy's attrs plugin misses
    registry: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]
    with_doc: Registry[Any] = registry.with_resource(DOC.as_uri(), doc)
    return with_doc


def validator(pointer: str) -> Draft7Validator:
    """A validator for the schema at `#/...` in the document (AsyncAPI schemas are draft 7)."""
    return Draft7Validator({"$ref": f"{DOC.as_uri()}{pointer}"}, registry=_registry())


def message(channel: str) -> tuple[str, dict[str, Any]]:
    """The pointer and contents of the one message of a channel, following its `$ref`."""
    (ref,) = document()["channels"][channel]["messages"].values()
    pointer = ref["$ref"]
    node: Any = document()
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part]
    return pointer, node


def payload_validator(channel: str) -> Draft7Validator:
    """A validator for the payload of the channel's message."""
    pointer, found = message(channel)
    payload = found["payload"]
    if "schemaFormat" in payload:  # a multi-format schema object: the schema is inside
        return validator(f"{pointer}/payload/schema")
    return validator(f"{pointer}/payload")


def errors(channel: str, payload: Any) -> list[str]:
    """Why a payload does not fit the channel's schema ([] when it does)."""
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in payload_validator(channel).iter_errors(payload)]


def address(channel: str) -> str:
    """The channel's topic template, e.g. `ambacht/{centre}/scale/{scale_id}/live`."""
    text: str = document()["channels"][channel]["address"]
    return text


def topic_pattern(channel: str) -> re.Pattern[str]:
    """The topics the channel's address stands for (each parameter one topic level)."""
    parts = re.split(r"(\{[a-z_]+\})", address(channel))
    return re.compile("".join("[^/+#]+" if p.startswith("{") else re.escape(p) for p in parts))


def channel_of(topic: str) -> str | None:
    """The channel whose address a concrete topic fits, if any."""
    found = [c for c in document()["channels"] if topic_pattern(c).fullmatch(topic)]
    assert len(found) <= 1, f"{topic} fits several channels: {found}"
    return found[0] if found else None


def operations(channel: str, action: str) -> list[dict[str, Any]]:
    """The operations with this action (`send` or `receive`) on a channel."""
    return [op for op in document()["operations"].values()
            if op["action"] == action and op["channel"]["$ref"] == f"#/channels/{channel}"]


def sent_with(channel: str) -> tuple[int, bool]:
    """(QoS, retain) that the document says the channel's publisher uses."""
    (op,) = operations(channel, "send")
    mqtt = op["bindings"]["mqtt"]
    return int(mqtt["qos"]), bool(mqtt.get("retain", False))


def schema(name: str) -> dict[str, Any]:
    """A schema of `components/schemas`, as written."""
    found: dict[str, Any] = document()["components"]["schemas"][name]
    return found
