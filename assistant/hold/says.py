"""The sentences of waiting on hold, in one place per language (says.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ..storage import read_yaml

SAYS = Path(__file__).with_name("says.yaml")


@cache
def _table(lang: str) -> dict[str, Any]:
    data: dict[str, Any] = read_yaml(SAYS)
    table: dict[str, Any] = data[lang] if lang in data else data["en"]
    return table


def say(key: str, lang: str = "en", **values: object) -> str:
    """The sentence `key` ("state.music" for a nested one), with its {placeholders} filled."""
    found: Any = _table(lang)
    for part in key.split("."):
        found = found[part]
    return str(found).format(**values)


def held_words(seconds: float, lang: str = "en") -> str:
    """"12 min 5 s", "45 s", "1 h 3 min": short, for a line a screen reader reads in one breath."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"
