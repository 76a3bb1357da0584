"""The engines' one interface, and which language an utterance was spoken in.

Every engine (Whisper, Vosk, PocketSphinx) is a `Recognizer`: what the requests, the live line
and hold need of one, typed, so no engine is probed. Whisper decodes 16 kHz mono 16-bit audio once,
to a full transcript, and refuses what is not a request itself. The grammar engines decode
twice at most: against the menu grammar, and (only when the grammar result does not hold up)
with their open vocabulary; they give an explicit `cost` of snapping to a grammar phrase, and
above `max_cost` it is refused.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from .. import i18n
from ..heard import Heard
from ..language import detect as detect_text_language
from ..words import clean, tokens

if TYPE_CHECKING:
    import numpy as np


class SpeechError(RuntimeError):
    """The engine or its model cannot be used; the message says what to do."""


class ModelError(SpeechError):
    """A model is missing, partial or corrupt, or a download failed; the message says the fix."""


@dataclass(frozen=True)
class Reading:
    """One decoding of an utterance, with the decoder's own evidence about it."""

    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float


class Utterance(Protocol):
    """An utterance decoded as it is spoken (a streaming engine): feed() audio, then finish()."""

    def feed(self, pcm: bytes) -> None: ...
    def partial(self) -> str: ...
    def finish(self, fallback: bool = True) -> Heard: ...


class Recognizer(Protocol):
    name: str
    language: str  # what it transcribes now (en, es)
    multilingual: bool  # it can be turned to another language, and tell which one is spoken

    @property
    def prompt_text(self) -> str: ...  # the words it was told to expect ("" for an engine that takes none)

    # One utterance of 16 kHz mono 16-bit PCM: the best reading, and the close ones (`Heard.alternatives`).
    def recognize(self, pcm: bytes) -> Heard: ...
    # A finished utterance's reading, looked at once more now that no more audio will come (an
    # engine that finds the language may read it again in another); the reading itself for the others.
    def settle(self, pcm: bytes, heard: Heard) -> Heard: ...
    # Decoding as the audio arrives; None for an engine that decodes the whole utterance at its end.
    def begin(self) -> Utterance | None: ...
    # The words of audio already known to hold speech (a stretch of a call), the encoder seeing at
    # least `window` frames; "" when the decoder's own evidence refuses them.
    def read(self, audio: np.ndarray, window: int) -> str: ...
    # What the next audio is likely to say (the menu the line reads now).
    def expect(self, prompt: str) -> None: ...
    # Transcribe `language` from now on, expecting `prompt`'s words; SpeechError when it cannot.
    def use_language(self, language: str, prompt: str) -> None: ...
    # Which of `among` the speech is in, and its share of the probability (one-language engines: theirs, 1.0).
    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]: ...


def hear(recognizer: Recognizer, pcm: bytes) -> Heard:
    """The reading of a whole utterance (a file, a finished request)."""
    return recognizer.settle(pcm, recognizer.recognize(pcm))


MIN_WORDS_FOR_LANGUAGE = 3  # fewer words than this: too little speech to tell the language apart


def hear_in_language(recognizer: Recognizer, pcm: bytes, prompt_for: Callable[[str], str], chosen: str | None,
                     current: str = "en") -> tuple[Heard, str]:
    """What was said, and in which language: the chosen one, or (auto) the one a multilingual
    engine identifies, transcribed in that language with that language's prompt. An engine that
    hears one language only answers in it. `current` is kept when the speech is too short to tell."""
    language = chosen or current
    finds = chosen is None and recognizer.multilingual
    if finds:
        language, share = recognizer.detect_language(pcm)
        if share < SURE_LANGUAGE:
            return _likelier(recognizer, pcm, prompt_for, language)
    recognizer.use_language(language, prompt_for(language))
    heard = recognizer.recognize(pcm)
    if finds and _misread(heard, language):
        # Sure of the language, yet no reading in it. (A reading that is the prompt said back is
        # not enough here: a caller who says "case status" says the prompt too.)
        return _likelier(recognizer, pcm, prompt_for, language)
    said = heard.transcript or heard.open_text  # what was heard, also when too unsure to act on
    if chosen is None and language != current and len(said.split()) < MIN_WORDS_FOR_LANGUAGE:
        # A word or two ("Hola", "OK") says little about the language: stay with the conversation's,
        # unless its reading is none (the prompt said back, a loop, the other language's words).
        recognizer.use_language(current, prompt_for(current))
        again = recognizer.recognize(pcm)
        if not _no_reading(again, current, prompt_for):
            return again, current
        recognizer.use_language(language, prompt_for(language))
    return heard, language


