"""From what a person typed or said, or a line or an engine said, to comparable words and stems.

`tokens` is the one normaliser: every part of the assistant that reads text (the matcher, the
line's parser, hold, the engines' checks) reads it through it. Spoken-style input has no
punctuation, fillers ("um, I think I need to"), contractions, numbers as words and typos. The
words of each language (numbers, the names of phone keys, stop words, synonyms) are data, one
lexicon per language (lexicon/<code>.yaml). Everything here is a pure function; `Vocabulary`
corrects typos against the words the menus actually use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .storage import read_yaml


@dataclass(frozen=True)
class Lexicon:
    """What the matcher knows about one language's words (assistant/lexicon/<code>.yaml)."""

    language: str
    stopwords: frozenset[str]  # carry no meaning for routing
    light: frozenset[str]  # say little about the topic on their own: count half
    numbers: dict[str, str]  # number words -> digits
    irregular: dict[str, str]  # whole words read as another before stemming
    synonyms: dict[str, str]  # stem -> the stem it stands for
    elsewhere: frozenset[str] = frozenset()  # name things the line does not handle (pizza, taxes): count against a match
    greetings: tuple[tuple[str, ...], ...] = ()  # "good morning", "buenas tardes": say nothing of the need, dropped
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a phone key -> its spoken names, the usual one first
    amounts: dict[str, float] = field(default_factory=dict)  # "an" hour, "media" hora: a number only before a unit
    whole: frozenset[str] = frozenset()  # left as they are by the stemmer ("sábado" is not "saber", "posted" is not "post")
    own: frozenset[str] = frozenset()  # words only this line's callers use (visa, asylum): vouch for a request that names elsewhere
    form: str = ""  # the word a form's number stands for when the line does not know that number ("i-912" is a form)
    # A word of the line in one sense only, beside one of its companions; alone it is another office's
    # business ("renew my passport" is the State Department's, "a stamp in my passport" the line's).
    only_beside: dict[str, frozenset[str]] = field(default_factory=dict)
    # Words of the line that together name something else ("address book", "phone case").
    other_things: tuple[tuple[str, ...], ...] = ()

    def key_name(self, key: str) -> str:
        """How a key is named to a person: "1", "star", "pound" ("asterisco", "numeral")."""
        return key if key.isdigit() else self.keys.get(key, (key,))[0]


