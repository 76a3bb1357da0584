"""One interface for every speech engine, and the decision of what was heard.

Whisper decodes 16 kHz mono 16-bit audio once, to a full transcript, and refuses what is not a
request itself. The grammar engines (PocketSphinx, Vosk) decode twice at most: against the menu
grammar, and (only when the grammar result does not hold up) with their open vocabulary. Grammar
decoding always returns *some* in-grammar phrase, even for noise or other words, so those engines
also give an explicit `cost` of snapping to that phrase; above `max_cost` it is refused.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ..dialogue import Assistant, Conversation, Reply
from ..language import detect as detect_text_language
from ..words import clean

SAMPLE_RATE = 16_000


class SpeechError(RuntimeError):
    """The engine or its model cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Heard:
    transcript: str  # the words to route; "" when nothing was understood
    engine: str
    # "transcript" (a full transcript the engine is sure of), "grammar" (a menu phrase that held
    # up), "open" (words the engine is less sure of: routed only on a clear match) or "none"
    source: str
    cost: float | None  # how far the audio was from what was kept (0 = the same)
    grammar_text: str = ""
    open_text: str = ""
    # The grammar phrase was refused, but its cost was close: worth acting on if the open-
    # vocabulary pass, heard independently, points at the same place.
    plausible: bool = False
    # Other readings the engine found nearly as likely (Whisper's beam), best first.
    alternatives: tuple[str, ...] = ()

    @property
    def understood(self) -> bool:
        return bool(self.transcript)


# Choosing between the decoder's close readings (bench/speech.py, tuning split): below this match
# confidence a reading is weak, and a close reading that matches this much better replaces it.
CLEAR_MATCH = 0.7
BETTER_BY = 0.2


def reply_to(heard: Heard, assistant: Assistant, now: datetime) -> Reply:
    """The core's decision on what an engine heard."""
    second_opinion = heard.grammar_text if heard.plausible and heard.source == "open" else ""
    reply = assistant.respond_spoken(heard.transcript, heard.source in ("grammar", "transcript"), now, second_opinion)
    if reply.status == "no_match" or reply.confidence < CLEAR_MATCH:
        # The best reading matches nothing, or only weakly: a close reading (judged with the
        # strict threshold for uncertain speech) that matches, or matches much better, is what
        # was said.
        for text in heard.alternatives:
            alternative = assistant.respond_spoken(text, False, now)
            if reply.status == "no_match" and alternative.status != "no_match":
                return alternative
            if alternative.target is not None and alternative.confidence >= reply.confidence + BETTER_BY:
                return alternative
    return reply


def turn_on(heard: Heard, conversation: Conversation, now: datetime) -> Reply:
    """A session's reply to what was heard: the answer to its open question, or a new request."""
    if conversation.pending and heard.transcript:
        return conversation.turn(heard.transcript, now)
    return conversation.remember(reply_to(heard, conversation.assistant, now))


class Recognizer(Protocol):
    name: str

    def recognize(self, pcm: bytes) -> Heard:
        """Decode one utterance of 16 kHz mono little-endian 16-bit PCM."""
        ...

    def partial(self, pcm: bytes) -> str:
        """Best guess so far for a growing utterance (for live display)."""
        ...


MIN_WORDS_FOR_LANGUAGE = 3  # fewer words than this: too little speech to tell the language apart


def hear_in_language(recognizer: Recognizer, pcm: bytes, prompt_for: Callable[[str], str], chosen: str | None,
                     current: str = "en") -> tuple[Heard, str]:
    """What was said, and in which language: the chosen one, or (auto) the one a multilingual
    engine identifies, transcribed in that language with that language's prompt. An engine that
    hears one language only answers in it. `current` is kept when the speech is too short to tell."""
    language = chosen or current
    detect = getattr(recognizer, "detect_language", None)
    use = getattr(recognizer, "use_language", None)
    if chosen is None and detect is not None and use is not None:
        language, share = detect(pcm)
        if share < SURE_LANGUAGE:
            return _likelier(recognizer, pcm, prompt_for, language)
    if use is not None:
        use(language, prompt_for(language))
    heard = recognizer.recognize(pcm)
    if chosen is None and detect is not None and use is not None and _misread(heard, language):
        # Sure of the language, yet no reading in it. (A reading that is the prompt said back is
        # not enough here: a caller who says "case status" says the prompt too.)
        return _likelier(recognizer, pcm, prompt_for, language)
    said = heard.transcript or heard.open_text  # what was heard, also when too unsure to act on
    if chosen is None and language != current and len(said.split()) < MIN_WORDS_FOR_LANGUAGE and use is not None:
        # A word or two ("Hola", "OK") says little about the language: stay with the conversation's,
        # unless its reading is none (the prompt said back, a loop, the other language's words).
        use(current, prompt_for(current))
        again = recognizer.recognize(pcm)
        if not _no_reading(again, current, prompt_for):
            return again, current
        use(language, prompt_for(language))
    return heard, language


