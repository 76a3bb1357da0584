"""The live line's events for people and programs: one line of text each, in the caller's language
(the terminal and the window say the same words), and the `line listen --json` contract."""

from __future__ import annotations

import json
from typing import Any

from .. import i18n
from ..routing import key_words
from .listener import LineEvent


def text(event: LineEvent, language: str = "en") -> str:
    """One line for the text mode, the window and a screen reader: each option once, as it is heard."""
    _ = i18n.gettext(language)
    if event.event == "option":
        key = key_words(event.key, language) if event.key else _("say")
        return _("heard: {key} - {label}").format(key=key, label=event.label or _("(words not caught)"))
    if event.event == "press":
        return _("press {key} - {label}").format(key=key_words(event.key or "", language), label=event.label)
    if event.event == "say":
        return _('say: "{words}"').format(words=event.text)
    if event.event == "key":
        return _("key {key} went to the line").format(key=key_words(event.key or "", language))
    kinds = {"ask": _("ask"), "note": _("note"), "changed": _("changed")}
    return f"{kinds[event.event]}: {event.text}"


def as_json(event: LineEvent, offset: float = 0.0) -> dict[str, Any]:
    """The JSON contract (README): the event's fields that are set, and `at`, seconds into the audio."""
    fields = {"event": event.event, "key": event.key, "label": event.label, "text": event.text,
              "known": event.known, "change": event.change, "menu": event.menu}
    out: dict[str, Any] = {name: value for name, value in fields.items() if value is not None}
    out["at"] = round(offset + event.at, 2)
    return out


def json_line(event: LineEvent, offset: float = 0.0) -> str:
    return json.dumps(as_json(event, offset), ensure_ascii=False)