def fold(text: str) -> str:
    """Without accents or tildes ("dirección" -> "direccion", "año" -> "ano"): how people often type Spanish."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


LEXICONS = Path(__file__).with_name("lexicon")


@cache
def lexicon(language: str = "en") -> Lexicon:
    path = LEXICONS / f"{language}.yaml"
    data = read_yaml(path)
    # Requests in other languages than English are read without accents: so are the lexicon's
    # words, however they are written there ("españa" is found as "espana").
    plain = (lambda text: text) if language == "en" else fold

    def listed(key: str) -> frozenset[str]:
        return frozenset(plain(word) for word in str(data.get(key) or "").split())

    def mapped(key: str) -> dict[str, str]:
        return {plain(str(k)): str(v) for k, v in data[key].items()}

    greetings = tuple(sorted((tuple(plain(str(phrase).lower()).split()) for phrase in data.get("greetings") or ()), key=len, reverse=True))
    keys = {str(key): tuple(str(name) for name in names) for key, names in (data.get("keys") or {}).items()}
    amounts = {str(word): float(value) for word, value in (data.get("amounts") or {}).items()}
    only_beside = {plain(str(word)): frozenset(plain(str(companions)).split())
                   for word, companions in (data.get("only_beside") or {}).items()}
    other_things = tuple(tuple(plain(str(thing).lower()).split()) for thing in data.get("other_things") or ())
    return Lexicon(language, listed("stopwords"), listed("light"), mapped("numbers"), mapped("irregular"), mapped("synonyms"),
                   listed("elsewhere"), greetings, keys, amounts, listed("whole"), listed("own"), plain(str(data.get("form") or "")),
                   only_beside, other_things)


ENGLISH = lexicon("en")
STOPWORDS = ENGLISH.stopwords
LIGHT_WORDS = ENGLISH.light
NUMBER_WORDS = ENGLISH.numbers
IRREGULAR = ENGLISH.irregular
_TENS = {"20", "30", "40", "50", "60", "70", "80", "90"}


_CONTRACTIONS = [
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"'(ve|ll|re|d|s)\b"), ""),
]
_INITIALS = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # "U.S.", "p.m."
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[*#]|[.,;:?!]")
MARKS = frozenset(".,;:?!")  # "," a pause; the others end a sentence ("?" a question)
_LETTERS = re.compile(r"[a-zñáéíóúü]")


def tokens(text: str, marks: bool = False) -> list[str]:
    """The one normaliser: the words of a text as the assistant reads them. Unicode's compatibility
    form, lower case, one apostrophe ('), initials as one word ("U.S." is "us"); then the words
    (letters and digits together: "h1b"; an apostrophe inside a word kept: "can't"), the keys * and
    #, and, with `marks`, the punctuation that marks a pause (",") or a sentence's end (". ; : ? !")."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    found = _TOKEN.findall(_INITIALS.sub(lambda initials: initials.group(0).replace(".", ""), text))
    return found if marks else [token for token in found if token not in MARKS]


def clean(text: str) -> str:
    """The words, one space apart, contractions said in full ("can't" -> "can not")."""
    said = []
    for token in tokens(text):
        for pattern, replacement in _CONTRACTIONS:
            token = pattern.sub(replacement, token)
        said.append(token.replace("'", " "))
    return " ".join(" ".join(said).split())


def plain(text: str) -> str:
    """The words, and without accents: how two wordings are compared ("dirección" is "direccion")."""
    return fold(clean(text))


def has_letters(text: str) -> bool:
    """True when the text holds at least one Latin letter (English or Spanish)."""
    return bool(_LETTERS.search(unicodedata.normalize("NFKC", text).lower()))


def words(text: str, lex: Lexicon = ENGLISH) -> list[str]:
    """Cleaned words, with numbers said as words turned into digits: "four eighty five" -> 485,
    "i dash six oh one a" -> i601a (the form I-601A), "u s" -> us. Other languages than English
    are read without accents."""
    numbers = lex.numbers
    out: list[str] = []
    run: list[str] = []  # digit groups of the number being said: "four eighty five" -> 4, 85
    tens_open = False  # the last group is a tens word waiting for its unit ("eighty" ... "five")

    def flush() -> None:
        nonlocal tens_open
        if run:
            out.append("".join(run))
            run.clear()
        tens_open = False

    for word in _cleaned(text, lex).split():
        digit = numbers.get(word)
        if word == "oh" and run:
            digit = "0"  # "six oh one": only a zero inside a number
        if word in ("dash", "hyphen") and not run and out and out[-1] in ("i", "n", "g", "h"):
            continue  # "i dash ninety" is the form I-90
        if digit is None or not digit.isdigit():
            flush()
            out.append(digit or word)
        elif tens_open and len(digit) == 1 and digit != "0":
            run[-1] = str(int(run[-1]) + int(digit))  # "eighty five" -> 85
            tens_open = False
        else:
            run.append(digit)
            tens_open = digit in _TENS
    flush()
    merged: list[str] = []
    for word in out:
        last = merged[-1] if merged else ""
        if word == "usa" or (word == "s" and last == "u"):
            if word == "s":
                merged.pop()
            merged.append("us")
        elif last in ("i", "n", "g", "h") and word[:1].isdigit():
            merged[-1] = last + word  # i485, n400, g28, h1b
        elif len(word) == 1 and word.isalpha() and re.fullmatch(r"[ingh][0-9]+", last):
            merged[-1] = last + word  # i601 a -> i601a
        else:
            merged.append(word)
    return _without_greetings(merged, lex.greetings) if lex.greetings else merged


def _cleaned(text: str, lex: Lexicon) -> str:
    return clean(text) if lex.language == "en" else plain(text)  # other languages: read without accents


def greeting_only(text: str, lex: Lexicon = ENGLISH) -> bool:
    """A greeting or thanks and nothing else ("buenas tardes", "hi there", "thank you")."""
    said = _cleaned(text, lex).split()
    return bool(said) and len(_without_greetings(said, lex.greetings)) < len(said) \
        and all(word in lex.stopwords for word in words(text, lex))


def _without_greetings(tokens: list[str], greetings: tuple[tuple[str, ...], ...]) -> list[str]:
    """The words without the greetings in them ("buenas tardes" is not a case running late)."""
    kept: list[str] = []
    at = 0
    while at < len(tokens):
        found = next((g for g in greetings if tuple(tokens[at:at + len(g)]) == g), None)
        if found:
            at += len(found)
        else:
            kept.append(tokens[at])
            at += 1
    return kept


SYNONYMS = ENGLISH.synonyms


def stem(word: str, lex: Lexicon = ENGLISH) -> str:
    """English: a small, predictable suffix stripper (moved/moving/move -> mov; addresses ->
    address); other languages: their Snowball stemmer. Then synonyms folded together
    (relocated -> mov)."""
    if lex.language != "en":
        return _snowball_stem(word, lex)
    word = IRREGULAR.get(word, word)
    if len(word) <= 3 or not word.isalpha() or word in lex.whole:
        return SYNONYMS.get(word, word)
    for suffix, replacement in (("ization", "iz"), ("isation", "iz"), ("ize", "iz"), ("ise", "is")):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            word = word[: -len(suffix)] + replacement
            return SYNONYMS.get(word, word)
    stemmed = _strip(word)
    return SYNONYMS.get(stemmed, stemmed)


def _strip(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif (word.endswith("ed") and len(word) > 4) or (word.endswith("es") and len(word) > 4 and word[-3] in "sxz"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # stopped -> stopp -> stop
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _snowball_stem(word: str, lex: Lexicon) -> str:
    word = lex.irregular.get(word, word)
    if len(word) <= 2 or not word.isalpha() or word in lex.whole:
        return lex.synonyms.get(word, word)
    stemmed = fold(_stemmer(lex.language).stemWord(word))
    return lex.synonyms.get(stemmed, stemmed)


@cache
def _stemmer(language: str) -> Any:
    import snowballstemmer  # only when a language other than English is read

    names = {"es": "spanish"}
    return snowballstemmer.stemmer(names[language])


class Vocabulary:
    """Known words, and the nearest known word for a typo (SymSpell-style delete index)."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = frozenset(known)
        self._deletes: dict[str, set[str]] | None = None  # built on first typo, not at start
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The known word closest to `word`, or None when nothing is close enough."""
        if word in self.known:
            return word
        if word in self._cache:
            return self._cache[word]
        best = self._nearest(word)
        if len(self._cache) < 10_000:
            self._cache[word] = best
        return best

    def _nearest(self, word: str) -> str | None:
        # Short words are too often other real words (cook/book, rice/price): leave them alone.
        if len(word) < 5 or not word.isalpha():
            return None
        limit = 1 if len(word) < 8 else 2
        if self._deletes is None:
            self._deletes = {}
            for known in self.known:
                if known.isalpha() and len(known) >= 3:
                    for variant in _deletions(known, 2 if len(known) >= 6 else 1):
                        self._deletes.setdefault(variant, set()).add(known)
        candidates: set[str] = set()
        for variant in _deletions(word, limit):
            candidates |= self._deletes.get(variant, set())
        scored = [(distance(word, known), known) for known in candidates]
        scored = [(d, known) for d, known in scored if d <= limit]
        if not scored:
            return None
        scored.sort(key=lambda item: (item[0], -_common_prefix(word, item[1]), item[1]))
        return scored[0][1]


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance: edits with adjacent swaps counted as one."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
