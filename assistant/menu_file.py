"""Reading `menus.yaml`: find it, parse it safely, check every field, build `menu.Menus`.

A broken file is never guessed at: every problem is reported as `FILE:LINE: what is wrong`,
and the assistant refuses to start on it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .menu import (
    ANSWER_TOPICS,
    KINDS,
    WEEKDAYS,
    AnswerTopic,
    Channel,
    HoldQueue,
    Holiday,
    Identifier,
    Layout,
    Menus,
    Node,
    PhoneDialing,
    Simulation,
    Tier,
    WeeklyHours,
)

ENV_VAR = "ASSISTANT_MENUS"
DEFAULT_PROMPT = "For {label}, press {key}."
MAX_BYTES = 1_000_000  # the real file is ~20 kB; anything this large is a mistake or an attack
PHONE_KEYS = frozenset("0123456789*#")
_LoaderBase: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


class MenuError(Exception):
    """The menus file cannot be used. `problems` holds one `FILE:LINE: message` line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "menus file is not usable")
        self.problems = problems

    def summary(self) -> str:
        more = len(self.problems) - 1
        if more <= 0:
            return self.problems[0]
        return f"{self.problems[0]} (and {more} more problem{'s' if more > 1 else ''}; run 'assistant menu check')"


def default_path() -> Path:
    """menus.yaml at the top of the project (this package's parent folder)."""
    return Path(__file__).resolve().parent.parent / "menus.yaml"


def resolve_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--menus FILE wins, then $ASSISTANT_MENUS, then the project's own menus.yaml."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env)
    return default_path()


