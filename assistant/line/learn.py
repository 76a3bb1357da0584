"""The menus heard on calls -> a proposed menus file: a copy of the user's menus file with each
heard change made, each changed option's source given as "heard on the line on DATE".

Pure: the menus file's text and the heard calls in, the proposal's text and the changes in words
out. The copy is edited with a round-trip YAML library (ruamel.yaml), so its comments, order and
quoting stay as the user wrote them; only the changed options differ. An option heard as another
known option keeps its id and phrases (so requests still find it) under its new key and, when the
line words it otherwise, its new label. A menu heard to the end loses the options it no longer
offers. Writing the file, and using it, is the caller's call.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..i18n import ui as _
from .heard_store import KeptCall
from .options import shared_words

HEADER = """# A proposed update of {name}, written by `assistant line learn` from the menus heard on calls.
# Check it (assistant menu check FILE) and use it with --menus FILE; your menus file is unchanged.
# Options the line said differently carry `source: heard on the line on DATE`.
"""


def _round_trip() -> Any:
    """ruamel.yaml as menus.yaml is written: two spaces, list dashes indented, quotes kept, no rewrapping."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _key(key: str) -> Any:
    """A key as the file writes keys: in double quotes ("1", "#")."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(key)


def proposal(menus_path: Path, calls: list[KeptCall]) -> tuple[str, list[str]]:
    yaml = _round_trip()
    data: Any = yaml.load(menus_path.read_text(encoding="utf-8"))
    nodes = {node["id"]: node for layout in data["layouts"] for node in _walk(layout["menu"])}
    changes: list[str] = []
    for call in calls:
        source = f"heard on the line on {call.date}"
        for heard in call.menus:
            menu = nodes.get(heard.menu)
            if menu is None or not menu.get("options"):
                continue
            changes += _apply(menu, heard, source, nodes, [code for code in data.get("languages", ["en"]) if code != "en"])
    written = io.StringIO()
    yaml.dump(data, written)
    return HEADER.format(name=menus_path.name) + written.getvalue(), list(dict.fromkeys(changes))


def _apply(menu: dict[str, Any], heard: Any, source: str, nodes: dict[str, dict[str, Any]], others: list[str]) -> list[str]:
    changes: list[str] = []
    options: list[dict[str, Any]] = menu["options"]
    by_id = {option["id"]: option for option in options}
    placed: set[str] = set()  # ids of options the line was heard offering
    for option in heard.options:
        if not option.key:  # only the words to say were caught: the option is there, its key unknown
            said = next((o for o in options if option.say and (o.get("say") or "").lower() == option.say.lower()), None)
            if said is not None:
                placed.add(said["id"])
            continue
        known = by_id.get(option.means or "")
        if known is None:
            known = next((o for o in options if str(o.get("key")) == option.key and _close(o["label"], option.label)), None)
        if known is None:
            new_id = _new_id(option.label, nodes)
            known = {"key": _key(option.key), "id": new_id, "label": _label(option.label), "kind": "info",
                     "answered_by": "automated", "source": source}
            if option.say:
                known["say"] = option.say
            for code in others:
                # Heard in English only: the file needs words in each of its languages, and these are
                # the only ones known. Said in the change list, to be translated by hand.
                known[code] = {key: known[key] for key in ("label", "say") if key in known}
            options.append(known)
            nodes[new_id] = known
            by_id[new_id] = known
            changes.append(_('{menu}: new option {key} "{label}"').format(menu=menu['id'], key=option.key, label=known['label'])
                           + (_(" (its {languages} words are the English ones: translate them)").format(languages=', '.join(others))
                              if others else ""))
        else:
            if str(known.get("key")) != option.key:
                changes.append(_('{menu}: "{label}" moved from key {old} to {key}').format(
                    menu=menu['id'], label=known['label'], old=known.get('key'), key=option.key))
                known["key"] = _key(option.key)
                known["source"] = source
            if not _close(known["label"], option.label):
                changes.append(_('{menu}: key {key} renamed "{old}" -> "{label}"').format(
                    menu=menu['id'], key=option.key, old=known['label'], label=_label(option.label)))
                known["label"] = _label(option.label)
                known["source"] = source
        placed.add(known["id"])
    taken = {str(by_id[i]["key"]) for i in placed if i in by_id}
    kept = []
    for option in options:
        if option["id"] in placed:
            kept.append(option)
        elif _protected(option):
            kept.append(option)
            if heard.complete:
                changes.append(_('{menu}: key {key} "{label}" was not heard; kept (check it by hand)').format(
                    menu=menu['id'], key=option.get('key'), label=option['label']))
        elif str(option.get("key")) in taken:
            changes.append(_('{menu}: key {key} now means something else and "{label}" was not heard elsewhere: removed').format(
                menu=menu['id'], key=option.get('key'), label=option['label']))
        elif heard.complete:
            changes.append(_('{menu}: key {key} "{label}" no longer offered: removed').format(
                menu=menu['id'], key=option.get('key'), label=option['label']))
        else:
            kept.append(option)
    kept = _one_per_key(menu["id"], kept, placed, changes)
    for index in reversed(range(len(options))):  # in place: the comments around the options that stay, stay
        if not any(options[index] is option for option in kept):
            del options[index]
    return changes


def _one_per_key(menu_id: str, options: list[dict[str, Any]], placed: set[str], changes: list[str]) -> list[dict[str, Any]]:
    """Two options heard on one key (a misheard key or label): keep the one heard as a known
    option, drop the other, and say so; a menus file has one option a key."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for option in options:
        by_key.setdefault(str(option.get("key")), []).append(option)
    dropped: set[str] = set()
    for key, sharing in by_key.items():
        if len(sharing) < 2:
            continue
        best = max(sharing, key=lambda o: (_protected(o), o["id"] in placed, not str(o["id"]).startswith("heard_")))
        for option in sharing:
            if option is not best:
                dropped.add(option["id"])
                changes.append(_('{menu}: key {key} was heard for both "{first}" and "{second}"; kept the first, dropped the second '
                                 '(listen again to be sure)').format(menu=menu_id, key=key, first=best['label'], second=option['label']))
    return [option for option in options if option["id"] not in dropped]


def _protected(option: dict[str, Any]) -> bool:
    """The way to a person, or a whole sub-menu: never dropped on one hearing."""
    return option.get("kind") == "representative" or "options" in option or "goto" in option


def _close(known: str, heard: str) -> bool:
    return shared_words(known, heard) >= SAME_WORDING


SAME_WORDING = 0.45  # share of words two labels have in common to count as one wording (Whisper mishears some)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _label(heard: str) -> str:
    return heard[:1].upper() + heard[1:]


def _new_id(label: str, nodes: dict[str, Any]) -> str:
    base = "heard_" + "_".join(_words(label)[:5]) or "heard_option"
    candidate, n = base, 2
    while candidate in nodes:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node]
    for option in node.get("options", []):
        found += _walk(option)
    return found