def _no_reading(heard: Heard, language: str, prompt_for: Callable[[str], str]) -> bool:
    return _misread(heard, language) or _echoes(heard.transcript or heard.open_text, prompt_for(language))


class GrammarEngine:
    """What the grammar engines (PocketSphinx, Vosk) share: one language, a grammar of menus.yaml's
    phrases instead of a prompt, and the whole decoder for a stretch of a call."""

    name = "grammar"
    language = "en"  # the US-English models the assistant uses them with
    multilingual = False
    prompt_text = ""

    def recognize(self, pcm: bytes) -> Heard:
        raise NotImplementedError

    def begin(self) -> Utterance | None:
        return None

    def read(self, audio: np.ndarray, window: int) -> str:
        from .audio import to_pcm16

        return self.recognize(to_pcm16(audio)).transcript

    def expect(self, prompt: str) -> None:
        pass  # the grammar is what it expects

    def settle(self, pcm: bytes, heard: Heard) -> Heard:
        return heard

    def use_language(self, language: str, prompt: str) -> None:
        _ = i18n.gettext(language)
        if language != self.language:
            raise SpeechError(_("This speech engine hears English only; type your requests, or start again with --lang {language}.").format(
                language=language))

    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]:
        return self.language, 1.0


class LanguageFinding:
    """A multilingual engine that finds the language of each utterance (--lang auto in the voice
    mode), keeping the conversation's language when the speech is too short to tell: a
    Recognizer like any other, whose `language` is that of the last utterance heard."""

    def __init__(self, recognizer: Recognizer, prompt_for: Callable[[str], str], language: str = "en") -> None:
        self.inner = recognizer
        self.name = recognizer.name
        self.multilingual = recognizer.multilingual
        self.prompt_for = prompt_for
        self.language = language
        # The voice mode decodes early on a worker thread: one utterance at a time, since finding
        # the language turns the engine from one language to the other.
        self._one_at_a_time = threading.Lock()

    @property
    def prompt_text(self) -> str:
        return self.inner.prompt_text

    def recognize(self, pcm: bytes) -> Heard:
        with self._one_at_a_time:
            heard, self.language = hear_in_language(self.inner, pcm, self.prompt_for, None, self.language)
        return heard

    def settle(self, pcm: bytes, heard: Heard) -> Heard:
        return heard

    def begin(self) -> Utterance | None:
        return None

    def read(self, audio: np.ndarray, window: int) -> str:
        return self.inner.read(audio, window)

    def expect(self, prompt: str) -> None:
        self.inner.expect(prompt)

    def use_language(self, language: str, prompt: str) -> None:
        """The caller chose the language ("en español, por favor"): it is the one expected now."""
        self.inner.use_language(language, prompt)
        self.language = language

    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]:
        return self.inner.detect_language(pcm, among)


SPANISH_CUE = 0.5  # language_id's probability of Spanish from which Whisper base is asked
# From this probability the cue is trusted over tiny.en: base is asked even when tiny.en's English
# reading led somewhere (tiny.en reads Spanish as English nonsense that sometimes routes), and
# base's own call of English is overruled when its English reading leads nowhere. Tuned on the
# tuning voices: none of the 948 English tuning clips scored 0.9 or more; 11 of the 402 Spanish
# tuning clips stood in English, 9 of them at 0.9 or more.
SURE_SPANISH = 0.9


# tiny.en, hearing speech in a language it does not know, often says the same words over ("and we can't
# wait until we can't wait until we can't stop", "sorry sir, come on, come on, come on" for Spanish
# tuning requests, the cue at 0.86 and 0.49): a reading in which a run of REPEAT_WORDS words comes
# twice is doubted from a weaker lean to Spanish, REPEATING_CUE, whatever its route: Whisper base is
# asked which language it was. An English caller rarely repeats four words in one request.
REPEAT_WORDS = 4
REPEATING_CUE = 0.3


