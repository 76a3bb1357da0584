"""Text as it should sound: phone numbers and keys read the way a caller needs to hear them.

"Dial 1-800-375-5283. Press 1, then star." is spoken as "Dial one eight hundred, three seven
five, five two eight three. Press one, then star."; in Spanish "Marque uno ochocientos, tres
siete cinco, ... Oprima dos, luego tres." The words are data: the names of digits and keys are the
language's lexicon's (lexicon/<code>.yaml), how numbers are read aloud is in spoken.yaml. Pure
text in, text out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .storage import read_yaml
from .words import lexicon

WORDS = Path(__file__).with_name("spoken.yaml")
_NANP = re.compile(r"\b1-(\d{3})-(\d{3})-(\d{4})\b")


@dataclass(frozen=True)
class Spoken:
    """How one language reads digits and keys aloud."""

    digits: tuple[str, ...]
    keys: dict[str, str]
    toll_free: dict[str, str]
    key_lead: re.Pattern[str]
    the_number: str

    def key(self, key: str) -> str:
        return self.keys.get(key) or (self.digits[int(key)] if key.isdigit() else key)

    def digit_words(self, text: str) -> str:
        """'375' -> 'three seven five'."""
        return " ".join(self.key(character) for character in text)


@cache
def words(language: str = "en") -> Spoken:
    data = read_yaml(WORDS)
    code = language if language in data else "en"
    given, named = data[code], lexicon(code)
    leads = "|".join(re.escape(word) for word in given["key_leads"])
    return Spoken(tuple(named.keys[str(digit)][0] for digit in range(10)), {key: named.key_name(key) for key in "*#"},
                  {str(k): v for k, v in given["toll_free"].items()}, re.compile(rf"\b({leads})\s+([0-9*#])(?![0-9])"),
                  given["the_number"])


def phone_number(area: str, exchange: str, line: str, language: str = "en") -> str:
    said = words(language)
    # Toll-free prefixes are said as people say them: "eight hundred", "ochocientos".
    said_area = said.toll_free.get(area) or said.digit_words(area)
    return f"{said.key('1')} {said_area}, {said.digit_words(exchange)}, {said.digit_words(line)}"


def for_speech(text: str, language: str = "en") -> str:
    said = words(language)
    text = _NANP.sub(lambda m: phone_number(m.group(1), m.group(2), m.group(3), language), text)
    return said.key_lead.sub(lambda m: f"{m.group(1)} {said.key(m.group(2))}", text)