def load(path: str | os.PathLike[str] | None = None) -> Menus:
    """Read, parse and check a menus file; raise MenuError with every problem found."""
    file = resolve_path(path)
    name = str(file)
    try:
        if file.is_dir():
            raise MenuError([f"{name}: is a folder, not a menus file; pass the path of a .yaml file"])
        with open(file, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise MenuError([f"{name}: no such file; pass --menus FILE or set {ENV_VAR}"]) from None
    except OSError as error:
        raise MenuError([f"{name}: cannot be read ({error.strerror}); check its permissions"]) from None
    if len(data) > MAX_BYTES:
        raise MenuError([f"{name}: larger than {MAX_BYTES:,} bytes; this is not a menus file"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MenuError([f"{name}: not UTF-8 text (byte {error.start}); save it as UTF-8"]) from None
    return parse(text, name)


def parse(text: str, name: str = "menus.yaml") -> Menus:
    try:
        root = yaml.compose(text, Loader=_LoaderBase)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        hint = ""
        if "alias" in str(error) or "anchor" in str(error):
            hint = " (write the keys * and # in quotes: key: \"*\")"
        raise MenuError([f"{name}:{line}: not valid YAML: {error.problem}{hint}"]) from None
    except yaml.YAMLError as error:
        raise MenuError([f"{name}: not valid YAML: {error}"]) from None
    if root is None:
        raise MenuError([f"{name}:1: the file is empty"])
    checker = _Checker(name)
    plain = checker.plain(root)
    menus = checker.menus(plain)
    if checker.problems or menus is None:
        raise MenuError(checker.problems or [f"{name}: not usable"])
    return menus


class _Map(dict[str, Any]):
    """A YAML mapping that remembers the line of each of its keys."""

    line: int = 0
    lines: dict[str, int]


class _List(list[Any]):
    line: int = 0


@dataclass
class _Field:
    kind: type | tuple[type, ...]
    required: bool = True


class _Checker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []
        self._constructor = yaml.constructor.SafeConstructor()
        self._seen: set[int] = set()

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.name}:{line}: {message}")

    # -- YAML nodes to plain values that keep their line numbers ---------------------------

    def plain(self, node: yaml.Node) -> Any:
        if id(node) in self._seen:
            # An alias re-uses a node. Refused outright: it is how "billion laughs" files blow
            # up memory, and nothing in a menus file needs one.
            raise MenuError(
                [f"{self.name}:{node.start_mark.line + 1}: YAML aliases (*name) are not allowed; write the value out"]
            )
        self._seen.add(id(node))
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result = _Map()
            result.line, result.lines = line, {}
            for key_node, value_node in node.value:
                key = self.plain(key_node)
                if not isinstance(key, str):
                    self.problem(key_node.start_mark.line + 1, f"field name {key!r} is not text")
                    continue
                if key in result:
                    self.problem(
                        key_node.start_mark.line + 1,
                        f"field '{key}' given twice (first on line {result.lines[key]})",
                    )
                    continue
                result[key] = self.plain(value_node)
                result.lines[key] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            items = _List(self.plain(item) for item in node.value)
            items.line = line
            return items
        return self._constructor.construct_object(node, deep=True)

    # -- field helpers ----------------------------------------------------------------------

    def fields(self, value: Any, where: str, spec: dict[str, _Field], line: int) -> _Map | None:
        if not isinstance(value, _Map):
            self.problem(line, f"{where} must be a mapping of fields, not {_describe(value)}")
            return None
        for key in value:
            if key not in spec:
                allowed = ", ".join(spec)
                self.problem(value.lines[key], f"unknown field '{key}' in {where} (allowed: {allowed})")
        for key, field in spec.items():
            if key not in value:
                if field.required:
                    self.problem(value.line, f"{where} has no '{key}'")
                continue
            if not isinstance(value[key], field.kind) or (
                isinstance(value[key], bool) and field.kind in (int, (int,))
            ):
                self.problem(
                    value.lines[key],
                    f"'{key}' in {where} must be {_type_name(field.kind)}, not {_describe(value[key])}",
                )
        return value

    def ok(self, mapping: _Map, key: str, kind: type | tuple[type, ...]) -> bool:
        value = mapping.get(key)
        return isinstance(value, kind) and not (isinstance(value, bool) and kind is int)

    def line_of(self, mapping: _Map, key: str) -> int:
        return mapping.lines.get(key, mapping.line)

    def strings(self, mapping: _Map, key: str, where: str) -> tuple[str, ...]:
        items = mapping.get(key)
        if not isinstance(items, list):
            return ()
        result = []
        for item in items:
            if isinstance(item, str) and item.strip():
                result.append(item.strip())
            else:
                self.problem(self.line_of(mapping, key), f"'{key}' in {where} holds {_describe(item)}; each entry must be text")
        if not result:
            self.problem(self.line_of(mapping, key), f"'{key}' in {where} is empty")
        return tuple(result)

    def records(self, mapping: _Map, key: str, build: Callable[[Any, int], Any]) -> tuple[Any, ...]:
        items = mapping.get(key)
        if not isinstance(items, list):
            return ()
        built = (build(item, getattr(items, "line", mapping.line)) for item in items)
        return tuple(item for item in built if item is not None)

    # -- the file ---------------------------------------------------------------------------

    def menus(self, top: Any) -> Menus | None:
        spec = {
            "schema": _Field(int),
            "line": _Field(dict),
            "hours": _Field(dict),
            "federal_holidays": _Field(list),
            "dial": _Field(dict),
            "simulation": _Field(dict),
            "identifiers": _Field(dict),
            "tiers": _Field(list),
            "service_request": _Field(str),
            "checklist": _Field(list),
            "channels": _Field(list),
            "answers": _Field(list),
            "layouts": _Field(list),
        }
        if self.fields(top, "the file", spec, 1) is None:
            return None
        if top.get("schema") not in (None, 1) and self.ok(top, "schema", int):
            self.problem(self.line_of(top, "schema"), f"schema {top['schema']} is not known; this assistant reads schema 1")
        line = self.line_info(top.get("line"), self.line_of(top, "line"))
        hours = self.hours(top.get("hours"), self.line_of(top, "hours"))
        holidays = self.records(top, "federal_holidays", self.holiday)
        dial = self.dial(top.get("dial"), self.line_of(top, "dial"))
        simulation = self.simulation(top.get("simulation"), self.line_of(top, "simulation"))
        identifiers = self.identifiers(top.get("identifiers"), self.line_of(top, "identifiers"))
        tiers = self.records(top, "tiers", self.tier)
        checklist = self.strings(top, "checklist", "checklist")
        channels = self.records(top, "channels", self.channel)
        answers = self.answers(top)
        layouts = self.layouts(top)
        if self.problems or line is None or hours is None or dial is None or simulation is None:
            return None
        return Menus(
            name=line["name"],
            number=line["number"],
            tty_number=line["tty_number"],
            timezone=line["timezone"],
            options_may_differ=" ".join(line["options_may_differ"].split()),
            other_languages=" ".join(line["other_languages"].split()),
            ivr_hours=hours[0],
            live_hours=hours[1],
            live_hours_alternatives=hours[2],
            holidays=holidays,
            after_answer_ms=dial[0],
            between_keys_ms=dial[1],
            phones=dial[2],
            simulation=simulation,
            identifiers=identifiers,
            tiers=tiers,
            service_request=" ".join(top["service_request"].split()),
            checklist=checklist,
            channels=channels,
            answers=answers,
            layouts=layouts,
            source_path=self.name,
        )

    def line_info(self, value: Any, line: int) -> _Map | None:
        spec = {name: _Field(str) for name in ("name", "number", "tty_number", "timezone", "options_may_differ", "other_languages")}
        info = self.fields(value, "'line'", spec, line)
        if info is None:
            return None
        for key in ("number", "tty_number"):
            if self.ok(info, key, str) and not re.fullmatch(r"\+[1-9][0-9]{7,14}", info[key]):
                self.problem(self.line_of(info, key), f"'{key}' {info[key]!r} is not a phone number in E.164 form (like +18003755283)")
        if self.ok(info, "timezone", str):
            try:
                ZoneInfo(info["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                self.problem(self.line_of(info, "timezone"), f"bad time zone {info['timezone']!r}; use a name like America/New_York")
        return info

    def hours(self, value: Any, line: int) -> tuple[WeeklyHours, WeeklyHours, tuple[WeeklyHours, ...]] | None:
        spec = {"ivr": _Field(dict), "live_agents": _Field(dict)}
        hours = self.fields(value, "'hours'", spec, line)
        if hours is None:
            return None
        ivr = self.weekly(hours.get("ivr"), "'hours.ivr'", self.line_of(hours, "ivr"), alternatives=False)
        live = self.weekly(hours.get("live_agents"), "'hours.live_agents'", self.line_of(hours, "live_agents"), alternatives=True)
        alternatives: tuple[WeeklyHours, ...] = ()
        live_map = hours.get("live_agents")
        if isinstance(live_map, _Map) and isinstance(live_map.get("alternatives"), list):
            built = [
                self.weekly(item, "an alternative in 'hours.live_agents'", self.line_of(live_map, "alternatives"), alternatives=False)
                for item in live_map["alternatives"]
            ]
            alternatives = tuple(item for item in built if item is not None)
        if ivr is None or live is None:
            return None
        return ivr, live, alternatives

    def weekly(self, value: Any, where: str, line: int, alternatives: bool) -> WeeklyHours | None:
        spec = {
            "days": _Field(list),
            "open": _Field(str),
            "close": _Field(str),
            "closed_on_federal_holidays": _Field(bool, required=False),
            "source": _Field(str, required=False),
        }
        if alternatives:
            spec["alternatives"] = _Field(list, required=False)
        hours = self.fields(value, where, spec, line)
        if hours is None:
            return None
        days = self.strings(hours, "days", where)
        for day in days:
            if day not in WEEKDAYS:
                self.problem(self.line_of(hours, "days"), f"unknown day {day!r} in {where} (use {', '.join(WEEKDAYS)})")
        opens = self.clock(hours, "open", where)
        closes = self.clock(hours, "close", where)
        if opens is None or closes is None:
            return None
        if closes != (24, 0) and closes <= opens:
            self.problem(
                self.line_of(hours, "close"),
                f"hours in {where} end ({hours['close']}) before they start ({hours['open']})",
            )
            return None
        if opens == (24, 0):
            self.problem(self.line_of(hours, "open"), f"'open' in {where} cannot be 24:00")
            return None
        return WeeklyHours(
            days=tuple(day for day in days if day in WEEKDAYS),
            open=time(*opens),
            close=time(0, 0) if closes == (24, 0) else time(*closes),
            until_midnight=closes == (24, 0),
            closed_on_federal_holidays=bool(hours.get("closed_on_federal_holidays", False)),
            source=str(hours.get("source", "")),
        )

    def clock(self, hours: _Map, key: str, where: str) -> tuple[int, int] | None:
        value = hours.get(key)
        if not isinstance(value, str):
            if isinstance(value, int):  # YAML 1.1 reads an unquoted 08:00 as the number 480
                self.problem(self.line_of(hours, key), f"'{key}' in {where} must be a quoted time like \"08:00\"")
            return None
        match = re.fullmatch(r"([01]?[0-9]|2[0-4]):([0-5][0-9])", value)
        if not match or (int(match[1]) == 24 and match[2] != "00"):
            self.problem(self.line_of(hours, key), f"'{key}' in {where} is {value!r}; write a time like \"08:00\"")
            return None
        return int(match[1]), int(match[2])

    def holiday(self, value: Any, line: int) -> Holiday | None:
        spec = {
            "name": _Field(str),
            "month": _Field(int),
            "day": _Field(int, required=False),
            "weekday": _Field(str, required=False),
            "nth": _Field((int, str), required=False),
        }
        rule = self.fields(value, "a federal holiday", spec, line)
        if rule is None or not self.ok(rule, "month", int) or not self.ok(rule, "name", str):
            return None
        where = f"holiday {rule['name']!r}"
        month = rule["month"]
        if not 1 <= month <= 12:
            self.problem(self.line_of(rule, "month"), f"month {month} of {where} is not 1 to 12")
            return None
        if "day" in rule:
            if "weekday" in rule or "nth" in rule:
                self.problem(rule.line, f"{where} gives both a day and a weekday; give one")
                return None
            day = rule["day"]
            if not isinstance(day, int) or not 1 <= day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
                self.problem(self.line_of(rule, "day"), f"day {day} of {where} is not a day of month {month}")
                return None
            return Holiday(rule["name"], month, day=day)
        weekday, nth = rule.get("weekday"), rule.get("nth")
        if weekday not in WEEKDAYS:
            self.problem(self.line_of(rule, "weekday"), f"{where} needs 'day', or 'weekday' ({', '.join(WEEKDAYS)}) and 'nth'")
            return None
        if nth != "last" and not (isinstance(nth, int) and 1 <= nth <= 5):
            self.problem(self.line_of(rule, "nth"), f"'nth' of {where} must be 1 to 5 or last")
            return None
        return Holiday(rule["name"], month, weekday=WEEKDAYS.index(weekday), nth=-1 if nth == "last" else int(nth))

    def dial(self, value: Any, line: int) -> tuple[int, int, tuple[PhoneDialing, ...]] | None:
        spec = {"after_answer_ms": _Field(int), "between_keys_ms": _Field(int), "phones": _Field(dict)}
        dial = self.fields(value, "'dial'", spec, line)
        if dial is None or not all(self.ok(dial, key, field.kind) for key, field in spec.items()):
            return None
        for key in ("after_answer_ms", "between_keys_ms"):
            if not 0 <= dial[key] <= 60_000:
                self.problem(self.line_of(dial, key), f"'{key}' is {dial[key]}; give milliseconds from 0 to 60000")
        phones = []
        for name, given in dial["phones"].items():
            where = f"'dial.phones.{name}'"
            rules = self.fields(given, where, {"pause_ms": _Field(int), "refuses": _Field(str)}, self.line_of(dial["phones"], name))
            if rules is None or not self.ok(rules, "pause_ms", int) or not self.ok(rules, "refuses", str):
                continue
            if not 500 <= rules["pause_ms"] <= 10_000:
                self.problem(self.line_of(rules, "pause_ms"), f"'pause_ms' in {where} is {rules['pause_ms']}; give 500 to 10000")
            if set(rules["refuses"]) - PHONE_KEYS:
                self.problem(self.line_of(rules, "refuses"), f"'refuses' in {where} may only hold keys (0-9, * and #)")
            phones.append(PhoneDialing(str(name), rules["pause_ms"], rules["refuses"]))
        if not phones:
            self.problem(self.line_of(dial, "phones"), "'dial.phones' names no phone; give at least android")
        return dial["after_answer_ms"], dial["between_keys_ms"], tuple(phones)

    def identifiers(self, value: Any, line: int) -> tuple[Identifier, ...]:
        if not isinstance(value, _Map):
            return ()
        found = []
        spec = {key: _Field(str) for key in ("name", "pattern", "example", "explain")}
        for key in value:
            given = self.fields(value[key], f"'identifiers.{key}'", spec, self.line_of(value, key))
            if given is None or not all(self.ok(given, field, str) for field in spec):
                continue
            try:
                matches = re.fullmatch(given["pattern"], given["example"]) is not None
            except re.error as error:
                self.problem(self.line_of(given, "pattern"), f"'pattern' in 'identifiers.{key}' is not a regular expression: {error}")
                continue
            if not matches:
                self.problem(self.line_of(given, "example"),
                             f"the example {given['example']!r} of 'identifiers.{key}' does not fit its pattern")
            found.append(Identifier(str(key), given["name"], given["pattern"], given["example"], given["explain"]))
        for needed in ("receipt_number", "a_number"):
            if needed not in value:
                self.problem(value.line, f"'identifiers' has no '{needed}' (the call sheet checks it)")
        return tuple(found)

    def simulation(self, value: Any, line: int) -> Simulation | None:
        spec = {"greeting": _Field(str), "wait_for_key_ms": _Field(int), "tries": _Field(int), "goodbye": _Field(str),
                "prompts": _Field(list, required=False), "repeat_key": _Field(str, required=False),
                "hold": _Field(dict, required=False)}
        given = self.fields(value, "'simulation'", spec, line)
        if given is None or any(not self.ok(given, key, field.kind) for key, field in spec.items() if field.required or key in given):
            return None
        prompts = self.strings(given, "prompts", "'simulation'") if "prompts" in given else (DEFAULT_PROMPT,)
        for template in prompts:
            if "{key}" not in template or "{label}" not in template:
                self.problem(self.line_of(given, "prompts"), f"prompt {template!r} must hold {{key}} and {{label}}")
        repeat_key = given.get("repeat_key")
        if repeat_key is not None and repeat_key not in PHONE_KEYS:
            self.problem(self.line_of(given, "repeat_key"), f"bad repeat_key {repeat_key!r}: a key is one digit 0-9, * or #")
        if not 1000 <= given["wait_for_key_ms"] <= 60_000:
            self.problem(self.line_of(given, "wait_for_key_ms"), f"'wait_for_key_ms' is {given['wait_for_key_ms']}; give 1000 to 60000")
        if not 1 <= given["tries"] <= 10:
            self.problem(self.line_of(given, "tries"), f"'tries' is {given['tries']}; give 1 to 10")
        hold = self.hold_queue(given["hold"], self.line_of(given, "hold")) if "hold" in given else None
        return Simulation(" ".join(given["greeting"].split()), given["wait_for_key_ms"], given["tries"], " ".join(given["goodbye"].split()),
                          prompts=tuple(prompts), repeat_key=repeat_key, hold=hold)

    def hold_queue(self, value: Any, line: int) -> HoldQueue | None:
        spec = {"announcements": _Field(list), "wait_minutes": _Field(int), "every_s": _Field(int), "agent": _Field(str)}
        given = self.fields(value, "'simulation.hold'", spec, line)
        if given is None or not all(self.ok(given, key, field.kind) for key, field in spec.items()):
            return None
        announcements = self.strings(given, "announcements", "'simulation.hold'")
        if not announcements:
            self.problem(self.line_of(given, "announcements"), "'simulation.hold' needs at least one announcement")
        if not 1 <= given["wait_minutes"] <= 600:
            self.problem(self.line_of(given, "wait_minutes"), f"'wait_minutes' is {given['wait_minutes']}; give 1 to 600")
        if not 3 <= given["every_s"] <= 300:
            self.problem(self.line_of(given, "every_s"), f"'every_s' is {given['every_s']}; give 3 to 300")
        return HoldQueue(tuple(" ".join(text.split()) for text in announcements), given["wait_minutes"], given["every_s"],
                         " ".join(given["agent"].split()))

    def tier(self, value: Any, line: int) -> Tier | None:
        spec = {key: _Field(str) for key in ("id", "name", "short", "reached")}
        spec.update(can=_Field(list), cannot=_Field(list))
        tier = self.fields(value, "a tier", spec, line)
        if tier is None or not all(self.ok(tier, key, str) for key in ("id", "name", "short", "reached")):
            return None
        where = f"tier {tier['id']!r}"
        return Tier(tier["id"], tier["name"], tier["short"], tier["reached"],
                    self.strings(tier, "can", where), self.strings(tier, "cannot", where))

    def channel(self, value: Any, line: int) -> Channel | None:
        channel = self.fields(value, "a channel", {"name": _Field(str), "detail": _Field(str)}, line)
        if channel is None or not self.ok(channel, "name", str) or not self.ok(channel, "detail", str):
            return None
        return Channel(channel["name"], channel["detail"])

    def answers(self, top: _Map) -> tuple[AnswerTopic, ...]:
        seen: dict[str, int] = {}

        def build(value: Any, line: int) -> AnswerTopic | None:
            answer = self.fields(value, "an answer", {"topic": _Field(str), "phrases": _Field(list)}, line)
            if answer is None or not self.ok(answer, "topic", str):
                return None
            topic = answer["topic"]
            if topic not in ANSWER_TOPICS:
                self.problem(self.line_of(answer, "topic"), f"unknown answer topic {topic!r} (known: {', '.join(ANSWER_TOPICS)})")
                return None
            if topic in seen:
                self.problem(answer.line, f"answer topic {topic!r} given twice (first on line {seen[topic]})")
                return None
            seen[topic] = answer.line
            return AnswerTopic(topic, self.strings(answer, "phrases", f"answer {topic!r}"))

        return self.records(top, "answers", build)

    # -- the menus --------------------------------------------------------------------------

    def layouts(self, top: _Map) -> tuple[Layout, ...]:
        ids: dict[str, int] = {}
        layouts: list[Layout] = []
        spec = {key: _Field(str) for key in ("id", "title", "source", "recorded")}
        spec["menu"] = _Field(dict)
        items = top.get("layouts")
        if not isinstance(items, list):
            return ()
        if not items:
            self.problem(self.line_of(top, "layouts"), "'layouts' is empty; the file describes no menu")
        for item in items:
            layout = self.fields(item, "a layout", spec, getattr(items, "line", 1))
            if layout is None or not all(self.ok(layout, key, str) for key in ("id", "title", "source", "recorded")):
                continue
            if not isinstance(layout.get("menu"), _Map):
                continue
            root = self.node(layout["menu"], None, ids, root=True)
            if root is not None:
                layouts.append(Layout(layout["id"], layout["title"], layout["source"], layout["recorded"], root))
        if len({layout.id for layout in layouts}) != len(layouts):
            self.problem(self.line_of(top, "layouts"), "two layouts share one id")
        if not self.problems:
            self.check_gotos(layouts, ids)
            if not any(node.kind == "representative" for layout in layouts for node in layout.root.walk()):
                self.problem(self.line_of(top, "layouts"), "no option leads to a representative; give one option kind: representative")
        return tuple(layouts)

    def node(self, value: _Map, key: str | None, ids: dict[str, int], root: bool = False) -> Node | None:
        spec = {
            "id": _Field(str),
            "label": _Field(str),
            "key": _Field((str, int), required=not root),
            "kind": _Field(str, required=False),
            "say": _Field(str, required=False),
            "answered_by": _Field(str, required=False),
            "phrases": _Field(list, required=False),
            "options": _Field(list, required=False),
            "goto": _Field(str, required=False),
            # Where this option's facts come from, when not the layout's source ("heard on the line on DATE").
            "source": _Field(str, required=False),
        }
        if root:
            del spec["key"]
        where = f"option {value.get('id')!r}" if isinstance(value.get("id"), str) else "an option"
        if "key" in value and value["key"] is None:
            self.problem(self.line_of(value, "key"), f"{where} has an empty key (write the keys * and # in quotes: key: \"#\")")
            return None
        node = self.fields(value, where, spec, value.line)
        if node is None or not self.ok(node, "id", str):
            return None
        node_id = node["id"]
        if not re.fullmatch(r"[a-z][a-z0-9_]*", node_id):
            self.problem(self.line_of(node, "id"), f"id {node_id!r} must be lower-case letters, digits and _")
        if node_id in ids:
            self.problem(self.line_of(node, "id"), f"id {node_id!r} is used twice (first on line {ids[node_id]})")
        ids[node_id] = self.line_of(node, "id")
        if not isinstance(node.get("label"), str) or not node["label"].strip():
            if "label" in node:
                self.problem(self.line_of(node, "label"), f"{where} has an empty label")
            return None
        options: list[Node] = []
        seen_keys: dict[str, int] = {}
        raw_options = node.get("options")
        if isinstance(raw_options, list):
            for raw in raw_options:
                if not isinstance(raw, _Map):
                    self.problem(getattr(raw_options, "line", node.line), f"an option of {where} is {_describe(raw)}, not a mapping")
                    continue
                option_key = self.key(raw)
                if option_key is not None and option_key in seen_keys:
                    self.problem(
                        self.line_of(raw, "key"),
                        f"key {option_key!r} is used twice in the menu {where} (first on line {seen_keys[option_key]})",
                    )
                elif option_key is not None:
                    seen_keys[option_key] = self.line_of(raw, "key")
                child = self.node(raw, option_key, ids)
                if child is not None:
                    options.append(child)
        goto = node.get("goto") if isinstance(node.get("goto"), str) else None
        kind = node.get("kind") if isinstance(node.get("kind"), str) else None
        if kind is not None and kind not in KINDS:
            self.problem(self.line_of(node, "kind"), f"kind {kind!r} of {where} is not one of {', '.join(KINDS)}")
            return None
        if "options" in node:
            if isinstance(raw_options, list) and not raw_options:
                self.problem(self.line_of(node, "options"), f"{where} is a menu with no options: the route leads nowhere")
            if kind not in (None, "menu"):
                self.problem(self.line_of(node, "kind"), f"{where} has options, so its kind must be menu, not {kind}")
            if goto is not None:
                self.problem(self.line_of(node, "goto"), f"{where} has both options and goto; give one")
            kind = "menu"
        elif goto is None:
            if kind in (None, "menu"):
                self.problem(node.line, f"{where} leads nowhere: give it options, a goto, or kind info or representative")
                return None
        else:
            kind = kind or "menu"
        phrases = self.strings(node, "phrases", where) if "phrases" in node else ()
        return Node(
            id=node_id,
            label=" ".join(node["label"].split()),
            kind=kind,
            key=key,
            say=node.get("say") if isinstance(node.get("say"), str) else None,
            answered_by=node.get("answered_by") if isinstance(node.get("answered_by"), str) else None,
            phrases=phrases,
            options=tuple(options),
            goto=goto,
            source=node.get("source") if isinstance(node.get("source"), str) else None,
            line=node.line,
        )

    def key(self, option: _Map) -> str | None:
        value = option.get("key")
        if isinstance(value, bool) or value is None:
            return None
        key = str(value)
        if key not in PHONE_KEYS:
            self.problem(self.line_of(option, "key"), f"bad key {key!r}: a key is one digit 0-9, * or #")
            return None
        return key

    def check_gotos(self, layouts: list[Layout], ids: dict[str, int]) -> None:
        nodes = {node.id: node for layout in layouts for node in layout.root.walk()}
        ancestors: dict[str, set[str]] = {}

        def collect(node: Node, above: set[str]) -> None:
            ancestors[node.id] = above
            for option in node.options:
                collect(option, above | {node.id})

        for layout in layouts:
            collect(layout.root, set())
        for node in nodes.values():
            if node.goto is None:
                continue
            if node.goto not in nodes:
                self.problem(node.line, f"option {node.id!r} goes to {node.goto!r}, which does not exist: the route leads nowhere")
                continue
            chain, target = [node.id], nodes[node.goto]
            while True:
                if target.id in chain or target.id in ancestors[node.id]:
                    self.problem(node.line, f"option {node.id!r} leads back to {target.id!r}: the menu would go round in a cycle")
                    break
                if target.goto is None:
                    break
                chain.append(target.id)
                if target.goto not in nodes:
                    break  # reported for that node itself
                target = nodes[target.goto]


def _describe(value: Any) -> str:
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
    return f"the {type(value).__name__} {value!r}"


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)
