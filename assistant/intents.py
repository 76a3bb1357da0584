"""Plain words -> ranked intents with a confidence.

An intent is a menu node people can ask for (it has `phrases` in menus.yaml) or a question the
assistant answers itself (`answers:`). Each phrase becomes a set of word stems weighted by how
rare the stem is across intents; a request scores against a phrase by how much of the phrase
it covers and how much of the request the phrase explains. Word order does not matter, typos
are corrected against the menu's own words, and fillers are dropped before scoring.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .menu import Menus
from .words import Vocabulary, lexicon, stem, words


@dataclass(frozen=True)
class Intent:
    id: str  # node id, or "answer:<topic>"
    kind: str  # "route" or "answer"
    target: str  # node id or answer topic


@dataclass(frozen=True)
class Match:
    intent: Intent
    score: float  # 0..1
    phrase: str  # the phrase that matched best (for explanations and debugging)


@dataclass(frozen=True)
class _Phrase:
    text: str
    intent: int
    norm: float  # sum of squared weights


# A form's number as words() writes it ("i-130" -> "i130", "n 400" -> "n400", "i 601a").
_FORM_NUMBER = re.compile(r"[a-z]{1,2}\d{1,4}[a-z]?")

# How much an unknown word counts against a match, relative to an average known word: it makes
# a request less certain without drowning it ("I moved to Texas last week").
UNKNOWN_WEIGHT = 0.6
# A word that names something the line does not handle ("pizza", "taxes", "banco") counts against a
# match this many times as much as an average known word: "order a pizza delivered to my address"
# is about the pizza, however well "address" matches.
ELSEWHERE_WEIGHT = 1.5
# A request's words found anywhere in the intent's phrases: rescues requests that combine words
# from two phrases of the same intent.
BAG_SHARE = 0.5
# How much a light word (the lexicon's `light`) or a bare number counts next to a topic word.
LIGHT_FACTOR = 0.5
# A request that matched only light words and also holds unknown words.
LIGHT_ONLY_FACTOR = 0.5
# A word that was only recognised after correcting a typo is less certain evidence.
CORRECTED_TRUST = 0.7
# When the words alone are not sure (the best match below SURE_SCORE, or a runner-up within
# SURE_GAP), the sentence model's similarity (`meaning`) is blended in: MEANING_SHARE of the score,
# with a similarity of MEANING_FLOOR counting as nothing and MEANING_CEILING as a perfect match
# (e5's cosines crowd between 0.75 and 1). Tuned on the tuning request sets (bench/routing.py).
SURE_SCORE = 0.6
SURE_GAP = 0.1
MEANING_SHARE = 0.4
MEANING_FLOOR = 0.82
MEANING_CEILING = 0.95


def sure(ranked: list[Match]) -> bool:
    """Whether the words alone decide: a clear best match, well ahead of the next."""
    return bool(ranked) and ranked[0].score >= SURE_SCORE and (len(ranked) < 2 or ranked[0].score - ranked[1].score >= SURE_GAP)


class Matcher:
    def __init__(self, menus: Menus, language: str = "en") -> None:
        """A matcher for requests in one language, over the menu's words in that language."""
        sources: list[tuple[Intent, list[str]]] = []
        for node in menus.routable():
            said = node.words(language)
            texts = list(said.phrases) + [said.label] + ([said.say] if said.say else [])
            sources.append((Intent(node.id, "route", node.id), texts))
        for answer in menus.answers:
            sources.append((Intent(f"answer:{answer.topic}", "answer", answer.topic), list(answer.phrases_in(language))))
        self._learn(sources, language)

    @classmethod
    def of_texts(cls, sources: Sequence[tuple[Intent, Sequence[str]]], language: str = "en", correct_typos: bool = True) -> Matcher:
        """A matcher over any intents and the texts they are known by (a menu the line just read).
        `correct_typos`: off for a handful of texts, where "passport" would be "password"."""
        matcher = cls.__new__(cls)
        matcher._learn([(intent, list(texts)) for intent, texts in sources], language)
        matcher.correct_typos = correct_typos
        return matcher

    def _learn(self, sources: list[tuple[Intent, list[str]]], language: str) -> None:
        self.language = language
        self.correct_typos = True
        self.lex = lex = lexicon(language)
        self.intents = [intent for intent, _ in sources]
        # Every text an intent is known by, for a sentence model to compare requests with.
        self.texts = [(intent.id, text) for intent, texts in sources for text in texts]

        raw_words: set[str] = set(lex.stopwords) | set(lex.numbers)
        stems_of: list[list[set[str]]] = []
        df: dict[str, int] = {}
        for _, texts in sources:
            per_phrase = []
            seen: set[str] = set()
            for text in texts:
                tokens = [w for w in words(text, lex) if w not in lex.stopwords]
                raw_words.update(tokens)
                stems = {stem(w, lex) for w in tokens}
                per_phrase.append(stems)
                seen |= stems
            stems_of.append(per_phrase)
            for s in seen:
                df[s] = df.get(s, 0) + 1
        count = len(sources)
        self.light = light = frozenset(stem(w, lex) for w in lex.light)
        self.form_stem = stem(lex.form, lex) if lex.form else ""  # what a form number the menu does not name stands for
        # The lexicon's `only_beside` companions, as words and as stems, so a request is stemmed once against them.
        self.companions = {word: companions | {stem(c, lex) for c in companions} for word, companions in lex.only_beside.items()}
        self.weight = {
            s: math.log((count + 1) / (n + 0.5)) * (LIGHT_FACTOR if s in light or s.isdigit() else 1.0)
            for s, n in df.items()
        }
        mean = sum(self.weight.values()) / max(len(self.weight), 1)
        self.unknown_weight = UNKNOWN_WEIGHT * mean
        self.elsewhere_weight = ELSEWHERE_WEIGHT * mean
        self.vocabulary = Vocabulary(raw_words)
        self.known_stems = frozenset(self.weight)

        self.phrases: list[_Phrase] = []
        self.index: dict[str, list[tuple[int, float]]] = {}
        self.bags: list[dict[str, float]] = []
        for intent_no, ((_, texts), per_phrase) in enumerate(zip(sources, stems_of, strict=False)):
            bag: dict[str, float] = {}
            for text, stems in zip(texts, per_phrase, strict=False):
                if not stems:
                    continue
                phrase_no = len(self.phrases)
                squares = {s: self.weight[s] ** 2 for s in stems}
                self.phrases.append(_Phrase(text, intent_no, sum(squares.values())))
                for s, sq in squares.items():
                    self.index.setdefault(s, []).append((phrase_no, sq))
                    bag[s] = sq
            self.bags.append(bag)

    def understand(self, text: str) -> tuple[dict[str, float], float]:
        """The known stems of a request with their weights (a corrected typo counts for less),
        and the weight against it: its unknown words, and words of other topics."""
        stems: dict[str, float] = {}
        unknown = 0.0
        lex = self.lex
        said = words(text, lex)
        other = self._other_senses(said)
        for at, word in enumerate(said):
            if word in lex.stopwords:
                continue
            s = stem(word, lex)
            if self._elsewhere(word, s) or at in other:
                unknown += (self.elsewhere_weight / self.unknown_weight) ** 2
                continue
            trust = 1.0
            if s not in self.known_stems and self.form_stem and _FORM_NUMBER.fullmatch(word):
                # A form's number the menu does not name ("is there a new edition of the i-765"):
                # still evidence that the request is about a form, though less than the word itself.
                s, trust = self.form_stem, CORRECTED_TRUST
            if s not in self.known_stems:
                corrected = self.vocabulary.correct(word) if self.correct_typos else None
                if corrected is None or stem(corrected, lex) not in self.known_stems:
                    unknown += 1
                    continue
                s, trust = stem(corrected, lex), CORRECTED_TRUST
            stems[s] = max(stems.get(s, 0.0), trust)
        return stems, unknown

    def known_words(self, text: str) -> int:
        """How many of a request's words this matcher knows as they are (no typo corrected):
        the evidence of which language a short request is in."""
        lex = self.lex
        return sum(1 for word in words(text, lex) if word not in lex.stopwords and stem(word, lex) in self.known_stems)

    def names_elsewhere(self, text: str) -> bool:
        """The request names something the line does not handle (the lexicon's `elsewhere`)."""
        lex = self.lex
        said = words(text, lex)
        return bool(self._other_senses(said)) or any(self._elsewhere(word, stem(word, lex)) for word in said if word not in lex.stopwords)

    def names_the_line(self, text: str) -> bool:
        """The request says something only this line's callers say (the lexicon's `own`, or a
        form's number such as i130): a word of another topic beside it does not make it one."""
        lex = self.lex
        # Whole words, not stems: "casa" and "caso" share a stem, "mica" is a synonym of "tarjeta".
        return any(word in lex.own or _FORM_NUMBER.fullmatch(word) is not None for word in words(text, lex))

    def _other_senses(self, said: list[str]) -> set[int]:
        """Where the request's words are the line's words in another sense, so count as `elsewhere`:
        the lexicon's `only_beside` words with none of their companions ("renew my passport"), and
        its `other_things`, words that together name something else ("my address book")."""
        found: set[int] = set()
        for thing in self.lex.other_things:
            for start in range(len(said) - len(thing) + 1):
                if tuple(said[start:start + len(thing)]) == thing:
                    found.update(range(start, start + len(thing)))
        alone = [at for at, word in enumerate(said) if word in self.companions]
        if alone:
            present = set(said) | {stem(word, self.lex) for word in said}
            found.update(at for at in alone if not self.companions[said[at]] & present)
        return found

    def _elsewhere(self, word: str, stemmed: str) -> bool:
        return word in self.lex.elsewhere or stemmed in self.lex.elsewhere

    def blend(self, ranked: list[Match], meaning: Mapping[str, float], limit: int = 5) -> list[Match]:
        """The word scores (all of them: `rank(text, limit=len(self.intents))`) blended with the
        sentence model's similarity of the request to each intent."""
        words = {match.intent.id: match for match in ranked}
        blended = []
        for intent in self.intents:
            word = words.get(intent.id)
            near = (meaning.get(intent.id, 0.0) - MEANING_FLOOR) / (MEANING_CEILING - MEANING_FLOOR)
            score = (1 - MEANING_SHARE) * (word.score if word else 0.0) + MEANING_SHARE * min(1.0, max(0.0, near))
            if score > 0:
                blended.append(Match(intent, min(score, 1.0), word.phrase if word else ""))
        blended.sort(key=lambda m: (-m.score, m.intent.id))
        return blended[:limit]

    def rank(self, text: str, limit: int = 5) -> list[Match]:
        """Intents ordered by score, best first; an empty list when no word is known."""
        stems, unknown = self.understand(text)
        if not stems:
            return []
        total = sum((self.weight[s] * t) ** 2 for s, t in stems.items()) + unknown * self.unknown_weight**2
        shared: dict[int, float] = {}
        for s, trust in stems.items():
            for phrase_no, sq in self.index.get(s, ()):
                shared[phrase_no] = shared.get(phrase_no, 0.0) + sq * trust * trust
        best: dict[int, tuple[float, str]] = {}
        for phrase_no, inter in shared.items():
            phrase = self.phrases[phrase_no]
            score = math.sqrt((inter / phrase.norm) * (inter / total))
            if score > best.get(phrase.intent, (0.0, ""))[0]:
                best[phrase.intent] = (score, phrase.text)
        matches = []
        for intent_no, (score, phrase_text) in best.items():
            bag = self.bags[intent_no]
            in_bag = sum((self.weight[s] * t) ** 2 for s, t in stems.items() if s in bag) / total
            final = (1 - BAG_SHARE) * score + BAG_SHARE * in_bag * score ** 0.5
            if not any(s in bag and s not in self.light for s in stems):
                # Only words like "tell", "order" or "tomorrow" matched ("tell me a joke", or a
                # misheard "but if you want to like tomorrow"): no evidence of the topic itself.
                final *= LIGHT_ONLY_FACTOR
            matches.append(Match(self.intents[intent_no], min(final, 1.0), phrase_text))
        matches.sort(key=lambda m: (-m.score, m.intent.id))
        return matches[:limit]
