"""What the recognisers listen for, built from menus.yaml at start: a changed menu changes
what is heard. Pure functions; no engine imports."""

from __future__ import annotations

import re
from functools import cache

from ..menu import Menus
from ..words import lexicon, tokens

# Words a person says around a request; the grammar lets a few of them stand before and after.
FILLERS = ("i", "um", "uh", "so", "need", "to", "want", "a", "the", "my", "please", "can", "you", "help",
           "me", "like", "just", "well", "okay", "hi", "hello", "yes", "and", "it", "is", "about", "with", "for")


@cache
def _number_words() -> dict[int, str]:
    """English number words by value (the lexicon's, the first of each: 1 is "one", not "first")."""
    found: dict[int, str] = {}
    for word, digits in lexicon("en").numbers.items():
        if digits.isdigit():
            found.setdefault(int(digits), word)
    return found


def spoken_number(token: str) -> str:
    """How a form or option number is said: 90 -> ninety, 485 -> four eighty five, 601a -> six oh one a."""
    match = re.fullmatch(r"([0-9]+)([a-z]?)", token)
    if not match:
        return token
    digits, letter = match.groups()
    value, ones = int(digits), _number_words()
    if value < 100 and not digits.startswith("0"):
        words = _two_digits(value)
    elif len(digits) == 3 and digits[1:] == "00":
        words = f"{ones[int(digits[0])]} {ones[100]}"
    elif len(digits) == 3 and digits[1] == "0":
        words = f"{ones[int(digits[0])]} oh {ones[int(digits[2])]}"
    elif len(digits) == 3:
        words = f"{ones[int(digits[0])]} {_two_digits(int(digits[1:]))}"
    else:
        words = " ".join(ones[int(d)] for d in digits)
    return f"{words} {letter}".strip()


def _two_digits(value: int) -> str:
    said = _number_words()
    if value < 20:
        return said[value]
    tens, ones = divmod(value, 10)
    return said[tens * 10] + (f" {said[ones]}" if ones else "")


def spoken(text: str) -> str:
    """A phrase as it is said (`words.tokens`, with initials said letter by letter and a hyphen a
    pause): numbers and keys as words, and contractions kept ("can't", "i'm"): people say them as one
    word, and the dictionaries have them."""
    english = lexicon("en")
    words = []
    for word in tokens(re.sub(r"(?<=\w)\.(?=\w)", " ", text).replace("-", " ")):
        if word in ("*", "#"):
            words.append(english.key_name(word))
        elif any(ch.isdigit() for ch in word):
            # "1b" (as in h-1b) and "b2" are said letter by letter around the number.
            parts = re.findall(r"[0-9]+[a-z]?|[a-z]+", word)
            words.extend(spoken_number(p) if p[0].isdigit() else " ".join(p) if len(p) <= 2 else p for p in parts)
        else:
            words.append(word)
    return " ".join(words)


def grammar_phrases(menus: Menus) -> list[str]:
    """Every phrase, label and spoken-menu answer people may say, spoken, without duplicates."""
    found: dict[str, None] = {}
    for node in menus.routable():
        for text in (*node.phrases, node.say or ""):
            phrase = spoken(text)
            if phrase:
                found.setdefault(phrase, None)
    for answer in menus.answers:
        for text in answer.phrases:
            phrase = spoken(text)
            if phrase:
                found.setdefault(phrase, None)
    return list(found)


def bias_prompt(menus: Menus, limit: int = 60, language: str = "en") -> str:
    """The words a recogniser should expect, from menus.yaml: the line's name and each option's
    short spoken phrase (in the caller's language), as a comma list. Whisper reads it as text that
    came before the request, so menu words win close calls ("change of address", not "change of the breast")."""
    found: dict[str, None] = {}
    for node in menus.routable():
        words = node.words(language)
        text = words.say or words.label
        if text and len(found) < limit:
            found.setdefault(text.strip().rstrip("."), None)
    name = menus.name.split(":")[0].strip()
    return f"{name}: " + ", ".join(found) + "."
