"""Reading `menus.yaml`: find it, parse it safely, check it, build `menu.Menus`.

The file's shape (every field, its type and its range) is stated once, in `menus.schema.json`,
and checked by `menu_schema`; what the schema cannot say (a goto leads somewhere, ids and keys are
unique, hours end after they start, a time zone exists) is checked here. A broken file is never
guessed at: every problem is reported as `FILE:LINE: what is wrong`, and the assistant refuses
to start on it.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Callable, Iterator
from datetime import date, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from . import menu_schema
from .menu import (
    ANSWER_FIELDS,
    BUILT_IN_TOPICS,
    LANGUAGE_NAMES,
    WEEKDAYS,
    AnswerTopic,
    Channel,
    HoldQueue,
    Holiday,
    Identifier,
    International,
    Layout,
    LineTexts,
    Menus,
    Node,
    PhoneDialing,
    Simulation,
    Source,
    Tier,
    WeeklyHours,
    Words,
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
    reader = _Reader(name)
    data = reader.plain(root)
    found = [*reader.problems, *menu_schema.problems(data)]
    broken = {problem.path[0] for problem in found if problem.path}
    if isinstance(data, menu_schema.Located) and not any(not p.path for p in found):
        # Each part the schema passed is checked for what needs more than one field.
        found += _Checks(data, broken).problems
    if found:
        found.sort(key=lambda problem: problem.line)
        raise MenuError([f"{name}:{problem.line}: {problem.message}" for problem in found])
    return _build(data, name)


class _Reader:
    """YAML nodes to plain values that remember their lines; aliases and repeated fields refused."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[menu_schema.Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()
        self._seen: set[int] = set()

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
            result = menu_schema.Located()
            result.line, result.lines = line, {}
            for key_node, value_node in node.value:
                key = self.plain(key_node)
                key_line = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    self.problems.append(menu_schema.Problem(key_line, f"field name {key!r} is not text", ()))
                    continue
                if key in result:
                    self.problems.append(menu_schema.Problem(
                        key_line, f"field '{key}' given twice (first on line {result.lines[key]})", ()))
                    continue
                result[key] = self.plain(value_node)
                result.lines[key] = key_line
            return result
        if isinstance(node, yaml.SequenceNode):
            items = menu_schema.LocatedList(self.plain(item) for item in node.value)
            items.line, items.item_lines = line, [item.start_mark.line + 1 for item in node.value]
            return items
        return self._constructor.construct_object(node, deep=True)


Located = menu_schema.Located


