"""The held call's stage of the ears: audio -> sound features and speech probabilities -> the tracker.

Audio in (16 kHz), cut into 64 ms blocks by the ears: each block's sound features and Silero's
speech probability (at the line's 8 kHz) go to `HoldTracker.push`; when the tracker asks for the
words of a stretch of speech, Whisper reads that stretch from the last seconds of audio the ears
keep, and the words go back with the time decoding took. Only the last seconds are kept, so an
hour costs what a minute does.

When nobody chose the queue's language, it is found from the queue's own first words (Whisper's
language identification on the multilingual model), and the stretches are read on in that language:
a Spanish queue heard by the English model reads as English nonsense, which no word cue can use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

import numpy as np

from ..speech.audio import Source, to_pcm16
from ..speech.ears import Block, Ears
from ..speech.recognizer import Recognizer, SpeechError
from ..speech.vad import SpeechDetecting
from ..waits import Outcome
from . import history
from .sound import BLOCK, features
from .tracker import HoldEvent, HoldTracker

KEEP_S = MAX_READ_S = 22.0  # audio kept for reading a stretch (a stretch is at most 20 s)
PRE_ROLL_S = 0.4  # read from a little before the stretch was found to start (the detector is late)

# Whisper's encoder sees at least this many frames (100 a second). A held call's stretches are read
# often and early, so a short window (its cost grows with its length) keeps the call-back quick.
READ_WINDOW = 800
# The whole stretch, read once at its end, gets the window the request engine uses: a short word
# ("Hello?") is read with more confidence in it (tiny.en: log-probability -1.27 -> -0.91).
FINAL_WINDOW = 1500
# The queue's language is told from a stretch of speech at least this long, once Whisper gives it
# this share of the probability it gives English and Spanish; up to this many stretches are tried.
LANGUAGE_MIN_S = 1.5
LANGUAGE_SURE = 0.8
LANGUAGE_TRIES = 4

Identify = Callable[[np.ndarray], tuple[str, float]]  # speech -> its language and that language's share
ReaderFor = Callable[[str], Recognizer]  # a language -> a recogniser reading a held call in it


class HoldEars:
    def __init__(self, recognizer: Recognizer, detector: SpeechDetecting, lang: str = "en", window: int = READ_WINDOW,
                 identify: Identify | None = None, reader_for: ReaderFor | None = None) -> None:
        """`lang`: the queue's language, or the first guess at it when `identify` and `reader_for`
        are given (then the queue's first words say which it is, and the reading follows)."""
        self.ears = Ears(recognizer, detector, block=BLOCK, keep_s=KEEP_S)
        self.window = window
        self.tracker = HoldTracker(lang)
        self.first = (recognizer, lang)
        self.identify = identify
        self.reader_for = reader_for
        self.language_known = identify is None or reader_for is None
        self._asked: set[tuple[float, bool]] = set()  # the stretches asked (their start), and whether whole
        self._tried: set[float] = set()  # those of them that had given words (LANGUAGE_TRIES counts these)

    def anew(self, detector: SpeechDetecting) -> HoldEars:
        """The same ears for another call, as they were before this one (a bench plays many calls)."""
        recognizer, lang = self.first
        return HoldEars(recognizer, detector, lang, self.window, self.identify, self.reader_for)

    @property
    def clock(self) -> float:
        return self.tracker.clock

    @property
    def recognizer(self) -> Recognizer:
        return self.ears.recognizer

    @property
    def outcome(self) -> Outcome:
        tracker = self.tracker
        return "person" if tracker.person_at is not None else "ended" if tracker.ended_at is not None else "stopped"

    def push(self, samples: np.ndarray) -> list[HoldEvent]:
        events: list[HoldEvent] = []
        for start in range(0, len(samples), BLOCK):  # a block at a time: a stretch is read from what the ears keep
            for sound in self.ears.push(samples[start:start + BLOCK]):
                if isinstance(sound, Block) and not self.tracker.done:
                    speech = float(np.max(sound.speech)) if len(sound.speech) else 0.0
                    events += self.tracker.push(features(sound.samples), speech)
                    asked = self.tracker.wants_words()
                    if asked is not None:
                        events += self._read(asked)
            if self.tracker.done:
                break
        return events

    def _read(self, asked: str) -> list[HoldEvent]:
        stretch = self.tracker.stretch if asked == "partial" else self.tracker.last
        assert stretch is not None
        ends = self.tracker.clock if stretch.end is None else min(self.tracker.clock, stretch.end + 0.3)
        starts = max(stretch.start - PRE_ROLL_S, ends - MAX_READ_S)
        # The language is asked of a stretch once it is long enough, and again of it whole. Only
        # speech the detector found: music (found by its level) is "English" to Whisper's language
        # identification, with confidence. Speech the first guess's model read as nothing is asked
        # too, whole (tiny.en often reads a Spanish recording through the phone as nothing at all),
        # but only another language settles it: a few notes of music in it would say English.
        whole = asked == "final"
        heard = bool(stretch.text)
        ask = not self.language_known and not stretch.by_level and stretch.seconds >= LANGUAGE_MIN_S \
            and (heard or whole) and (stretch.start, whole) not in self._asked
        found_in = self._find_language(stretch.start, whole, starts, ends, heard) if ask else 0.0
        text, took = self.ears.read(starts, ends, self.window if asked == "partial" else FINAL_WINDOW)
        return self.tracker.words(text, took + found_in)

    def _find_language(self, stretch: float, whole: bool, starts: float, ends: float, heard: bool) -> float:
        """Tell the queue's language from this stretch and read on in it; the seconds it took.
        `heard`: the stretch gave words in the first guess's language (else only another settles it)."""
        assert self.identify is not None and self.reader_for is not None
        began = time.perf_counter()
        self._asked.add((stretch, whole))
        if heard:
            self._tried.add(stretch)
        try:
            language, share = self.identify(self.ears.kept(starts, ends))
            if share >= LANGUAGE_SURE and (heard or language != self.tracker.lang):
                self.language_known = True
                if language != self.tracker.lang:
                    self.ears.recognizer = self.reader_for(language)
                    self.tracker.use_language(language)
        except SpeechError:  # no multilingual model to tell or read it: the first guess stays
            self.language_known = True
        if whole and len(self._tried) >= LANGUAGE_TRIES:
            self.language_known = True  # never sure: the first guess stays
        took = time.perf_counter() - began
        self.ears.busy += took
        return took

    def finish(self) -> list[HoldEvent]:
        return self.tracker.finish()


def open_hold_ears(model: str | None = None, lang: str = "en", find_language: bool = False) -> HoldEars:
    """Whisper (beam 1: a held call is read often, and only a few words matter) and Silero VAD at the
    line's 8 kHz. A queue in English is read by tiny.en (or `model`); one in another language (the
    Spanish branch's queue) by the multilingual model, or by `model` if that one is multilingual.
    `find_language`: nobody chose the queue's language; `lang` is a first guess, and the queue's
    first words decide (the multilingual model identifies them; loaded when first needed)."""
    from ..speech.engines import find_whisper, whisper
    from ..speech.vad import PhoneSpeechDetector
    from .words import phrases

    def reader_for(language: str) -> Recognizer:
        return whisper(find_whisper(model, language), phrases(language).prompt, language, beam_size=1)

    identifier: list[Recognizer] = []

    def identify(audio: np.ndarray) -> tuple[str, float]:
        if not identifier:  # the multilingual model (or `model`: an English-only one answers English)
            identifier.append(whisper(find_whisper(model, None), "", "en", beam_size=1))
        return identifier[0].detect_language(to_pcm16(audio))

    recognizer = reader_for(lang)
    if not find_language:
        return HoldEars(recognizer, PhoneSpeechDetector(), lang)
    return HoldEars(recognizer, PhoneSpeechDetector(), lang, identify=identify, reader_for=reader_for)


def follow_hold(source: Source, ears: HoldEars, emit: Callable[[HoldEvent], None], limit_s: float = 4 * 3600.0,
                stop: Callable[[], bool] | None = None, read_s: float = 0.256, started: datetime | None = None,
                route: str | None = None) -> list[HoldEvent]:
    """Listen until a person answers, the call ends, the audio ends, or `stop` says so. A live wait
    (`started`: when it began) joins the caller's hold history; a recording is not a wait of theirs."""
    events: list[HoldEvent] = []
    try:
        while ears.clock < limit_s and not ears.tracker.done and not (stop is not None and stop()):
            samples = source(read_s)
            if samples is None:
                break
            for event in ears.push(samples):
                events.append(event)
                emit(event)
        for event in ears.finish():
            events.append(event)
            emit(event)
    finally:
        if started is not None:
            history.record(started, timedelta(seconds=ears.tracker.person_at or ears.clock), ears.outcome, route)
    return events