def _repeats(heard: Heard) -> bool:
    said = tokens(heard.transcript or heard.open_text)
    runs = [tuple(said[i:i + REPEAT_WORDS]) for i in range(len(said) - REPEAT_WORDS + 1)]
    return len(set(runs)) < len(runs)


def _english(stands: bool, cue: float, repeats: bool) -> bool:
    """tiny.en's reading is kept, with no second model: the sound is not Spanish enough to doubt it."""
    if repeats:
        return cue < REPEATING_CUE
    return cue < SPANISH_CUE or (stands and cue < SURE_SPANISH)


class EnglishFirst:
    """Nobody chose a language, on an English desktop: the small English-only model reads each
    utterance first, as fast and as light as ever; the multilingual model is opened only when that
    reading fails (words, however sure, that `makes_sense(reading, language)` finds no route or answer in) and
    the sound itself says Spanish (`spanish`, from the English model's own encoder).
    It then says which language was spoken: Spanish is read again in Spanish, and from then on the
    caller is heard by the multilingual model (`LanguageFinding`); English keeps the first reading.
    A Recognizer like any other, whose `language` is that of the last utterance heard."""

    name = "whisper"
    multilingual = True  # it finds the language, so the conversation follows it

    def __init__(self, english: Recognizer, open_multilingual: Callable[[], Recognizer], prompt_for: Callable[[str], str],
                 makes_sense: Callable[[Heard, str], bool], spanish: Callable[[bytes], float]) -> None:
        self.english = english
        self.spanish = spanish  # how likely the sound is Spanish (speech.language_id): cheap, no second model
        self._open_multilingual = open_multilingual
        self.prompt_for = prompt_for
        self.makes_sense = makes_sense
        self.language = "en"
        self.finding: LanguageFinding | None = None
        self.unavailable = ""  # why the multilingual model could not be opened (then English only)
        self.asked = 0  # utterances the multilingual model was asked about (for benchmarks)
        # The last reading given, tiny.en's own, whether it stands in English, and the cue on its audio
        # (a reading that sounds Spanish is given without its words, so nobody is shown English nonsense meanwhile).
        self._last: tuple[Heard, Heard, bool, float | None] | None = None
        self._one_at_a_time = threading.Lock()

    @property
    def prompt_text(self) -> str:
        return self.finding.prompt_text if self.language != "en" and self.finding is not None else self.english.prompt_text

    def recognize(self, pcm: bytes) -> Heard:
        """The reading of the caller's language so far: tiny.en's for an English (or not yet known)
        caller, the multilingual model's once a caller was found speaking Spanish. Early readings
        (at a pause) stop here: the multilingual model is asked only in `settle`, once the request
        has ended, never about half a request. A reading that fails in English from speech that
        sounds Spanish comes without its words, so nobody is shown English nonsense meanwhile."""
        with self._one_at_a_time:
            if self.language != "en" and self.finding is not None:
                heard = self.finding.recognize(pcm)
                self.language = self.finding.language
                return heard
            heard = self.english.recognize(pcm)
            # Asked when tiny.en read words, sure or not: it has just encoded this audio, so the cue
            # costs nothing more.
            cue = self.spanish(pcm) if heard.transcript or heard.open_text else None
            stands = cue is not None and self._stands(heard, cue)
            given = heard if cue is None or _english(stands, cue, _repeats(heard)) else replace(heard, transcript="", alternatives=())
            self._last = (given, heard, stands, cue)
            return given

    def settle(self, pcm: bytes, heard: Heard) -> Heard:
        with self._one_at_a_time:
            if self.language != "en":
                return heard
            last, self._last = self._last, None
            english, stands, early = last[1:] if last is not None and last[0] is heard else (heard, False, None)
            if not (english.transcript or english.open_text):
                return english  # too little speech to read: the multilingual model would find no more
            # The cue on the reading's own audio (at the last pause: all of the speech, and no more
            # than 160 ms of quiet after it) costs nothing more. On the tuning clips it said Spanish
            # for 401 of 402 Spanish ones (the whole request: 400) and for 4 of 474 English ones (the
            # whole request: 0), so it is asked again of the whole request only when, on its word, a
            # second model would be opened; asking it again every time took the encoder 100 to 140 ms
            # after the timer on each English request tiny.en could not make sense of.
            repeats = _repeats(english)
            cue = early if early is not None and _english(stands, early, repeats) else self.spanish(pcm)
            if early is None:  # not read at a pause: whether it leads somewhere is judged now
                stands = self._stands(english, cue)
            if _english(stands, cue, repeats):
                return english  # English, or a misheard English caller: no second model for them (its memory, its time)
            finder = self._finder()
            if finder is None:
                return english
            self.asked += 1
            again = finder.recognize(pcm)  # it identifies the language, then reads in it
            if finder.language == "en":
                if stands:
                    return english  # tiny.en's reading led somewhere, and base agrees it is English
                english_sense = self.makes_sense(again, "en")
                if english_sense and cue < SURE_SPANISH:
                    return again  # English after all: an English caller tiny.en misheard
                # Base called it English and read nonsense (short or noisy Spanish: "change of
                # election." for "cambio de dirección" through the phone band), or read English that
                # leads somewhere from a sound surely Spanish ("FOIA information." for "otra
                # información", the cue at 0.99; no English tuning clip ever scored SURE_SPANISH). Its
                # Spanish reading is the likelier one when it leads somewhere (English speech read as
                # Spanish does not), or when the sound is surely Spanish and the English led nowhere.
                finder.use_language("es", self.prompt_for("es"))
                spanish = finder.inner.recognize(pcm)
                if not self.makes_sense(spanish, "es") and (english_sense or cue < SURE_SPANISH):
                    finder.use_language("en", self.prompt_for("en"))
                    return again if again.transcript else english
                again = spanish
            self.language = finder.language
            return again

    def _stands(self, heard: Heard, cue: float) -> bool:
        """An English reading that needs no second opinion: one that leads somewhere. A sure one
        that leads nowhere is doubted too: tiny.en reads Spanish as confident English nonsense
        ("Thank you all, thank you all." for "otra información", with the cue at 0.79).
        Judged only for a sound that leans Spanish: below SPANISH_CUE the reading is kept whatever
        it means (`_english`), so the route check is not run at every pause of an English caller."""
        return cue >= SPANISH_CUE and heard.source in ("transcript", "open") and self.makes_sense(heard, "en")

    def _finder(self) -> LanguageFinding | None:
        if self.finding is None and not self.unavailable:
            try:
                self.finding = LanguageFinding(self._open_multilingual(), self.prompt_for, "en")
            except SpeechError as error:  # no multilingual model here: English only, as before
                self.unavailable = str(error)
        return self.finding

    def begin(self) -> Utterance | None:
        return None

    def read(self, audio: np.ndarray, window: int) -> str:
        return self.english.read(audio, window)

    def expect(self, prompt: str) -> None:
        self.english.expect(prompt)

    def use_language(self, language: str, prompt: str) -> None:
        """The caller chose the language ("en español, por favor")."""
        if language == "en":
            self.english.use_language(language, prompt)
            self.language = language
            return
        finder = self._finder()
        if finder is None:
            raise SpeechError(self.unavailable)
        finder.use_language(language, prompt)
        self.language = language

    def detect_language(self, pcm: bytes, among: tuple[str, ...] = ("en", "es")) -> tuple[str, float]:
        finder = self._finder()
        return finder.detect_language(pcm, among) if finder is not None else ("en", 1.0)


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
        recognizer.use_language(code, prompt_for(code))
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
    words = tokens(said)
    looped = len(words) >= LOOP_MIN_WORDS and len(set(words)) < LOOP_SHARE * len(words)
    return looped or detect_text_language(said) == ("es" if language == "en" else "en")


def _echoes(transcript: str, prompt: str) -> bool:
    """A transcript that is only words of the prompt said again (Whisper repeating what it was
    told to expect, common when the speech is in another language)."""
    told = clean(prompt)
    parts = [clean(part) for part in re.split(r"[.,;!?]", transcript) if clean(part)]
    return bool(parts) and all(part in told for part in parts)  # "X, X" said back twice as well
