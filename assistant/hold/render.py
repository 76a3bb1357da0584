"""The hold events for people and programs: one line of text each in the queue's language (the
terminal and the window say the same words, from says.yaml), and the `hold --json` contract."""

from __future__ import annotations

import json
from typing import Any

from .says import held_words, say
from .tracker import HoldEvent


def text(event: HoldEvent, language: str = "en") -> str | None:
    """What the event says; None for the state "person", which its own event tells."""
    if event.event == "person":
        return say("person", language, held=held_words(event.at, language))
    if event.event == "maybe":
        return say("maybe", language)
    if event.event == "state" and event.state not in ("person", None):
        return say(f"state.{event.state}", language)
    if event.event == "wait":
        return say("wait", language, minutes=event.minutes)
    if event.event == "heard":
        return say("heard" if (event.times or 1) == 1 else "heard_again", language, text=event.text, times=event.times)
    return None


def as_json(event: HoldEvent, offset: float = 0.0) -> dict[str, Any]:
    """The JSON contract (README): the event's fields that are set, and `at`, seconds into the call."""
    found: dict[str, Any] = {"event": event.event}
    for name, value in (("state", event.state), ("minutes", event.minutes), ("text", event.text), ("times", event.times)):
        if value is not None:
            found[name] = value
    found["at"] = round(offset + event.at, 2)
    return found


def json_line(event: HoldEvent, offset: float = 0.0) -> str:
    return json.dumps(as_json(event, offset), ensure_ascii=False)
