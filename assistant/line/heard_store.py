"""The menus heard on recent calls, kept on this computer for `assistant line learn`.

Only the line's own words are kept (keys, labels, which menu of menus.yaml they stood for) with
the date; never the caller's goal or anything they said.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import storage
from .listener import Listener

KEEP_CALLS = 20
FILE_NAME = "line-heard.json"


@dataclass(frozen=True)
class HeardOption:
    key: str
    label: str
    say: str | None
    means: str | None  # the id of the option of menus.yaml it stood for, when clear


@dataclass(frozen=True)
class HeardMenu:
    menu: str  # the id of the menu of menus.yaml it was played as
    complete: bool
    options: tuple[HeardOption, ...]


@dataclass(frozen=True)
class HeardCall:
    date: str  # YYYY-MM-DD
    menus: tuple[HeardMenu, ...]


def path() -> Path:
    return storage.user_data_dir() / FILE_NAME


def from_listener(listener: Listener, now: datetime) -> HeardCall:
    menus = []
    for heard in listener.menus_heard:
        if heard.known is None or not heard.options:
            continue
        options = []
        for option in heard.options:
            if not option.label or option.repeat:
                continue
            meaning = listener.heard_meaning(heard, option)
            options.append(HeardOption(option.key or "", option.label, option.say, meaning.id if meaning else None))
        menus.append(HeardMenu(heard.known.id, heard.complete, tuple(options)))
    return HeardCall(now.date().isoformat(), tuple(menus))


def save(listener: Listener, now: datetime, where: Path | None = None) -> None:
    save_call(from_listener(listener, now), where)


def save_call(call: HeardCall, where: Path | None = None) -> None:
    if not call.menus:
        return
    calls = [*load(where), call][-KEEP_CALLS:]
    data = {"calls": [_call_json(c) for c in calls]}
    storage.write_private(where or path(), json.dumps(data, ensure_ascii=False, indent=1))


def load(where: Path | None = None) -> list[HeardCall]:
    file = where or path()
    try:
        data: Any = json.loads(file.read_text(encoding="utf-8"))
        return [HeardCall(c["date"], tuple(HeardMenu(m["menu"], bool(m["complete"]),
                                                     tuple(HeardOption(o["key"], o["label"], o.get("say"), o.get("means"))
                                                           for o in m["options"]))
                                           for m in c["menus"]))
                for c in data["calls"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # none yet, or unreadable: start again rather than fail a call


def _call_json(call: HeardCall) -> dict[str, Any]:
    return {"date": call.date, "menus": [
        {"menu": m.menu, "complete": m.complete,
         "options": [{"key": o.key, "label": o.label, "say": o.say, "means": o.means} for o in m.options]}
        for m in call.menus]}
