"""The menus heard on recent calls, kept on this computer for `assistant line learn`.

Only the line's own words are kept (keys, labels, which menu of menus.yaml they stood for) with
the date; never the caller's goal or anything they said.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import storage
from .listener import LineListener

KEEP_CALLS = 20
FILE_NAME = "line-heard.json"


@dataclass(frozen=True)
class KeptOption:
    key: str
    label: str
    say: str | None
    means: str | None  # the id of the option of menus.yaml it stood for, when clear


@dataclass(frozen=True)
class KeptMenu:
    menu: str  # the id of the menu of menus.yaml it was played as
    complete: bool
    options: tuple[KeptOption, ...]


@dataclass(frozen=True)
class KeptCall:
    date: str  # YYYY-MM-DD
    menus: tuple[KeptMenu, ...]


def path() -> Path:
    return storage.user_data_dir() / FILE_NAME


def from_listener(listener: LineListener, now: datetime) -> KeptCall:
    menus = []
    for heard in listener.menus_heard:
        if heard.known is None or not heard.options:
            continue
        options = []
        for option in heard.options:
            if not option.label or option.repeat:
                continue
            meaning = listener.heard_meaning(heard, option)
            options.append(KeptOption(option.key or "", option.label, option.say, meaning.id if meaning else None))
        menus.append(KeptMenu(heard.known.id, heard.complete, tuple(options)))
    return KeptCall(now.date().isoformat(), tuple(menus))


def save(listener: LineListener, now: datetime, where: Path | None = None) -> None:
    save_call(from_listener(listener, now), where)


def save_call(call: KeptCall, where: Path | None = None) -> None:
    if not call.menus:
        return
    calls = [*load(where), call][-KEEP_CALLS:]
    data = {"calls": [asdict(c) for c in calls]}
    storage.write_private(where or path(), json.dumps(data, ensure_ascii=False, indent=1))


def load(where: Path | None = None) -> list[KeptCall]:
    file = where or path()
    try:
        data: Any = json.loads(file.read_text(encoding="utf-8"))
        return [KeptCall(c["date"], tuple(KeptMenu(m["menu"], bool(m["complete"]),
                                                     tuple(KeptOption(o["key"], o["label"], o.get("say"), o.get("means"))
                                                           for o in m["options"]))
                                           for m in c["menus"]))
                for c in data["calls"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # none yet, or unreadable: start again rather than fail a call
