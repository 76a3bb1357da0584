"""What a held call's words say: a person picking up, a recording, an announced wait.

Pure functions on transcripts. The phrases are data (phrases.yaml, per language); a stretch of
the line's speech gets three yes/no cues, and the tracker weighs them with what it heard.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..storage import read_yaml
from ..words import MARKS, lexicon, tokens

PHRASES = Path(__file__).with_name("phrases.yaml")
NAME = "{name}"


@dataclass(frozen=True)
class Cues:
    person: bool  # words only a person says ("this is Maria", "how can I help you")
    greeting: bool  # a greeting a person uses, and recordings too ("hello", "thank you for calling")
    recording: bool  # words of a queue's recordings ("your call is important", "wait time")


@dataclass(frozen=True)
class _Pattern:
    words: tuple[str, ...]  # NAME stands for one word that is not a stop word


@dataclass(frozen=True)
class Phrases:
    person: tuple[_Pattern, ...]
    greeting: tuple[_Pattern, ...]
    recording: tuple[_Pattern, ...]
    not_names: frozenset[str]
    wait: tuple[_Pattern, ...]
    minute_words: frozenset[str]
    hour_words: frozenset[str]
    prompt: str  # what the recogniser is told a held call in this language sounds like
    prompt_words: frozenset[str]


def plain_words(text: str) -> list[str]:
    """The words (`words.tokens`: accents and apostrophes kept, "i'm"), a question mark as a word of its own."""
    return [token for token in tokens(text, marks=True) if token == "?" or token not in MARKS]


def _patterns(items: list[Any]) -> tuple[_Pattern, ...]:
    return tuple(_Pattern(tuple(plain_words(str(item)) if str(item) != NAME else [NAME]))
                 for item in items)


@cache
def phrases(lang: str = "en") -> Phrases:
    data = read_yaml(PHRASES)
    if lang not in data:
        raise ValueError(f"no hold phrases for language {lang!r} in {PHRASES}")
    part = data[lang]
    return Phrases(
        person=_person_patterns(part["person"]),
        greeting=_patterns(part["greeting"]),
        recording=_patterns(part["recording"]),
        not_names=frozenset(str(word) for word in part["not_names"]),
        wait=_patterns(part["wait"]),
        minute_words=frozenset(part["minute_words"]),
        hour_words=frozenset(part["hour_words"]),
        prompt=str(part["prompt"]),
        prompt_words=frozenset(plain_words(str(part["prompt"]))),
    )


def _person_patterns(items: list[str]) -> tuple[_Pattern, ...]:
    found = []
    for item in items:
        words = [NAME if word == "name" and "{name}" in item else word
                 for word in plain_words(item.replace("{name}", " name "))]
        found.append(_Pattern(tuple(words)))
    return tuple(found)


def _matches(words: list[str], pattern: _Pattern, not_names: frozenset[str]) -> bool:
    size = len(pattern.words)
    for start in range(len(words) - size + 1):
        for offset, wanted in enumerate(pattern.words):
            word = words[start + offset]
            if wanted == NAME:
                if word in not_names or word == "?" or word.isdigit():
                    break
            elif word != wanted:
                break
        else:
            return True
    return False


def only_the_prompt(text: str, lang: str = "en") -> bool:
    """Words that are all words of the recogniser's prompt: what Whisper says of music it is asked
    to read ("U.S.", the prompt's first word), not words the line said."""
    heard = [word for word in plain_words(text) if word != "?"]
    told = phrases(lang).prompt_words
    return bool(heard) and all(word in told for word in heard)


def cues(text: str, lang: str = "en") -> Cues:
    words = plain_words(text)
    known = phrases(lang)

    def any_of(patterns: tuple[_Pattern, ...]) -> bool:
        return any(_matches(words, pattern, known.not_names) for pattern in patterns)

    # Minutes are the queue's to announce ("Sí, dos, minutos": a wait heard in pieces), not a greeting's.
    minutes = any(word in known.minute_words for word in words)
    return Cues(person=any_of(known.person), greeting=any_of(known.greeting),
                recording=any_of(known.recording) or minutes)


def _number_at(words: list[str], end: int, lang: str) -> tuple[int, int] | None:
    """The number whose last word is words[end - 1], and where it starts ("twenty five" -> 25)."""
    if end <= 0:
        return None
    word = words[end - 1]
    if word.isdigit():
        return int(word), end - 1
    said = lexicon(lang)
    if said.amounts.get(word) == 1:  # "an hour", "una hora"
        return 1, end - 1
    value = said.numbers.get(word)
    if value is None or not value.isdigit():
        return None
    number, start = int(value), end - 1
    if number < 10 and start >= 1:
        tens = said.numbers.get(words[start - 1])
        if tens is not None and tens.isdigit() and int(tens) in (20, 30, 40, 50, 60, 70, 80, 90):
            return int(tens) + number, start - 1
    return number, start


def wait_minutes(text: str, lang: str = "en") -> int | None:
    """The wait a recording announces, in minutes ("The estimated wait time is 25 minutes" -> 25,
    "about an hour" -> 60, "one hour and 10 minutes" -> 70); None when it names none."""
    words = plain_words(text.replace("-", " "))
    known = phrases(lang)
    if not any(_matches(words, pattern, known.not_names) for pattern in known.wait):
        return None
    halves = {word for word, value in lexicon(lang).amounts.items() if value == 0.5}  # "half", "media"
    total, found = 0, False
    for index, word in enumerate(words):
        if word in known.minute_words or word in known.hour_words:
            if word in known.hour_words and index >= 2 and words[index - 2] in halves:
                continue  # "half an hour": counted at "half"
            number = _number_at(words, index, lang)
            if number is None:
                continue
            value = number[0] * (60 if word in known.hour_words else 1)
            if word in known.hour_words and index + 1 < len(words) and words[index + 1] in ("and", "y") \
                    and index + 3 < len(words) and words[index + 3] in halves:
                value += 30
            total += value
            found = True
        elif word in halves and index + 2 < len(words) and words[index + 2] in known.hour_words:
            total, found = total + 30, True  # "half an hour"
    return total if found and total > 0 else None


def in_order(first: list[str], second: list[str]) -> float:
    """How alike two word lists are, in order (difflib's ratio: 1 the same, 0 nothing shared)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, first, second, autojunk=False).ratio()