class _Checks:
    """What the schema cannot say, on a file whose shape it passed (parts it did not pass, in
    `broken`, are left alone: their shape is already reported)."""

    def __init__(self, top: Located, broken: set[str | int]) -> None:
        self.problems: list[menu_schema.Problem] = []
        sections: dict[str, Callable[[Any], None]] = {
            "line": self.line_info, "hours": self.hours, "federal_holidays": self.holidays,
            "identifiers": self.identifiers, "simulation": self.simulation, "answers": self.answers,
            "layouts": self.layouts,
        }
        self.languages = [code for code in top.get("languages", ["en"]) if code != "en"] if "languages" not in broken else []
        self.top, self.broken = top, broken
        for section, check in sections.items():
            if section not in broken and section in top:
                check(top[section])
        for code in self.languages:
            if code not in broken:
                self.line_texts(top, code)
        if "sources" not in broken:
            self.sources(top, broken)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(menu_schema.Problem(line, message, ()))

    def line_texts(self, top: Located, code: str) -> None:
        """The language's section says everything the English parts of the file say."""
        name = LANGUAGE_NAMES[code]
        given = top.get(code)
        if given is None:
            self.problem(1, f"the file speaks {name} ('languages') but has no '{code}:' section with the line's {name} sentences")
            return
        holidays = {rule["name"] for rule in top.get("federal_holidays", {}).get("days", [])}
        for missing in sorted(holidays - set(given["federal_holidays"])):
            self.problem(given.lines["federal_holidays"], f"'{code}.federal_holidays' has no {name} name for {missing!r}")
        for part, english in (("identifiers", set(top.get("identifiers", {}))),
                              ("tiers", {tier["id"] for tier in top.get("tiers", [])})):
            for missing in sorted(english - set(given[part])):
                self.problem(given.lines[part], f"'{code}.{part}' has no {name} words for {missing!r}")
        for part, english_list in (("checklist", top.get("checklist", {}).get("items", [])), ("channels", top.get("channels", []))):
            if len(given[part]) != len(english_list):
                self.problem(given.lines[part], f"'{code}.{part}' has {len(given[part])} entries; the English one has "
                                                f"{len(english_list)}: give each in {name}")
        if "confirm_at" in top.get("line", {}) and "confirm_at" not in given["line"]:
            self.problem(given.lines["line"], f"'{code}.line' has no 'confirm_at' (the English 'line' has one)")
        if "hold" in top.get("simulation", {}) and "hold" not in given["simulation"]:
            self.problem(given.lines["simulation"], f"'{code}.simulation' has no 'hold' (the English simulation has a queue)")

    def line_info(self, info: Located) -> None:
        try:
            ZoneInfo(info["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(info.lines["timezone"], f"bad time zone {info['timezone']!r}; use a name like America/New_York")
        if "disputed" in info.get("international", {}) and "confirm_at" not in info:
            self.problem(info.lines["international"], "sources disagree on 'line.international'; give 'confirm_at' in 'line' "
                                                      "(where the caller can confirm the number)")

    def sources(self, top: Located, broken: set[str | int]) -> None:
        """Every fact names sources the file lists, and every source's date is a real day."""
        known = top["sources"]
        for source_id, source in known.items():
            try:
                date.fromisoformat(source["checked"])
            except ValueError:
                self.problem(source.lines["checked"], f"'checked' of source '{source_id}' is {source['checked']!r}, which is not a day")
        used: set[str] = set()
        for section, value in top.items():
            if section in ("sources", "simulation") or section in broken:
                continue
            for mapping in _mappings(value):
                for source_id in mapping.get("sources", []):
                    used.add(source_id)
                    if source_id not in known:
                        self.problem(mapping.lines["sources"], f"unknown source {source_id!r}; list it under 'sources' "
                                                               f"(known: {', '.join(known)})")
        for source_id in known if not broken else ():  # a part left unread may be what names it
            if source_id not in used:
                self.problem(known.lines[source_id], f"source '{source_id}' backs no fact; remove it or name it in a fact's sources")

    def hours(self, hours: Located) -> None:
        self.weekly(hours["ivr"], "'hours.ivr'")
        self.weekly(hours["live_agents"], "'hours.live_agents'")
        for alternative in hours["live_agents"].get("alternatives", []):
            self.weekly(alternative, "an alternative in 'hours.live_agents'")

    def weekly(self, hours: Located, where: str) -> None:
        opens, closes = _clock(hours["open"]), _clock(hours["close"])
        if opens == (24, 0):
            self.problem(hours.lines["open"], f"'open' in {where} cannot be 24:00")
        elif closes != (24, 0) and closes <= opens:
            self.problem(hours.lines["close"], f"hours in {where} end ({hours['close']}) before they start ({hours['open']})")

    def holidays(self, holidays: Located) -> None:
        for rule in holidays["days"]:
            where, month = f"holiday {rule['name']!r}", rule["month"]
            if "day" in rule:
                if "weekday" in rule or "nth" in rule:
                    self.problem(rule.line, f"{where} gives both a day and a weekday; give one")
                elif rule["day"] > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
                    self.problem(rule.lines["day"], f"day {rule['day']} of {where} is not a day of month {month}")
            elif "weekday" not in rule or "nth" not in rule:
                self.problem(rule.line, f"{where} needs 'day', or 'weekday' ({', '.join(WEEKDAYS)}) and 'nth'")

    def identifiers(self, given: Located) -> None:
        for key, identifier in given.items():
            try:
                matches = re.fullmatch(identifier["pattern"], identifier["example"]) is not None
            except re.error as error:
                self.problem(identifier.lines["pattern"], f"'pattern' in 'identifiers.{key}' is not a regular expression: {error}")
                continue
            if not matches:
                self.problem(identifier.lines["example"],
                             f"the example {identifier['example']!r} of 'identifiers.{key}' does not fit its pattern")

    def simulation(self, given: Located) -> None:
        for template in given.get("prompts", []):
            if "{key}" not in template or "{label}" not in template:
                self.problem(given.lines["prompts"], f"prompt {template!r} must hold {{key}} and {{label}}")

    def answers(self, answers: list[Located]) -> None:
        seen: dict[str, int] = {}
        for answer in answers:
            topic = answer["topic"]
            if topic in seen:
                self.problem(answer.line, f"answer topic {topic!r} given twice (first on line {seen[topic]})")
            seen.setdefault(topic, answer.line)
            for code in self.languages:
                if code not in answer:
                    self.problem(answer.line, f"answer {topic!r} has no {LANGUAGE_NAMES[code]} phrases ({code}: phrases: [...]); "
                                              "every answer needs them for each of 'languages'")
                elif "say" in answer and "say" not in answer[code]:
                    self.problem(answer.lines[code], f"answer {topic!r} has no {LANGUAGE_NAMES[code]} 'say' (the English one does)")
            if topic in BUILT_IN_TOPICS:
                for field in ("say", "route", "sources"):
                    if field in answer:
                        self.problem(answer.lines[field], f"answer {topic!r} is built from the file's facts; it takes no '{field}'")
                continue
            for field in ("say", "sources"):
                if field not in answer:
                    self.problem(answer.line, f"answer {topic!r} has no '{field}': a topic other than "
                                              f"{', '.join(BUILT_IN_TOPICS)} gives its answer and where it comes from")
            for code in ("en", *self.languages):
                say = answer.get("say") if code == "en" else answer.get(code, {}).get("say")
                if say is not None:
                    self.answer_text(answer, say, code)

    def answer_text(self, answer: Located, say: str, code: str) -> None:
        where = f"the {LANGUAGE_NAMES[code]} 'say' of answer {answer['topic']!r}"
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(say) if name is not None]
        except ValueError:
            self.problem(answer.line, f"{where} has an unmatched {{ or }}; write {{{{ or }}}} for a brace")
            return
        for name in fields:
            if name not in ANSWER_FIELDS:
                self.problem(answer.line, f"{where} names {{{name}}}; it can name {', '.join('{' + f + '}' for f in ANSWER_FIELDS)}")
            elif name == "international" and "international" not in self.top.get("line", {}):
                self.problem(answer.line, f"{where} names {{international}}, but 'line' gives no international number")

    def translated(self, node: Located, where: str) -> None:
        """Every language of the file names the option, and says what English says about it."""
        for code in self.languages:
            name = LANGUAGE_NAMES[code]
            words = node.get(code)
            if words is None:
                self.problem(node.line, f"{where} has no {name} words ({code}: label: ...); "
                                        "every option needs them for each of 'languages'")
                continue
            for field in ("say", "phrases"):
                if field in node and field not in words:
                    self.problem(node.lines[code], f"the {name} words of {where} have no '{field}' (the English ones do)")

    def layouts(self, layouts: list[Located]) -> None:
        if len({layout["id"] for layout in layouts}) != len(layouts):
            self.problem(layouts[0].line, "two layouts share one id")
        ids: dict[str, int] = {}
        nodes: dict[str, Located] = {}
        ancestors: dict[str, set[str]] = {}
        for layout in layouts:
            for code in self.languages:
                if code not in layout:
                    name = LANGUAGE_NAMES[code]
                    self.problem(layout.line, f"layout {layout['id']!r} has no {name} title ({code}: title: ...); "
                                              "every layout needs one for each of 'languages'")
            self.node(layout["menu"], ids, nodes, ancestors, set())
        for answer in self.top.get("answers", []) if "answers" not in self.broken else []:
            if "route" in answer and answer["route"] not in ids:
                self.problem(answer.lines["route"], f"answer {answer.get('topic')!r} routes to {answer['route']!r}, "
                                                    "which is no option of the menus")
        if self.problems:
            return
        self.gotos(nodes, ancestors)
        self.phrases_lead_one_way(nodes)
        if not any(_kind(node) == "representative" for node in nodes.values()):
            self.problem(layouts[0].line, "no option leads to a representative; give one option kind: representative")

    def phrases_lead_one_way(self, nodes: dict[str, Located]) -> None:
        """A phrase people say leads to one place: the same words on two options (or answers) is a
        coin toss for the matcher."""
        owners: list[tuple[str, Located]] = [(f"option {node_id!r}", node) for node_id, node in nodes.items()]
        if "answers" not in self.broken:
            owners += [(f"answer {answer['topic']!r}", answer) for answer in self.top.get("answers", [])]
        for code in ("en", *self.languages):
            first: dict[str, str] = {}
            for where, owner in owners:
                given = owner if code == "en" else owner.get(code, {})
                for phrase in given.get("phrases", []):
                    said = " ".join(str(phrase).lower().split())
                    if said in first and first[said] != where:
                        self.problem(given.lines["phrases"], f"the phrase {phrase!r} of {where} is also one of {first[said]}; "
                                                             "a phrase must lead to one place")
                    first.setdefault(said, where)

    def node(self, node: Located, ids: dict[str, int], nodes: dict[str, Located], ancestors: dict[str, set[str]],
             above: set[str]) -> None:
        node_id, where = node["id"], f"option {node['id']!r}"
        if node_id in ids:
            self.problem(node.lines["id"], f"id {node_id!r} is used twice (first on line {ids[node_id]})")
        ids.setdefault(node_id, node.lines["id"])
        nodes[node_id], ancestors[node_id] = node, above
        self.translated(node, where)
        kind = node.get("kind")
        if "mirrors" in node:
            if "options" in node or "goto" in node:
                self.problem(node.lines["mirrors"], f"{where} mirrors another branch, so it has no options or goto of its own")
            if "language" not in node:
                self.problem(node.lines["mirrors"], f"{where} mirrors another branch; give the language it speaks (language: es)")
        elif "options" in node:
            if kind not in (None, "menu"):
                self.problem(node.lines["kind"], f"{where} has options, so its kind must be menu, not {kind}")
            if "goto" in node:
                self.problem(node.lines["goto"], f"{where} has both options and goto; give one")
        elif "goto" not in node and kind in (None, "menu"):
            self.problem(node.lines.get("kind", node.line),
                         f"{where} leads nowhere: give it options, a goto, or kind info or representative")
        keys: dict[str, int] = {}
        for option in node.get("options", []):
            key = str(option["key"])
            if key in keys:
                self.problem(option.lines["key"], f"key {key!r} is used twice in the menu {where} (first on line {keys[key]})")
            keys.setdefault(key, option.lines["key"])
            self.node(option, ids, nodes, ancestors, above | {node_id})

    def gotos(self, nodes: dict[str, Located], ancestors: dict[str, set[str]]) -> None:
        for node_id, node in nodes.items():
            mirrored = nodes.get(node.get("mirrors", ""))
            if "mirrors" in node and (mirrored is None or "options" not in mirrored):
                self.problem(node.lines["mirrors"], f"option {node_id!r} mirrors {node['mirrors']!r}, which is not a menu of this file")
            if "goto" not in node:
                continue
            if node["goto"] not in nodes:
                self.problem(node.line, f"option {node_id!r} goes to {node['goto']!r}, which does not exist: the route leads nowhere")
                continue
            chain, target = [node_id], nodes[node["goto"]]
            while True:
                if target["id"] in chain or target["id"] in ancestors[node_id]:
                    self.problem(node.line, f"option {node_id!r} leads back to {target['id']!r}: the menu would go round in a cycle")
                    break
                if "goto" not in target or target["goto"] not in nodes:
                    break  # a missing target is reported for that node itself
                chain.append(target["id"])
                target = nodes[target["goto"]]


def _mappings(value: Any) -> Iterator[Located]:
    """Every mapping in a part of the file, itself included."""
    if isinstance(value, Located):
        yield value
        for item in value.values():
            yield from _mappings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _mappings(item)


def _kind(node: Located) -> str:
    """A node's kind: a menu when it has options or mirrors a menu (or has only a goto), else as given."""
    if "options" in node or "mirrors" in node:
        return "menu"
    return str(node.get("kind") or "menu")


def _clock(text: str) -> tuple[int, int]:
    hours, minutes = text.split(":")
    return int(hours), int(minutes)


def _text(value: str) -> str:
    return " ".join(value.split())


# -- a checked file to `Menus` ---------------------------------------------------------------------

def _build(top: Located, name: str) -> Menus:
    line, hours, dial, simulation = top["line"], top["hours"], top["dial"], top["simulation"]
    international = line.get("international")
    return Menus(
        name=line["name"],
        number=line["number"],
        tty_number=line["tty_number"],
        timezone=line["timezone"],
        options_may_differ=_text(line["options_may_differ"]),
        other_languages=_text(line["other_languages"]),
        ivr_hours=_weekly(hours["ivr"]),
        live_hours=_weekly(hours["live_agents"]),
        live_hours_alternatives=tuple(_weekly(item) for item in hours["live_agents"].get("alternatives", [])),
        holidays=tuple(_holiday(rule) for rule in top["federal_holidays"]["days"]),
        after_answer_ms=dial["after_answer_ms"],
        between_keys_ms=dial["between_keys_ms"],
        phones=tuple(PhoneDialing(str(phone), rules["pause_ms"], rules["refuses"]) for phone, rules in dial["phones"].items()),
        simulation=_simulation(simulation),
        identifiers=tuple(Identifier(str(key), given["name"], given["pattern"], given["example"], given["explain"])
                          for key, given in top["identifiers"].items()),
        tiers=tuple(Tier(tier["id"], tier["name"], tier["short"], tier["reached"], _texts(tier["can"]), _texts(tier["cannot"]))
                    for tier in top["tiers"]),
        service_request=_text(top["service_request"]["say"]),
        checklist=_texts(top["checklist"]["items"]),
        channels=tuple(Channel(channel["name"], channel["detail"]) for channel in top["channels"]),
        answers=tuple(_answer(answer) for answer in top["answers"]),
        layouts=tuple(Layout(layout["id"], layout["title"], tuple(layout["sources"]), layout["recorded"], _node(layout["menu"], None),
                             tuple((code, _text(layout[code]["title"])) for code in LANGUAGE_NAMES if code != "en" and code in layout))
                      for layout in top["layouts"]),
        source_path=name,
        languages=tuple(top.get("languages", ["en"])),
        translations=tuple((code, _line_texts(top[code], top)) for code in LANGUAGE_NAMES if code != "en" and code in top),
        sources=tuple(Source(str(key), _text(given["name"]), given["checked"], given.get("url", ""),
                             tuple((code, _text(given[code]["name"])) for code in LANGUAGE_NAMES if code in given))
                      for key, given in top["sources"].items()),
        facts=_facts(top),
        international=None if international is None else International(
            international["number"], tuple(international["sources"]),
            tuple((other["number"], tuple(other["sources"])) for other in international.get("disputed", []))),
        confirm_at=_text(line.get("confirm_at", "")),
    )


def _facts(top: Located) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each fact of the file and its sources; a list's facts (tiers, channels, identifiers) under one name."""
    def union(items: Any) -> tuple[str, ...]:
        return tuple(dict.fromkeys(source for item in items for source in item["sources"]))

    hours = top["hours"]
    facts = [
        ("line", tuple(top["line"]["sources"])),
        ("hours.ivr", tuple(hours["ivr"]["sources"])),
        ("hours.live_agents", tuple(hours["live_agents"]["sources"])),
        ("hours.live_agents.alternatives", union(hours["live_agents"].get("alternatives", []))),
        ("federal_holidays", tuple(top["federal_holidays"]["sources"])),
        ("dial", tuple(top["dial"]["sources"])),
        ("identifiers", union(top["identifiers"].values())),
        ("tiers", union(top["tiers"])),
        ("service_request", tuple(top["service_request"]["sources"])),
        ("checklist", tuple(top["checklist"]["sources"])),
        ("channels", union(top["channels"])),
    ]
    international = top["line"].get("international")
    if international is not None:
        facts.append(("line.international", union([international, *international.get("disputed", [])])))
    facts += [(f"answers.{answer['topic']}", tuple(answer["sources"])) for answer in top["answers"] if "sources" in answer]
    return tuple(facts)


def _answer(answer: Located) -> AnswerTopic:
    says = tuple((code, _text(answer["say"] if code == "en" else answer[code]["say"])) for code in LANGUAGE_NAMES
                 if (code == "en" and "say" in answer) or (code != "en" and "say" in answer.get(code, {})))
    return AnswerTopic(answer["topic"], _texts(answer["phrases"]),
                       tuple((code, _texts(answer[code]["phrases"])) for code in LANGUAGE_NAMES if code in answer),
                       says=says, route=answer.get("route"), sources=tuple(answer.get("sources", [])))


def _line_texts(given: Located, top: Located) -> LineTexts:
    simulation, hold = given["simulation"], given["simulation"].get("hold", {})
    return LineTexts(
        options_may_differ=_text(given["line"]["options_may_differ"]),
        other_languages=_text(given["line"]["other_languages"]),
        confirm_at=_text(given["line"].get("confirm_at", "")),
        holidays=tuple((str(english), _text(name)) for english, name in given["federal_holidays"].items()),
        greeting=_text(simulation["greeting"]), goodbye=_text(simulation["goodbye"]), prompts=_texts(simulation["prompts"]),
        repeat=_text(simulation["repeat"]),
        announcements=tuple(_text(text) for text in hold.get("announcements", [])), agent=_text(hold.get("agent", "")),
        identifiers=tuple((str(key), item["name"], item["explain"]) for key, item in given["identifiers"].items()),
        tiers=tuple(Tier(str(key), tier["name"], tier["short"], tier["reached"], _texts(tier["can"]), _texts(tier["cannot"]))
                    for key, tier in given["tiers"].items()),
        service_request=_text(given["service_request"]),
        checklist=_texts(given["checklist"]),
        channels=tuple(Channel(channel["name"], channel["detail"]) for channel in given["channels"]),
    )


def _texts(items: list[str]) -> tuple[str, ...]:
    return tuple(item.strip() for item in items)


def _weekly(hours: Located) -> WeeklyHours:
    opens, closes = _clock(hours["open"]), _clock(hours["close"])
    return WeeklyHours(
        days=tuple(hours["days"]),
        open=time(*opens),
        close=time(0, 0) if closes == (24, 0) else time(*closes),
        until_midnight=closes == (24, 0),
        closed_on_federal_holidays=bool(hours.get("closed_on_federal_holidays", False)),
        sources=tuple(hours["sources"]),
    )


def _holiday(rule: Located) -> Holiday:
    if "day" in rule:
        return Holiday(rule["name"], rule["month"], day=rule["day"])
    nth = rule["nth"]
    return Holiday(rule["name"], rule["month"], weekday=WEEKDAYS.index(rule["weekday"]), nth=-1 if nth == "last" else int(nth))


def _simulation(given: Located) -> Simulation:
    hold = given.get("hold")
    queue = None if hold is None else HoldQueue(
        tuple(_text(text) for text in hold["announcements"]), hold["wait_minutes"], hold["every_s"], _text(hold["agent"]))
    return Simulation(_text(given["greeting"]), given["wait_for_key_ms"], given["tries"], _text(given["goodbye"]),
                      prompts=_texts(given["prompts"]) if "prompts" in given else (DEFAULT_PROMPT,),
                      repeat_key=given.get("repeat_key"), hold=queue,
                      repeat=_text(given.get("repeat", Simulation.repeat)))


def _node(node: Located, key: str | None) -> Node:
    return Node(
        id=node["id"],
        label=_text(node["label"]),
        kind=_kind(node),
        key=key,
        say=node.get("say"),
        answered_by=node.get("answered_by"),
        phrases=_texts(node.get("phrases", [])),
        options=tuple(_node(option, str(option["key"])) for option in node.get("options", [])),
        goto=node.get("goto"),
        source=node.get("source"),
        line=node.line,
        language=node.get("language"),
        mirrors=node.get("mirrors"),
        translations=tuple((code, Words(_text(node[code]["label"]), node[code].get("say"), _texts(node[code].get("phrases", [])),
                                        node[code].get("source", node.get("source"))))
                           for code in LANGUAGE_NAMES if code in node),
    )
