"""The shape of `menus.yaml`, stated as a JSON Schema (`menus.schema.json`), and its mistakes in words.

The schema is the one description of the file's fields: editors use it (yaml-language-server
completes and checks the file as it is typed) and `menu_file` checks every file against it. This
module turns the schema's findings into the assistant's `LINE: what is wrong` messages: the line
comes from the YAML, the wording from the error's kind and the schema's own `x-where` (how an
object is named) and `x-messages` (how a field's mistakes are said). Checks that need more than
one field (gotos, unique ids and keys, hours that end after they start) stay in `menu_file`.

jsonschema-rs does the validating: it reports every error with its path, and it imports in a
few milliseconds, which keeps `assistant route` quick to start.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).with_name("menus.schema.json")


class Located(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each of its keys."""

    line: int = 0
    lines: dict[str, int]


class LocatedList(list[Any]):
    """A YAML sequence that remembers its line and the line of each item."""

    line: int = 0
    item_lines: list[int]


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    path: tuple[str | int, ...]  # where in the file's data (the first part names the section)


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return loaded


@cache
def _validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema())


def enum(*path: str) -> tuple[str, ...]:
    """The values the schema allows at a place (`enum("$defs", "weekday")`), for code that must agree."""
    node: Any = schema()
    for part in path:
        node = node[part]
    return tuple(node["enum"])


def problems(data: Any) -> list[Problem]:
    """Every way `data` (read from the file, with lines) breaks the schema, in words, in file order."""
    found = [_problem(error, data) for error in _validator().iter_errors(_as_json(data))]
    return sorted(found, key=lambda p: p.line)


# -- from a schema error to a line and a sentence ----------------------------------------------

_OBJECT_KINDS = {"Required", "AdditionalProperties", "UnevaluatedProperties", "MinProperties"}
_RANGE_KINDS = {"Minimum", "Maximum", "ExclusiveMinimum", "ExclusiveMaximum"}


def _problem(error: Any, data: Any) -> Problem:
    path = tuple(error.instance_path)
    kind = type(error.kind).__name__
    value = _at(data, path)
    rules = _schema_at(path)
    about_object = kind in _OBJECT_KINDS or (kind == "Type" and "object" in _types(rules))
    owner = path if about_object else _owner(data, path)
    where = _where(data, owner)
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    fields = {
        "where": where, "key": key, "value": value, "described": describe(value),
        "parent_key": path[-2] if len(path) >= 2 and isinstance(path[-1], int) else key,
        "minimum": rules.get("minimum"), "maximum": rules.get("maximum"),
        "allowed": ", ".join(str(v) for v in rules.get("enum", ())),
    }
    custom = rules.get("x-messages", {})
    line = _line(data, path)
    if kind == "Required":
        name = error.kind.property
        return Problem(_line(data, path), f"{where} has no '{name}'", path)
    if kind in ("AdditionalProperties", "UnevaluatedProperties"):
        unexpected = list(error.kind.unexpected)
        allowed = ", ".join(_properties(rules))
        name = str(unexpected[0])
        line = data_lines(value).get(name, line) if isinstance(value, Located) else line
        more = f" (allowed: {allowed})" if allowed else ""
        return Problem(line, f"unknown field '{name}' in {where}{more}", path)
    template = custom.get(_message_kind(kind))
    if template is not None:
        return Problem(line, template.format(**fields), path)
    return Problem(line, _default(kind, fields, rules), path)


def _message_kind(kind: str) -> str:
    if kind in _RANGE_KINDS:
        return "range"
    return {"Type": "type", "Pattern": "pattern", "Enum": "enum", "Constant": "const", "MinItems": "minItems",
            "MinProperties": "minProperties", "AnyOf": "anyOf", "MinLength": "pattern"}.get(kind, kind)