def _no_reading(heard: Heard, language: str, prompt_for: Callable[[str], str]) -> bool:
    return _misread(heard, language) or _echoes(heard.transcript or heard.open_text, prompt_for(language))


class LanguageFinding:
    """A multilingual engine that finds the language of each utterance (--lang auto in the voice
    mode), keeping the conversation's language when the speech is too short to tell: a
    Recognizer like any other, whose `found_language` is that of the last utterance heard."""

    def __init__(self, recognizer: Recognizer, prompt_for: Callable[[str], str], language: str = "en") -> None:
        self.inner = recognizer
        self.name = recognizer.name
        self.prompt_for = prompt_for
        self.found_language = language
        # The voice mode decodes early on a worker thread: one utterance at a time, since finding
        # the language turns the engine from one language to the other.
        self._one_at_a_time = threading.Lock()

    def recognize(self, pcm: bytes) -> Heard:
        with self._one_at_a_time:
            heard, self.found_language = hear_in_language(self.inner, pcm, self.prompt_for, None, self.found_language)
        return heard

    def partial(self, pcm: bytes) -> str:
        return self.inner.partial(pcm)

    def use_language(self, language: str, prompt: str) -> None:
        """The caller chose the language ("en español, por favor"): it is the one expected now."""
        self.inner.use_language(language, prompt)  # type: ignore[attr-defined]
        self.found_language = language


# Whisper's share for one language at or above which the other is not tried. Below it, both are
# transcribed and compared: Whisper's language identification leans to English on accented
# Spanish (it called a sixth of espeak-ng's Spanish tuning requests English, with shares from 0.5
# to 0.9, and no English request Spanish), so English is kept only when its reading is likelier by
# ENGLISH_MARGIN (mean log-probability per token): English speech read as Spanish scores far worse
# (0.54 or more in the tuning set), Spanish read as English only a little. Tuned on bench/speech_es.py's
# tuning set and English tuning requests; the untuned split is reported beside it.
SURE_LANGUAGE = 0.95
ENGLISH_MARGIN = 0.4
# When Whisper's own identification leaned to Spanish, the two kinds of evidence disagree if the
# English reading is likelier: English then has to be clearly likelier (espeak-ng's Spanish read as
# English scored 0.41 to 0.66 better in the tuning set, "hay cambios nuevos en las leyes" read as "I
# can be your friend or friend or friend"; no English request was ever identified as Spanish).
SPANISH_LEAN_MARGIN = 0.7
UNREADABLE = 9.0  # the cost of a reading that is no reading (no words, the prompt said back, a loop)
# A reading of LOOP_MIN_WORDS words or more whose distinct words are fewer than LOOP_SHARE of them
# is the decoder repeating itself (Whisper's own guard is a compression ratio over 2.4).
LOOP_MIN_WORDS = 8
LOOP_SHARE = 0.4


def _likelier(recognizer: Recognizer, pcm: bytes, prompt_for: Callable[[str], str], first: str) -> tuple[Heard, str]:
    """Unsure of the language: transcribe in both, and keep the likelier reading, English only
    when clearly likelier (ENGLISH_MARGIN; SPANISH_LEAN_MARGIN when the identification said Spanish)."""
    readings: dict[str, Heard] = {}
    for code in (first, "es" if first == "en" else "en"):
        recognizer.use_language(code, prompt_for(code))  # type: ignore[attr-defined]
        readings[code] = recognizer.recognize(pcm)

    def cost(code: str) -> float:
        heard = readings[code]
        said = heard.transcript or heard.open_text
        if heard.cost is None or not said or _no_reading(heard, code, prompt_for):
            return UNREADABLE
        return heard.cost

    margin = SPANISH_LEAN_MARGIN if first == "es" else ENGLISH_MARGIN
    language = "en" if cost("en") < cost("es") - margin else "es"
    return readings[language], language


def _misread(heard: Heard, language: str) -> bool:
    """A reading that is no reading in `language`: the decoder caught in a loop ("soy-soy-soy...",
    "1, 2, 3, 4, 3, 4, ...": such loops score as very likely), or the words of the other language
    ("Nomenes casuri los documentos en la pared" read "in English")."""
    said = heard.transcript or heard.open_text
    tokens = re.findall(r"\w+", said.lower())
    looped = len(tokens) >= LOOP_MIN_WORDS and len(set(tokens)) < LOOP_SHARE * len(tokens)
    return looped or detect_text_language(said) == ("es" if language == "en" else "en")


def _echoes(transcript: str, prompt: str) -> bool:
    """A transcript that is only words of the prompt said again (Whisper repeating what it was
    told to expect, common when the speech is in another language)."""
    told = clean(prompt)
    parts = [clean(part) for part in re.split(r"[.,;!?]", transcript) if clean(part)]
    return bool(parts) and all(part in told for part in parts)  # "X, X" said back twice as well
