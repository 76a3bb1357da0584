"""The one adapter between a held call's audio and the tracker.

Audio in (16 kHz), cut into 64 ms blocks: each block's sound features and Silero's speech
probability go to `HoldTracker.push`; when the tracker asks for the words of a stretch of speech,
Whisper reads that stretch from the last seconds of audio kept here, and the words go back with
the time decoding took. Only the last KEEP_S seconds are kept, so an hour costs what a minute does.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from .sound import BLOCK, RATE, features
from .tracker import HoldEvent, HoldTracker

KEEP_S = MAX_READ_S = 22.0  # audio kept for reading a stretch (a stretch is at most 20 s)
PRE_ROLL_S = 0.4  # read from a little before the stretch was found to start (the detector is late)

# Whisper's encoder sees at least this many frames (100 a second). A held call's stretches are read
# often and early, so a short window (its cost grows with its length) keeps the call-back quick.
READ_WINDOW = 800
# The whole stretch, read once at its end, gets the window the request engine uses: a short word
# ("Hello?") is read with more confidence in it (tiny.en: log-probability -1.27 -> -0.91).
FINAL_WINDOW = 1500

Source = Callable[[float], "np.ndarray | None"]


class HoldEars:
    def __init__(self, recognizer: object, speech: Callable[[np.ndarray], np.ndarray], lang: str = "en",
                 window: int = READ_WINDOW) -> None:
        self.recognizer = recognizer
        self.window = window
        self.speech = speech  # samples -> a speech probability per 32 ms window (Silero, as a stream)
        self.tracker = HoldTracker(lang)
        self._kept: deque[np.ndarray] = deque(maxlen=int(KEEP_S * RATE / BLOCK))
        self._pending = np.zeros(0, dtype=np.float32)

    @property
    def clock(self) -> float:
        return self.tracker.clock

    def push(self, samples: np.ndarray) -> list[HoldEvent]:
        audio = np.concatenate([self._pending, samples.astype(np.float32, copy=False)])
        count = len(audio) // BLOCK
        self._pending = audio[count * BLOCK:]
        events: list[HoldEvent] = []
        for index in range(count):
            block = audio[index * BLOCK:(index + 1) * BLOCK]
            self._kept.append(block)
            probabilities = self.speech(block)
            speech = float(np.max(probabilities)) if len(probabilities) else 0.0
            events += self.tracker.push(features(block), speech)
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
        audio = self._audio(starts, ends)
        began = time.perf_counter()
        text = self._words(audio, self.window if asked == "partial" else FINAL_WINDOW)
        took = time.perf_counter() - began
        return self.tracker.words(text, took)

    def _words(self, audio: np.ndarray, window: int) -> str:
        """Whisper's reading, unless its own evidence says it is no speech, unsure, a loop or one of
        its known inventions. The speech detector was asked already (the stretch was found by it, or
        by a voiced sound out of quiet); it is not asked again at 16 kHz, which hears a phone weakly."""
        from ..speech.whisper_engine import refusal

        if len(audio) < RATE // 4:
            return ""
        reading = self.recognizer.readings(audio, 1, window)[0]  # type: ignore[attr-defined]
        speech_ms = int(len(audio) * 1000 / RATE)
        return "" if refusal(reading, speech_ms, self.recognizer.inventions) else reading.text  # type: ignore[attr-defined]

    def _audio(self, starts: float, ends: float) -> np.ndarray:
        if not self._kept:
            return np.zeros(0, dtype=np.float32)
        # Only the blocks the stretch covers are joined (a partial reading comes every 0.4 s).
        first = self.tracker.clock - len(self._kept) * BLOCK / RATE
        begin = max(0, int((starts - first) * RATE))
        end = max(begin, int((ends - first) * RATE))
        blocks = list(itertools.islice(self._kept, begin // BLOCK, -(-end // BLOCK)))
        if not blocks:
            return np.zeros(0, dtype=np.float32)
        offset = begin // BLOCK * BLOCK
        return np.concatenate(blocks)[begin - offset:end - offset]

    def finish(self) -> list[HoldEvent]:
        return self.tracker.finish()


def open_hold_ears(model: str | None = None, lang: str = "en") -> HoldEars:
    """Whisper (beam 1: a held call is read often, and only a few words matter) and Silero VAD at the
    line's 8 kHz. A queue in English is read by tiny.en (or `model`); one in another language (the
    Spanish branch's queue) by the multilingual model, or by `model` if that one is multilingual."""
    from ..speech import whisper_models
    from ..speech.engines import MULTILINGUAL
    from ..speech.vad import PhoneSpeechDetector
    from ..speech.whisper_engine import WhisperRecognizer
    from .words import phrases

    found = whisper_models.find(model) if model or lang == "en" else whisper_models.find_named(MULTILINGUAL)
    detector = PhoneSpeechDetector()
    recognizer = WhisperRecognizer(found, phrases(lang).prompt, beam_size=1, language=lang)
    return HoldEars(recognizer, detector.push, lang)


def follow_hold(source: Source, ears: HoldEars, emit: Callable[[HoldEvent], None], limit_s: float = 4 * 3600.0,
                stop: Callable[[], bool] | None = None, read_s: float = 0.256) -> list[HoldEvent]:
    """Listen until a person answers, the call ends, the audio ends, or `stop` says so."""
    events: list[HoldEvent] = []
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
    return events