def _default(kind: str, fields: dict[str, Any], rules: dict[str, Any]) -> str:
    key, where, value = fields["key"], fields["where"], fields["value"]
    if kind == "Type":
        if "object" in _types(rules):
            return f"{where} must be a mapping of fields, not {fields['described']}"
        return f"'{key}' in {where} must be {_type_words(rules)}, not {fields['described']}"
    if kind in _RANGE_KINDS:
        low, high = rules.get("minimum"), rules.get("maximum")
        limits = f"give {low} to {high}" if low is not None and high is not None else (
            f"give at least {low}" if low is not None else f"give at most {high}")
        return f"'{key}' is {value}; {limits}"
    if kind == "Enum":
        return f"'{key}' in {where} is {value!r}; use one of: {fields['allowed']}"
    if kind == "MinItems":
        return f"'{key}' in {where} is empty"
    if kind == "Pattern":
        return f"'{key}' in {where} is {value!r}, which is not in the form this field takes"
    if kind == "Constant":
        return f"'{key}' in {where} must be {rules.get('const')!r}, not {fields['described']}"
    return f"'{key}' in {where} is not usable ({fields['described']})"


def _types(rules: dict[str, Any]) -> list[str]:
    given = rules.get("type", [])
    return [given] if isinstance(given, str) else list(given)


def _type_words(rules: dict[str, Any]) -> str:
    names = {"string": "text", "integer": "a whole number", "boolean": "true or false", "array": "a list",
             "object": "a mapping", "number": "a number"}
    return " or ".join(names.get(t, t) for t in _types(rules)) or "something else"


# -- where: names and lines ----------------------------------------------------------------------

def _owner(data: Any, path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The mapping that holds the value at `path` (a list's items belong to the mapping holding the list)."""
    owner = path[:-1]
    while owner and not isinstance(_at(data, owner), dict):
        owner = owner[:-1]
    return owner


def _where(data: Any, path: tuple[str | int, ...]) -> str:
    rules = _schema_at(path)
    named = rules.get("x-where")
    value = _at(data, path)
    key = str(path[-1]) if path else ""
    if named is None:
        words = ".".join(str(part) for part in path if isinstance(part, str))
        return f"'{words}'" if words else "the file"
    template, fallback = (named, named) if isinstance(named, str) else (named[0], named[1])
    fields = dict(value) if isinstance(value, dict) else {}
    fields.setdefault("key", key)
    if "{parent}" in template:
        fields["parent"] = _where(data, _owner(data, path))
    try:
        return str(template.format(**fields))
    except (KeyError, IndexError, ValueError, AttributeError):
        return str(fallback)


def _line(data: Any, path: tuple[str | int, ...]) -> int:
    """The line of the value at `path`: its key's line in a mapping, its own in a list."""
    if not path:
        return getattr(data, "line", 1)
    parent = _at(data, path[:-1])
    last = path[-1]
    if isinstance(parent, Located) and isinstance(last, str):
        return data_lines(parent).get(last, parent.line)
    if isinstance(parent, LocatedList) and isinstance(last, int) and last < len(parent.item_lines):
        return parent.item_lines[last]
    return _line(data, path[:-1])


def data_lines(mapping: Located) -> dict[str, int]:
    return getattr(mapping, "lines", {})


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


# -- the schema at a place in the data -----------------------------------------------------------

def _schema_at(path: tuple[str | int, ...]) -> dict[str, Any]:
    """The rules for the value at `path` ($ref followed and merged with what stands beside it)."""
    rules = _resolved(schema())
    for part in path:
        if isinstance(part, int):
            rules = _resolved(rules.get("items", {}))
            continue
        properties = rules.get("properties", {})
        if part in properties:
            rules = _resolved(properties[part])
        elif isinstance(rules.get("additionalProperties"), dict):
            rules = _resolved(rules["additionalProperties"])
        else:
            return {}
    return rules


def _resolved(rules: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in rules:
        return rules
    target = schema()
    for part in rules["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    merged = dict(_resolved(target))
    for name, given in rules.items():
        if name == "$ref":
            continue
        if name == "properties":
            merged["properties"] = {**merged.get("properties", {}), **given}
        elif name == "required":
            merged["required"] = [*merged.get("required", []), *given]
        else:
            merged[name] = given
    return merged


def _properties(rules: dict[str, Any]) -> list[str]:
    return list(rules.get("properties", {}))


# -- values ---------------------------------------------------------------------------------------

def _as_json(value: Any) -> Any:
    """The data as the validator takes it. YAML's other scalars (dates, binary) become a marker
    mapping: wherever the schema wants text it says so, and the message describes the real value."""
    if isinstance(value, dict):
        return {str(key): _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return {"yaml value": str(value)}


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (date, datetime)):
        return f"the date {value.isoformat()} (write it in quotes)"
    return f"the {type(value).__name__} {value!r}"
