"""Which language a caller writes in, and when they ask to change it.

Pure functions on typed text. `detect` counts the small words only one of the two languages uses
("the", "my", "is" against "el", "mi", "es", "quiero"), and Spanish spelling (ñ, accents, ¿ ¡);
it answers only when the text is clearly one language. `switch` reads a request to change the
language of the conversation ("en español, por favor", "in English please"); a request for the
Spanish *line* made in English ("do you have Spanish?") is not a switch: it is routed, in English.
The words are data, in `language.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .storage import read_yaml
from .words import plain

WORDS = Path(__file__).with_name("language.yaml")
MIN_MARGIN = 2  # this many more marks of one language than the other (an accent counts as one)


@dataclass(frozen=True)
class _LanguageWords:
    marks: dict[str, frozenset[str]]  # language -> words only it uses
    switch: dict[str, tuple[tuple[str, ...], ...]]  # language -> ways to ask for it, as words


@cache
def _words() -> _LanguageWords:
    data = read_yaml(WORDS)
    marks = {code: frozenset(plain(" ".join(words)).split()) for code, words in data["marks"].items()}
    switch = {code: tuple(tuple(plain(p).split()) for p in phrases) for code, phrases in data["switch"].items()}
    return _LanguageWords(marks, switch)


def detect(text: str) -> str | None:
    """"en" or "es" when the text is clearly written in it, else None (too short, mixed, or neither)."""
    words = _words()
    tokens = plain(text).split()
    scores = {code: sum(1 for token in tokens if token in marks) for code, marks in words.marks.items()}
    scores["es"] = scores.get("es", 0) + sum(1 for ch in text.lower() if ch in "ñáéíóú¿¡")
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top - second >= MIN_MARGIN or (top >= 1 and second == 0 and len(tokens) <= 3):
        return best
    return None


def switch(text: str) -> str | None:
    """The language a request asks the conversation to continue in, when that is all it asks."""
    tokens = tuple(plain(text).split())
    if not tokens or len(tokens) > 8:
        return None
    for code, phrases in _words().switch.items():
        for phrase in phrases:
            if tokens == phrase or (len(phrase) > 1 and _contains(tokens, phrase) and len(tokens) <= len(phrase) + 3):
                return code
    return None


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    return any(tokens[i:i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))
