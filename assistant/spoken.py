"""Text as it should sound: phone numbers and keys read the way a caller needs to hear them.

"Dial 1-800-375-5283. Press 1, then star." is spoken as "Dial one eight hundred, three seven
five, five two eight three. Press one, then star." Pure text in, text out.
"""

from __future__ import annotations

import re

DIGIT_WORDS = dict(zip("0123456789", "zero one two three four five six seven eight nine".split(), strict=True))
KEY_WORDS = DIGIT_WORDS | {"*": "star", "#": "pound"}
TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833"}

_NANP = re.compile(r"\b1-(\d{3})-(\d{3})-(\d{4})\b")
_KEY = re.compile(r"\b([Pp]ress|then|or)\s+([0-9*#])(?![0-9])")


def digits(text: str) -> str:
    """'375' -> 'three seven five'."""
    return " ".join(KEY_WORDS.get(character, character) for character in text)


def phone_number(area: str, exchange: str, line: str) -> str:
    # Toll-free prefixes are said as people say them: "eight hundred", "eight eight eight".
    said_area = "eight hundred" if area == "800" else digits(area)
    return f"one {said_area}, {digits(exchange)}, {digits(line)}"


def for_speech(text: str) -> str:
    text = _NANP.sub(lambda m: phone_number(m.group(1), m.group(2), m.group(3)), text)
    return _KEY.sub(lambda m: f"{m.group(1)} {KEY_WORDS[m.group(2)]}", text)
